"""A team's announcements (`cohesion announce`): scheduled notices released to the team's
group and, if asked, its members, each in their language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.capability import Due
from bot.i18n import speak
from bot.ui.texts import announcements as announcements_texts
from storage.models import GroupChat, Team
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Recipient:
    chat_id: int
    language: str


def team_recipients(team: Team, group: GroupChat | None,
                    members: Sequence[tuple[int, str]], *, to_group: bool = True
                    ) -> list[Recipient]:
    """The team's linked group (in its language, unless the bot left it or was removed, or
    `to_group` is false) and the reachable members given."""
    recipients = []
    if to_group and team.group_chat_id is not None and (
            group is None or (group.unreachable_at is None and group.left_at is None)):
        recipients.append(Recipient(team.group_chat_id, group.language if group else team.language))
    return recipients + [Recipient(chat_id, language) for chat_id, language in members]




def _team_id(params: dict[str, Any]) -> int | None:
    try:
        return int(params["team_id"])
    except (KeyError, TypeError, ValueError):
        return None


async def team_announcements(uow: UnitOfWork, notices: Sequence[Due], now: datetime
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
                                     members.get(team_id, []) if params.get("members") else [],
                                     to_group=params.get("group", True) is not False)
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
