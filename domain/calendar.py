"""The calendar the platform lives by: Italy's, Europe/Rome.

Every date shown to a person, every deadline day and every wall-clock time a person types is
read in this one time zone; the clock itself stays UTC (bot/clock.py)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

__all__ = ["ROME"]

ROME = ZoneInfo("Europe/Rome")
