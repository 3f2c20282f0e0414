"""Territorial tables: a team's meetings — creating, moving and cancelling them (designers),
answering them (members), their reminders, /tables and the minutes.

Every use case checks the role again (buttons can be forged) and raises ``NotAllowed`` or
``TableProblem(code)``; none speaks to people: they return views, and record what happened as
events (``events``) that the tables notifier words in each person's language.

One module per side of a table: ``designing`` (set, move, cancel, reminder times, the next of a
series), ``answers`` (RSVP, /tables), ``minutes``, ``notices`` (what a timed notice sends),
``personal`` (/mydata and /deleteme), on ``common`` (views, refusals, who hears of a table) and
``events``. This package's names are the public ones.
"""

from bot.services.tables.answers import (
    MyTable,
    RsvpOutcome,
    invitations_for,
    remember_group_message,
    rsvp,
    table_for_designer,
    table_for_member,
    tables_for,
)
from bot.services.tables.common import (
    ANSWERS,
    DEFAULT_REMINDERS,
    MAX_AGENDA,
    MAX_PLACE,
    MINUTES_KIND,
    REMINDER_KIND,
    Announcement,
    Recipient,
    TableDraft,
    TableProblem,
    TableView,
    announcement,
    is_member,
    languages_of,
    view_of,
)
from bot.services.tables.designing import (
    MINUTES_AFTER,
    cancel_table,
    create_next_occurrences,
    create_table,
    following_dates,
    move_table,
    set_reminders,
)
from bot.services.tables.events import (
    MeetingSkipped,
    MinutesWritten,
    NextMeetingCreated,
    PromotedFromWaitingList,
    RsvpChanged,
    SeriesEnded,
    SeriesRestarted,
    TableCancelled,
    TableCreated,
    TableEdited,
    TableMoved,
)
from bot.services.tables.minutes import (
    MinutesView,
    attendance_guess,
    decision_of,
    minutes_candidates,
    minutes_of,
    write_minutes,
)
from bot.services.tables.notices import Reminder, minutes_reminder_for, reminder_for
from bot.services.tables.personal import FormerMember, erase_person, show_person
from bot.services.tables.series import (
    UNSET,
    coming_to,
    edit_table,
    editable,
    end_series,
    ended_series,
    restart_series,
    skip_meeting,
)

__all__ = [
    "ANSWERS", "DEFAULT_REMINDERS", "MAX_AGENDA", "MAX_PLACE", "MINUTES_AFTER", "MINUTES_KIND",
    "REMINDER_KIND", "Announcement", "FormerMember", "MinutesView", "MinutesWritten", "MyTable",
    "NextMeetingCreated", "PromotedFromWaitingList", "Recipient", "Reminder", "RsvpChanged", "RsvpOutcome",
    "TableCancelled", "TableCreated", "TableDraft", "TableMoved", "TableProblem", "TableView",
    "announcement", "attendance_guess", "cancel_table", "create_next_occurrences",
    "create_table", "decision_of", "erase_person", "following_dates", "is_member",
    "languages_of", "minutes_candidates", "minutes_of", "minutes_reminder_for", "move_table",
    "remember_group_message", "reminder_for", "rsvp", "set_reminders", "show_person",
    "table_for_designer", "table_for_member", "tables_for", "view_of", "write_minutes",
    # the series and edits after announcing; a newcomer's invitations
    "UNSET", "MeetingSkipped", "SeriesEnded", "SeriesRestarted", "TableEdited", "coming_to",
    "edit_table", "editable", "end_series", "ended_series", "invitations_for",
    "restart_series", "skip_meeting",
]
