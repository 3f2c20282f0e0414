"""The local chat in a terminal: type as a demo persona, press buttons by number.

Lines starting with ":" are for the terminal itself (":help" lists them); anything else is
what the current persona says in the current chat.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bot.clock import Clock
from bot.demo import GROUPS, PERSONAS, Persona
from playground.api import LocalBotAPI, Output
from playground.driver import LocalChat, NoSuchButton

HELP = """Local chat commands:
  <text> or /command   say it as the current persona, in the current chat
  <number>             press that button of the newest message with buttons
  :who                 list the personas;  :as <name>  speak as another persona
  :groups              list the group chats;  :group <name>  look at a group and speak there
  :private             back to the private chat with the bot
  :addbot <group>      add the bot to a group (as the current persona)
  :help                this help;  :quit  leave (Ctrl-D works too)"""

_TAGS = re.compile(r"</?(b|i|u|s|code|pre|a)(\s[^>]*)?>")


def plain(text: str) -> str:
    """HTML as the terminal can show it: <b> in capitals would shout, so tags just go."""
    return html.unescape(_TAGS.sub("", text))


class Terminal:
    def __init__(self, chat: LocalChat, out: TextIO) -> None:
        self.chat, self.out = chat, out
        self.personas = {p.key: p for p in PERSONAS}
        self.groups = {g.key: g for g in GROUPS}
        self.persona: Persona = PERSONAS[0]
        self.chat_id: int = self.persona.telegram_id

    def say(self, line: str = "") -> None:
        print(line, file=self.out, flush=True)

    def where(self) -> str:
        group = next((g for g in GROUPS if g.chat_id == self.chat_id), None)
        return f"{self.persona.first_name} @ {group.title if group else 'private chat'}"

    def show(self, outputs: list[Output]) -> None:
        for output in outputs:
            if output.chat_id != self.chat_id and output.kind != "leave":
                title = next((g.title for g in GROUPS if g.chat_id == output.chat_id),
                             str(output.chat_id))
                self.say(f"  (the bot also wrote in {title})")
                continue
            if output.kind == "toast":
                self.say(f"  [{'alert' if output.alert else 'notice'}] {plain(output.text)}")
            elif output.kind == "delete":
                self.say(f"  (the bot deleted its message: {plain(output.text)[:60]!r})")
            elif output.kind == "leave":
                self.say(f"  (the bot left the group {output.chat_id})")
            elif output.kind in ("approve", "decline"):
                verb = "let" if output.kind == "approve" else "did not let"
                self.say(f"  (the bot {verb} {output.text} into the group)")
            elif output.kind in ("photo", "document") and output.path is None:
                self.say(f"bot: [{output.kind}] {plain(output.text)}")
            elif output.kind in ("photo", "document"):
                self.say(f"bot: [{output.kind} saved to {output.path}] {plain(output.text)}")
            else:
                prefix = "bot (edited): " if output.kind == "edit" else "bot: "
                self.say(prefix + plain(output.text).replace("\n", "\n     "))
            if output.buttons:
                labels = [label for row in output.buttons for label in row]
                self.say("     " + "   ".join(f"[{i}] {label}" for i, label in
                                              enumerate(labels, 1)))

    def history(self, last: int = 5) -> None:
        """What was said in the current chat while this local chat has been running."""
        said = sorted((message_id, message) for (chat, message_id), message
                      in self.chat.api.messages.items() if chat == self.chat_id)[-last:]
        for _id, message in said:
            who = message.get("from", {})
            name = "bot" if who.get("is_bot") else who.get("first_name", "?")
            text = message.get("text") or message.get("caption") or ""
            self.say(f"  | {name}: {plain(text)}".replace("\n", "\n  | "))

    async def command(self, line: str) -> bool:
        """Handle a ':' line; False means quit."""
        word, _, arg = line[1:].strip().partition(" ")
        arg = arg.strip().lower()
        if word in ("quit", "exit", "q"):
            return False
        if word == "who":
            for p in PERSONAS:
                self.say(f"  {p.key:8} {p.first_name:7} {p.description}")
        elif word == "as" and arg in self.personas:
            self.persona = self.personas[arg]
            self.chat_id = self.persona.telegram_id
            self.say(f"  now: {self.where()}")
        elif word == "groups":
            for g in GROUPS:
                self.say(f"  {g.key:8} {g.title} (admins: {', '.join(g.admins)})")
        elif word == "group" and arg in self.groups:
            self.chat_id = self.groups[arg].chat_id
            self.say(f"  now: {self.where()}")
            self.history()
        elif word == "private":
            self.chat_id = self.persona.telegram_id
            self.say(f"  now: {self.where()}")
        elif word == "addbot" and arg in self.groups:
            self.chat_id = self.groups[arg].chat_id
            self.show(await self.chat.add_bot(self.chat_id, by_user_id=self.persona.telegram_id))
        elif word == "help":
            self.say(HELP)
        else:
            self.say("  unknown or incomplete command; :help lists them")
        return True

    async def handle(self, line: str) -> bool:
        """One line typed by the person; False means quit."""
        line = line.strip()
        if not line:
            return True
        if line.startswith(":"):
            return await self.command(line)
        if line.isdigit():
            try:
                self.show(await self.chat.press(self.persona.telegram_id, int(line),
                                                chat_id=self.chat_id))
            except NoSuchButton as error:
                self.say(f"  ({error})")
            return True
        self.show(await self.chat.send(self.persona.telegram_id, line, chat_id=self.chat_id))
        return True

    async def run(self, read_line: Callable[[], Awaitable[str]]) -> None:
        self.say("Cohesion Makers — local chat (no Telegram). Type :help for help.")
        self.say(f"You are {self.persona.first_name}, {self.persona.description}. Try /start.")
        while True:
            try:
                line = await read_line()
            except EOFError:
                break
            if not await self.handle(line):
                break
        self.say("Bye!")


def build_api(media_dir: Path, clock: Clock) -> LocalBotAPI:
    api = LocalBotAPI(media_dir=media_dir, clock=clock)
    ids = {p.key: p.telegram_id for p in PERSONAS}
    for persona in PERSONAS:
        api.add_user(persona.telegram_id, persona.first_name, language_code=persona.language_code)
    for group in GROUPS:
        api.add_group(group.chat_id, group.title, admins=tuple(ids[k] for k in group.admins),
                      members=tuple(ids[k] for k in group.members))
    # The bot is already in the demo group that a team has linked.
    api.statuses[(GROUPS[0].chat_id, api.bot_user["id"])] = "administrator"
    return api
