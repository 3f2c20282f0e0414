"""/export: a ZIP of CSV files of a scope and a period, for designers, observers and admins.

    /export ─────────► one scope ──► period buttons ──► the ZIP (the language's separator)
       │                 └ several ──► scope buttons ──► period buttons ──► the ZIP
       └ /export <period> ──► (scope buttons when several) ──► the ZIP
                                                             └ "again, with ," ──► the ZIP

No state crosses updates: each button carries the scope, the period's key and the separator,
and each press is checked again (who may export the scope now, the period read back from its
key), so a forged or stale press gets an answer and nothing else. The ZIP is written to a
temporary file, streamed (``bot.services.impact.export``), and sent as a document.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from aiogram import Router
from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, FSInputFile, Message

from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where
from bot.config import Settings
from bot.filters import Command, OnMessage, PrivateChat
from bot.i18n import current_locale
from bot.services import places
from bot.services.impact import export
from bot.services.impact.export import ScopeChoice
from bot.services.roles import NotAllowed
from bot.ui.callbacks.export import ExportCb
from bot.ui.keyboards import export as keyboards
from bot.ui.texts import balance as balance_texts
from bot.ui.texts import common as common_texts
from bot.ui.texts import export as texts
from bot.ui.texts.places import place_label
from domain.calendar import ROME
from domain.export import Separator, dialect_for
from domain.period import Period, parse_period
from domain.territory import Gazetteer
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("export", Audience.DESIGNER, Where.PRIVATE, texts.EXPORT_MENU,
                texts.EXPORT_HELP),
    CommandSpec("export", Audience.OBSERVER, Where.PRIVATE, texts.EXPORT_MENU,
                texts.EXPORT_HELP_OBSERVER),
)
SEPARATORS: dict[str, Separator] = {"s": ";", "c": ","}


def scope_label(scope: ScopeChoice, gazetteer: Gazetteer) -> str:
    if scope.kind == "teams":
        return balance_texts.all_teams_button()
    if scope.kind == "all":
        return texts.everywhere_button()
    if scope.kind == "place":
        place = places.view_of(gazetteer, scope.key)
        return place_label(place) if place else scope.key
    return scope.name


async def send_export(message: Message, uow: UnitOfWork, *, telegram_id: int,
                      scope: ScopeChoice, period: Period, separator: Separator | None,
                      clock: Clock, settings: Settings, gazetteer: Gazetteer) -> None:
    """Check, write the ZIP to a temporary file, send it with what it holds and a button for
    the other separator. ``NotAllowed`` when the person may not export the scope."""
    found = await export.scope_for(uow, telegram_id=telegram_id, kind=scope.kind, key=scope.key)
    language = current_locale()
    dialect = dialect_for(language, separator)
    label = scope_label(scope, gazetteer)
    with tempfile.TemporaryDirectory(prefix="export-") as folder:
        path = Path(folder) / "export.zip"
        with path.open("w+b") as out:
            summary = await export.write_export(
                uow, out, scope=found, period=period, now=clock(), language=language,
                dialect=dialect, secret=settings.pseudonym_key(),
                readme=lambda s: texts.readme(s, label))
        await message.answer_document(
            FSInputFile(path, filename=export.file_name(label, period)),
            caption=texts.caption(summary, label),
            reply_markup=keyboards.other_separator(scope, period, dialect.separator))


async def cmd_export(message: Message, command: CommandObject, uow: UnitOfWork, clock: Clock,
                     settings: Settings, gazetteer: Gazetteer) -> None:
    if message.from_user is None:
        return
    scopes = await export.scopes_of(uow, telegram_id=message.from_user.id)
    if not scopes:
        await message.answer(texts.not_allowed())
        return
    period: Period | None = None
    if command.args:
        period = parse_period(command.args, today=clock().astimezone(ROME).date())
        if period is None:
            await message.answer(texts.unreadable_period(command.args))
            return
    if len(scopes) > 1:
        await message.answer(texts.choose_scope(), reply_markup=keyboards.scopes(
            [(scope, scope_label(scope, gazetteer)) for scope in scopes], period))
        return
    if period is None:
        await ask_period(message, scopes[0], clock=clock, gazetteer=gazetteer)
        return
    await send_export(message, uow, telegram_id=message.from_user.id, scope=scopes[0],
                      period=period, separator=None, clock=clock, settings=settings,
                      gazetteer=gazetteer)


async def ask_period(message: Message, scope: ScopeChoice, *, clock: Clock,
                     gazetteer: Gazetteer) -> None:
    await message.answer(texts.choose_period(scope_label(scope, gazetteer)),
                         reply_markup=keyboards.periods(scope, clock().astimezone(ROME).date()))


async def on_export_pressed(callback: CallbackQuery, callback_data: ExportCb, message: Message,
                            uow: UnitOfWork, clock: Clock, settings: Settings,
                            gazetteer: Gazetteer) -> None:
    scope = next((s for s in await export.scopes_of(uow, telegram_id=callback.from_user.id)
                  if s.kind == callback_data.kind and s.key == callback_data.key), None)
    if scope is None:
        await callback.answer(texts.scope_gone(), show_alert=True)
        return
    if not callback_data.period:
        await callback.answer()
        await ask_period(message, scope, clock=clock, gazetteer=gazetteer)
        return
    period = Period.from_key(callback_data.period)
    if period is None or not export.period_allowed(period):
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer(texts.preparing())
    try:
        await send_export(message, uow, telegram_id=callback.from_user.id, scope=scope,
                          period=period, separator=SEPARATORS.get(callback_data.sep),
                          clock=clock, settings=settings, gazetteer=gazetteer)
    except NotAllowed:  # the role went between the two reads
        await message.answer(texts.scope_gone())


def create_router() -> Router:
    router = Router(name="export")
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(cmd_export, Command("export"))
    router.callback_query.register(on_export_pressed, ExportCb.filter())
    return router
