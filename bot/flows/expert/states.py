"""The states of /slots (the rest of the expert hour is buttons, checked on the server)."""

from aiogram.fsm.state import State, StatesGroup


class SlotsFlow(StatesGroup):
    when = State()  # the day and time of a new hour, typed in Rome time
    meeting_place = State()  # the place of the expert's hours, typed
    meeting_link = State()   # the video link of the expert's hours, typed
