"""/share, the review of a story and /stories, as a table:

    /share ──(several teams)──► team ──► title ► what was done ► what worked ► photo ► link
                                                                    (Skip)      (Skip) │
        ┌──────────────────────────────────────────────────────────────────────────────┘
        ▼
      theme ──► origin (the team's recent needs and tables, or None; asked only if any)
            ──► preview ── 📨 ──► share(): pending; the team's designers get it with
                     └ ✖️ ──► nothing shared          ✅ Publish / ✏️ Edit / ✖️ Decline (outbox)

    ✅ Publish ──► approve(): to the team's group (outbox), the author told
    ✏️ Edit ──► which part ──► the new text typed ──► edit(); the card again, with the buttons
    ✖️ Decline ──► reason typed ──► decline(); the author told, with the reason
    /reviewstories (designers) ──► each pending story with the three buttons

    /stories ──► 📍 my area · 🗺 my region · 🗂 by theme (► theme) · 🆕 newest · 👍 most useful
             ──► five stories, each with 👍 Useful (N); ⬇️ More ──► the next five

Every review press and typed answer is checked again by the service (a designer of that
story's team, or an admin; the story still pending): a member's forged Publish is refused.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import Message

from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, HasText, InState, NotCommand, NoText, OnMessage, PrivateChat
from bot.flows.stories import browse, review, share
from bot.flows.stories.states import ReviewFlow, ShareFlow
from bot.middlewares import KeyboardOffWhenAnswered, watch_questions
from bot.ui.callbacks.stories import (
    StoriesModeCb,
    StoryCategoryCb,
    StoryFieldCb,
    StoryOriginCb,
    StoryReviewCb,
    StorySendCb,
    StorySkipCb,
    StoryTeamCb,
    StoryUsefulCb,
)
from bot.ui.texts import stories as texts

COMMANDS = (
    CommandSpec("share", Audience.MEMBER, Where.PRIVATE, texts.SHARE_MENU, texts.SHARE_HELP),
    CommandSpec("stories", Audience.MEMBER, Where.PRIVATE, texts.STORIES_MENU,
                texts.STORIES_HELP),
    CommandSpec("reviewstories", Audience.DESIGNER, Where.PRIVATE, texts.REVIEW_MENU,
                texts.REVIEW_HELP),
)


class HasPhoto(Filter):
    """A message with a photo (the photo step's answer)."""

    async def __call__(self, message: Message) -> bool:
        return bool(message.photo)


def create_router() -> Router:
    """The table: which update, in which state, goes to which step."""
    router = Router(name="stories")
    watch_questions(router)
    router.callback_query.middleware(KeyboardOffWhenAnswered())
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    own = InState(*ShareFlow.__all_states__, *ReviewFlow.__all_states__)
    on_message, on_button = router.message.register, router.callback_query.register
    on_message(share.cmd_share, Command("share"))
    on_message(browse.cmd_stories, Command("stories"))
    on_message(review.cmd_review, Command("reviewstories"))
    on_message(share.cmd_cancel, Command("cancel"), own)
    on_message(share.on_title, InState(ShareFlow.title), HasText())
    on_message(share.on_done, InState(ShareFlow.done), HasText())
    on_message(share.on_worked, InState(ShareFlow.worked), HasText())
    on_message(share.on_photo, InState(ShareFlow.photo), HasPhoto())
    on_message(share.on_not_photo, InState(ShareFlow.photo), NotCommand())
    on_message(share.on_link, InState(ShareFlow.link), HasText())
    on_message(share.on_text_instead_of_button, InState(
        ShareFlow.team, ShareFlow.category, ShareFlow.origin, ShareFlow.preview), HasText())
    on_message(review.on_field_text, InState(ReviewFlow.field_text), HasText())
    on_message(review.on_decline_reason, InState(ReviewFlow.decline_reason), HasText())
    on_message(share.on_text_expected, own, NoText())
    on_button(share.on_team, InState(ShareFlow.team), StoryTeamCb.filter())
    on_button(share.on_skip, InState(ShareFlow.photo, ShareFlow.link), StorySkipCb.filter())
    on_button(share.on_category, InState(ShareFlow.category), StoryCategoryCb.filter())
    on_button(share.on_origin, InState(ShareFlow.origin), StoryOriginCb.filter())
    on_button(share.on_send, InState(ShareFlow.preview), StorySendCb.filter())
    on_button(review.on_review, StoryReviewCb.filter())
    on_button(review.on_field, StoryFieldCb.filter())
    on_button(browse.on_mode, StoriesModeCb.filter())
    on_button(browse.on_useful, StoryUsefulCb.filter())
    return router
