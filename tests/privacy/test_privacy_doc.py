"""docs/privacy.md says how every column that holds a person is erased, and /privacy links it,
in Italian and in English (as a link when the setting says where it is published)."""

from __future__ import annotations

from pathlib import Path

import storage.models  # noqa: F401  (registers every table)
from bot.capabilities import personal_data
from bot.config import Settings
from tests.conftest import Clock
from tests.world import open_world

DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"
ANNA, JOHN = 7315920601, 7315920602


def test_the_document_names_every_column_a_capability_erases() -> None:
    text = DOC.read_text()
    missing = [column for _name, personal in personal_data() for column in personal.columns
               if f"`{column}`" not in text]
    assert not missing, f"docs/privacy.md does not say how these are erased: {missing}"
    for part in ("secure_delete", "wal_checkpoint(TRUNCATE)", "VACUUM FULL",
                 "failed_update_retention_days"):
        assert part in text


async def test_privacy_links_the_document_in_both_languages(sqlite_url: str,
                                                            clock: Clock) -> None:
    settings = Settings(_env_file=None, bot_token=None, database_url=sqlite_url,  # type: ignore[call-arg]
                        redis_url=None)
    async with open_world(settings, clock, (ANNA, "Anna", "it"), (JOHN, "John", "en")) as world:
        await world.converse(ANNA, [("/privacy", [
            "Cosa conserviamo, perché, dove, per quanto tempo", "docs/privacy.md",
            "viene conservato 7 giorni"])])
        world.settings.privacy_url = "https://example.org/cohesion/privacy"
        world.settings.failed_update_retention_days = 1
        outputs = await world.converse(JOHN, [("/privacy", [
            "What we keep, why, where, for how long", "is kept 1 day for us to fix it"])])
    assert any('<a href="https://example.org/cohesion/privacy">docs/privacy.md</a>' in o.text
               for o in outputs)
