"""The local Bot API's invite links and join requests, as Telegram answers them: a link only
an administrator bot may make, the chat_join_request update it brings, and the approval or
refusal of a request that is (or is not) waiting."""

from __future__ import annotations

from aiogram.types import Update

from playground.api import LocalBotAPI

GROUP, ANNA, BEN = -1001000000009, 501, 502


def _api() -> LocalBotAPI:
    api = LocalBotAPI()
    api.add_user(ANNA, "Anna", language_code="it")
    api.add_user(BEN, "Ben", language_code="en")
    api.add_group(GROUP, "Quartiere", admins=(ANNA,))
    return api


def test_only_an_administrator_bot_makes_invite_links() -> None:
    api = _api()
    api.statuses[(GROUP, api.bot_user["id"])] = "member"
    refused = api.handle("createChatInviteLink", {"chat_id": GROUP, "creates_join_request": True})
    assert refused["ok"] is False and "not enough rights" in refused["description"]
    api.statuses[(GROUP, api.bot_user["id"])] = "administrator"
    made = api.handle("createChatInviteLink", {"chat_id": GROUP, "creates_join_request": True,
                                               "name": "Team"})
    assert made["ok"] is True
    link = made["result"]
    assert link["invite_link"].startswith("https://t.me/+") and link["creates_join_request"]
    assert link["creator"]["id"] == api.bot_user["id"] and link["name"] == "Team"
    private = api.handle("createChatInviteLink", {"chat_id": ANNA})
    assert private["ok"] is False


def test_a_join_request_is_answered_once() -> None:
    api = _api()
    api.statuses[(GROUP, api.bot_user["id"])] = "administrator"
    link = api.handle("createChatInviteLink", {"chat_id": GROUP,
                                               "creates_join_request": True})["result"]
    update = Update.model_validate(api.join_request_update(user_id=BEN,
                                                           invite_link=link["invite_link"]))
    request = update.chat_join_request
    assert request is not None and request.chat.id == GROUP and request.from_user.id == BEN
    assert request.user_chat_id == BEN and request.invite_link is not None
    assert request.invite_link.invite_link == link["invite_link"]
    assert api.handle("approveChatJoinRequest", {"chat_id": GROUP, "user_id": BEN})["ok"]
    assert api.statuses[(GROUP, BEN)] == "member"
    again = api.handle("declineChatJoinRequest", {"chat_id": GROUP, "user_id": BEN})
    assert again == {"ok": False, "error_code": 400,
                     "description": "Bad Request: HIDE_REQUESTER_MISSING"}
    api.join_request_update(user_id=ANNA, invite_link=link["invite_link"])
    assert api.handle("declineChatJoinRequest", {"chat_id": GROUP, "user_id": ANNA})["ok"]
    assert api.join_requests == set()
    assert [(o.kind, o.text) for o in api.outputs] == [("approve", "Ben"), ("decline", "Anna")]


def test_a_plain_invite_link_brings_no_join_request() -> None:
    api = _api()
    api.statuses[(GROUP, api.bot_user["id"])] = "administrator"
    link = api.handle("createChatInviteLink", {"chat_id": GROUP})["result"]
    try:
        api.join_request_update(user_id=BEN, invite_link=link["invite_link"])
    except LookupError:
        pass
    else:
        raise AssertionError("a link without join requests let a request through")
