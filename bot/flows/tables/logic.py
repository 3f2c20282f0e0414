"""The pure parts of /newtable and /minutes: the order of the steps, and reading the capacity,
the reminder times and the lists a designer types."""

from __future__ import annotations

import re

STEPS = ("when", "place", "agenda", "capacity", "recurrence", "reminders")
MAX_REMINDER_HOURS = 24 * 30
#: What /minutes takes, in characters: together, the check and the group's post stay well
#: within a Telegram message (4,096) with the table's own lines.
MAX_ATTENDANCE = 800
MAX_DECISIONS = 1200
MAX_NOTES = 1000


def parse_capacity(text: str) -> int | None:
    """A whole number of places from 1 to 10000, or None when it is not one."""
    cleaned = text.strip()
    if not re.fullmatch(r"\d{1,5}", cleaned):
        return None
    value = int(cleaned)
    return value if 1 <= value <= 10000 else None


def parse_reminders(text: str) -> list[int] | None:
    """Hours before the table, "48, 2" or "24 1" or "0,5" (half an hour): minutes, largest
    first, or None when a part is not a number of hours within a month."""
    parts = [p for p in re.split(r"[\s;]+|,(?!\d)|,\s+", text.strip()) if p]
    if not parts or len(parts) > 5:
        return None
    found: set[int] = set()
    for part in parts:
        match = re.fullmatch(r"(\d{1,3})(?:[.,](\d))?\s*h?", part.lower())
        if match is None:
            return None
        minutes = int(match[1]) * 60 + (int(match[2]) * 6 if match[2] else 0)
        if not 0 < minutes <= MAX_REMINDER_HOURS * 60:
            return None
        found.add(minutes)
    return sorted(found, reverse=True)


def parse_names(text: str) -> list[str]:
    return [name.strip() for name in re.split(r"[,\n]", text) if name.strip()][:100]


MAX_ITEMS = 30


def parse_lines(text: str) -> list[str]:
    """The points of a list typed one per line or separated by ";" (bullets dropped)."""
    parts = (part.strip().strip(" -•*").strip() for part in re.split(r"[\n;]", text))
    return [part for part in parts if part][:MAX_ITEMS]


def gather(so_far: list[str], text: str) -> tuple[list[str], bool]:
    """A list step's answer: the points gathered so far with this message's, and whether the list
    is complete. A first message of several points is the whole list; a single point (or any
    message after one) may be followed by more, one per message, until the person presses Done —
    so a point sent as its own message is never taken as the answer to the next question."""
    items = parse_lines(text)
    if not so_far and len(items) > 1:
        return items, True
    return (so_far + items)[:MAX_ITEMS], False
