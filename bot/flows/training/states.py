"""The state of /training: its buttons are on screen (typed text gets told to use them)."""

from aiogram.fsm.state import State, StatesGroup


class TrainingFlow(StatesGroup):
    browsing = State()
