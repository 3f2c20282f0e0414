"""The `cli` fixture: run `cohesion …` in-process on the test's database with the pinned clock;
it gives (exit code, stdout, stderr)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.config import get_settings
from cohesion.cli import main
from tests.conftest import T0, Clock


@pytest.fixture
def cli(sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> Iterator[object]:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    get_settings.cache_clear()

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args), clock=Clock(T0))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    yield run
    get_settings.cache_clear()
