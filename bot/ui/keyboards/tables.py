"""The buttons of the tables capability, built directly (see bot.ui.keyboards.grid)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.tables import MyTable, TableView
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
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import table_notices as notices
from bot.ui.texts import tables as texts


def as_json(markup: InlineKeyboardMarkup) -> dict[str, Any]:
    """The keyboard as the outbox stores it (``payload["reply_markup"]``)."""
    return markup.model_dump(exclude_none=True)


def teams(choices: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    return rows([button(name, TableTeamCb(team_id=team_id)) for team_id, name in choices], 1)


def when_ok() -> InlineKeyboardMarkup:
    return rows([button(texts.button_when_ok(), WhenOkCb(ok=1)),
                 button(texts.button_when_again(), WhenOkCb(ok=0))], 2)


def skip(step: str) -> InlineKeyboardMarkup:
    return rows([button(texts.button_skip(), TableSkipCb(step=step))])


def agenda_done() -> InlineKeyboardMarkup:
    return rows([button(texts.button_list_done(), ListDoneCb(step="agenda"))])


def decisions_done() -> InlineKeyboardMarkup:
    return rows([button(texts.button_list_done(), MinutesStepCb(action="done"))])


def recurrence() -> InlineKeyboardMarkup:
    return rows([button(texts.recurrence_label(kind), RecurrenceCb(kind=kind))
                 for kind in ("none", "weekly", "monthly")], 1)


def summary() -> InlineKeyboardMarkup:
    edits = [button(texts.button_edit(field), TableSummaryCb(action="edit", field=field))
             for field in ("when", "place", "agenda", "capacity", "recurrence", "reminders")]
    return rows([button(texts.button_confirm(), TableSummaryCb(action="confirm")),
                 *edits, button(texts.button_cancel(), TableSummaryCb(action="cancel"))], 2)


def rsvp(table: TableView) -> InlineKeyboardMarkup:
    return rows([button(notices.rsvp_button("yes", table.yes), RsvpCb(table_id=table.id,
                                                                     answer="yes")),
                 button(notices.rsvp_button("maybe", table.maybe),
                        RsvpCb(table_id=table.id, answer="maybe")),
                 button(notices.rsvp_button("no", table.no), RsvpCb(table_id=table.id,
                                                                   answer="no"))], 3)


def my_tables(found: Sequence[MyTable]) -> InlineKeyboardMarkup:
    """For each table its calendar file; under it, while it can be answered, the RSVP
    buttons (a member who joined late answers here); for its designer, the changes."""
    lines = []
    for t in found[:20]:
        table_id = t.table.id
        line = [button(texts.ics_button(t.table), TableIcsCb(table_id=table_id))]
        if t.manage and t.answerable:
            line += [button(texts.button_move(), TableManageCb(table_id=table_id,
                                                               action="move")),
                     button(texts.button_reminders(), TableManageCb(table_id=table_id,
                                                                    action="reminders")),
                     button(texts.button_cancel_table(), TableManageCb(table_id=table_id,
                                                                       action="cancel"))]
        lines.append(line)
        if t.answerable:
            lines.append([
                button(notices.rsvp_button("yes", t.table.yes),
                       MyRsvpCb(table_id=table_id, answer="yes")),
                button(notices.rsvp_button("maybe", t.table.maybe),
                       MyRsvpCb(table_id=table_id, answer="maybe")),
                button(notices.rsvp_button("no", t.table.no),
                       MyRsvpCb(table_id=table_id, answer="no"))])
        if t.manage and t.answerable:
            lines.append([button(texts.button_edit_table(), TableEditCb(table_id=table_id,
                                                                        field="menu"))])
        if t.restartable:
            lines.append([button(texts.button_restart(), TableSeriesCb(table_id=table_id,
                                                                       action="restart"))])
    return InlineKeyboardMarkup(inline_keyboard=_within_limit(lines))


MAX_BUTTONS = 100  # Telegram refuses an inline keyboard with more


def _within_limit(lines: list[list[InlineKeyboardButton]]) -> list[list[InlineKeyboardButton]]:
    """The rows that fit in one keyboard, in order (the soonest tables come first)."""
    kept: list[list[InlineKeyboardButton]] = []
    count = 0
    for line in lines:
        if count + len(line) > MAX_BUTTONS:
            break
        kept.append(line)
        count += len(line)
    return kept


def confirm_cancel(table: TableView) -> InlineKeyboardMarkup:
    """A single table: cancel it, or keep it. A meeting of a series: skip it (the series goes
    on), or cancel it and end the series, or keep it."""
    if table.recurrence != "none":
        return rows([button(texts.button_skip_meeting(), TableSeriesCb(table_id=table.id,
                                                                       action="skip")),
                     button(texts.button_end_series(), TableSeriesCb(table_id=table.id,
                                                                     action="end")),
                     button(texts.button_keep(), TableManageCb(table_id=table.id,
                                                               action="keep"))], 1)
    return rows([button(texts.button_cancel_yes(), TableManageCb(table_id=table.id,
                                                                  action="cancel_yes")),
                 button(texts.button_keep(), TableManageCb(table_id=table.id, action="keep"))],
                2)


def confirm_restart(table_id: int) -> InlineKeyboardMarkup:
    return rows([button(texts.button_restart_yes(), TableSeriesCb(table_id=table_id,
                                                                  action="restart_yes")),
                 button(texts.button_keep_ended(), TableSeriesCb(table_id=table_id,
                                                                 action="keep"))], 1)


def edit_fields(table_id: int) -> InlineKeyboardMarkup:
    return rows([button(texts.button_edit(field), TableEditCb(table_id=table_id, field=field))
                 for field in ("place", "agenda", "capacity")], 3)


def no_limit(table_id: int) -> InlineKeyboardMarkup:
    return rows([button(texts.button_no_limit(), TableEditCb(table_id=table_id,
                                                             field="unlimited"))])


def minutes_tables(found: Sequence[TableView]) -> InlineKeyboardMarkup:
    return rows([button(texts.table_short(t), MinutesTableCb(table_id=t.id)) for t in found], 1)


def minutes_keep() -> InlineKeyboardMarkup:
    return rows([button(texts.button_keep_attendance(), MinutesStepCb(action="keep"))])


def minutes_skip() -> InlineKeyboardMarkup:
    return rows([button(texts.button_skip(), MinutesStepCb(action="skip"))])


def minutes_summary() -> InlineKeyboardMarkup:
    return rows([button(texts.button_publish_minutes(), MinutesStepCb(action="publish")),
                 button(texts.button_cancel(), MinutesStepCb(action="cancel"))], 2)


def decisions(table_id: int, found: Sequence[str]) -> InlineKeyboardMarkup:
    return rows([button(texts.decision_button(text), DecisionNeedCb(table_id=table_id,
                                                                    index=index))
                 for index, text in enumerate(found[:20])], 1)
