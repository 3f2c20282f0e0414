"""/share and the designer's review, through the real dispatcher, on SQLite and PostgreSQL.

Luca (English, Milano) shares a story with a photo, a link (a wrong one first) and the need it
came from; Marco (Milano's designer, Italian) is told with the review buttons. Luca pressing a
forged Publish, and Sara (another team's designer) doing the same, are refused in their
languages; Marco edits the title (too long first), publishes it: Milano's group gets it in
Italian, marked "(in English)", and Luca is told in English. A second Publish answers that it
was reviewed already. Giulia (Italian) shares one without photo, link or origin; Marco finds it
in /reviewstories and declines it with a reason (too long first): Giulia reads the reason.
Someone not registered, and /cancel midway, share nothing."""

from __future__ import annotations

from sqlmodel import col, select

from storage.models.audit import AuditEntry
from storage.models.story import Story, StoryStatus
from tests.conftest import Clock
from tests.helpers.outbox import buttons_of, deliver, outbox_rows, payload, text_of
from tests.helpers.rows import team_id
from tests.stories.conftest import GIULIA, LUCA, MARCO, MILANO_GROUP, NEWCOMER, SARA, send_photo
from tests.world import Forge, Press, World


async def stories(world: World) -> list[Story]:
    async with world.uow() as uow:
        return list((await uow.session.exec(select(Story).order_by(col(Story.id)))).all())


async def audit(world: World) -> list[tuple[int | None, str, str, int | None]]:
    async with world.uow() as uow:
        entries = (await uow.session.exec(select(AuditEntry).where(
            col(AuditEntry.object_kind) == "story").order_by(col(AuditEntry.id)))).all()
    return [(e.actor_telegram_id, e.actor_role, e.action, e.object_id) for e in entries]


async def luca_shares(world: World) -> Story:
    await world.converse(LUCA, [
        ("/share", "A story or practice of <b>Cohesion Makers Milano</b>"),
        ("Sunday lunches", "What was done?"),
        ("We cooked together in the square", "What worked"),
        ("Asking every neighbour to bring one dish", "Send a photo"),
        ("no photo, sorry", "Please send a photo, or press Skip."),
        ("/help", "/stories"),  # another command mid-way is that command's
    ])
    outputs = await send_photo(world, LUCA)
    assert "A link to read more" in "\n".join(o.text for o in outputs)
    await world.converse(LUCA, [
        ("example dot org", "That is not a web address I can keep"),
        ("ftp://example.org/lunch", "That is not a web address I can keep"),
        ("https://example.org/lunch", "Which theme is it about?"),
        (Press("Loneliness"), "Did it come from one of the team's needs or tables?"),
        ("the blankets", "Please choose one of the buttons above."),
        (Press("Coperte per il dormitorio"), ["This is how it reads", "Sunday lunches",
                                              "🔗 https://example.org/lunch",
                                              "📷 With a photo."]),
        (Press("Send to the designers"), "is with your team's designers"),
    ])
    [story] = await stories(world)
    return story


async def test_a_story_shared_edited_and_published(world: World, clock: Clock) -> None:
    story = await luca_shares(world)
    assert (story.status, story.language, story.category) == ("pending", "en", "loneliness")
    assert (story.photo_file_id, story.link) == ("AgACphoto42", "https://example.org/lunch")
    assert story.origin_need_id is not None and story.author_telegram_id == LUCA
    [notice] = [row for row in await outbox_rows(world) if row.chat_id == MARCO]
    assert "Luca ha condiviso una storia per <b>Cohesion Makers Milano</b>" in text_of(notice)
    assert f"strev:publish:{story.id}" in buttons_of(notice)
    assert not [row for row in await outbox_rows(world) if row.chat_id == SARA]

    await world.converse(LUCA, [(Forge(f"strev:publish:{story.id}"),
                                 "Only a designer of the story's team can review it.")])
    await world.converse(SARA, [(Forge(f"strev:publish:{story.id}"),
                                 "Solo un designer del team della storia può esaminarla.")])
    await world.converse(LUCA, [(Forge(f"stfld:title:{story.id}"),
                                 "Only a designer of the story's team can review it.")])
    assert (await stories(world))[0].status == StoryStatus.PENDING.value

    await deliver(world, clock)
    await world.converse(MARCO, [
        (Press("Modifica"), "Che cosa vuoi cambiare?"),
        (Press("Titolo"), ["Scrivi il nuovo testo di “Titolo”", "Sunday lunches"]),
        ("x" * 121, "al massimo 120 caratteri"),
        ("Pranzi della domenica", ["Modificata", "Pranzi della domenica", "Pubblica"]),
        (Press("Pubblica"), ["<b>Pranzi della domenica</b> è pubblicata",
                             "Sta arrivando nel gruppo del team"]),
        (Forge(f"strev:publish:{story.id}"), "Quella storia è già stata esaminata."),
    ])
    [published] = await stories(world)
    assert published.status == "published" and published.published_at == clock()
    rows = await outbox_rows(world)
    photo, group = [row for row in rows if row.chat_id == MILANO_GROUP]
    assert (photo.method, payload(photo)["photo"]) == ("sendPhoto", "AgACphoto42")
    assert "Una nuova storia del nostro team" in text_of(group)
    assert "Pranzi della domenica</b> (in English)" in text_of(group)
    [told] = [row for row in rows if row.chat_id == LUCA]
    assert "Your story <b>Pranzi della domenica</b> was published" in text_of(told)
    assert await audit(world) == [(MARCO, "designer", "story.published", story.id)]
    await deliver(world, clock)  # the sender posts the photo, then the story under it
    posted = [o for o in world.api.outputs if o.chat_id == MILANO_GROUP]
    assert [o.kind for o in posted] == ["photo", "message"]
    assert "Pranzi della domenica" in posted[1].text


