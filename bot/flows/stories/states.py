"""The states of /share and of a designer's review of a story."""

from aiogram.fsm.state import State, StatesGroup


class ShareFlow(StatesGroup):
    team = State()
    title = State()
    done = State()
    worked = State()
    photo = State()
    link = State()
    category = State()
    origin = State()
    preview = State()


class ReviewFlow(StatesGroup):
    field_text = State()      # data: story_id, field — the typed text replaces it
    decline_reason = State()  # data: story_id — the typed reason declines it
