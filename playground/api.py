"""An in-process stand-in for the Telegram Bot API, faithful to its JSON shapes.

Over 500 lines as one module on purpose: it is one state (chats, members, messages, pending
callback queries) and the two ways it changes, the updates a person causes and the calls the
bot makes, which meet on the same records (a button pressed is on a message the bot sent; the
callback query an update opens is the one answerCallbackQuery closes).  Each method is a few
lines over that state; splitting them would scatter one state over modules rather than part
two concerns.  (The HTTP around it is `server`'s; the faults and limits, `sending`'s; what
Telegram refuses in a call's content, `limits`'.)

It answers the methods the bot uses with the objects Telegram would return (or Telegram's
error shapes), keeps every chat's messages so buttons can be pressed later, and records every
call so tests can check exactly what the bot asked for.

For benchmarks (`server.BotAPIServer` in its own process) two switches keep it cheap:
`keep_history=False` stops keeping calls, outputs and sent messages, which would otherwise grow
without bound, and `auto_create_chats=True` accepts chat ids it was never told about.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.clock import Clock, system_clock
from playground import limits

Json = dict[str, Any]

GROUP_TYPES = ("group", "supergroup")


@dataclass
class Output:
    """Something the bot did that a person would see."""

    kind: str  # "message" | "edit" | "delete" | "toast" | "photo" | "document" | "leave"
    #            | "approve" | "decline" (a join request answered: text is the person's name)
    chat_id: int
    text: str = ""
    message_id: int | None = None
    buttons: list[list[str]] = field(default_factory=list)
    path: Path | None = None
    alert: bool = False
    # The message's reply_markup as sent: an inline keyboard, or a reply keyboard to show
    # under the input (or its removal).
    reply_markup: Json | None = None


class Upload(bytes):
    """A file's bytes as a multipart upload carried them, with the name it was sent under."""

    filename: str | None

    def __new__(cls, data: bytes, filename: str | None = None) -> Upload:
        upload = super().__new__(cls, data)
        upload.filename = filename
        return upload


@dataclass(frozen=True)
class SavedFile:
    """Where a photo or document the bot sent was saved, and the name it was sent under."""

    path: Path
    filename: str

# Telegram's command scopes, as `BotCommandScope*.type`; "chat"-bound ones carry a chat_id.
COMMAND_SCOPES = ("default", "all_private_chats", "all_group_chats", "all_chat_administrators",
                  "chat", "chat_administrators", "chat_member")


def _buttons(markup: Json | None) -> list[list[str]]:
    if not markup or "inline_keyboard" not in markup:
        return []
    return [[button["text"] for button in row] for row in markup["inline_keyboard"]]


