"""The one state of /statement that reads typed text: the period being typed (the company
it is for is in the state's data, as JSON)."""

from aiogram.fsm.state import State, StatesGroup


class StatementFlow(StatesGroup):
    typing_period = State()
