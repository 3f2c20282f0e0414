"""The command registry: what the menus, /help and the group redirect are built from."""

from __future__ import annotations

import pytest

from bot.commands import (
    Audience,
    CommandSpec,
    Where,
    audiences_of,
    group_menu,
    help_sections,
    private_menu,
    private_only,
)

SPECS = (
    CommandSpec("start", Audience.EVERYONE, Where.PRIVATE, lambda: "Start", lambda: "/start"),
    CommandSpec("help", Audience.EVERYONE, Where.BOTH, lambda: "Help", lambda: "/help"),
    CommandSpec("team", Audience.MEMBER, Where.PRIVATE, lambda: "Team", lambda: "/team"),
    CommandSpec("newneed", Audience.DESIGNER, Where.PRIVATE, lambda: "Need", lambda: "/newneed"),
    CommandSpec("linkgroup", Audience.DESIGNER, Where.GROUP, lambda: "Link", lambda: "/linkgroup"),
    CommandSpec("language", Audience.EVERYONE, Where.PRIVATE, lambda: "Lang", lambda: "/language"),
    CommandSpec("language", Audience.EVERYONE, Where.GROUP, lambda: "Group lang",
                group_admins=True),
)


def test_menus_per_scope() -> None:
    assert [name for name, _ in private_menu(SPECS)] == ["start", "help", "team", "language"]
    assert group_menu(SPECS, admins=False) == [("help", "Help"), ("linkgroup", "Link")]
    assert group_menu(SPECS, admins=True) == [("help", "Help"), ("linkgroup", "Link"),
                                              ("language", "Group lang")]


def test_private_commands_are_redirected_in_groups_but_not_those_groups_have() -> None:
    assert private_only(SPECS) == ["newneed", "start", "team"]


def test_help_by_role() -> None:
    newcomer = help_sections(SPECS, audiences_of(registered=False, roles=[]))
    assert newcomer == {Audience.EVERYONE: ["/start", "/help", "/language"]}
    designer = help_sections(SPECS, audiences_of(registered=True, roles=["designer", "odd"]))
    assert designer[Audience.MEMBER] == ["/team"]
    assert designer[Audience.DESIGNER] == ["/newneed", "/linkgroup"]
    assert Audience.OBSERVER not in designer


def test_a_command_name_telegram_would_refuse_is_refused_here() -> None:
    with pytest.raises(ValueError):
        CommandSpec("NewNeed", Audience.DESIGNER, Where.PRIVATE, lambda: "x")
