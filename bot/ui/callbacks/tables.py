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


class ListDoneCb(CallbackData, prefix="tblist"):
    step: Literal["agenda"]  # the points sent one per message are the whole agenda


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
    # keep: the attendance as pre-filled; done: the decisions sent one per message
    action: Literal["keep", "skip", "done", "publish", "cancel"]


class DecisionNeedCb(CallbackData, prefix="tbdec"):
    table_id: RowId
    index: Page  # the decision, by its position in the table's kept minutes


class TableManageCb(CallbackData, prefix="tbman"):
    table_id: RowId
    action: Literal["move", "reminders", "cancel", "cancel_yes", "keep"]  # cancel asks


class MyRsvpCb(CallbackData, prefix="tbmy"):
    """An answer given from /tables (the list is shown again with it)."""

    table_id: RowId
    answer: Literal["yes", "maybe", "no"]


class TableSeriesCb(CallbackData, prefix="tbser"):
    """A designer steering a recurring table's series from /tables."""

    table_id: RowId
    action: Literal["skip", "end", "restart", "restart_yes", "keep"]  # restart asks


class TableEditCb(CallbackData, prefix="tbedit"):
    """A designer changing a table after announcing it, from /tables."""

    table_id: RowId
    # "unlimited": no limit of places
    field: Literal["menu", "place", "agenda", "capacity", "unlimited"]
