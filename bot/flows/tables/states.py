"""The states of /newtable and /minutes."""

from aiogram.fsm.state import State, StatesGroup


class TableFlow(StatesGroup):
    team = State()
    when = State()
    when_confirm = State()
    place = State()
    agenda = State()
    capacity = State()
    recurrence = State()
    reminders = State()
    summary = State()
    change_reminders = State()  # /tables ⏰: the new hours before, for one table
    edit_place = State()  # /tables 📝: a new place, agenda or places, for one table
    edit_agenda = State()
    edit_capacity = State()


class MinutesFlow(StatesGroup):
    table = State()
    attendance = State()
    decisions = State()
    notes = State()
    summary = State()
