"""/share, the review and /stories: the buttons of each step."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from aiogram.types import InlineKeyboardMarkup

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
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import common as common_texts
from bot.ui.texts import stories as texts
from bot.ui.texts.newneed import category_label
from domain.needs import load_categories


def teams(choices: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    return rows([button(name, StoryTeamCb(team_id=team_id)) for team_id, name in choices], 1)


def skip(step: str) -> InlineKeyboardMarkup:
    return rows([button(common_texts.skip_button(), StorySkipCb(step=step))])  # type: ignore[arg-type]


def categories() -> InlineKeyboardMarkup:
    return rows([button(category_label(c.code), StoryCategoryCb(code=c.code))
                 for c in load_categories().categories], 2)


def origins(needs: Sequence[tuple[int, str]], tables: Sequence[tuple[int, datetime]]
            ) -> InlineKeyboardMarkup:
    buttons = [button(texts.need_origin_button(title), StoryOriginCb(kind="need", id=i))
               for i, title in needs]
    buttons += [button(texts.table_origin_button(at), StoryOriginCb(kind="table", id=i))
                for i, at in tables]
    buttons.append(button(texts.none_button(), StoryOriginCb(kind="none", id=0)))
    return rows(buttons, 1)


def send() -> InlineKeyboardMarkup:
    return rows([button(texts.send_button(), StorySendCb(ok=1)),
                 button(texts.cancel_button(), StorySendCb(ok=0))], 2)


def review(story_id: int) -> InlineKeyboardMarkup:
    return rows([button(texts.publish_button(), StoryReviewCb(action="publish",
                                                              story_id=story_id)),
                 button(texts.edit_button(), StoryReviewCb(action="edit", story_id=story_id)),
                 button(texts.decline_button(), StoryReviewCb(action="decline",
                                                              story_id=story_id))], 3)


def fields(story_id: int) -> InlineKeyboardMarkup:
    return rows([button(texts.field_label(f), StoryFieldCb(field=f, story_id=story_id))
                 for f in ("title", "done", "worked")], 1)


def menu() -> InlineKeyboardMarkup:
    return rows([button(texts.mode_label(m), StoriesModeCb(mode=m))
                 for m in ("place", "region", "cat", "new", "top")], 2)


def browse_categories() -> InlineKeyboardMarkup:
    return rows([button(category_label(c.code), StoriesModeCb(mode="cat", category=c.code))
                 for c in load_categories().categories], 2)


def useful(story_id: int, count: int) -> InlineKeyboardMarkup:
    return rows([button(texts.useful_button(count), StoryUsefulCb(story_id=story_id))])


def more(mode: str, page: int, category: str) -> InlineKeyboardMarkup:
    return rows([button(texts.more_button(), StoriesModeCb(
        mode=mode, page=page, category=category))])  # type: ignore[arg-type]


def as_json(markup: InlineKeyboardMarkup) -> dict[str, object]:
    """The keyboard as the outbox stores it (``payload["reply_markup"]``)."""
    return markup.model_dump(exclude_none=True)
