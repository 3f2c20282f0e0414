"""The shipped hourly values' source is data in English: the reports and statements word it in
the reader's language; a source an admin typed is shown as typed."""

import json
from pathlib import Path

from aiogram.utils.i18n import I18n

from bot.ui.texts.impact_words import SHIPPED_SOURCE, value_source

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_source_is_worded_in_each_language() -> None:
    shipped = json.loads((ROOT / "storage/data/impact/hour_values.json").read_text())["source"]
    assert shipped == SHIPPED_SOURCE  # a new wording there must be worded here too
    i18n = I18n(path=ROOT / "locales", default_locale="it", domain="messages")
    with i18n.context(), i18n.use_locale("it"):
        assert value_source(shipped) == ("valori indicativi forniti con Cohesion Makers, da "
                                         "rivedere (nessuna fonte pubblicata)")
        assert value_source("ISTAT, retribuzioni orarie 2025") == \
            "ISTAT, retribuzioni orarie 2025"
    with i18n.context(), i18n.use_locale("en"):
        assert value_source(shipped).startswith("indicative defaults shipped")
