"""The buttons of /newtable, the announcements and /tables: only ids and codes, each checked
again on the server when pressed (the table exists, is not cancelled, the presser is a member)."""

from aiogram.filters.callback_data import CallbackData


class TableTeamCb(CallbackData, prefix="tbteam"):
    team_id: int  # one of the teams offered (kept in the state data)


class WhenOkCb(CallbackData, prefix="tbwhen"):
    ok: int  # 1: the date read back is right; 0: type it again


class TableSkipCb(CallbackData, prefix="tbskip"):
    step: str


class ListDoneCb(CallbackData, prefix="tblist"):
    step: str  # "agenda": the points sent one per message are the whole agenda


class RecurrenceCb(CallbackData, prefix="tbrec"):
    kind: str  # "none" | "weekly" | "monthly"


class TableSummaryCb(CallbackData, prefix="tbsum"):
    action: str  # "confirm" | "cancel" | "edit"
    field: str = ""


class RsvpCb(CallbackData, prefix="tbrsvp"):
    table_id: int
    answer: str  # "yes" | "maybe" | "no"


class TableIcsCb(CallbackData, prefix="tbics"):
    table_id: int


class MinutesTableCb(CallbackData, prefix="tbmin"):
    table_id: int


class MinutesStepCb(CallbackData, prefix="tbmstep"):
    action: str  # "keep" (attendance as pre-filled) | "skip" | "done" (decisions) | "publish" | "cancel"


class DecisionNeedCb(CallbackData, prefix="tbdec"):
    table_id: int
    index: int  # the decision, by its position in the table's kept minutes


class TableManageCb(CallbackData, prefix="tbman"):
    table_id: int
    action: str  # "move" | "reminders" | "cancel" (asks) | "cancel_yes" | "keep"


class MyRsvpCb(CallbackData, prefix="tbmy"):
    """An answer given from /tables (the list is shown again with it)."""

    table_id: int
    answer: str  # "yes" | "maybe" | "no"


class TableSeriesCb(CallbackData, prefix="tbser"):
    """A designer steering a recurring table's series from /tables."""

    table_id: int
    action: str  # "skip" | "end" | "restart" (asks) | "restart_yes" | "keep"


class TableEditCb(CallbackData, prefix="tbedit"):
    """A designer changing a table after announcing it, from /tables."""

    table_id: int
    field: str  # "menu" | "place" | "agenda" | "capacity" | "unlimited" (no limit of places)
