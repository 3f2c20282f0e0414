"""The buttons of /needs, the pledge screen, /pledges and deliveries: ids and codes only,
each checked again on the server when pressed."""

from typing import Annotated, Literal

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from bot.ui.callbacks.bounds import Code, Page, RowId


class NeedsListCb(CallbackData, prefix="nl"):
    """A page of /needs with its filters ("" = all); ``pick`` "cat" / "res" shows a picker."""

    page: Page
    cat: Code = ""
    res: Code = ""
    pick: Literal["", "cat", "res"] = ""


class PledgeOpenCb(CallbackData, prefix="np"):
    need_id: RowId


class PledgeQtyCb(CallbackData, prefix="pq"):
    """``qty``: a quantity ("2", "2.5"), "all" (what is missing at the press), or "type"."""

    need_id: RowId
    qty: Annotated[str, Field(max_length=16)]


class WithdrawCb(CallbackData, prefix="pw"):
    """``step``: "ask" (confirm first), "yes", "keep"."""

    pledge_id: RowId
    step: Literal["ask", "yes", "keep"]


class ReduceCb(CallbackData, prefix="pr"):
    """✂️ Reduce a pledge: asks for the smaller quantity to keep."""

    pledge_id: RowId


class DeliverCb(CallbackData, prefix="pd"):
    pledge_id: RowId
    part: bool
