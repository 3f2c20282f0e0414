"""Pure rules of onboarding: which step comes next, and what an answer must look like.

No aiogram, no database: a snapshot of the member in, a decision out.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

ORGANISATION_ACTORS = frozenset({"npo", "company", "institution"})
ACTORS = frozenset({"citizen"}) | ORGANISATION_ACTORS
MAX_SKILLS_LENGTH = 300
_TEAM_PAYLOAD = re.compile(r"team_(\d{1,9})")
_NEED_PAYLOAD = re.compile(r"need_(\d{1,9})")
#: What a deep link's target is kept as in the state data, through onboarding.
TARGETS = ("target_team_id", "target_need_id")


class Step(enum.StrEnum):
    LANGUAGE = "language"
    CONSENT = "consent"
    ACTOR = "actor"
    ORGANISATION = "organisation"
    TERRITORY = "territory"
    SKILLS = "skills"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What onboarding needs to know of a member (None: no member row yet)."""

    consented: bool
    actor_type: str | None
    organisation_name: str | None
    territory_code: str | None
    onboarded: bool


def next_step(snapshot: Snapshot | None) -> Step:
    """The first step still missing, so an interrupted registration resumes where it stopped."""
    if snapshot is None:
        return Step.LANGUAGE
    if not snapshot.consented:
        return Step.CONSENT
    if snapshot.actor_type not in ACTORS:
        return Step.ACTOR
    if snapshot.actor_type in ORGANISATION_ACTORS and not snapshot.organisation_name:
        return Step.ORGANISATION
    if not snapshot.territory_code:
        return Step.TERRITORY
    if not snapshot.onboarded:
        return Step.SKILLS  # then availability: both optional, asked once
    return Step.DONE


def clean_organisation(text: str | None) -> str | None:
    """An organisation name of 2–100 visible characters, spaces folded; None if unusable."""
    if not text:
        return None
    name = " ".join(text.split())
    if not 2 <= len(name) <= 100 or name.startswith("/"):
        return None
    return name


#: Letters that show nothing (Hangul fillers): "ㅤ" looks empty though it is a letter.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


def _visible(text: str) -> bool:
    """Some letter or digit that shows (not only zero-width spaces or fillers)."""
    return any(c.isalnum() and c not in _BLANK_LETTERS for c in text)


def clean_skills(text: str | None) -> str | None:
    """Comma-separated skills, each trimmed, empty ones and duplicates dropped; None if unusable."""
    if not text or text.startswith("/"):
        return None
    seen: dict[str, str] = {}
    for part in re.split(r"[,;\n]", text):
        skill = " ".join(part.split())
        if _visible(skill) and skill.lower() not in seen:
            seen[skill.lower()] = skill
    joined = ", ".join(seen.values())
    if not joined or len(joined) > MAX_SKILLS_LENGTH:
        return None
    return joined


def team_from_payload(payload: str | None) -> int | None:
    """The team id of a deep link `?start=team_<id>`, or None."""
    if not payload:
        return None
    match = _TEAM_PAYLOAD.fullmatch(payload.strip())
    return int(match.group(1)) if match else None


def need_from_payload(payload: str | None) -> int | None:
    """The need id of a deep link `?start=need_<id>` (a group announcement's button), or None."""
    if not payload:
        return None
    match = _NEED_PAYLOAD.fullmatch(payload.strip())
    return int(match.group(1)) if match else None
