from aiogram.fsm.state import State, StatesGroup


class OrganisationEdit(StatesGroup):
    description = State()
    website = State()