async def test_a_story_declined_with_a_reason(world: World, clock: Clock) -> None:
    await world.converse(GIULIA, [
        ("/share", "Dalle un titolo"), ("Sportello digitale", "Che cosa è stato fatto?"),
        ("Aiuto con lo SPID <b>in biblioteca</b>", "Che cosa ha funzionato"),
        ("Farlo il sabato", "Invia una foto"), (Press("Salta"), "Un link"),
        (Press("Salta"), "Di quale tema parla?"), (Press("Istruzione"), "Sceglilo"),
        (Press("Nessuno"), ["Ecco come si legge", "&lt;b&gt;in biblioteca&lt;/b&gt;"]),
        (Press("Invia ai designer"), "è arrivata ai designer del tuo team"),
    ])
    [story] = await stories(world)
    assert (story.photo_file_id, story.link, story.origin_need_id) == (None, None, None)
    assert story.language == "it"
    await world.converse(MARCO, [
        ("/reviewstories", ["Sportello digitale", "Pubblica", "Rifiuta"]),
        (Press("Rifiuta"), "Perché rifiuti <b>Sportello digitale</b>?"),
        ("r" * 301, "al massimo 300 caratteri"),
        ("Manca un esempio concreto", "rifiutata: l'autore leggerà il tuo motivo"),
        ("/reviewstories", "Nessuna storia aspetta la tua revisione."),
    ])
    [declined] = await stories(world)
    assert (declined.status, declined.decline_reason) == ("declined",
                                                          "Manca un esempio concreto")
    [told] = [row for row in await outbox_rows(world) if row.chat_id == GIULIA]
    assert "Il motivo del designer: Manca un esempio concreto" in text_of(told)


async def test_who_cannot_share_and_cancelling(world: World) -> None:
    await world.converse(NEWCOMER, [("/share", "Prima registriamoci: invia /start.")])
    await world.converse(GIULIA, [
        ("/share", "Dalle un titolo"), ("Una storia", "Che cosa è stato fatto?"),
        ("/cancel", "Annullato: non è stato condiviso nulla."),
    ])
    await world.converse(LUCA, [
        ("/share", "Give it a title"), ("A story", "What was done?"), ("Much", "What worked"),
        ("All", "Send a photo"), (Press("Skip"), "A link"), (Press("Skip"), "Which theme"),
        (Press("Housing"), "Did it come from"), (Press("None"), "This is how it reads"),
        (Press("Cancel"), "Cancelled: nothing was shared."),
    ])
    await world.converse(MARCO, [("/reviewstories", "Nessuna storia aspetta la tua revisione.")])
    assert await stories(world) == []


ALEX = 4001  # an admin, English, with no member row


async def test_an_admin_reviews_in_english_and_a_member_of_two_teams_chooses(
        world: World, clock: Clock) -> None:
    world.person(ALEX, "Alex", "en")
    async with world.uow() as uow:
        await uow.roles.grant(telegram_id=ALEX, role="admin", now=clock())
        bergamo = await team_id(uow, "Cohesion Makers Bergamo")
    await world.converse(SARA, [
        ("/share", "Da quale dei tuoi team viene la storia?"),
        ("Bergamo", "Scegli uno dei pulsanti qui sopra"),
        (Forge("stteam:999"), "Non sei membro di quel team"),
        (Press("Brescia"), "Una storia o una pratica di <b>Cohesion Makers Brescia</b>"),
        ("Banco alimentare", "Che cosa è stato fatto?"), ("Raccolta", "Che cosa ha funzionato"),
        ("I volantini", "Invia una foto"), (Press("Salta"), "Un link"),
        (Press("Salta"), "Di quale tema"),
        (Press("Cibo"), "Ecco come si legge"),  # Brescia has no needs or tables: no origin
        (Press("Invia ai designer"), "Grazie!"),
    ])
    [story] = await stories(world)
    assert story.team_id != bergamo and story.origin_need_id is None
    await world.converse(ALEX, [
        (Forge(f"strev:edit:{story.id}"), "What do you want to change?"),
        (Press("What worked"), "Write the new text of “What worked”"),
        ("Leaflets in three languages", ["Changed", "Leaflets in three languages"]),
        (Press("Decline"), "Why are you declining <b>Banco alimentare</b>?"),
        ("Please add what happened next", "declined: the author will read your reason"),
        (Forge(f"strev:decline:{story.id}"), "That story was already reviewed."),
    ])
    [declined] = await stories(world)
    assert (declined.status, declined.worked) == ("declined", "Leaflets in three languages")
    [told] = [row for row in await outbox_rows(world) if row.chat_id == SARA]
    assert "La tua storia <b>Banco alimentare</b> non è stata pubblicata" in text_of(told)
    assert await audit(world) == [(ALEX, "admin", "story.declined", story.id)]
