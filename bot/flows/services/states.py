from aiogram.fsm.state import State, StatesGroup


class ServiceFlow(StatesGroup):
    """One state per question; the answers so far are in the state data."""

    name = State()
    category = State()
    what = State()
    when = State()
    reach = State()
    decline_reason = State()  # data: service_id — a designer's typed reason
