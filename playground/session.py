"""An aiogram session that talks to `LocalBotAPI` in process instead of Telegram over HTTP."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING, Any

from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InputFile

from playground.api import LocalBotAPI, Upload

if TYPE_CHECKING:
    from aiogram import Bot


class LocalSession(BaseSession):
    def __init__(self, api: LocalBotAPI) -> None:
        super().__init__()
        self.local_api = api

    async def close(self) -> None:
        return None

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        files: dict[str, InputFile] = {}
        params: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is not None:
                params[key] = prepared
        contents: dict[str, bytes] = {}
        for key, input_file in files.items():
            contents[key] = Upload(b"".join([chunk async for chunk in input_file.read(bot)]),
                                   input_file.filename)
        # A JSON round trip, as over HTTP: nothing the bot sends may survive only as a Python object.
        params = json.loads(json.dumps(params, default=str))
        response = self.local_api.handle(method.__api_method__, params, contents)
        status = 200 if response["ok"] else int(response["error_code"])
        result = self.check_response(bot, method, status, json.dumps(response))
        return result.result  # type: ignore[return-value]

    async def stream_content(
        self, url: str, headers: dict[str, Any] | None = None, timeout: int = 30,
        chunk_size: int = 65536, raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""
