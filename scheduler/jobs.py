"""Scheduled jobs. Each only writes rows (outbox, notices, housekeeping): the sender delivers.

Work that is due lives in the database (groups joined, notices with a due time), not in
APScheduler's memory, so after downtime the first run of each job finds everything that fell
due meanwhile. Policy for late work, per kind of notice: a notice released after its
`expires_at` is dropped and logged (status "dropped" with the reason), never sent late;
everything else is done on restart.

Notices are released a batch at a time (RELEASE_BATCH per transaction), set-based: one query
for the due notices, one or two for the recipients of all of them, one executemany into the
outbox, one executemany settling the notices — so 10,000 announcements falling due together
all reach the outbox in one sweep, in statements that grow with the batches, not the notices.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.i18n import speak
from bot.services import balance
from bot.services.balance import NudgeRules
from bot.services.needs import expire_due
from bot.ui.keyboards import balance as balance_keyboards
from bot.ui.notices import enqueue_need_notices
from bot.ui.texts import announcements as announcements_texts
from bot.ui.texts import balance as balance_texts
from bot.ui.texts import groups as groups_texts
from domain.calendar import ROME
from storage.models import GroupChat, Team
from storage.repositories import OutboxItem
from storage.repositories.notice import DueNotice, NoticeOutcome
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


async def leave_unlinked(uow: UnitOfWork, *, now: datetime, grace: timedelta) -> int:
    """Say why once, then leave every group joined more than `grace` ago and never linked."""
    groups = await uow.groups.unlinked_joined_before(now - grace)
    items: list[OutboxItem] = []
    for group in groups:
        with speak(group.language):
            goodbye = groups_texts.group_goodbye()
        joined = int(group.joined_at.timestamp())  # which stay in the group this goodbye ends
        items += [OutboxItem(key=f"group-goodbye:{group.chat_id}:{joined}",
                             chat_id=group.chat_id, text=goodbye),
                  OutboxItem(key=f"group-leave:{group.chat_id}:{joined}",
                             chat_id=group.chat_id, method="leaveChat")]
        group.left_at = now
    await uow.outbox.enqueue_many(items, now=now)
    await uow.session.flush()
    return len(groups)


# --- notices --------------------------------------------------------------------------------

RELEASE_BATCH = 1000        # notices per transaction
OUTBOX_RETENTION = timedelta(days=7)


@dataclass(frozen=True)
class Recipient:
    chat_id: int
    language: str


def team_recipients(team: Team, group: GroupChat | None,
                    members: Sequence[tuple[int, str]]) -> list[Recipient]:
    """The team's linked group (in its language, unless the bot left it or was removed) and
    the reachable members given."""
    recipients = []
    if team.group_chat_id is not None and (
            group is None or (group.unreachable_at is None and group.left_at is None)):
        recipients.append(Recipient(team.group_chat_id, group.language if group else team.language))
    return recipients + [Recipient(chat_id, language) for chat_id, language in members]


Due = tuple[DueNotice, dict[str, Any]]  # a notice and its params


def _team_id(params: dict[str, Any]) -> int | None:
    try:
        return int(params["team_id"])
    except (KeyError, TypeError, ValueError):
        return None


async def _team_announcements(uow: UnitOfWork, notices: Sequence[Due], now: datetime
                              ) -> dict[int, list[OutboxItem]]:
    """Every notice's rows: to its team's group and, if asked, to its reachable members, each in
    their language. The teams, groups and members of the whole batch come in two queries; a
    notice whose team is gone yields no rows."""
    team_ids = {team_id for _notice, params in notices if (team_id := _team_id(params))}
    teams = await uow.teams.with_groups(sorted(team_ids))
    members = await uow.teams.reachable_members_of(sorted(
        {team_id for _notice, params in notices
         if params.get("members") and (team_id := _team_id(params)) in teams}))
    texts: dict[tuple[int, str, str], str] = {}
    fanned: dict[int, list[OutboxItem]] = {}
    for notice, params in notices:
        team_id = _team_id(params)
        if team_id is None or team_id not in teams:
            fanned[notice.id] = []
            continue
        team, group = teams[team_id]
        recipients = team_recipients(team, group,
                                     members.get(team_id, []) if params.get("members") else [])
        body = str(params.get("text", ""))
        items = []
        for recipient in recipients:
            text_key = (team_id, recipient.language, body)
            if text_key not in texts:
                with speak(recipient.language):
                    texts[text_key] = announcements_texts.announcement(team.name, body)
            items.append(OutboxItem(key=f"notice:{notice.id}:{recipient.chat_id}",
                                    chat_id=recipient.chat_id, text=texts[text_key]))
        fanned[notice.id] = items
    return fanned


# A kind's handler turns a batch of its notices into outbox rows, by notice id.
NoticeHandler = Callable[[UnitOfWork, Sequence[Due], datetime],
                         Awaitable[dict[int, list[OutboxItem]]]]
NOTICE_KINDS: dict[str, NoticeHandler] = {"team_announcement": _team_announcements}


def _dropped(notice: DueNotice, now: datetime) -> NoticeOutcome | None:
    """The policy for a notice that cannot go out: dropped, with the reason logged."""
    if notice.expires_at is not None and now > notice.expires_at:
        note = (f"due {notice.due_at:%Y-%m-%d %H:%M}Z, "
                f"expired {notice.expires_at:%Y-%m-%d %H:%M}Z")
        log.warning("notice %s (%s) dropped: released after it expired (%s)",
                    notice.key, notice.kind, note)
        return NoticeOutcome(notice.id, "dropped", note)
    if notice.kind not in NOTICE_KINDS:
        log.error("notice %s has an unknown kind %r: dropped", notice.key, notice.kind)
        return NoticeOutcome(notice.id, "dropped", "unknown kind")
    return None


def _params(notice: DueNotice) -> dict[str, Any] | None:
    try:
        params = json.loads(notice.params)
    except ValueError:
        params = None
    if not isinstance(params, dict):
        log.error("notice %s has unreadable params %r: dropped", notice.key, notice.params[:100])
        return None
    return params


async def _release_batch(uow: UnitOfWork, notices: Sequence[DueNotice], now: datetime
                         ) -> tuple[int, int]:
    outcomes: list[NoticeOutcome] = []
    by_kind: dict[str, list[Due]] = {}
    for notice in notices:
        if (dropped := _dropped(notice, now)) is not None:
            outcomes.append(dropped)
        elif (params := _params(notice)) is None:
            outcomes.append(NoticeOutcome(notice.id, "dropped", "unreadable params"))
        else:
            by_kind.setdefault(notice.kind, []).append((notice, params))
    fanned: dict[int, list[OutboxItem]] = {}
    for kind, due in by_kind.items():
        fanned.update(await NOTICE_KINDS[kind](uow, due, now))
    owner = {item.key: notice_id for notice_id, items in fanned.items() for item in items}
    added = Counter(owner[key] for key in await uow.outbox.enqueue_many_keys(
        [item for items in fanned.values() for item in items], now=now))
    outcomes += [NoticeOutcome(notice_id, "released", f"{added[notice_id]} messages")
                 for notice_id in fanned]
    await uow.notices.settle(outcomes, now=now)
    return len(fanned), len(outcomes) - len(fanned)


async def release_due_notices(uow: UnitOfWork, *, now: datetime, batch: int = RELEASE_BATCH,
                              on_released: Callable[[], None] | None = None) -> tuple[int, int]:
    """Fan every due notice out into the outbox, or drop it if it is too late to matter.

    One notice becomes one outbox row per recipient, in the transaction that marks it
    released; each batch of `batch` notices is committed before the next is taken (and
    `on_released` called, so a sender can start on it). Returns (released, dropped).
    """
    released = dropped = 0
    while True:
        notices = await uow.notices.due(now, limit=batch)
        if notices:
            done, gone = await _release_batch(uow, notices, now)
            released, dropped = released + done, dropped + gone
            await uow.commit_if_open()
            if done and on_released is not None:
                on_released()
        if len(notices) < batch:
            return released, dropped


PURGE_BATCH = 5000  # outbox rows per transaction


async def purge(uow: UnitOfWork, *, now: datetime, outbox_retention: timedelta = OUTBOX_RETENTION,
                batch: int = PURGE_BATCH) -> int:
    """Update ids are kept a day (enough for Telegram's redeliveries); finished outbox rows
    (sent, unreachable, dead) `outbox_retention`, then deleted a batch per transaction, so the
    outbox holds the open rows and recent history only. Returns the rows deleted."""
    forgotten = await uow.updates.forget_before(now - timedelta(days=1))
    await uow.commit_if_open()
    purged = 0
    while True:
        gone = await uow.outbox.purge_finished(before=now - outbox_retention, limit=batch)
        await uow.commit_if_open()
        purged += gone
        if gone < batch:
            break
    if forgotten or purged:
        log.info("housekeeping: forgot %d update ids, purged %d finished outbox rows",
                 forgotten, purged)
    return forgotten + purged


# --- needs past their deadline ----------------------------------------------------------------


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


# --- nudges (the balance's suggestions of needs) ------------------------------------------------


@dataclass(frozen=True)
class NudgeJob:
    """What the nudge sweep needs from the settings: the rules, the bot's username (for the
    pledge button's deep link) and the hours of the day (Rome) nudges may go out."""

    rules: NudgeRules
    bot_username: str
    from_hour: int = 9
    until_hour: int = 20


async def send_nudges(uow: UnitOfWork, *, now: datetime, job: NudgeJob) -> int:
    """Choose the week's nudges (bot.services.balance.choose_nudges), word each in its
    member's language with a one-tap pledge button, enqueue them and record them, in this
    unit of work. Outside the day's hours it does nothing: nobody is nudged at night, the next
    sweep in the hours finds the same needs. Returns the outbox rows added."""
    if not job.from_hour <= now.astimezone(ROME).hour < job.until_hour:
        return 0
    nudges = await balance.choose_nudges(uow, now=now, rules=job.rules)
    items = []
    for nudge in nudges:
        with speak(nudge.language):
            items.append(OutboxItem(
                key=nudge.key, chat_id=nudge.telegram_id, text=balance_texts.nudge_text(nudge),
                payload={"reply_markup": balance_keyboards.nudge_markup(job.bot_username,
                                                                        nudge.need.id)}))
    added = await uow.outbox.enqueue_many(items, now=now)
    await balance.record_nudges(uow, nudges, now=now)
    if nudges:
        log.info("nudges: %d chosen, %d enqueued", len(nudges), added)
    return added


# --- tables: reminders and the minutes reminder (issue 10) -----------------------------------


async def _table_reminders(uow: UnitOfWork, notices: Sequence[Due], now: datetime
                           ) -> dict[int, list[OutboxItem]]:
    """A table's reminder to its group and to those coming; none for a cancelled or moved one
    (its reminders were dropped; one that slipped through finds the revision moved on)."""
    from bot.services import tables
    from bot.ui.texts import tables as tables_texts

    fanned: dict[int, list[OutboxItem]] = {}
    for notice, params in notices:
        reminder = await tables.reminder_for(uow, params)
        items = []
        for recipient in reminder.recipients if reminder else ():
            assert reminder is not None
            with speak(recipient.language):
                text = tables_texts.reminder(reminder.table, reminder.minutes)
            items.append(OutboxItem(key=f"notice:{notice.id}:{recipient.chat_id}",
                                    chat_id=recipient.chat_id, text=text))
        fanned[notice.id] = items
    return fanned


async def _table_minutes_due(uow: UnitOfWork, notices: Sequence[Due], now: datetime
                             ) -> dict[int, list[OutboxItem]]:
    """A day after a table, its designer is reminded if no minutes were written."""
    from bot.services import tables
    from bot.ui.texts import tables as tables_texts

    fanned: dict[int, list[OutboxItem]] = {}
    for notice, params in notices:
        found = await tables.minutes_reminder_for(uow, params)
        items = []
        if found is not None:
            view, recipient = found
            with speak(recipient.language):
                text = tables_texts.minutes_reminder(view)
            items.append(OutboxItem(key=f"notice:{notice.id}:{recipient.chat_id}",
                                    chat_id=recipient.chat_id, text=text))
        fanned[notice.id] = items
    return fanned


NOTICE_KINDS.update({"table_reminder": _table_reminders,
                     "table_minutes_due": _table_minutes_due})


# --- tables: the next meeting of a recurring table (issue 10) --------------------------------


async def next_recurring_tables(uow: UnitOfWork, *, now: datetime) -> int:
    """Each recurring table whose time has passed gets its next meeting, once (a table follows
    at most one other), announced like a new table in the group's and members' languages."""
    from bot.services import tables
    from bot.ui.keyboards import tables as tables_keyboards
    from bot.ui.texts import tables as tables_texts

    created = await tables.create_next_occurrences(uow, now=now)
    items: list[OutboxItem] = []
    for table_id in created:
        told = await tables.announcement(uow, table_id=table_id)
        view = told.table
        for recipient in ([told.group] if told.group else []) + list(told.members):
            with speak(recipient.language):
                text = tables_texts.announcement(view)
                markup = tables_keyboards.as_json(tables_keyboards.rsvp(view))
            items.append(OutboxItem(
                key=f"table-announce:{view.id}:r{view.revision}:{recipient.chat_id}",
                chat_id=recipient.chat_id, text=text, payload={"reply_markup": markup}))
    await uow.outbox.enqueue_many(items, now=now)
    if created:
        log.info("recurring tables: %d next meetings set", len(created))
    return len(created)


# --- training: the next module to each due member, the week's pill to each group (issue 9) ---


@dataclass(frozen=True)
class TrainingJob:
    """The hours of the day (Rome) training pushes may go out: nobody is sent a module at
    night; the first sweep in the hours finds whoever fell due meanwhile."""

    from_hour: int = 9
    until_hour: int = 20


async def send_training(uow: UnitOfWork, *, now: datetime, job: TrainingJob | None = None,
                        batch: int | None = None) -> int:
    """Push the next module to every member due now, in their language, with its check
    button: one query for the due members, one executemany into the outbox (in chunks), one
    for the push log and one bulk update of their next due time, per batch (committed before
    the next). Paused members, members who blocked the bot and erased ones are never read.
    The outbox key is the member and the due moment, so a rerun adds nothing. Returns the
    outbox rows added."""
    from bot.services import training
    from bot.ui.keyboards import training as training_keyboards
    from bot.ui.texts import training as training_texts

    job = job or TrainingJob()
    if not job.from_hour <= now.astimezone(ROME).hour < job.until_hour:
        return 0
    limit = batch or training.SWEEP_BATCH
    added = 0
    while True:
        pushes, advances = await training.due_pushes(uow, now=now, limit=limit)
        rendered: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        items = []
        for push in pushes:
            key = (push.module.id, push.language)
            if key not in rendered:
                with speak(push.language):
                    rendered[key] = (training_texts.push(push.module), training_keyboards.as_json(
                        training_keyboards.open_check(push.module)))
            text, markup = rendered[key]
            items.append(OutboxItem(key=push.key, chat_id=push.telegram_id, text=text,
                                    payload={"reply_markup": markup}))
        added += await uow.outbox.enqueue_many(items, now=now)
        await training.settle_pushes(uow, pushes, advances, now=now)
        await uow.commit_if_open()
        if len(advances) < limit:
            break
    if added:
        log.info("training: %d modules pushed", added)
    return added


async def send_training_pills(uow: UnitOfWork, *, now: datetime,
                              job: TrainingJob | None = None) -> int:
    """The week's training pill to every linked team group the bot can post in, in the
    group's language, once per group and ISO week (the push log's key). Returns rows added."""
    from bot.services import training
    from bot.ui.texts import training as training_texts

    job = job or TrainingJob()
    if not job.from_hour <= now.astimezone(ROME).hour < job.until_hour:
        return 0
    items = []
    for pill in await training.week_pills(uow, now=now):
        with speak(pill.group.language):
            text = training_texts.pill(pill.module, pill.group.team_name)
        items.append(OutboxItem(key=pill.key, chat_id=pill.group.chat_id, text=text))
    added = await uow.outbox.enqueue_many(items, now=now)
    if added:
        log.info("training: %d pills to team groups", added)
    return added


# --- the free expert hour: reminders and the feedback request (issue 9) ------------------------


async def _expert_reminders(uow: UnitOfWork, notices: Sequence[Due], now: datetime
                            ) -> dict[int, list[OutboxItem]]:
    """A day and an hour before, to the member and to the expert, each in their language; none
    for a booking cancelled or moved since (its revision moved on)."""
    from bot.services import expert
    from bot.ui.texts import expert as expert_texts

    fanned: dict[int, list[OutboxItem]] = {}
    for notice, params in notices:
        found = await expert.reminder_for(uow, params)
        items = []
        if found is not None:
            view, minutes = found
            for person, word in ((view.member, expert_texts.member_reminder),
                                 (view.expert, expert_texts.expert_reminder)):
                if person.telegram_id is None:
                    continue
                with speak(person.language):
                    text = word(view, minutes)
                items.append(OutboxItem(key=f"notice:{notice.id}:{person.telegram_id}",
                                        chat_id=person.telegram_id, text=text))
        fanned[notice.id] = items
    return fanned


async def _expert_feedback(uow: UnitOfWork, notices: Sequence[Due], now: datetime
                           ) -> dict[int, list[OutboxItem]]:
    """When the hour is over, the member is asked how it went: one tap, 1 to 5."""
    from bot.services import expert
    from bot.ui.keyboards import expert as expert_keyboards
    from bot.ui.texts import expert as expert_texts

    fanned: dict[int, list[OutboxItem]] = {}
    for notice, params in notices:
        view = await expert.feedback_for(uow, params)
        items = []
        if view is not None and view.member.telegram_id is not None:
            with speak(view.member.language):
                text = expert_texts.feedback_request(view)
                markup = expert_keyboards.as_json(expert_keyboards.feedback(view))
            items.append(OutboxItem(key=f"notice:{notice.id}:{view.member.telegram_id}",
                                    chat_id=view.member.telegram_id, text=text,
                                    payload={"reply_markup": markup}))
        fanned[notice.id] = items
    return fanned


NOTICE_KINDS.update({"expert_reminder": _expert_reminders,
                     "expert_feedback": _expert_feedback})
