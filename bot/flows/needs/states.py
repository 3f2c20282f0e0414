from aiogram.fsm.state import State, StatesGroup


class NeedsFlow(StatesGroup):
    pledge_quantity = State()    # data: need_id — a typed quantity pledges to that need
    delivery_quantity = State()  # data: pledge_id — a typed quantity is what arrived
