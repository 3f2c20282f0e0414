"""What Telegram's answer to one outbox row means for the row, and how it is written back.

Telegram's answers:
- 429: the row waits `retry_after`, the chat too, and the sender slows down for a while;
- 403 (blocked, kicked) and "chat not found": the member or group is marked unreachable and
  the chat's open rows are closed, never retried;
- migrated to a supergroup: stored chat ids are rewritten and the row is delivered there once;
- 5xx, timeouts, network errors: retried with exponential backoff, then "dead" with the reason.

Reading an answer is plain: it gives an `Outcome` and touches nothing. The sender counts it and
tells its pacer, and writes the outcomes back in batches (`record`), in its own transaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from bot.clock import Clock
from storage.models import OutboxStatus
from storage.repositories import ClaimedMessage
from storage.repositories.posted import PostedMessageRepository, fingerprint
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


class Verdict(StrEnum):
    """What the sender made of one call, as its stats count it (one counter each)."""

    SENT = "sent"
    TOO_MANY_REQUESTS = "too_many_requests"
    MIGRATED = "migrated"
    UNREACHABLE = "unreachable"
    RETRIED = "retried"
    DEAD = "dead"


@dataclass
class Outcome:
    """What happened to one claimed row, written back in the next flush."""

    message: ClaimedMessage
    status: str
    error: str | None = None
    retry_at: datetime | None = None
    migrate_to: int | None = None
    unreachable: bool = False
    sent_at: datetime | None = None
    counts_as_attempt: bool = True  # a 429 or a migration is not the message's fault
    verdict: Verdict | None = None  # None: the sender's own failure, not an answer it counts
    message_id: int | None = None  # the id of the message a sendMessage posted


def delivered(message: ClaimedMessage, *, now: datetime,
              message_id: int | None = None) -> Outcome:
    return Outcome(message, OutboxStatus.SENT.value, sent_at=now, verdict=Verdict.SENT,
                   message_id=message_id)


def classify(message: ClaimedMessage, error: TelegramAPIError | TimeoutError, *, clock: Clock,
             max_attempts: int, backoff: timedelta) -> Outcome:
    """The row's outcome when its call raised `error` (checked in this order: aiogram's
    exceptions subclass one another)."""
    if isinstance(error, TelegramRetryAfter):
        # The row (and so its chat) waits retry_after; everyone else goes on, slower.
        return Outcome(message, OutboxStatus.PENDING.value, error=error.message,
                       retry_at=clock() + timedelta(seconds=error.retry_after),
                       counts_as_attempt=False, verdict=Verdict.TOO_MANY_REQUESTS)
    if isinstance(error, TelegramMigrateToChat):
        return Outcome(message, OutboxStatus.PENDING.value, error=error.message,
                       migrate_to=error.migrate_to_chat_id, retry_at=clock(),
                       counts_as_attempt=False, verdict=Verdict.MIGRATED)
    if isinstance(error, TelegramForbiddenError):
        return Outcome(message, OutboxStatus.UNREACHABLE.value, error=error.message,
                       unreachable=True, verdict=Verdict.UNREACHABLE)
    if isinstance(error, TelegramBadRequest):
        if message.method == EDIT and "message is not modified" in error.message.lower():
            # It already shows what the edit says (someone's button press edited it first).
            return delivered(message, now=clock())
        if "chat not found" in error.message.lower():
            return Outcome(message, OutboxStatus.UNREACHABLE.value, error=error.message,
                           unreachable=True, verdict=Verdict.UNREACHABLE)
        # Telegram will refuse it every time: no retry
        return Outcome(message, OutboxStatus.DEAD.value, error=error.message, verdict=Verdict.DEAD)
    if isinstance(error, (TelegramServerError, TelegramNetworkError, TimeoutError)):
        reason = f"{type(error).__name__}: {error}"[:500]
    else:
        reason = f"{type(error).__name__}: {error.message}"[:500]
    return _retry_or_die(message, reason, clock=clock, max_attempts=max_attempts, backoff=backoff)


def _retry_or_die(message: ClaimedMessage, error: str, *, clock: Clock, max_attempts: int,
                  backoff: timedelta) -> Outcome:
    attempts = message.attempts + 1
    if attempts >= max_attempts:
        log.warning("outbox %s dead after %s attempts: %s", message.id, attempts, error)
        return Outcome(message, OutboxStatus.DEAD.value, error=error, verdict=Verdict.DEAD)
    delay = backoff * (2 ** (attempts - 1))
    return Outcome(message, OutboxStatus.PENDING.value, error=error,
                   retry_at=clock() + min(delay, timedelta(minutes=10)), verdict=Verdict.RETRIED)


# --- writing them back ------------------------------------------------------------------------


async def record(uow: UnitOfWork, outcomes: Sequence[Outcome], *, clock: Clock) -> None:
    """Write `outcomes` back on `uow`: the rows delivered in one statement, the others one by one."""
    sent = [o for o in outcomes if o.status == OutboxStatus.SENT.value and o.error is None]
    if sent:  # the common case, in one statement
        await uow.outbox.mark_sent([o.message.id for o in sent],
                                   sent_at=max(o.sent_at or clock() for o in sent))
        await _remember_posted(uow, sent, now=clock())
    for outcome in outcomes:
        if not (outcome.status == OutboxStatus.SENT.value and outcome.error is None):
            await _apply(uow, outcome, clock=clock)


# --- messages kept up to date ------------------------------------------------------------------

EDIT = "editMessageText"
_SUBJECT = '"subject"'  # a row about a posted message names it in its payload


def _subject_of(message: ClaimedMessage) -> tuple[str, dict[str, Any]] | None:
    if _SUBJECT not in message.payload:  # most rows: no JSON to read
        return None
    payload: dict[str, Any] = json.loads(message.payload)
    subject = payload.get("subject")
    return (str(subject), payload) if subject else None


async def edit_targets(uow: UnitOfWork, rows: Sequence[ClaimedMessage]) -> dict[int, int]:
    """The message each claimed editMessageText row changes, by row id (rows whose message
    was never recorded are left out). A chat's rows go one at a time in id order, so the row
    that posted the message was delivered, and recorded, before its edits are claimed."""
    wanted = {row.id: (found[0], row.chat_id) for row in rows if row.method == EDIT
              and (found := _subject_of(row)) is not None}
    if not wanted:
        return {}
    ids = await uow.repository(PostedMessageRepository).lookup(wanted.values())
    return {row_id: ids[pair] for row_id, pair in wanted.items() if pair in ids}


async def _remember_posted(uow: UnitOfWork, sent: Sequence[Outcome], *, now: datetime) -> None:
    """A posted message (its id) or an edit of it (what it shows now), for the next edit."""
    posted = uow.repository(PostedMessageRepository)
    for outcome in sent:
        found = _subject_of(outcome.message)
        if found is None or outcome.message.method not in (EDIT, "sendMessage"):
            continue
        subject, payload = found
        markup = payload.get("reply_markup")
        if outcome.message.method == EDIT:
            await posted.record(subject=subject, chat_id=outcome.message.chat_id,
                                message_id=None, shown=fingerprint(payload["text"], markup),
                                markup=None, now=now)
        elif outcome.message_id is not None:
            await posted.record(subject=subject, chat_id=outcome.message.chat_id,
                                message_id=outcome.message_id,
                                shown=fingerprint(payload["text"], markup),
                                markup=json.dumps(markup) if markup else None, now=now)


async def _apply(uow: UnitOfWork, outcome: Outcome, *, clock: Clock) -> None:
    message = outcome.message
    if outcome.migrate_to is not None:
        await migrate_chat(uow, message.chat_id, outcome.migrate_to)
        await uow.outbox.finish(message.id, chat_id=outcome.migrate_to,
                                status=OutboxStatus.PENDING.value, not_before=outcome.retry_at,
                                claimed_by=None, last_error=outcome.error)
        return
    if outcome.unreachable:
        await mark_unreachable(uow, message.chat_id, now=clock())
        await uow.outbox.close_chat(message.chat_id, status=OutboxStatus.UNREACHABLE.value,
                                    reason=outcome.error or "unreachable")
    values: dict[str, Any] = {"status": outcome.status}
    if outcome.error is not None:  # a delivery after retries keeps the reason it was late
        values["last_error"] = outcome.error
    if outcome.status == OutboxStatus.SENT.value:
        values["sent_at"] = outcome.sent_at
    if outcome.status == OutboxStatus.PENDING.value:
        values.update(not_before=outcome.retry_at, claimed_by=None,
                      attempts=message.attempts + int(outcome.counts_as_attempt))
    await uow.outbox.finish(message.id, **values)


async def mark_unreachable(uow: UnitOfWork, chat_id: int, *, now: datetime) -> None:
    """A member who blocked the bot, or a group that removed it: no more messages there."""
    if chat_id > 0:
        member = await uow.members.by_telegram_id(chat_id)
        if member is not None and member.unreachable_at is None:
            member.unreachable_at = now
    else:
        group = await uow.groups.get(chat_id)
        if group is not None and group.unreachable_at is None:
            group.unreachable_at = now


async def migrate_chat(uow: UnitOfWork, old_chat_id: int, new_chat_id: int) -> None:
    """A group became a supergroup: its id changes everywhere we keep it."""
    team = await uow.teams.by_group_chat(old_chat_id)
    if team is not None:
        team.group_chat_id = new_chat_id
    await uow.groups.move(old_chat_id, new_chat_id)
    await uow.outbox.move_chat(old_chat_id, new_chat_id)
