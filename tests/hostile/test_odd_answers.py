"""Oversized and odd answers typed at every step of the flows (/start, /newneed, /propose,
/newtable), drawn by Hypothesis (`walk.ODD`): 4,096 characters, HTML, emoji, right-to-left
text, control characters, SQL, numbers out of range, empty-looking text. Each is
answered, Telegram refuses no call (no message too long, no broken HTML), no dead letter is
kept, no row changes, and the step is still the same: its valid answer leads on — on SQLite
and PostgreSQL."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.helpers.rows import add_member, team_named_in
from tests.hostile.conftest import ANNA, MARCO, Hostile
from tests.hostile.walk import ODD, Step, walk
from tests.world import Press

TOM = 2030  # an English designer of the Lombardia team, set up here
NEWNEED: Sequence[Step] = (
    ("/newneed", "Cosa serve?"),
    ("Accompagnare anziani alle visite", "Descrivilo in poche righe"),
    ("Tre famiglie da accompagnare ogni settimana", "Di che categoria è?"),
    (Press("Salute e cura"), "Che cosa si chiede?"),
    (Press("Ore di volontariato"), "Quanto serve, in ore?"),
    ("20", "Quanto è urgente?"),
    (Press("Normale"), "Entro quando?"),
    ("15/12", "organizzazione"),
    ("Croce Rossa", "Dove?"),
    ("Milano", "Controlla il bisogno"),
    ("/cancel", ""),
)
PROPOSE: Sequence[Step] = (
    ("/propose", "Che bisogno hai notato?"),
    ("Compagnia per anziani soli", "Descrivilo in poche righe"),
    ("Due vicini in via Padova vivono soli", "Di che categoria è?"),
    ("/cancel", ""),
)
NEWTABLE: Sequence[Step] = (
    ("/newtable", "When is it?"),
    ("tomorrow at 6pm", "Friday, November 27, 2026, 18:00"),
    (Press("Yes"), "Where?"),
    ("Online", "What is on the agenda?"),
    ("Winter clothes\nShifts", "How many people"),
    ("12", "Does it repeat?"),
    (Press("Only once"), "Reminders"),
    ("24", "Check the table"),
    ("/cancel", ""),
)


#: A new non-profit's name for each newcomer: a name typed before would now be matched to the
#: organisation an earlier walk registered (and asked about), not registered again.
NPO_NAMES = ("Brugherio Aiuta", "Quercia Viva", "Lanterna di Quartiere", "Mani Tese Brianza",
             "Orto Comune Vimercate", "Rete Bici Sesto", "Sportello Casa Aperta")


def onboarding(language: str, newcomer: int) -> Sequence[Step]:
    if language == "it":
        return (("/start", "Scegli la lingua"), (Press("Italiano"), "Acconsento"),
                (Press("Acconsento"), "Con quale ruolo"), (Press("Cittadino"), "Dove vivi"),
                ("milano", "Cosa puoi offrire?"), ("primo soccorso", "Quanto tempo"))
    return (("/start", "Choose your language"), (Press("English"), "I agree"),
            (Press("I agree"), "Who are you"), (Press("Non-profit"), "What is the name"),
            (NPO_NAMES[newcomer % len(NPO_NAMES)], "Where do you live"),
            ("brugherio mb", "What can you offer?"),
            ("first aid", "How much time"))


NEWCOMERS = itertools.count(3000)


@pytest.mark.timeout(300)
@settings(max_examples=1, derandomize=True, deadline=None, database=None,
          phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
@given(odd=st.lists(st.sampled_from(ODD[:9]), min_size=3, max_size=3))
@example(odd=[ODD[0], ODD[1], ODD[5]])  # 4,096 characters, HTML, a zero-width space
@example(odd=[ODD[10], ODD[11], ODD[13]])  # control characters, SQL, a number out of range
async def test_odd_answers_at_every_step(hostile: Hostile, odd: list[str]) -> None:
    world = hostile.world
    if TOM not in world.api.users:
        world.person(TOM, "Tom", "en")
        async with world.uow() as uow:
            tom = await add_member(uow, TOM, "Tom", now=hostile.clock(), language="en")
            lombardia = await team_named_in(uow, "Cohesion Makers Lombardia")
            assert tom.id is not None and lombardia.id is not None
            await uow.memberships.join(member_id=tom.id, team_id=lombardia.id,
                                       now=hostile.clock())
            await uow.roles.grant(telegram_id=TOM, role="designer", team_id=lombardia.id,
                                  now=hostile.clock())
    for language in ("it", "en"):
        newcomer = world.person(next(NEWCOMERS), "Nuovo", language)
        await walk(hostile, newcomer, onboarding(language, newcomer), odd)
    await walk(hostile, MARCO, NEWNEED, odd)
    await walk(hostile, ANNA, PROPOSE, odd)
    await walk(hostile, TOM, NEWTABLE, odd)
