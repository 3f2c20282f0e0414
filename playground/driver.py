"""People talking to the real dispatcher: messages typed, buttons pressed, the bot added to groups."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, Dispatcher

from playground.api import LocalBotAPI, Output


class NoSuchButton(LookupError):
    pass


class LocalChat:
    def __init__(self, dispatcher: Dispatcher, bot: Bot, api: LocalBotAPI) -> None:
        self.dispatcher, self.bot, self.api = dispatcher, bot, api

    async def _feed(self, update: dict[str, Any]) -> list[Output]:
        start = len(self.api.outputs)
        await self.dispatcher.feed_raw_update(self.bot, update)
        return self.api.outputs[start:]

    async def send(self, user_id: int, text: str, *, chat_id: int | None = None) -> list[Output]:
        chat = user_id if chat_id is None else chat_id
        return await self._feed(self.api.message_update(user_id=user_id, chat_id=chat, text=text))

    async def send_location(self, user_id: int, latitude: float, longitude: float
                            ) -> list[Output]:
        """A location shared with the reply keyboard's location button."""
        return await self._feed(self.api.message_update(user_id=user_id, chat_id=user_id,
                                                        text="",
                                                        location=(latitude, longitude)))

    def keyboard(self, chat_id: int) -> tuple[int, list[dict[str, Any]]]:
        """The buttons of the bot's newest message in the chat, as a person sees them last."""
        bot_id = self.api.bot_user["id"]
        newest = max((message_id for (chat, message_id), message in self.api.messages.items()
                      if chat == chat_id and message.get("from", {}).get("id") == bot_id),
                     default=None)
        if newest is None:
            raise NoSuchButton("the bot has not written here yet")
        markup = self.api.messages[(chat_id, newest)].get("reply_markup") or {}
        buttons = [button for row in markup.get("inline_keyboard", []) for button in row]
        if not buttons:
            raise NoSuchButton("the bot's last message has no buttons")
        return newest, buttons

    async def press(self, user_id: int, button: int | str, *, chat_id: int | None = None
                    ) -> list[Output]:
        """Press a button of the newest keyboard: by 1-based number, or by (part of) its label."""
        chat = user_id if chat_id is None else chat_id
        message_id, buttons = self.keyboard(chat)
        if isinstance(button, int):
            if not 1 <= button <= len(buttons):
                raise NoSuchButton(f"there is no button {button}")
            chosen = buttons[button - 1]
        else:
            matches = [b for b in buttons if button.lower() in b["text"].lower()]
            if not matches:
                raise NoSuchButton(f"no button labelled {button!r}")
            chosen = matches[0]
        return await self.press_data(user_id, chosen["callback_data"], chat_id=chat,
                                     message_id=message_id)

    async def press_data(self, user_id: int, data: str, *, chat_id: int | None = None,
                         message_id: int | None = None) -> list[Output]:
        """Send any callback data, as a forged or stale button would."""
        chat = user_id if chat_id is None else chat_id
        if message_id is None:
            message_id = max((m for c, m in self.api.messages if c == chat), default=1)
        return await self._feed(self.api.callback_update(user_id=user_id, chat_id=chat,
                                                         message_id=message_id, data=data))

    async def add_bot(self, chat_id: int, *, by_user_id: int) -> list[Output]:
        return await self._feed(self.api.bot_membership_update(
            chat_id=chat_id, by_user_id=by_user_id, status="administrator"))

    async def remove_bot(self, chat_id: int, *, by_user_id: int) -> list[Output]:
        return await self._feed(self.api.bot_membership_update(
            chat_id=chat_id, by_user_id=by_user_id, status="kicked"))

    async def request_join(self, user_id: int, invite_link: str) -> list[Output]:
        """The person opens an invite link with join requests and asks to join its group."""
        return await self._feed(self.api.join_request_update(user_id=user_id,
                                                             invite_link=invite_link))
