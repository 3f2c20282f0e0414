"""The tables' conversations as one table of transitions: which update, in which state, goes
to which step. The steps live with their conversation:

    newtable   /newtable: team ► when ► place ► agenda ► capacity ► recurrence ► reminders
               ► summary ► saved and announced (diagram there)
    rsvp       the RSVP buttons, in the group or in private ► counts edited in place
    manage     /tables: the list, a calendar file, and a designer's move (the date step of
               /newtable), reminder times and cancel
    series     /tables: a series' meeting skipped or the series ended, an ended one
               restarted; a table's place, agenda or places changed after announcing
    minutes    /minutes: table ► attendance ► decisions ► notes ► posted; a decision ► /newneed
    common     /cancel, a text where a button was expected, something that is not text
"""

from __future__ import annotations

from aiogram import Router

from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, HasText, InState, NoText, OnMessage, PrivateChat
from bot.flows.tables import common, manage, minutes, newtable, rsvp, series
from bot.flows.tables.states import MinutesFlow, TableFlow
from bot.middlewares import KeyboardOffWhenAnswered, watch_questions
from bot.ui.callbacks.tables import (
    DecisionNeedCb,
    ListDoneCb,
    MinutesStepCb,
    MinutesTableCb,
    MyRsvpCb,
    RecurrenceCb,
    RsvpCb,
    TableEditCb,
    TableIcsCb,
    TableManageCb,
    TableSeriesCb,
    TableSkipCb,
    TableSummaryCb,
    TableTeamCb,
    WhenOkCb,
)
from bot.ui.texts import tables as texts

COMMANDS = (
    CommandSpec("newtable", Audience.DESIGNER, Where.PRIVATE, texts.NEWTABLE_MENU,
                texts.NEWTABLE_HELP),
    CommandSpec("tables", Audience.MEMBER, Where.PRIVATE, texts.TABLES_MENU, texts.TABLES_HELP),
    CommandSpec("minutes", Audience.DESIGNER, Where.PRIVATE, texts.MINUTES_MENU,
                texts.MINUTES_HELP),
)


def create_router() -> Router:
    """The tables table: which update, in which state, goes to which step (in the order
    aiogram tries them)."""
    router = Router(name="tables")
    watch_questions(router)
    router.callback_query.middleware(KeyboardOffWhenAnswered())
    own = InState(*TableFlow.__all_states__, *MinutesFlow.__all_states__)
    # RSVP buttons work in the group and in private; everything else is private.
    router.callback_query.register(rsvp.on_rsvp, RsvpCb.filter(), OnMessage())
    router.message.filter(PrivateChat())
    private = (PrivateChat(), OnMessage())
    on_message, on_button = router.message.register, router.callback_query.register

    on_message(newtable.cmd_newtable, Command("newtable"))
    on_message(manage.cmd_tables, Command("tables"))
    on_message(minutes.cmd_minutes, Command("minutes"))
    on_message(common.cmd_cancel, Command("cancel"), own)
    # what the person types, state by state
    on_message(newtable.on_when, InState(TableFlow.when), HasText())
    on_message(newtable.on_place, InState(TableFlow.place), HasText())
    on_message(newtable.on_agenda, InState(TableFlow.agenda), HasText())
    on_message(newtable.on_capacity, InState(TableFlow.capacity), HasText())
    on_message(newtable.on_reminders, InState(TableFlow.reminders), HasText())
    on_message(manage.on_change_reminders, InState(TableFlow.change_reminders), HasText())
    on_message(series.on_edit_place, InState(TableFlow.edit_place), HasText())
    on_message(series.on_edit_agenda, InState(TableFlow.edit_agenda), HasText())
    on_message(series.on_edit_capacity, InState(TableFlow.edit_capacity), HasText())
    on_message(minutes.on_attendance, InState(MinutesFlow.attendance), HasText())
    on_message(minutes.on_decisions, InState(MinutesFlow.decisions), HasText())
    on_message(minutes.on_notes, InState(MinutesFlow.notes), HasText())
    on_message(common.on_text_instead_of_button, InState(
        TableFlow.team, TableFlow.when_confirm, TableFlow.recurrence, TableFlow.summary,
        MinutesFlow.table, MinutesFlow.summary), HasText())
    on_message(common.on_text_expected, own, NoText())
    # the buttons
    on_button(newtable.on_team, InState(TableFlow.team), TableTeamCb.filter(), *private)
    on_button(newtable.on_when_ok, InState(TableFlow.when_confirm), WhenOkCb.filter(), *private)
    on_button(newtable.on_skip, TableSkipCb.filter(), own, *private)
    on_button(newtable.on_agenda_done, InState(TableFlow.agenda), ListDoneCb.filter(), *private)
    on_button(newtable.on_recurrence, InState(TableFlow.recurrence), RecurrenceCb.filter(),
              *private)
    on_button(newtable.on_summary, InState(TableFlow.summary), TableSummaryCb.filter(), *private)
    on_button(manage.on_ics, TableIcsCb.filter(), *private)
    on_button(manage.on_manage, TableManageCb.filter(), *private)
    on_button(rsvp.on_my_rsvp, MyRsvpCb.filter(), *private)
    on_button(series.on_series, TableSeriesCb.filter(), *private)
    on_button(series.on_edit, TableEditCb.filter(), *private)
    on_button(minutes.on_decision, DecisionNeedCb.filter(), *private)
    on_button(minutes.on_minutes_table, InState(MinutesFlow.table), MinutesTableCb.filter(),
              *private)
    on_button(minutes.on_minutes_step, MinutesStepCb.filter(), own, *private)
    return router
