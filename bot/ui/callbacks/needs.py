"""The buttons of /needs, the pledge screen, /pledges and deliveries: ids and codes only,
each checked again on the server when pressed."""

from aiogram.filters.callback_data import CallbackData


class NeedsListCb(CallbackData, prefix="nl"):
    """A page of /needs with its filters ("" = all); ``pick`` "cat" / "res" shows a picker."""

    page: int
    cat: str = ""
    res: str = ""
    pick: str = ""


class PledgeOpenCb(CallbackData, prefix="np"):
    need_id: int


class PledgeQtyCb(CallbackData, prefix="pq"):
    """``qty``: a quantity ("2", "2.5"), "all" (what is missing at the press), or "type"."""

    need_id: int
    qty: str


class WithdrawCb(CallbackData, prefix="pw"):
    """``step``: "ask" (confirm first), "yes", "keep"."""

    pledge_id: int
    step: str


class ReduceCb(CallbackData, prefix="pr"):
    """✂️ Reduce a pledge: asks for the smaller quantity to keep."""

    pledge_id: int


class DeliverCb(CallbackData, prefix="pd"):
    pledge_id: int
    part: bool
