"""A regional digest's text: the stories in the group's language, marked when written in
another, at most eight in full and always within Telegram's length, the rest counted."""

from __future__ import annotations

from bot.i18n import speak
from bot.ui.texts.stories import digest


def test_a_long_week_stays_within_a_message() -> None:
    long = [(f"T{n} " + "t" * 116, "Cohesion Makers " + "x" * 80, "en", "w" * 1000,
             "https://example.org/" + "l" * 280) for n in range(20)]
    with speak("it"):
        text = digest(week="2026-W49", stories=long)
    assert len(text) <= 4096
    assert "20 nuove storie da altri team" in text and "(in English)" in text
    shown = text.count("📖")
    assert 1 <= shown < 8 and f"… e altre {20 - shown} in /stories." in text


def test_a_short_week_in_full() -> None:
    few = [("Orti <condivisi>", "Milano", "it", "Chiedere ai vicini", None),
           ("Winter wood", "Bergamo", "en", "Vans", "https://example.org/w")]
    with speak("en"):
        text = digest(week="2026-W49", stories=few)
    assert "2 new stories from other teams" in text
    assert "Orti &lt;condivisi&gt;</b> (in italiano) — Milano" in text
    assert "Winter wood</b> — Bergamo" in text and "🔗 https://example.org/w" in text
    assert "more in /stories" not in text
