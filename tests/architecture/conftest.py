"""What the architecture tests share: the bot's routers, walked."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from aiogram import Router


def all_routers(roots: Iterable[Router]) -> Iterator[Router]:
    """Every router under ``roots``, each before its sub-routers."""
    for router in roots:
        yield router
        yield from all_routers(router.sub_routers)
