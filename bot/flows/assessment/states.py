"""The state of /assessment: a statement is on screen (typed text is answered, not lost). The
run itself lives in the database; the state only says that buttons are expected."""

from aiogram.fsm.state import State, StatesGroup


class AssessmentFlow(StatesGroup):
    answering = State()
