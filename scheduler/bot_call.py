"""One outbox row as one Bot API call.

A row is a text (sendMessage), a file (sendDocument: its bytes base64 in the row, sent as a
multipart upload through aiogram; the expert hour's calendar files), a photo Telegram already
holds (sendPhoto: its ``file_id`` and an optional caption; a shared story's), leaveChat, an edit of
a message posted before (editMessageText: the row names the message's ``subject``; the sender
finds the message id Telegram returned for it, see ``storage.models.posted``), or a person's
menu (setMyCommands / deleteMyCommands, its scope and commands in the payload: the row's chat is
the person's, so the menu waits its turn behind what is being sent to them).

A call that fails raises aiogram's own exceptions, whichever way it went, so the sender reads
Telegram's answer in one place (scheduler.outcomes).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError
from aiogram.methods import (
    DeleteMyCommands,
    EditMessageText,
    LeaveChat,
    SendDocument,
    SendMessage,
    SendPhoto,
    SetMyCommands,
    TelegramMethod,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardMarkup,
    Message,
)
from aiohttp import ClientError, ClientTimeout

from storage.repositories import ClaimedMessage


async def call_bot_api(bot: Bot, message: ClaimedMessage, *, request_timeout: float,
                       edit: int | None = None) -> int | None:
    """Make the row's call; returns if Telegram took it (with the id of the message a
    sendMessage posted), raises what aiogram raises if not. ``edit``: the id of the message an
    editMessageText row changes."""
    payload: dict[str, Any] = json.loads(message.payload)
    params: dict[str, Any] = {"chat_id": message.chat_id}
    if message.method == "editMessageText":
        assert edit is not None
        markup = payload.get("reply_markup")
        params.update(message_id=edit, text=payload["text"],
                      parse_mode=payload.get("parse_mode", "HTML"))
        if markup:
            params["reply_markup"] = markup

        def model() -> TelegramMethod[Any]:
            return EditMessageText(
                chat_id=message.chat_id, message_id=edit, text=payload["text"],
                parse_mode=payload.get("parse_mode", "HTML"),
                reply_markup=InlineKeyboardMarkup.model_validate(markup) if markup else None)
    elif message.method == "leaveChat":
        def model() -> TelegramMethod[Any]:
            return LeaveChat(chat_id=message.chat_id)
    elif message.method in MENU_METHODS:
        params = {key: payload[key] for key in ("scope", "commands", "language_code")
                  if payload.get(key) is not None}

        def model() -> TelegramMethod[Any]:
            return _menu(message.method, payload)
    elif message.method == "sendPhoto":
        params.update(photo=payload["photo"])
        if payload.get("caption"):
            params.update(caption=payload["caption"],
                          parse_mode=payload.get("parse_mode", "HTML"))

        def model() -> TelegramMethod[Any]:
            return SendPhoto(chat_id=message.chat_id, photo=payload["photo"],
                             caption=payload.get("caption"),
                             parse_mode=payload.get("parse_mode", "HTML")
                             if payload.get("caption") else None)
    elif message.method == "sendDocument":
        # A file needs a multipart upload: through aiogram's own request, whatever the
        # session (the file's bytes travel base64 in the row; see bot.notify.expert).
        await bot(_document(message.chat_id, payload), request_timeout=int(request_timeout))
        return None
    else:
        markup = payload.get("reply_markup")
        params.update(text=payload["text"], parse_mode=payload.get("parse_mode", "HTML"))
        if markup:
            params["reply_markup"] = markup
        if payload.get("disable_notification") is not None:
            params["disable_notification"] = payload["disable_notification"]

        def model() -> TelegramMethod[Any]:
            return SendMessage(
                chat_id=message.chat_id, text=payload["text"],
                parse_mode=payload.get("parse_mode", "HTML"),
                reply_markup=InlineKeyboardMarkup.model_validate(markup) if markup else None,
                disable_notification=payload.get("disable_notification"))
    if isinstance(bot.session, AiohttpSession):
        result = await _post(bot, message.method, params, model,
                             request_timeout=request_timeout)
        posted = result.get("message_id") if isinstance(result, dict) else None
        return int(posted) if isinstance(posted, int) else None
    # an in-process session (the local chat, tests): through aiogram's models
    answer = await bot(model(), request_timeout=int(request_timeout))
    return answer.message_id if isinstance(answer, Message) else None


async def _post(bot: Bot, name: str, params: dict[str, Any],
                model: Callable[[], TelegramMethod[Any]], *, request_timeout: float) -> Any:
    """One Bot API call as plain JSON over the bot's own HTTP session.

    aiogram's call builds a pydantic model of the request, a form of it, and a model of
    the whole Message it gets back: ~0.9 ms of CPU per message, which at a broadcast's
    pace is most of a core (bench/broadcast_bench.py). The outbox needs none of that, only
    whether it worked (and a posted message's id); so the request is the row's JSON, and a
    success is read as `{"ok": true, "result": …}`, returning the result. Anything else goes
    through aiogram's own `check_response`, so errors raise exactly the exceptions (429
    retry-after, migrate, forbidden, bad request) the caller handles, as they would through
    `bot.send_message`.
    """
    session = bot.session
    assert isinstance(session, AiohttpSession)
    http = await session.create_session()
    url = session.api.api_url(token=bot.token, method=name)
    try:
        async with http.post(url, json=params,
                             timeout=ClientTimeout(total=request_timeout)) as response:
            status, raw = response.status, await response.text()
    except ClientError as error:
        raise TelegramNetworkError(method=model(),
                                   message=f"{type(error).__name__}: {error}") from error
    if status == 200:
        try:
            answer = json.loads(raw)
            if answer.get("ok") is True:
                return answer.get("result")
        except (ValueError, AttributeError):
            pass
    session.check_response(bot, model(), status, raw)  # raises the matching error
    raise TelegramAPIError(method=model(), message=f"unexpected answer ({status})")


MENU_METHODS = ("setMyCommands", "deleteMyCommands")


def _menu(method: str, payload: dict[str, Any]) -> TelegramMethod[Any]:
    scope = BotCommandScopeChat(chat_id=int(payload["scope"]["chat_id"]))
    language = payload.get("language_code")
    if method == "deleteMyCommands":
        return DeleteMyCommands(scope=scope, language_code=language)
    return SetMyCommands(commands=[BotCommand.model_validate(c) for c in payload["commands"]],
                         scope=scope, language_code=language)


def _document(chat_id: int, payload: dict[str, Any]) -> SendDocument:
    markup = payload.get("reply_markup")
    return SendDocument(
        chat_id=chat_id,
        document=BufferedInputFile(base64.b64decode(payload["document"]),
                                   filename=payload.get("filename") or "file"),
        caption=payload.get("caption"), parse_mode=payload.get("parse_mode", "HTML"),
        reply_markup=InlineKeyboardMarkup.model_validate(markup) if markup else None)
