"""Callback data of every button, one module per capability (`callbacks/<cap>.py`, beside
`texts/<cap>.py` and `keyboards/<cap>.py`). Anyone can forge these: handlers validate each
field on the server.

Import rule: the classes by name from the capability's module
(`from bot.ui.callbacks.team import JoinCb`); this `__init__` re-exports nothing. A prefix is
part of every button already sent: never change one.
"""
