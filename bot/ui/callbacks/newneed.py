"""The buttons of a need being written (/newneed, and /propose's questions) and of /myneeds:
only ids and codes, each one checked again on the server when pressed (state, offered
choices, and the role in the service). /proposals' own are in ``proposals``."""

from typing import Literal

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import Code, Page, RowId, RowIdOrNone


class NeedTeamCb(CallbackData, prefix="nnteam"):
    team_id: RowId  # one of the teams offered (kept in the state data)


class CategoryCb(CallbackData, prefix="nncat"):
    code: Code


class UnitCb(CallbackData, prefix="nnunit"):
    code: Code  # logic.UNIT_CHOICES, or "-" (no quantity: proposals only)


class UrgencyCb(CallbackData, prefix="nnurg"):
    value: Code


class StepSkipCb(CallbackData, prefix="nnskip"):
    step: Code


class TerritoryCb(CallbackData, prefix="nnterr"):
    code: Code  # the team's own place, or a candidate kept in the state data


class OrganisationCb(CallbackData, prefix="nnorg"):
    organisation_id: RowIdOrNone  # one of the non-profits offered (state data), 0: none


class ProposeKindCb(CallbackData, prefix="nnpk"):
    """/propose by a confirmed member of a non-profit: an ordinary proposal, or a fundraising
    or capacity-building need for their organisation (checked again when pressed)."""

    kind: Literal["plain", "fundraising", "capacity"]


class SummaryCb(CallbackData, prefix="nnsum"):
    action: Literal["publish", "cancel", "edit"]
    field: Code = ""


MyNeedAction = Literal["edit", "close", "reopen"]


class MyNeedCb(CallbackData, prefix="mynd"):
    action: MyNeedAction
    need_id: RowId


class MyNeedFieldCb(CallbackData, prefix="myndf"):
    need_id: RowId
    field: Code


class MyNeedCloseCb(CallbackData, prefix="myndc"):
    need_id: RowId
    confirm: bool


class MyNeedsPageCb(CallbackData, prefix="myndp"):
    page: Page
