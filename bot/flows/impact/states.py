"""The one state of /report and /overview that reads typed text: the period being typed (the
scope and command it is for are in the state's data, as JSON)."""

from aiogram.fsm.state import State, StatesGroup


class ImpactFlow(StatesGroup):
    typing_period = State()
