"""The states of the needs family: a quantity being pledged or delivered, a need being written
(posted, proposed, approved, edited, reopened), and the reasons typed in /myneeds and
/proposals."""

from aiogram.fsm.state import State, StatesGroup


class NeedsFlow(StatesGroup):
    """The pledge screen and the designer's deliveries (``pledging``)."""

    pledge_quantity = State()    # data: need_id — a typed quantity pledges to that need
    delivery_quantity = State()  # data: pledge_id — a typed quantity is what arrived
    reduce_quantity = State()    # data: pledge_id — a typed quantity is what the pledge keeps


class NeedFlow(StatesGroup):
    """One state per question (``newneed``); which questions are asked, and what happens after
    the last, is in the state data (``mode`` and ``queue``, see ``newneed.logic``)."""

    team = State()
    title = State()
    description = State()
    category = State()
    unit = State()
    skill = State()
    link = State()
    organisation = State()
    propose_kind = State()  # /propose by a non-profit's member: which kind of proposal
    free_unit = State()
    quantity = State()
    unit_value = State()
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


#: The states of a step by its name in ``newneed.logic.STEPS``.
STEP_STATES = {
    "title": NeedFlow.title, "description": NeedFlow.description,
    "category": NeedFlow.category, "unit": NeedFlow.unit, "skill": NeedFlow.skill,
    "link": NeedFlow.link, "organisation": NeedFlow.organisation,
    "free_unit": NeedFlow.free_unit, "quantity": NeedFlow.quantity,
    "unit_value": NeedFlow.unit_value,
    "urgency": NeedFlow.urgency, "deadline": NeedFlow.deadline,
    "beneficiary": NeedFlow.beneficiary, "territory": NeedFlow.territory,
}
