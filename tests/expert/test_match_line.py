"""The /expert match line names only the competences a member most wants to grow — the weakest
of their latest assessment — never their strongest one, even when an expert covers it: Giulia
(Italian) and Luca (English), both at expert level in measuring impact, which Paolo covers."""

from __future__ import annotations

from tests.conftest import Clock
from tests.expert.conftest import ELENA, GIULIA, LUCA, PAOLO, add_slot, assess, rome
from tests.world import World

#: Weak in networking, digital and co-design; strongest (expert level) in measuring impact.
SCORES = {"networking": 1.5, "digital": 2.0, "codesign": 2.5, "impact": 4.7}


def match_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if "✔" in line]


async def test_the_match_line_names_only_the_weakest_in_italian(world: World,
                                                                clock: Clock) -> None:
    await add_slot(world, ELENA, rome(10, 15))
    await add_slot(world, PAOLO, rome(14, 18))
    await assess(world, GIULIA, SCORES)
    [shown] = await world.converse(GIULIA, [("/expert", "La tua ora gratuita con un esperto")])
    assert match_lines(shown.text) == [
        "✔ per ciò che vuoi far crescere di più: Fare rete tra settori, "
        "Co-progettazione e facilitazione",
        "✔ per ciò che vuoi far crescere di più: Collaborazione digitale"]
    assert "Paolo Bianchi</b> – Collaborazione digitale, Misurare l'impatto" in shown.text


async def test_the_match_line_names_only_the_weakest_in_english(world: World,
                                                                clock: Clock) -> None:
    await add_slot(world, ELENA, rome(10, 15))
    await add_slot(world, PAOLO, rome(14, 18))
    await assess(world, LUCA, SCORES)
    [shown] = await world.converse(LUCA, [("/expert", "Your free hour with an expert")])
    assert match_lines(shown.text) == [
        "✔ for what you most want to grow: Networking across sectors, "
        "Co-design and facilitation",
        "✔ for what you most want to grow: Digital collaboration"]
    assert "Paolo Bianchi</b> – Digital collaboration, Measuring impact" in shown.text
