"""The buttons of a need being written (/newneed, and /propose's questions) and of /myneeds:
only ids and codes, each one checked again on the server when pressed (state, offered
choices, and the role in the service). /proposals' own are in ``proposals``."""

from aiogram.filters.callback_data import CallbackData


class NeedTeamCb(CallbackData, prefix="nnteam"):
    team_id: int  # one of the teams offered (kept in the state data)


class CategoryCb(CallbackData, prefix="nncat"):
    code: str


class UnitCb(CallbackData, prefix="nnunit"):
    code: str  # logic.UNIT_CHOICES, or "-" (no quantity: proposals only)


class UrgencyCb(CallbackData, prefix="nnurg"):
    value: str


class StepSkipCb(CallbackData, prefix="nnskip"):
    step: str


class TerritoryCb(CallbackData, prefix="nnterr"):
    code: str  # the team's own place, or a candidate kept in the state data


class SummaryCb(CallbackData, prefix="nnsum"):
    action: str  # "publish" | "cancel" | "edit"
    field: str = ""


class MyNeedCb(CallbackData, prefix="mynd"):
    action: str  # "edit" | "close" | "reopen"
    need_id: int


class MyNeedFieldCb(CallbackData, prefix="myndf"):
    need_id: int
    field: str


class MyNeedCloseCb(CallbackData, prefix="myndc"):
    need_id: int
    confirm: bool


class MyNeedsPageCb(CallbackData, prefix="myndp"):
    page: int
