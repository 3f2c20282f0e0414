"""The switch under a designer's pledge notices: hourly (grouped by need) or one summary a
day. The choice is checked on the server (a button can be forged or outlive a role)."""

from __future__ import annotations

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message

from bot.filters import OnMessage, PrivateChat
from bot.services import needs
from bot.services.roles import NotAllowed
from bot.ui.callbacks.digest import PledgeDigestCb
from bot.ui.keyboards import digest as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import pledge_digest as texts
from storage.uow import UnitOfWork


async def on_digest_chosen(callback: CallbackQuery, callback_data: PledgeDigestCb,
                           message: Message, uow: UnitOfWork) -> None:
    if callback_data.digest not in ("hourly", "daily"):
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    try:
        digest = await needs.set_pledge_digest(uow, telegram_id=callback.from_user.id,
                                               digest=callback_data.digest)
    except NotAllowed:
        await callback.answer(texts.not_a_designer(), show_alert=True)
        return
    await uow.commit_if_open()
    await callback.answer(texts.switched(digest), show_alert=True)
    try:  # the button now offers the way back
        await message.edit_reply_markup(reply_markup=keyboards.switch(digest))
    except TelegramAPIError:
        pass  # unchanged (pressed twice): the choice is made anyway


def create_router() -> Router:
    router = Router(name="digest")
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.callback_query.register(on_digest_chosen, PledgeDigestCb.filter())
    return router
