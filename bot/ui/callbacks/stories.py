"""/share, the review of a story, /stories: ids and choices only, checked again on the server
when pressed (a member of the team, a designer of the story's team, a published story)."""

from typing import Literal

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import Code, Flag, Page, RowId, RowIdOrNone


class StoryTeamCb(CallbackData, prefix="stteam"):
    team_id: RowId


class StorySkipCb(CallbackData, prefix="stskip"):
    step: Literal["photo", "link"]


class StoryCategoryCb(CallbackData, prefix="stcat"):
    code: Code


class StoryOriginCb(CallbackData, prefix="storig"):
    kind: Literal["need", "table", "none"]
    id: RowIdOrNone


class StorySendCb(CallbackData, prefix="stok"):
    ok: Flag


class StoryReviewCb(CallbackData, prefix="strev"):
    action: Literal["publish", "edit", "decline"]
    story_id: RowId


class StoryFieldCb(CallbackData, prefix="stfld"):
    field: Literal["title", "done", "worked"]
    story_id: RowId


class StoriesModeCb(CallbackData, prefix="stmode"):
    mode: Literal["place", "region", "cat", "new", "top"]
    page: Page = 0
    category: Code = ""


class StoryUsefulCb(CallbackData, prefix="stuse"):
    story_id: RowId