class BotAPIError(Exception):
    def __init__(self, status: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


def _refuse_if(description: str | None) -> None:
    """Telegram's 400 for content it refuses (`playground.limits`), if any."""
    if description is not None:
        raise BotAPIError(400, description)


class LocalBotAPI:
    """Chats, users, messages and members, as the Bot API would report them."""

    def __init__(
        self,
        *,
        bot_id: int = 7_000_000_001,
        bot_username: str = "CohesionMakersBot",
        media_dir: Path | None = None,
        clock: Clock = system_clock,
        auto_create_chats: bool = False,
        keep_history: bool = True,
    ) -> None:
        self.bot_user: Json = {"id": bot_id, "is_bot": True, "first_name": "Cohesion Makers",
                               "username": bot_username}
        self.media_dir = media_dir
        self.clock = clock
        self.users: dict[int, Json] = {}
        self.chats: dict[int, Json] = {}
        self.statuses: dict[tuple[int, int], str] = {}
        self.messages: dict[tuple[int, int], Json] = {}
        self.calls: list[tuple[str, Json]] = []
        # Every call Telegram would have refused: (method, params, error code, description).
        self.refused: list[tuple[str, Json, int, str]] = []
        self.outputs: list[Output] = []
        self.listeners: list[Callable[[Output], None]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._files = itertools.count(1)
        self._callback_chats: dict[str, int] = {}
        # setMyCommands, per (scope key, language code or ""): see `_scope_key`.
        self.commands: dict[tuple[str, str], list[Json]] = {}
        # The files of photos and documents the bot sent, by (chat id, message id).
        self.files: dict[tuple[int, int], SavedFile] = {}
        # Unknown ids become groups (negative) or private chats (positive) with the bot in them,
        # so a benchmark can broadcast to thousands of chats nobody set up; off, they are
        # "chat not found", as on Telegram.
        self.auto_create_chats = auto_create_chats
        self.keep_history = keep_history
        # Old group id -> supergroup id: the old id keeps answering with the migrate error.
        self.migrated: dict[int, int] = {}
        # What setWebhook was last told (url, secret_token, ...); empty = no webhook.
        self.webhook: Json = {}
        # Invite links the bot created (link -> ChatInviteLink with its "chat_id"), and the
        # join requests waiting for the bot's answer: (chat id, user id).
        self.invite_links: dict[str, Json] = {}
        self.join_requests: set[tuple[int, int]] = set()

    def _date(self) -> int:
        """Telegram's `date` of a message: unix seconds, from the clock it was given."""
        return int(self.clock().timestamp())

    # --- the world -------------------------------------------------------------------------

    def add_user(self, user_id: int, first_name: str, *, language_code: str | None = None,
                 username: str | None = None) -> Json:
        user: Json = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        if username:
            user["username"] = username
        self.users[user_id] = user
        self.chats.setdefault(user_id, {"id": user_id, "type": "private", "first_name": first_name})
        return user

    def add_group(self, chat_id: int, title: str, *, admins: tuple[int, ...] = (),
                  members: tuple[int, ...] = ()) -> Json:
        chat = {"id": chat_id, "type": "supergroup" if chat_id < -10**12 else "group",
                "title": title}
        self.chats[chat_id] = chat
        for index, user_id in enumerate(admins):
            self.statuses[(chat_id, user_id)] = "creator" if index == 0 else "administrator"
        for user_id in members:
            self.statuses.setdefault((chat_id, user_id), "member")
        return chat

    def bot_status(self, chat_id: int) -> str:
        return self.statuses.get((chat_id, self.bot_user["id"]), "left")

    def block_bot(self, user_id: int) -> None:
        """The person blocked the bot: sends to their private chat are refused from now on."""
        self.statuses[(user_id, self.bot_user["id"])] = "kicked"

    def migrate_group(self, chat_id: int, to_chat_id: int) -> Json:
        """The group became supergroup `to_chat_id`, as when Telegram upgrades it.

        The supergroup has the old group's title and members (the bot included); the old id
        then answers every call with the migrate error that names the new id.
        """
        old = self.chats.get(chat_id) or {"title": f"Group {chat_id}"}
        chat: Json = {"id": to_chat_id, "type": "supergroup", "title": old.get("title", "")}
        self.chats[to_chat_id] = chat
        members = [(user_id, status) for (group, user_id), status in self.statuses.items()
                   if group == chat_id]
        if chat_id not in self.chats:
            members.append((self.bot_user["id"], "member"))
        for user_id, status in members:
            self.statuses[(to_chat_id, user_id)] = status
        self.migrated[chat_id] = to_chat_id
        return chat

    def _auto_create(self, chat_id: int) -> Json:
        if chat_id < 0:
            return self.add_group(chat_id, f"Group {chat_id}", members=(self.bot_user["id"],))
        self.add_user(chat_id, f"User {chat_id}")
        return self.chats[chat_id]

    # --- updates a person causes --------------------------------------------------------------

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def message_update(self, *, user_id: int, chat_id: int, text: str,
                       location: tuple[float, float] | None = None) -> Json:
        """A person's message: text, or (with `location`) a place shared with Telegram's
        location button, which carries no text."""
        message: Json = {
            "message_id": self._next_message_id(chat_id),
            "date": self._date(),
            "chat": self.chats[chat_id],
            "from": self.users[user_id],
        }
        if location is not None:
            message["location"] = {"latitude": location[0], "longitude": location[1]}
        else:
            message["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(command.encode("utf-16-le")) // 2}]
        self.messages[(chat_id, message["message_id"])] = message
        return {"update_id": next(self._update_ids), "message": message}

    def callback_update(self, *, user_id: int, chat_id: int, message_id: int, data: str) -> Json:
        message = self.messages.get((chat_id, message_id)) or {
            "message_id": message_id, "date": self._date(), "chat": self.chats[chat_id]}
        callback_id = f"cb{len(self._callback_chats) + 1}"
        self._callback_chats[callback_id] = chat_id
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": callback_id,
                "from": self.users[user_id],
                "chat_instance": str(chat_id),
                "message": message,
                "data": data,
            },
        }

    def bot_membership_update(self, *, chat_id: int, by_user_id: int, status: str) -> Json:
        """The bot was added to (status "member"/"administrator") or removed from a group."""
        old = self.bot_status(chat_id)
        self.statuses[(chat_id, self.bot_user["id"])] = status
        return {
            "update_id": next(self._update_ids),
            "my_chat_member": {
                "chat": self.chats[chat_id],
                "from": self.users[by_user_id],
                "date": self._date(),
                "old_chat_member": self._member_object(old, self.bot_user),
                "new_chat_member": self._member_object(status, self.bot_user),
            },
        }

    def join_request_update(self, *, user_id: int, invite_link: str) -> Json:
        """The person opened an invite link that creates join requests, and asked to join."""
        link = self.invite_links.get(invite_link)
        if link is None or not link["creates_join_request"]:
            raise LookupError(f"no invite link with join requests: {invite_link}")
        chat = self.chats[link["chat_id"]]
        self.join_requests.add((chat["id"], user_id))
        public = {key: value for key, value in link.items() if key != "chat_id"}
        return {
            "update_id": next(self._update_ids),
            "chat_join_request": {"chat": chat, "from": self.users[user_id],
                                  "user_chat_id": user_id, "date": self._date(),
                                  "invite_link": public},
        }

    # --- the Bot API ----------------------------------------------------------------------

    def handle(self, method: str, params: Json, files: dict[str, bytes] | None = None) -> Json:
        """Answer one Bot API call with Telegram's JSON response (ok/result or ok/error)."""
        if self.keep_history:
            self.calls.append((method, params))
        handler = getattr(self, f"_m_{method.lower()}", None)
        if handler is None:
            return {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        try:
            result = handler(params, files or {})
        except BotAPIError as error:
            if self.keep_history:
                self.refused.append((method, params, error.status, error.description))
            response: Json = {"ok": False, "error_code": error.status,
                              "description": error.description}
            if error.parameters:
                response["parameters"] = error.parameters
            return response
        return {"ok": True, "result": result}

    def _emit(self, output: Output) -> None:
        if self.keep_history:
            self.outputs.append(output)
        for listener in self.listeners:
            listener(output)

    def _chat(self, params: Json) -> Json:
        chat_id = int(params["chat_id"])
        if chat_id in self.migrated:
            raise BotAPIError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                              migrate_to_chat_id=self.migrated[chat_id])
        chat = self.chats.get(chat_id)
        if chat is None:
            if not self.auto_create_chats:
                raise BotAPIError(400, "Bad Request: chat not found")
            chat = self._auto_create(chat_id)
        status = self.bot_status(chat_id)
        if chat["type"] in GROUP_TYPES and status == "kicked":
            raise BotAPIError(403, "Forbidden: bot was kicked from the group chat")
        if chat["type"] in GROUP_TYPES and status == "left":
            raise BotAPIError(403, "Forbidden: bot is not a member of the group chat")
        if chat["type"] == "private" and status == "kicked":
            raise BotAPIError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _store(self, chat: Json, **content: Any) -> Json:
        message = {"message_id": self._next_message_id(chat["id"]), "date": self._date(),
                   "chat": chat, "from": self.bot_user, **content}
        if self.keep_history:
            self.messages[(chat["id"], message["message_id"])] = message
        return message

    def _m_getme(self, params: Json, files: dict[str, bytes]) -> Json:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    def _m_sendmessage(self, params: Json, files: dict[str, bytes]) -> Json:
        chat = self._chat(params)
        text = str(params.get("text", ""))
        _refuse_if(limits.message_text_refusal(params))
        content: Json = {"text": text}
        if params.get("reply_markup"):
            content["reply_markup"] = params["reply_markup"]
        message = self._store(chat, **content)
        self._emit(Output("message", chat["id"], text, message["message_id"],
                          _buttons(params.get("reply_markup")),
                          reply_markup=params.get("reply_markup")))
        if "inline_keyboard" not in (params.get("reply_markup") or {"inline_keyboard": None}):
            # As Telegram: the message returned carries only an inline keyboard; a reply
            # keyboard (or its removal) shows under the input. The page's history keeps it.
            return {key: value for key, value in message.items() if key != "reply_markup"}
        return message

    @staticmethod
    def _upload(params: Json, files: dict[str, bytes], key: str) -> bytes | None:
        """The file uploaded for `key`: as "attach://<name>" (aiogram's way) or as a multipart
        part named `key` itself; None when it names a file_id or URL instead."""
        value = str(params.get(key, ""))
        if value.startswith("attach://"):
            return files.get(value.removeprefix("attach://"))
        return files.get(key)

    def _save_file(self, params: Json, files: dict[str, bytes], key: str,
                   suffix: str) -> SavedFile | None:
        data = self._upload(params, files, key)
        if data is None:
            return None
        filename = getattr(data, "filename", None) or f"{key}{suffix}"
        if self.media_dir is None:
            return None
        self.media_dir.mkdir(parents=True, exist_ok=True)
        # Saved under a name of our own (never the sender's, which could hold a path), keeping
        # the extension so the browser knows what it is.
        extension = Path(filename).suffix[:10] if Path(filename).suffix.isascii() else ""
        path = self.media_dir / f"{key}-{next(self._files)}{extension or suffix}"
        path.write_bytes(data)
        return SavedFile(path, Path(filename).name)

    def _send_media(self, params: Json, files: dict[str, bytes], kind: str, suffix: str,
                    content: Json) -> Json:
        chat = self._chat(params)
        _refuse_if(limits.caption_refusal(params))
        saved = self._save_file(params, files, kind, suffix)
        caption = str(params.get("caption") or "")
        if caption:
            content["caption"] = caption
        if params.get("reply_markup"):
            content["reply_markup"] = params["reply_markup"]
        message = self._store(chat, **content)
        if saved is not None and self.keep_history:
            self.files[(chat["id"], message["message_id"])] = saved
        self._emit(Output(kind, chat["id"], caption, message["message_id"],
                          _buttons(params.get("reply_markup")),
                          path=saved.path if saved else None,
                          reply_markup=params.get("reply_markup")))
        return message

    def _m_sendphoto(self, params: Json, files: dict[str, bytes]) -> Json:
        number = next(self._files)
        return self._send_media(params, files, "photo", ".png", {"photo": [
            {"file_id": f"photo{number}", "file_unique_id": f"p{number}", "width": 800,
             "height": 600}]})

    def _m_senddocument(self, params: Json, files: dict[str, bytes]) -> Json:
        number = next(self._files)
        upload = self._upload(params, files, "document")
        document: Json = {"file_id": f"doc{number}", "file_unique_id": f"d{number}"}
        if isinstance(upload, Upload) and upload.filename:
            document["file_name"] = Path(upload.filename).name
        return self._send_media(params, files, "document", "", {"document": document})

    def _existing(self, params: Json) -> Json:
        chat = self._chat(params)
        key = (chat["id"], int(params["message_id"]))
        if key not in self.messages:
            raise BotAPIError(400, "Bad Request: message to edit not found")
        return self.messages[key]

    def _m_editmessagetext(self, params: Json, files: dict[str, bytes]) -> Json:
        message = self._existing(params)
        text = str(params.get("text", ""))
        markup = params.get("reply_markup")
        if text == message.get("text") and markup == message.get("reply_markup"):
            raise BotAPIError(400, "Bad Request: message is not modified")
        if "text" not in message:
            raise BotAPIError(400, "Bad Request: there is no text in the message to edit")
        _refuse_if(limits.message_text_refusal(params))
        message["text"] = text
        return self._edited(message, markup)

    def _edited(self, message: Json, markup: Json | None) -> Json:
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        message["edit_date"] = self._date()
        self._emit(Output("edit", message["chat"]["id"],
                          message.get("text") or message.get("caption") or "",
                          message["message_id"], _buttons(markup), reply_markup=markup))
        return message

    def _m_editmessagecaption(self, params: Json, files: dict[str, bytes]) -> Json:
        message = self._existing(params)
        caption = str(params.get("caption") or "")
        markup = params.get("reply_markup")
        if "text" in message:
            raise BotAPIError(400, "Bad Request: there is no caption in the message to edit")
        if caption == message.get("caption", "") and markup == message.get("reply_markup"):
            raise BotAPIError(400, "Bad Request: message is not modified")
        _refuse_if(limits.caption_refusal(params))
        message.pop("caption", None)
        if caption:
            message["caption"] = caption
        return self._edited(message, markup)

    def _m_editmessagereplymarkup(self, params: Json, files: dict[str, bytes]) -> Json:
        message = self._existing(params)
        markup = params.get("reply_markup")
        if markup == message.get("reply_markup"):
            raise BotAPIError(400, "Bad Request: message is not modified")
        _refuse_if(limits.markup_refusal(params))
        return self._edited(message, markup)

    def _m_deletemessage(self, params: Json, files: dict[str, bytes]) -> bool:
        chat = self._chat(params)
        key = (chat["id"], int(params["message_id"]))
        if key not in self.messages:
            raise BotAPIError(400, "Bad Request: message to delete not found")
        message = self.messages.pop(key)
        self.files.pop(key, None)
        self._emit(Output("delete", chat["id"], message.get("text") or message.get("caption")
                          or "", key[1]))
        return True

    def _m_answercallbackquery(self, params: Json, files: dict[str, bytes]) -> bool:
        # As on Telegram, a query is answered once: a second answer is refused.
        if str(params.get("callback_query_id")) in self._callback_chats:
            _refuse_if(limits.toast_refusal(params))  # refused, the query may be answered again
        chat_id = self._callback_chats.pop(str(params.get("callback_query_id")), None)
        if chat_id is None:
            raise BotAPIError(400, "Bad Request: query is too old and response timeout expired "
                                   "or query ID is invalid")
        if params.get("text"):
            self._emit(Output("toast", chat_id, str(params["text"]),
                              alert=bool(params.get("show_alert"))))
        return True

    @staticmethod
    def _member_object(status: str, user: Json) -> Json:
        member: Json = {"status": status, "user": user}
        if status == "administrator":
            member.update(can_be_edited=False, is_anonymous=False, can_manage_chat=True,
                          can_delete_messages=True, can_manage_video_chats=True,
                          can_restrict_members=True, can_promote_members=False,
                          can_change_info=True, can_invite_users=True, can_post_stories=False,
                          can_edit_stories=False, can_delete_stories=False,
                          can_send_welcome_messages=False)
        elif status == "creator":
            member.update(is_anonymous=False)
        elif status == "kicked":
            member.update(until_date=0)
        elif status == "restricted":
            member.update(is_member=True, can_send_messages=False, until_date=0)
        return member

    def _m_getchatmember(self, params: Json, files: dict[str, bytes]) -> Json:
        chat = self._chat(params)
        user_id = int(params["user_id"])
        user = self.bot_user if user_id == self.bot_user["id"] else self.users.get(user_id)
        if user is None:
            raise BotAPIError(400, "Bad Request: user not found")
        status = self.statuses.get((chat["id"], user_id), "left")
        if chat["type"] == "private":
            status = "member"
        return self._member_object(status, user)

    def _m_getchat(self, params: Json, files: dict[str, bytes]) -> Json:
        return {**self._chat(params), "accent_color_id": 0, "max_reaction_count": 11,
                "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False,
                                        "unique_gifts": False, "premium_subscription": False}}

    def _m_leavechat(self, params: Json, files: dict[str, bytes]) -> bool:
        chat = self._chat(params)
        self.statuses[(chat["id"], self.bot_user["id"])] = "left"
        self._emit(Output("leave", chat["id"]))
        return True

    def _admin_chat(self, params: Json) -> Json:
        """A group where the bot is an administrator (it may manage invite links and join
        requests there), else Telegram's refusal."""
        chat = self._chat(params)
        if chat["type"] not in GROUP_TYPES:
            raise BotAPIError(400, "Bad Request: chat not found")
        if self.bot_status(chat["id"]) not in ("creator", "administrator"):
            raise BotAPIError(400, "Bad Request: not enough rights to manage chat invite link")
        return chat

    def _m_createchatinvitelink(self, params: Json, files: dict[str, bytes]) -> Json:
        chat = self._admin_chat(params)
        link: Json = {"invite_link": f"https://t.me/+local{abs(chat['id'])}x"
                                     f"{len(self.invite_links) + 1}",
                      "creator": self.bot_user,
                      "creates_join_request": bool(params.get("creates_join_request")),
                      "is_primary": False, "is_revoked": False}
        if params.get("name"):
            link["name"] = str(params["name"])[:32]
        self.invite_links[link["invite_link"]] = {**link, "chat_id": chat["id"]}
        return link

    def _answer_join_request(self, params: Json, status: str | None) -> bool:
        chat = self._admin_chat(params)
        key = (chat["id"], int(params["user_id"]))
        if key not in self.join_requests:
            raise BotAPIError(400, "Bad Request: HIDE_REQUESTER_MISSING")
        self.join_requests.discard(key)
        if status is not None:
            self.statuses[key] = status
        self._emit(Output("approve" if status else "decline", chat["id"],
                          str(self.users.get(key[1], {}).get("first_name", ""))))
        return True

    def _m_approvechatjoinrequest(self, params: Json, files: dict[str, bytes]) -> bool:
        return self._answer_join_request(params, "member")

    def _m_declinechatjoinrequest(self, params: Json, files: dict[str, bytes]) -> bool:
        return self._answer_join_request(params, None)

    def _scope_key(self, params: Json) -> tuple[str, str]:
        """(scope, language) under which set/get/deleteMyCommands keep a menu; "chat" scopes
        name their chat (and user): "chat:-100…", "chat_member:-100…:42"."""
        scope = params.get("scope") or {"type": "default"}
        kind = str(scope.get("type", ""))
        if kind not in COMMAND_SCOPES:
            raise BotAPIError(400, "Bad Request: wrong parameter scope: unsupported scope type")
        if kind.startswith("chat"):
            chat = self._chat({"chat_id": scope.get("chat_id")})
            if kind != "chat" and chat["type"] not in GROUP_TYPES:
                raise BotAPIError(400, "Bad Request: can't use the scope for private chats")
            kind = f"{kind}:{chat['id']}"
            if kind.startswith("chat_member"):
                kind += f":{int(scope['user_id'])}"
        language = str(params.get("language_code") or "")
        if language and not (len(language) == 2 and language.isalpha()):
            raise BotAPIError(400, "Bad Request: invalid language code specified")
        return kind, language

    def _m_setmycommands(self, params: Json, files: dict[str, bytes]) -> bool:
        commands = [{"command": str(c["command"]), "description": str(c["description"])}
                    for c in params.get("commands") or []]
        for command in commands:
            if not (1 <= len(command["command"]) <= 32
                    and all(ch.islower() or ch.isdigit() or ch == "_"
                            for ch in command["command"])):
                raise BotAPIError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command["description"]) <= 256:
                raise BotAPIError(400, "Bad Request: command description is empty")
        key = self._scope_key(params)
        if commands:
            self.commands[key] = commands
        else:
            self.commands.pop(key, None)
        return True

    def _m_getmycommands(self, params: Json, files: dict[str, bytes]) -> list[Json]:
        return list(self.commands.get(self._scope_key(params), []))

    def _m_deletemycommands(self, params: Json, files: dict[str, bytes]) -> bool:
        self.commands.pop(self._scope_key(params), None)
        return True

    def menu(self, *, chat_id: int, user_id: int) -> list[Json]:
        """The command menu a client shows this person in this chat: Telegram's order of
        scopes (the narrowest first), each in the person's language before the general one."""
        chat = self.chats[chat_id]
        if chat["type"] in GROUP_TYPES:
            admin = self.statuses.get((chat_id, user_id)) in ("creator", "administrator")
            scopes = [f"chat_member:{chat_id}:{user_id}",
                      *([f"chat_administrators:{chat_id}"] if admin else []), f"chat:{chat_id}",
                      *(["all_chat_administrators"] if admin else []), "all_group_chats",
                      "default"]
        else:
            scopes = [f"chat:{chat_id}", "all_private_chats", "default"]
        language = str(self.users.get(user_id, {}).get("language_code") or "")[:2]
        for scope in scopes:
            for lang in ((language, "") if language else ("",)):
                if (scope, lang) in self.commands:
                    return list(self.commands[(scope, lang)])
        return []

    def _m_setwebhook(self, params: Json, files: dict[str, bytes]) -> bool:
        url = str(params.get("url") or "")
        if not url:
            self.webhook = {}
            return True
        self.webhook = {"url": url, "max_connections": int(params.get("max_connections") or 40)}
        for key in ("secret_token", "allowed_updates", "drop_pending_updates"):
            if params.get(key) is not None:
                self.webhook[key] = params[key]
        return True

    def _m_deletewebhook(self, params: Json, files: dict[str, bytes]) -> bool:
        self.webhook = {}
        return True

    def _m_getwebhookinfo(self, params: Json, files: dict[str, bytes]) -> Json:
        # Telegram never reveals the secret token, and reports allowed_updates only when set.
        info: Json = {"url": self.webhook.get("url", ""), "has_custom_certificate": False,
                      "pending_update_count": 0}
        if self.webhook:
            info["max_connections"] = self.webhook["max_connections"]
            if "allowed_updates" in self.webhook:
                info["allowed_updates"] = self.webhook["allowed_updates"]
        return info
