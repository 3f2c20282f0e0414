from aiogram.fsm.state import State, StatesGroup


class Onboarding(StatesGroup):
    language = State()
    consent = State()
    actor = State()
    organisation = State()
    organisation_pick = State()  # which known organisation the typed name is
    territory = State()
    territory_pick = State()
    skills = State()
    availability = State()
    team = State()
