"""The command registry: each capability declares its commands once, here is what is built
from them.

A capability's handler or flow module lists its commands as `COMMANDS = (CommandSpec(...), …)`;
`bot.handlers.get_commands()` gathers them in the routers' order. From that one list come:

- Telegram's menus, per language and per scope (private chats, group chats, group admins);
- `/help`, by role: the commands a person may use, grouped by the role that grants them;
- the "let's talk in private" answer to a private command sent in a group.

Who may use a command is still checked where it runs (a filter on the handler, and again in
the service): the registry says what to show, not what to allow.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from babel.support import LazyProxy

Text = str | LazyProxy
"""A text of the registry: lazy gettext (`__("…")` in the capability's texts module), so it is
read in the language of whoever reads it — a menu per language, /help in the person's."""


class Audience(enum.StrEnum):
    """Who a command is for, in the order /help shows them."""

    EVERYONE = "everyone"      # also before registration
    MEMBER = "member"          # registered members
    DESIGNER = "designer"
    OBSERVER = "observer"
    EXPERT = "expert"
    ADMIN = "admin"


class Where(enum.Flag):
    PRIVATE = enum.auto()
    GROUP = enum.auto()
    BOTH = PRIVATE | GROUP


@dataclass(frozen=True)
class CommandSpec:
    """One command: its menu line (None: not in the menu), its /help line (None: not listed),
    and `group_admins` for a group command only group administrators may use."""

    name: str
    audience: Audience
    where: Where
    menu: Text | None
    help: Text | None = None
    group_admins: bool = False

    def __post_init__(self) -> None:
        if not self.name.isascii() or not self.name.islower() or not 1 <= len(self.name) <= 32:
            raise ValueError(f"a Telegram command is 1-32 lowercase latin letters: {self.name!r}")


def audiences_of(*, registered: bool, roles: Iterable[str]) -> set[Audience]:
    """The audiences a person belongs to: everyone, members once registered, and their roles."""
    found = {Audience.EVERYONE}
    if registered:
        found.add(Audience.MEMBER)
    known = {audience.value for audience in Audience}
    found.update(Audience(role) for role in roles if role in known)
    return found


def private_menu(commands: Sequence[CommandSpec]) -> list[tuple[str, str]]:
    """(name, description) for the private chats' menu: what everyone and members use."""
    return [(c.name, str(c.menu)) for c in _unique(commands)
            if c.menu is not None and Where.PRIVATE in c.where
            and c.audience in (Audience.EVERYONE, Audience.MEMBER)]


def person_menu(commands: Sequence[CommandSpec], roles: Iterable[str]) -> list[tuple[str, str]]:
    """(name, description) for one person's private menu: the private chats' menu and the
    commands of the roles they hold (a designer sees /newneed, an expert /slots), in the
    registry's order. Empty when their roles add nothing: the default menu is theirs."""
    held = audiences_of(registered=True, roles=roles) - {Audience.EVERYONE, Audience.MEMBER}
    if not any(c.audience in held and c.menu is not None and Where.PRIVATE in c.where
               for c in commands):
        return []
    shown = held | {Audience.EVERYONE, Audience.MEMBER}
    entries: dict[str, str] = {}
    for command in commands:
        if command.menu is not None and Where.PRIVATE in command.where \
                and command.audience in shown and command.name not in entries:
            entries[command.name] = str(command.menu)
    return list(entries.items())


def group_menu(commands: Sequence[CommandSpec], *, admins: bool) -> list[tuple[str, str]]:
    """(name, description) for group chats; the admins' menu adds their commands."""
    return [(c.name, str(c.menu)) for c in _unique(commands, where=Where.GROUP)
            if c.menu is not None and Where.GROUP in c.where and (admins or not c.group_admins)]


def private_only(commands: Sequence[CommandSpec]) -> list[str]:
    """Commands that work only in a private chat: in a group the bot invites you there."""
    names = {c.name for c in commands if Where.GROUP in c.where}
    return sorted({c.name for c in commands if c.where == Where.PRIVATE} - names)


def help_sections(commands: Sequence[CommandSpec], audiences: set[Audience]
                  ) -> dict[Audience, list[str]]:
    """The /help lines a person sees, by audience (in the order of `Audience`)."""
    sections: dict[Audience, list[str]] = {}
    for audience in Audience:
        if audience not in audiences:
            continue
        seen: set[str] = set()
        lines = []
        for command in commands:
            if command.audience is audience and command.help is not None \
                    and command.name not in seen:
                seen.add(command.name)
                lines.append(str(command.help))
        if lines:
            sections[audience] = lines
    return sections


def _unique(commands: Sequence[CommandSpec], where: Where = Where.PRIVATE) -> list[CommandSpec]:
    """A name registered for private and for group chats (e.g. /language) counts once per
    place: the spec for `where` wins, else the first."""
    chosen: dict[str, CommandSpec] = {}
    for command in commands:
        current = chosen.get(command.name)
        if current is None or (where in command.where and where not in current.where):
            chosen[command.name] = command
    return list(chosen.values())
