"""Inline keyboards, one module per capability (`keyboards/<cap>.py`, beside `texts/<cap>.py`
and `callbacks/<cap>.py`). Labels come from the texts; data from the callbacks.

Import rule: the capability's module under its name —
`from bot.ui.keyboards import team as team_keyboards`, then `team_keyboards.team_offer(...)`;
this `__init__` re-exports nothing.
"""
