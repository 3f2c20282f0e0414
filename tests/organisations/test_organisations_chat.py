"""Organisations in the chat, in Italian and in English: onboarding links a typed name (with a
typo, a legal form) to the record or registers a new one; a request is confirmed by a member or
by a designer of the territory, or refused; forged, stale, self and cross-organisation presses
are refused; /organisation for a member, a designer and a citizen; each checked in the rows."""

from __future__ import annotations

from sqlmodel import select

from storage.models.organisation import Organisation, OrganisationMember
from tests.helpers.outbox import buttons_of, outbox_rows, text_of
from tests.organisations.conftest import EMMA, GIULIA, LUCA, MARCO, SARA
from tests.world import Forge, Press, World


async def organisation_named(world: World, name: str) -> Organisation:
    async with world.uow() as uow:
        [found] = (await uow.session.exec(
            select(Organisation).where(Organisation.name == name))).all()
    return found


async def link_of(world: World, telegram_id: int) -> OrganisationMember | None:
    async with world.uow() as uow:
        return await uow.organisations.membership_of(telegram_id)


async def said_to(world: World, telegram_id: int) -> list[tuple[str, list[str]]]:
    return [(text_of(row), buttons_of(row)) for row in await outbox_rows(world)
            if row.chat_id == telegram_id]


async def test_a_typo_finds_the_npo_and_a_member_confirms_in_italian(world: World) -> None:
    await world.converse(GIULIA, [
        ("/start", "Scegli"), (Press("Italiano"), "Privacy"), (Press("Acconsento"), "ruolo"),
        (Press("Ente del terzo settore"), "Come si chiama il tuo ente"),
        ("bergamo solidal onlus", ["<b>Bergamo Solidale</b> è già registrata. Agisci per "
                                   "conto suo?", "✅ Sì, agisco per suo conto",
                                   "No, la mia è un'altra: registra “bergamo solidal onlus”"]),
        (Press("Sì, agisco"), ["⏳ Hai chiesto di agire per <b>Bergamo Solidale</b>",
                               "Dove vivi o lavori?"]),
        ("bergamo", "Cosa puoi offrire?"), (Press("Salta"), "Quanto tempo"),
        (Press("Salta"), "Grazie, Giulia"),
    ])
    bergamo_solidale = await organisation_named(world, "Bergamo Solidale")
    link = await link_of(world, GIULIA)
    assert link is not None and link.organisation_id == bergamo_solidale.id
    assert (link.status, link.confirmed_by) == ("pending", None)
    [(notice, buttons)] = await said_to(world, SARA)  # its one confirmed member, in Italian
    assert "🙋 <b>Giulia</b> chiede di agire per <b>Bergamo Solidale</b>" in notice
    assert buttons == [f"orgdec:ok:{link.id}", f"orgdec:no:{link.id}"]
    # Nobody else may decide: not herself, not a member of another organisation, not the
    # designer of another territory, not a forged request.
    await world.converse(GIULIA, [
        (Forge(f"orgdec:ok:{link.id}"), "Non puoi confermare la tua stessa richiesta"),
        ("/organisation", ["<b>Bergamo Solidale</b>", "Tipo: 🤝 Ente del terzo settore",
                           "Comune: Bergamo (BG) – Lombardia", "Membri confermati: 1",
                           "La tua richiesta di agire per suo conto attende una conferma."]),
    ])
    await world.converse(LUCA, [(Forge(f"orgdec:ok:{link.id}"),
                                 "Only the organisation's confirmed members, a designer of its "
                                 "territory or an admin")])
    await world.converse(MARCO, [(Forge(f"orgdec:ok:{link.id}"), "Su questa richiesta possono "
                                                                 "decidere solo")])
    await world.converse(SARA, [(Forge("orgdec:ok:99999"), "non è più in attesa"),
                                (Forge("orgdec:maybe:1"), "non è più valido")])
    assert (await link_of(world, GIULIA)).status == "pending"  # type: ignore[union-attr]
    await world.converse(SARA, [
        ("/organisation", ["<b>Bergamo Solidale</b>", "Sei un membro confermato.",
                           "✏️ Descrizione", "Richieste in attesa di conferma: 1",
                           "🙋 <b>Giulia</b> chiede di agire per <b>Bergamo Solidale</b>",
                           "✅ Conferma", "✖️ Rifiuta"]),
        (Press("Conferma"), "✅ Giulia ora agisce per <b>Bergamo Solidale</b>."),
        (Forge(f"orgdec:no:{link.id}"), "non è più in attesa"),
    ])
    link = await link_of(world, GIULIA)
    assert link is not None and (link.status, link.confirmed_by) == ("confirmed", SARA)
    assert any("✅ Ora sei un membro confermato di <b>Bergamo Solidale</b>" in text
               for text, _buttons in await said_to(world, GIULIA))
    await world.converse(GIULIA, [("/organisation", ["Membri confermati: 2",
                                                     "Sei un membro confermato."])])


