"""The notices the needs use cases return, worded in each recipient's language and put in
the outbox in the caller's unit of work (so they leave only if the change commits).

Handlers and the scheduler's jobs call `enqueue_need_notices` with the ``Notice`` values a
use case gave back; the outbox key each one carries makes a repeat a no-op, so a person hears
of an event once even if the update is processed twice.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from aiogram.utils.i18n import gettext as _

from bot.i18n import DEFAULT_LANGUAGE, speak
from bot.services.needs import Notice, expire_due
from bot.ui.texts.common import q
from storage.models import Need
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


def need_notice(kind: str, need: Need, *, reason: str | None = None) -> str:
    """The text of one notice about ``need`` (in the language in use)."""
    title = q(need.title)
    if kind == "covered":
        return _("✅ The need <b>{title}</b> you pledged to is now covered. Thank you!").format(
            title=title)
    if kind == "changed":
        return _("✏️ The need <b>{title}</b> you pledged to has been changed by its team. "
                 "See it with /pledges.").format(title=title)
    if kind == "closed":
        return _("The need <b>{title}</b> you pledged to has been closed by its team: "
                 "your pledge is no longer needed. Thank you all the same!").format(title=title)
    if kind == "expired":
        return _("⌛ The need <b>{title}</b> you pledged to has passed its deadline.").format(
            title=title)
    if kind == "thanks":
        return _("🙏 The team confirmed what you delivered for <b>{title}</b>. "
                 "Thank you!").format(title=title)
    if kind == "approved":
        return _("👍 Your proposal <b>{title}</b> has been approved and published.").format(
            title=title)
    if kind == "declined":
        if reason:
            return _("Your proposal <b>{title}</b> was not accepted: {reason}").format(
                title=title, reason=q(reason))
        return _("Your proposal <b>{title}</b> was not accepted.").format(title=title)
    if kind == "proposed":
        return _("💡 A member proposed a need: <b>{title}</b>. Review it with /proposals.").format(
            title=title)
    raise ValueError(f"no wording for a need notice of kind {kind!r}")


async def enqueue_need_notices(uow: UnitOfWork, notices: Sequence[Notice], *, now: datetime,
                               reason: str | None = None,
                               markup: Mapping[str, dict[str, Any]] | None = None) -> int:
    """Word each notice in its recipient's language and add it to the outbox; ``markup`` gives
    a ``reply_markup`` (Bot API JSON) per kind. Returns how many rows were added."""
    if not notices:
        return 0
    needs: dict[int, Need | None] = {}
    for need_id in {notice.need_id for notice in notices}:
        needs[need_id] = await uow.needs.get(need_id)  # one need per use case, in practice
    languages = await uow.members.languages(notice.chat_id for notice in notices)
    items: list[OutboxItem] = []
    for notice in notices:
        need = needs[notice.need_id]
        if need is None:
            continue
        with speak(languages.get(notice.chat_id) or DEFAULT_LANGUAGE):
            text = need_notice(notice.kind, need, reason=reason)
        extra: dict[str, Any] | None = None
        if markup and notice.kind in markup:
            extra = {"reply_markup": markup[notice.kind]}
        items.append(OutboxItem(key=notice.key, chat_id=notice.chat_id, text=text,
                                payload=extra))
    return await uow.outbox.enqueue_many(items, now=now)


async def expire_needs(uow: UnitOfWork, *, now: datetime) -> int:
    """Needs whose deadline day (Europe/Rome) is over expire; their pledgers are told once each,
    in their language (the notices' keys make a second run, or a rerun after a crash, a no-op).
    Returns the needs expired."""
    outcomes = await expire_due(uow, now=now)
    for outcome in outcomes:
        await enqueue_need_notices(uow, outcome.notices, now=now)
    if outcomes:
        log.info("needs: %d expired", len(outcomes))
    return len(outcomes)
