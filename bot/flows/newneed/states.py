"""The states of a need being written (posted, proposed, approved, edited) and managed."""

from aiogram.fsm.state import State, StatesGroup


class NeedFlow(StatesGroup):
    """One state per question; which questions are asked, and what happens after the last,
    is in the state data (``mode`` and ``queue``, see ``logic``)."""

    team = State()
    title = State()
    description = State()
    category = State()
    unit = State()
    skill = State()
    free_unit = State()
    quantity = State()
    urgency = State()
    deadline = State()
    beneficiary = State()
    territory = State()
    territory_pick = State()
    summary = State()


class Manage(StatesGroup):
    """/myneeds and /proposals: a typed reason for closing a need or declining a proposal."""

    close_reason = State()
    decline_reason = State()


#: The states of a step by its name in ``logic.STEPS``.
STEP_STATES = {
    "title": NeedFlow.title, "description": NeedFlow.description,
    "category": NeedFlow.category, "unit": NeedFlow.unit, "skill": NeedFlow.skill,
    "free_unit": NeedFlow.free_unit, "quantity": NeedFlow.quantity,
    "urgency": NeedFlow.urgency, "deadline": NeedFlow.deadline,
    "beneficiary": NeedFlow.beneficiary, "territory": NeedFlow.territory,
}