async def test_an_institution_with_no_member_is_confirmed_by_its_designer_in_english(
        world: World) -> None:
    await world.converse(EMMA, [
        ("/start", "Choose"), (Press("English"), "Privacy"), (Press("I agree"), "Who"),
        (Press("Institution"), "What is the name of your institution?"),
        ("consorzio servizi sociali bassa brescina", [
            "<b>Consorzio Servizi Sociali Bassa Bresciana</b> is already registered",
            "Yes, I act for it"]),
        ("Consorzio Bassa Bresciana", ["Some registered organisations have a name like",
                                       "Consorzio Servizi Sociali Bassa Bresciana",
                                       "None of these: register “Consorzio Bassa Bresciana”"]),
        (Forge("orgpick:424242"), "This button is no longer valid."),
        (Press("Consorzio Servizi Sociali"), "You asked to act for <b>Consorzio Servizi "
                                             "Sociali Bassa Bresciana</b>"),
        ("brescia", "What can you offer?"),
    ])
    link = await link_of(world, EMMA)
    assert link is not None and link.status == "pending"
    # No confirmed member: the designer of the team of its territory (Brescia) is asked.
    [(notice, _buttons)] = await said_to(world, SARA)
    assert "<b>Emma</b> chiede di agire per <b>Consorzio Servizi Sociali Bassa" in notice
    await world.converse(MARCO, [(Forge(f"orgdec:ok:{link.id}"), "possono decidere solo")])
    await world.converse(SARA, [(Forge(f"orgdec:ok:{link.id}"), "✅ Emma ora agisce per")])
    await world.converse(EMMA, [
        (Press("Skip"), "How much time"), (Press("Skip"), "Thank you, Emma"),
        ("/organisation", ["<b>Consorzio Servizi Sociali Bassa Bresciana</b>",
                           "Kind: 🏛 Institution", "Comune: Brescia (BS) – Lombardia",
                           "Confirmed members: 1", "You are a confirmed member.",
                           "🔗 Website"]),
        (Press("Website"), "e.g. https://www.example.org"),
        ("our site", "That is not a web address"),
        ("ftp://bassa.example.it", "That is not a web address"),
        ("www.bassabresciana.example.it", ["✅ Saved.",
                                           "Website: https://www.bassabresciana.example.it"]),
        (Press("Description"), "at most 280 characters"),
        ("x" * 281, "The description must be text of at most 280 characters"),
        ("Servizi  sociali per <tutti>", ["✅ Saved.",
                                          "Description: Servizi sociali per &lt;tutti&gt;"]),
        (Press("Description"), "or - to remove it"), ("-", "Description: —"),
    ])
    consorzio = await organisation_named(world, "Consorzio Servizi Sociali Bassa Bresciana")
    assert (consorzio.website, consorzio.description) == (
        "https://www.bassabresciana.example.it", None)


async def test_a_new_name_is_registered_with_its_first_member_and_its_comune(
        world: World) -> None:
    async with world.uow() as uow:
        for name in ("Caritas Ambrosiana Onlus", "Caritas Bergamasca"):
            await uow.organisations.add(name=name, name_key=name.lower().replace(" onlus", ""),
                                        kind="npo", territory_code="F205", now=world.clock())
    await world.converse(EMMA, [
        ("/start", "Choose"), (Press("English"), "Privacy"), (Press("I agree"), "Who"),
        (Press("Non-profit"), "non-profit"),
        ("Caritas", ["Caritas Ambrosiana Onlus", "Caritas Bergamasca",
                     "None of these: register “Caritas”"]),
        (Press("None of these"), ["🆕 <b>Caritas</b> is now registered, and you are its first "
                                  "member.", "Where do you live"]),
        ("monza", "What can you offer?"),
    ])
    caritas = await organisation_named(world, "Caritas")
    assert (caritas.kind, caritas.territory_code, caritas.name_key) == ("npo", "F704", "caritas")
    link = await link_of(world, EMMA)
    assert link is not None and (link.organisation_id, link.status) == (caritas.id, "confirmed")
    # A company's name is not matched against non-profits.
    await world.converse(GIULIA, [
        ("/start", "Scegli"), (Press("Italiano"), "Privacy"), (Press("Acconsento"), "ruolo"),
        (Press("Impresa"), "impresa"),
        ("Caritas Ambrosiana", ["🆕 <b>Caritas Ambrosiana</b> ora è registrata", "Dove vivi"]),
    ])


async def test_a_refused_request_leaves_no_organisation_on_the_profile(world: World) -> None:
    await world.converse(GIULIA, [
        ("/start", "Scegli"), (Press("Italiano"), "Privacy"), (Press("Acconsento"), "ruolo"),
        (Press("Impresa"), "impresa"),
        ("Navigli Logistica S.r.l.", "<b>Navigli Logistica Srl</b> è già registrata"),
        ("navigli logistica", "<b>Navigli Logistica Srl</b> è già registrata"),  # typed again
        (Press("Sì"), "Hai chiesto di agire per <b>Navigli Logistica Srl</b>"),
        ("milano", "Cosa puoi offrire"), (Press("Salta"), "tempo"), (Press("Salta"), "Grazie"),
    ])
    link = await link_of(world, GIULIA)
    assert link is not None
    await world.converse(LUCA, [
        ("/organisation", ["<b>Navigli Logistica Srl</b>", "Requests waiting for a "
                           "confirmation: 1", "<b>Giulia</b> asks to act for"]),
        (Press("Refuse"), "✖️ Giulia's request to act for <b>Navigli Logistica Srl</b> is "
                          "refused."),
    ])
    assert await link_of(world, GIULIA) is None
    assert any("non è stata confermata" in text for text, _b in await said_to(world, GIULIA))
    await world.converse(GIULIA, [
        ("/organisation", "Non agisci per nessuna organizzazione"),
        ("/profile", "Organizzazione: —"),
    ])


