"""The self-assessment's use cases.

Shared with training and the expert hour: ``weakest_competences`` — what a member's latest
finished assessment says they should work on first.
"""

from __future__ import annotations

from domain.assessment import Framework, load_framework, weakest
from storage.uow import UnitOfWork


async def weakest_competences(uow: UnitOfWork, *, telegram_id: int,
                              framework: Framework | None = None) -> list[str]:
    """Competence ids of the member's latest finished assessment, weakest first (ties in the
    framework's order); [] if they never finished one."""
    scores = await uow.assessments.latest_scores(telegram_id)
    return weakest(framework or load_framework(), scores)
