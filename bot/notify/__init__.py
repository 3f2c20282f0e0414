"""Notifiers: the only places that turn what happened (a capability's events, its timed
notices and sweeps) into outbox rows, in each recipient's language. One module per
capability; `bot.capabilities` wires each into the unit of work."""
