"""The local Bot API refuses what Telegram refuses in a call's content — broken HTML, a text
over 4,096 characters or a caption over 1,024 once the markup is read, callback data over 64
bytes, a toast over 200 characters — so a test that passes there passes on Telegram."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from playground.api import LocalBotAPI
from playground.limits import HTMLRefused, html_text
from playground.session import LocalSession

CHAT = 42


def api_and_bot() -> tuple[LocalBotAPI, Bot]:
    api = LocalBotAPI()
    api.add_user(CHAT, "Anna", language_code="it")
    bot = Bot("42:local", session=LocalSession(api),
              default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    return api, bot


def keyboard(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Sì",
                                                                       callback_data=data)]])


@pytest.mark.parametrize(("html", "seen"), [
    ("<b>Ciao</b> &amp; <i>benvenuta</i>", "Ciao & benvenuta"),
    ("a &lt; b &gt; c &quot;d&quot; &#233; &#x1F600;", 'a < b > c "d" é 😀'),
    ("Tom & Jerry &unknown; &", "Tom & Jerry &unknown; &"),
    ('<a href="https://example.org/?a=1&amp;b=>">link</a>', "link"),
    ("<B>maiuscolo</B> <tg-spoiler>x</tg-spoiler>", "maiuscolo x"),
])
def test_html_is_read_as_telegram_reads_it(html: str, seen: str) -> None:
    assert html_text(html) == seen


@pytest.mark.parametrize(("html", "reason"), [
    ("a < b", 'Unsupported start tag ""'),
    ("<script>alert(1)</script>", 'Unsupported start tag "script"'),
    ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
    ("x</b>", "Unexpected end tag"),
    ('<a href="x', "Unclosed start tag"),
])
def test_broken_html_is_refused(html: str, reason: str) -> None:
    with pytest.raises(HTMLRefused, match=reason.replace("(", r"\(")):
        html_text(html)


async def test_a_message_is_measured_after_its_markup_is_read() -> None:
    api, bot = api_and_bot()
    # 4,096 characters shown, far more sent: accepted, as Telegram accepts it.
    await bot.send_message(CHAT, "<b>" + "&lt;" * 4095 + "</b>!")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(CHAT, "é" * 4097)
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(CHAT, "1 < 2")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(CHAT, "<b> </b>")
    # Without HTML, the text is taken as it is.
    await bot.send_message(CHAT, "1 < 2", parse_mode=None)
    assert [refused[3] for refused in api.refused] == [
        "Bad Request: message is too long", "Bad Request: can't parse entities: Unsupported "
        'start tag "" at byte offset 2', "Bad Request: message text is empty"]


async def test_edits_captions_buttons_and_toasts_have_telegram_limits() -> None:
    api, bot = api_and_bot()
    sent = await bot.send_message(CHAT, "Domanda")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.edit_message_text("x" * 4097, chat_id=CHAT, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.edit_message_text("<p>x</p>", chat_id=CHAT, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(CHAT, "Scegli", reply_markup=keyboard("é" * 33))  # 66 bytes
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.edit_message_reply_markup(chat_id=CHAT, message_id=sent.message_id,
                                            reply_markup=keyboard("x" * 65))
    await bot.send_message(CHAT, "Scegli", reply_markup=keyboard("x" * 64))
    photo = BufferedInputFile(b"png", filename="chart.png")
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_photo(CHAT, photo, caption="x" * 1025)
    shown = await bot.send_photo(CHAT, photo, caption="<i>" + "x" * 1024 + "</i>")
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.edit_message_caption(chat_id=CHAT, message_id=shown.message_id,
                                       caption="y" * 1025)
    update: dict[str, Any] = api.callback_update(user_id=CHAT, chat_id=CHAT,
                                                 message_id=sent.message_id, data="x")
    query = update["callback_query"]["id"]
    with pytest.raises(TelegramBadRequest, match="MESSAGE_TOO_LONG"):
        await bot.answer_callback_query(query, text="x" * 201, show_alert=True)
    # Refused, the query is still open: a shorter answer goes through.
    assert await bot.answer_callback_query(query, text="x" * 200, show_alert=True)
