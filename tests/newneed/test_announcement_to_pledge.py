"""From a designer's one line to a member's pledge, as people would live it: the need is
published, the outbox sender posts its announcement in the team's group with a "can help"
link, and a member who follows the link pledges with one button — three taps in all (the
link, Telegram's Start, a quantity)."""

from __future__ import annotations

import json
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

from bot.config import Settings
from playground.api import LocalBotAPI
from scheduler.sender import OutboxSender
from tests.conftest import Clock
from tests.helpers.needs import pledge_rows
from tests.newneed.conftest import LUCA, MARCO, MILANO_GROUP, needs_rows
from tests.world import Press, World, open_world


def group_announcements(world: World) -> list[dict[str, object]]:
    """What the bot sent to the Milano group (the Bot API calls, with their keyboards)."""
    return [params for method, params in world.api.calls
            if method == "sendMessage" and int(str(params["chat_id"])) == MILANO_GROUP]


async def test_a_member_pledges_from_the_group_announcement_in_three_taps(
        world: World, clock: Clock) -> None:
    await world.converse(MARCO, [
        ("/newneed 20 ore Accompagnare anziani alle visite mediche",
         "Controlla il bisogno prima di pubblicarlo"),
        (Press("Pubblica"), ["✅ Pubblicato", "annunciato nel gruppo del team"]),
    ])
    [need] = await needs_rows(world)
    assert group_announcements(world) == []           # not sent by the handler: the outbox
    await OutboxSender(world.bot, world.sessions, clock=clock).drain(idle=clock.tick)
    [sent] = group_announcements(world)
    assert "Accompagnare anziani alle visite mediche" in str(sent["text"])
    markup = sent["reply_markup"]
    keyboard = (json.loads(markup) if isinstance(markup, str) else markup)["inline_keyboard"]
    [[link]] = keyboard
    assert link["text"] == "🙋 Posso aiutare"         # the group speaks Italian
    url = urlparse(link["url"])
    assert (url.netloc, url.path) == ("t.me", f"/{world.settings.bot_username}")
    [payload] = parse_qs(url.query)["start"]
    assert payload == f"need_{need.id}"

    # Tap 1 opens the private chat, tap 2 (Start) sends /start <payload>, tap 3 pledges.
    said = await world.converse(LUCA, [
        (f"/start {payload}", ["<b>Accompagnare anziani alle visite mediche</b>",
                               "Still missing: <b>20 hours</b>", "5 hours"]),
        (Press("5 hours"), ["You pledged <b>5 hours</b>", "▰▱▱▱▱ 5/20 hours"]),
    ])
    assert len({o.message_id for o in said}) == 2  # the screen (buttons off once pressed), thanks
    assert await pledge_rows(world, need.id or 0) == [(LUCA, Decimal(5), Decimal(0), "active")]


async def test_the_can_help_link_opens_the_bot_that_runs_whatever_the_setting_says(
        settings: Settings, clock: Clock) -> None:
    """Another bot (its username is what getMe answers, not BOT_USERNAME): the announcement's
    link opens that bot."""
    api = LocalBotAPI(clock=clock, bot_username="QuartiereAiutaBot")
    async with open_world(settings, clock, (MARCO, "Marco", "it"), api=api) as world:
        assert settings.bot_username == "CohesionMakersBot"
        await world.converse(MARCO, [
            ("/newneed 20 ore Accompagnare anziani alle visite mediche",
             "Controlla il bisogno prima di pubblicarlo"),
            (Press("Pubblica"), "✅ Pubblicato"),
        ])
        [need] = await needs_rows(world)
        await OutboxSender(world.bot, world.sessions, clock=clock).drain(idle=clock.tick)
        [sent] = group_announcements(world)
        markup = sent["reply_markup"]
        [[link]] = (json.loads(markup) if isinstance(markup, str) else markup)["inline_keyboard"]
        assert link["url"] == f"https://t.me/QuartiereAiutaBot?start=need_{need.id}"
