"""Helpers that test modules of more than one folder use, each defined once (a folder's own
fixtures and helpers stay in its conftest.py; the World and open_world are in tests/world.py):

- rows: rows written directly and found again (teams, members, needs, pledges, assessments);
- outbox: what the bot queued or scheduled, read back, and the sender and scheduler run on it;
- needs: needs posted through the service and their pledges, for the needs conversations;
- webhook: webhook workers over real HTTP in front of the local Bot API server;
- indexes: which filters of a schema no index serves."""
