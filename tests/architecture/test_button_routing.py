"""A button press skips, on its prefix alone, every router with no step for it.

Without it a press of the profile card's buttons went through ~60 steps' filters first (each
failed `CallbackData` unpack raising and catching an exception): 1.5-1.7x bare aiogram, where
the target is 1.5x (bench/routers_bench.py). The check must never hide a router's own buttons.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiogram import Router
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from aiogram.types import CallbackQuery, Chat, Message, User

from bot.capabilities import get_routers
from bot.filters import ButtonPrefixes, route_buttons
from tests.architecture.conftest import all_routers


def kinds_of(router: Router) -> set[type[CallbackData]]:
    return {item.callback.callback_data for handler in router.callback_query.handlers
            for item in handler.filters or [] if isinstance(item.callback, CallbackQueryFilter)}


def prefix_filters(router: Router) -> list[ButtonPrefixes]:
    return [item.callback for item in router.callback_query._handler.filters or []
            if isinstance(item.callback, ButtonPrefixes)]


def press(data: str | None) -> CallbackQuery:
    user = User(id=1001, is_bot=False, first_name="Giulia")
    message = Message(message_id=1, date=0, chat=Chat(id=1001, type="private"), text="…")
    return CallbackQuery(id="1", from_user=user, chat_instance="c", data=data, message=message)


def packed(kind: type[CallbackData]) -> str:
    """Data of that kind (the prefix decides; the fields do not matter to the check)."""
    return kind.__separator__.join([kind.__prefix__, *("1" for _ in kind.model_fields)])


async def passes(filters: Iterable[ButtonPrefixes], data: str | None) -> bool:
    return all([await check(press(data)) for check in filters])


async def test_every_router_lets_through_exactly_the_buttons_its_steps_take() -> None:
    routers = list(all_routers(get_routers()))
    every_kind = set().union(*(kinds_of(router) for router in routers))
    assert len(every_kind) >= 20  # the bot's buttons: the check below covers each of them
    routed = 0
    for router in routers:
        mine = kinds_of(router)
        filters = prefix_filters(router)
        if router.name == "fallback" or not router.callback_query.handlers:
            assert filters == [], router.name  # it answers any button: nothing may skip it
            continue
        assert len(filters) == 1, router.name
        routed += 1
        for kind in every_kind:
            assert await passes(filters, packed(kind)) == (kind in mine), (router.name, kind)
        assert not await passes(filters, None)
        assert not await passes(filters, "nothing-of-ours:1")
    assert routed >= 10


class Alpha(CallbackData, prefix="ab"):
    value: int


class AlphaLonger(CallbackData, prefix="abc"):
    value: int


class Piped(CallbackData, prefix="pp", sep="|"):
    value: int


class Bare(CallbackData, prefix="bare"):
    pass


async def test_the_prefix_is_compared_whole_and_with_its_kind_s_separator() -> None:
    only_alpha = ButtonPrefixes([Alpha, Piped, Bare])
    assert await only_alpha(press(Alpha(value=3).pack()))
    assert await only_alpha(press(Piped(value=3).pack()))
    assert await only_alpha(press(Bare().pack()))  # no fields: the data is the prefix alone
    assert not await only_alpha(press(AlphaLonger(value=3).pack()))  # "abc:3" is not "ab"
    assert not await only_alpha(press("a:3"))
    assert not await only_alpha(press("pp:3"))  # Piped's separator is "|"
    assert not await only_alpha(press(""))
    assert not await only_alpha(press(None))


async def test_a_router_with_a_step_for_any_button_or_with_sub_routers_is_left_alone() -> None:
    async def step(callback: CallbackQuery) -> None: ...

    catch_all = Router(name="catch_all")
    catch_all.callback_query.register(step, Alpha.filter())
    catch_all.callback_query.register(step)  # takes any button
    assert route_buttons(catch_all) is False
    assert prefix_filters(catch_all) == []

    outer, inner = Router(name="outer"), Router(name="inner")
    outer.callback_query.register(step, Alpha.filter())
    inner.callback_query.register(step, AlphaLonger.filter())
    outer.include_router(inner)
    assert route_buttons(outer) is False  # its sub-router's buttons would be skipped too
    assert route_buttons(inner) is True
    assert await passes(prefix_filters(inner), AlphaLonger(value=1).pack())
    assert not await passes(prefix_filters(inner), Alpha(value=1).pack())

    no_buttons = Router(name="no_buttons")
    assert route_buttons(no_buttons) is False
