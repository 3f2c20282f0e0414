"""The buttons of a proposal (in /proposals, and under the notice its team's designers get):
the need's id only, checked again on the server when pressed (a designer of its team, still a
proposal)."""

from aiogram.filters.callback_data import CallbackData


class ProposalCb(CallbackData, prefix="nnprop"):
    action: str  # "approve" | "decline"
    need_id: int
