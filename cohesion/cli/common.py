"""What the `cohesion` tool's commands share: the error a person at the terminal reads, one
unit of work per command, reading a place."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.capabilities import unit_of_work
from bot.config import Settings
from domain.territory import Gazetteer, Place
from storage.db import create_engine, create_session_factory
from storage.uow import UnitOfWork


class CliError(Exception):
    """A clear message for the person at the terminal; exit status 2."""


def resolve_place(gazetteer: Gazetteer, text: str) -> Place:
    place = gazetteer.get(text.strip()) or gazetteer.get(text.strip().upper())
    if place is not None:
        return place
    result = gazetteer.resolve(text)
    if result.status == "found" and result.place is not None:
        return result.place
    if result.status == "ambiguous":
        options = "; ".join(f"{p.code} = {p.name} ({p.kind}, {p.region_name})"
                            for p in result.candidates)
        raise CliError(f"'{text}' is ambiguous: {options}. Give the code instead.")
    raise CliError(f"no territory matches '{text}'")


async def with_uow(settings: Settings, work: Callable[[UnitOfWork], Awaitable[Any]]) -> Any:
    engine = create_engine(settings.database_url)
    try:
        async with unit_of_work(create_session_factory(engine)) as uow:
            return await work(uow)
    finally:
        await engine.dispose()
