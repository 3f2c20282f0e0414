"""Use cases on top of storage, shared by handlers, flows, the CLI and the scheduler.

They take a unit of work, a clock's `now` and plain values, never Telegram objects, and never
commit; they give back views (plain dataclasses, which the ui texts format). They are the only
code that changes rows: handlers and flows parse, call a service and reply.
"""