async def test_organisation_for_citizens_designers_and_strangers(world: World) -> None:
    await world.converse(MARCO, [("/organisation", "Nei territori dei tuoi team non ci sono "
                                                   "richieste")])
    await world.converse(EMMA, [("/organisation", "First let's get you registered: send /start.")])
    await world.converse(GIULIA, [
        ("/start", "Scegli"), (Press("Italiano"), "Privacy"), (Press("Acconsento"), "ruolo"),
        (Press("Cittadino"), "Dove"), ("milano", "offrire"), (Press("Salta"), "tempo"),
        (Press("Salta"), "Grazie"),
        ("/organisation", "Non agisci per nessuna organizzazione. Per cambiare il ruolo con cui "
                          "partecipi, usa /profile."),
        (Forge("orgedit:website"), "Solo un membro confermato dell'organizzazione"),
    ])
    await world.converse(LUCA, [
        ("/profile", "Organisation: Navigli Logistica Srl"),
        (Press("Organisation"), "What is the name of your company?"),
        ("navigli logistica", ["You already act for <b>Navigli Logistica Srl</b>.",
                               "Organisation: Navigli Logistica Srl"]),  # not asked: his own
        (Press("Actor type"), "Who are you joining as?"),
        (Press("Citizen"), "You act as: 🙋 Citizen"),
        ("/organisation", "You act for no organisation. To change who you act as, use /profile."),
    ])
    assert await link_of(world, LUCA) is None
    async with world.uow() as uow:  # nobody acts for it and nothing is recorded with it
        assert [o for o in await uow.organisations.of_kind("company")] == []


async def test_another_kind_of_actor_leaves_the_organisation_and_commands_cut_an_edit(
        world: World) -> None:
    await world.converse(SARA, [
        ("/organisation", "✏️ Descrizione"), (Press("Descrizione"), "al massimo 280 caratteri"),
        ("/profile", ["Il tuo profilo", "Organizzazione: Bergamo Solidale"]),  # not a description
        (Press("Ruolo"), "Con quale ruolo"),
        (Press("Impresa"), "Come si chiama la tua impresa?"),
        ("/start", "Bentornat"), ("/profile", ["Partecipi come: 🏢 Impresa", "Organizzazione: —"]),
    ])
    assert await link_of(world, SARA) is None
    async with world.uow() as uow:  # its only member left, nothing recorded with it
        assert [o[1] for o in await uow.organisations.of_kind("npo")] == [
            "Banco di Comunità Milano"]  # Chiara's, in the demo
        sara = await uow.members.by_telegram_id(SARA)
        assert sara is not None and sara.organisation_name is None


async def test_a_long_queue_of_requests_is_shown_five_at_a_time(world: World) -> None:
    """Seven people ask to act for Navigli Logistica: Luca sees the oldest five, one message
    each, and the next once those are decided."""
    from tests.helpers.rows import add_member

    async with world.uow() as uow:
        navigli = await uow.organisations.acting_for(LUCA)
        assert navigli is not None and navigli.id is not None
        for n in range(7):
            await add_member(uow, 5000 + n, f"Persona{n}", now=world.clock())  # type: ignore[operator]
            await uow.organisations.add_member(organisation_id=navigli.id, telegram_id=5000 + n,
                                               confirmed=False, confirmed_by=None,
                                               now=world.clock())  # type: ignore[operator]
    said = await world.converse(LUCA, [
        ("/organisation", ["Requests waiting for a confirmation: 7", "Here are the oldest 5",
                           "<b>Persona0</b> asks", "<b>Persona4</b> asks"])])
    assert not any("Persona5" in o.text or "Persona6" in o.text for o in said)
    shown = [(key[1], button["callback_data"])
             for key, sent in sorted(world.api.messages.items())
             if key[0] == LUCA and "asks to act for" in str(sent.get("text"))
             for row in (sent.get("reply_markup") or {}).get("inline_keyboard", [])
             for button in row if "Confirm" in button["text"]]
    assert len(shown) == 5
    for message_id, data in shown:  # each pressed on its own message
        outputs = await world.chat.press_data(LUCA, data, message_id=message_id)
        assert any("now acts for" in o.text for o in outputs)
    said = await world.converse(LUCA, [
        ("/organisation", ["Requests waiting for a confirmation: 2", "<b>Persona5</b> asks",
                           "<b>Persona6</b> asks"])])
    assert not any("Here are the oldest" in o.text for o in said)
