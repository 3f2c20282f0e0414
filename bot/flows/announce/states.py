"""The states of /announce."""

from aiogram.fsm.state import State, StatesGroup


class AnnounceFlow(StatesGroup):
    team = State()
    text = State()
    audience = State()
    when = State()
    when_confirm = State()
    preview = State()
