"""The buttons of /newtable, the announcements and /tables: only ids and codes, each checked
again on the server when pressed (the table exists, is not cancelled, the presser is a member)."""

from typing import Literal

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import Code, Flag, Page, RowId


class TableTeamCb(CallbackData, prefix="tbteam"):
    team_id: RowId  # one of the teams offered (kept in the state data)


class WhenOkCb(CallbackData, prefix="tbwhen"):
    ok: Flag  # 1: the date read back is right; 0: type it again


class TableSkipCb(CallbackData, prefix="tbskip"):
    step: Code


class RecurrenceCb(CallbackData, prefix="tbrec"):
    kind: Literal["none", "weekly", "monthly"]


class TableSummaryCb(CallbackData, prefix="tbsum"):
    action: Literal["confirm", "cancel", "edit"]
    field: Code = ""


class RsvpCb(CallbackData, prefix="tbrsvp"):
    table_id: RowId
    answer: Literal["yes", "maybe", "no"]


class TableIcsCb(CallbackData, prefix="tbics"):
    table_id: RowId


class MinutesTableCb(CallbackData, prefix="tbmin"):
    table_id: RowId


class MinutesStepCb(CallbackData, prefix="tbmstep"):
    action: Literal["keep", "skip", "publish", "cancel"]  # keep: attendance as pre-filled


class DecisionNeedCb(CallbackData, prefix="tbdec"):
    table_id: RowId
    index: Page  # the decision, by its position in the table's kept minutes


class TableManageCb(CallbackData, prefix="tbman"):
    table_id: RowId
    action: Literal["move", "reminders", "cancel", "cancel_yes", "keep"]  # cancel asks
