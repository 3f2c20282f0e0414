"""/stories: a menu (my area, my region, by theme, newest, most useful), pages of five with
⬇️ More, each story with its 👍 Useful (N) button — one tap per person, counted on the server
(a second tap is told it was counted already)."""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.services import stories
from bot.services.stories import StoryProblem
from bot.ui.callbacks.stories import StoriesModeCb, StoryUsefulCb
from bot.ui.keyboards import stories as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import stories as texts
from storage.models import Member
from storage.uow import UnitOfWork


async def cmd_stories(message: Message, state: FSMContext, member: Member | None) -> None:
    await state.clear()
    if member is None or not member.is_onboarded:
        await message.answer(common_texts.need_registration())
        return
    await message.answer(texts.menu(), reply_markup=keyboards.menu())


async def on_mode(callback: CallbackQuery, callback_data: StoriesModeCb, message: Message,
                  member: Member | None, uow: UnitOfWork) -> None:
    if member is None or not member.is_onboarded:
        await callback.answer(common_texts.need_registration(), show_alert=True)
        return
    mode, category = callback_data.mode, callback_data.category or None
    if mode == "cat" and category is None:
        await callback.answer()
        await message.answer(texts.choose_category(), reply_markup=keyboards.browse_categories())
        return
    try:
        page = await stories.browse(uow, telegram_id=member.telegram_id, mode=mode,
                                    page=callback_data.page, category=category)
    except StoryProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    await callback.answer()
    if not page.rows:
        await message.answer(texts.none_found())
        return
    await message.answer(texts.page_header(mode, page.total, page.page))
    for row in page.rows:
        story = row.story
        assert story.id is not None
        if story.photo_file_id:
            await message.answer_photo(story.photo_file_id)
        await message.answer(texts.card(
            title=story.title, done=story.done, worked=story.worked, category=story.category,
            team=row.team_name, language=story.language, link=story.link,
            when=story.published_at), reply_markup=keyboards.useful(story.id, story.useful))
    if page.more:
        await message.answer(texts.more_button(), reply_markup=keyboards.more(
            mode, page.page + 1, category or ""))


async def on_useful(callback: CallbackQuery, callback_data: StoryUsefulCb, message: Message,
                    member: Member | None, uow: UnitOfWork, clock: Clock) -> None:
    if member is None or not member.is_onboarded:
        await callback.answer(common_texts.need_registration(), show_alert=True)
        return
    try:
        counted, count = await stories.mark_useful(uow, now=clock(),
                                                   telegram_id=member.telegram_id,
                                                   story_id=callback_data.story_id)
    except StoryProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    if not counted:
        await callback.answer(texts.useful_already(), show_alert=True)
        return
    await callback.answer(texts.useful_counted(count))
    try:
        await message.edit_reply_markup(reply_markup=keyboards.useful(callback_data.story_id,
                                                                      count))
    except TelegramBadRequest:
        pass  # a forged press on another message, or the same count shown already

