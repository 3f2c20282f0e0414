"""Both languages: every Italian entry translated, nothing fuzzy, the catalogs in step with the code."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR, speak
from bot.ui.texts import groups as groups_texts

KEYWORDS = {"_": None, "__": None, "N_": None, "ngettext": (1, 2)}


def catalog(language: str):  # type: ignore[no-untyped-def]
    path = LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"
    return read_po(io.BytesIO(path.read_bytes()), locale=language)


def source_msgids() -> set[str]:
    root = Path(__file__).resolve().parents[2] / "bot"
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            root, keywords=KEYWORDS, method_map=[("**.py", "python")]):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_italian_entry_is_translated_and_none_is_fuzzy() -> None:
    problems = []
    for message in catalog("it"):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    assert problems == []


def test_catalogs_contain_every_string_of_the_code() -> None:
    ids = source_msgids()
    assert len(ids) > 100
    for language in ("it", "en"):
        in_catalog = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog(language)}
        assert ids - in_catalog == set(), f"run `make extract` and translate ({language})"


def test_placeholders_survive_translation() -> None:
    import re

    for message in catalog("it"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(re.findall(r"\{\w+\}", ids[-1]))
        for string in strings:
            assert set(re.findall(r"\{\w+\}", string)) == expected, message.id


def test_dates_and_plurals_follow_the_locale() -> None:
    from datetime import UTC, datetime

    from bot.i18n import fmt_date

    moment = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # already 1 January in Rome
    with speak("it"):
        assert fmt_date(moment) == "1 gennaio 2027"
        assert "1 ora," in groups_texts.group_hello(1) and "2 ore" in groups_texts.group_hello(2)
    with speak("en"):
        assert fmt_date(moment) == "January 1, 2027"
        assert "1 hour," in groups_texts.group_hello(1) and "2 hours" in groups_texts.group_hello(2)
