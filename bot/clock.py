"""The one clock of the application.

`system_clock` is the only place that reads calendar time. The composition root (`cohesion.app`,
the CLI) hands it down as a `Clock` to whatever needs the time — services, the sender, the
scheduler and its jobs, the webhook worker, the local chat — and tests hand down a pinned one
instead, so the suite passes whatever day it runs on. Monotonic timers for pacing are fine
anywhere; they say how long, never what day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]
"""A callable returning the current moment as an aware UTC datetime."""


def system_clock() -> datetime:
    return datetime.now(UTC)
