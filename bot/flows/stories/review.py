"""A designer's review of a story: ✅ Publish / ✏️ Edit / ✖️ Decline under the notice the
team's designers get. Every press and every typed answer is checked again by the service (a
designer of the story's team, or an admin; the story still pending): a member pressing a
forged Publish is refused, a story another designer handled answers so."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.flows.stories.states import ReviewFlow
from bot.fsm import enter
from bot.services import stories
from bot.services.roles import NotAllowed
from bot.services.stories import StoryProblem
from bot.ui.callbacks.stories import StoryFieldCb, StoryReviewCb
from bot.ui.keyboards import stories as keyboards
from bot.ui.texts import stories as texts
from storage.models.story import Story
from storage.uow import UnitOfWork


def card_of(story: Story, team: str) -> str:
    return texts.card(title=story.title, done=story.done, worked=story.worked,
                      category=story.category, team=team, language=story.language,
                      link=story.link, photo=story.photo_file_id is not None)


async def _checked(callback: CallbackQuery, uow: UnitOfWork, story_id: int) -> Story | None:
    try:
        return await stories.for_reviewer(uow, telegram_id=callback.from_user.id,
                                          story_id=story_id)
    except NotAllowed:
        await callback.answer(texts.not_reviewer(), show_alert=True)
    except StoryProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
    return None


async def on_review(callback: CallbackQuery, callback_data: StoryReviewCb, message: Message,
                    state: FSMContext, uow: UnitOfWork, clock: Clock) -> None:
    story = await _checked(callback, uow, callback_data.story_id)
    if story is None:
        return
    await state.clear()
    if callback_data.action == "edit":
        await callback.answer()
        await message.answer(texts.which_field(),
                             reply_markup=keyboards.fields(callback_data.story_id))
        return
    if callback_data.action == "decline":
        await callback.answer()
        await message.answer(texts.ask_decline_reason(story.title))
        await enter(state, ReviewFlow.decline_reason, {"story_id": callback_data.story_id})
        return
    published = await stories.approve(uow, now=clock(), telegram_id=callback.from_user.id,
                                      story_id=callback_data.story_id)
    group = await stories.group_of(uow, published.team_id)
    await callback.answer()
    if message.reply_markup is not None:
        await message.edit_reply_markup(reply_markup=None)
    await message.answer(texts.published_done(published.title, group=group is not None))


async def on_field(callback: CallbackQuery, callback_data: StoryFieldCb, message: Message,
                   state: FSMContext, uow: UnitOfWork) -> None:
    story = await _checked(callback, uow, callback_data.story_id)
    if story is None:
        return
    await callback.answer()
    field = callback_data.field
    await message.answer(texts.ask_field(field, str(getattr(story, field))))
    await enter(state, ReviewFlow.field_text, {"story_id": callback_data.story_id,
                                               "field": field})


async def on_field_text(message: Message, state: FSMContext, uow: UnitOfWork) -> None:
    assert message.from_user is not None and message.text is not None
    data = await state.get_data()
    try:
        story = await stories.edit(uow, telegram_id=message.from_user.id,
                                   story_id=int(data.get("story_id", 0)),
                                   field=str(data.get("field")), value=message.text)
    except NotAllowed:
        await state.clear()
        await message.answer(texts.not_reviewer())
        return
    except StoryProblem as problem:
        if problem.code == "bad_text":  # asked again, the state unchanged
            field = str(data.get("field"))
            await message.answer(texts.bad_text(stories.LIMITS.get(field, 0)))
            return
        await state.clear()
        await message.answer(texts.problem(problem.code))
        return
    team = await uow.teams.get(story.team_id)
    assert story.id is not None
    await message.answer(texts.edited(card_of(story, team.name if team else "")),
                         reply_markup=keyboards.review(story.id))
    await state.clear()


async def on_decline_reason(message: Message, state: FSMContext, uow: UnitOfWork,
                            clock: Clock) -> None:
    assert message.from_user is not None
    story_id = int((await state.get_data()).get("story_id", 0))
    try:
        story = await stories.decline(uow, now=clock(), telegram_id=message.from_user.id,
                                      story_id=story_id, reason=message.text or "")
    except NotAllowed:
        await state.clear()
        await message.answer(texts.not_reviewer())
        return
    except StoryProblem as problem:
        if problem.code == "bad_reason":
            await message.answer(texts.problem(problem.code))
            return
        await state.clear()
        await message.answer(texts.problem(problem.code))
        return
    await state.clear()
    await message.answer(texts.declined_done(story.title))


async def cmd_review(message: Message, state: FSMContext, uow: UnitOfWork) -> None:
    """/share's other side for designers: the stories waiting for them (``/reviewstories``)."""
    assert message.from_user is not None
    await state.clear()
    pending = await stories.pending_for(uow, telegram_id=message.from_user.id)
    if not pending:
        await message.answer(texts.no_pending())
        return
    for story in pending[:10]:
        team = await uow.teams.get(story.team_id)
        assert story.id is not None
        await message.answer(card_of(story, team.name if team else ""),
                             reply_markup=keyboards.review(story.id))
