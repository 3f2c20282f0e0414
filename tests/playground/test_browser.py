"""The playground in a real headless Chromium: the page as a person uses it, against the bot
running unchanged in its own process (long polling the local Bot API server over HTTP).

Screenshots go to tests/artefacts/ (gitignored); with UPDATE_SCREENSHOT=1 the group chat's one
also replaces the README's docs/playground.png (never by default, so a run leaves the tree
clean). Under CI=true a missing Chromium fails the run instead of skipping it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "tests" / "artefacts"
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"

if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI needs Debian's chromium and chromium-driver (.ci/run installs them)")
    pytest.skip("Chromium is not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

from playground.web_run import TOKEN  # noqa: E402


@pytest.fixture
def playground(tmp_path: Path) -> Iterator[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'pg.sqlite3'}", "BOT_TOKEN": "",
           "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "cohesion", "playground", "--port", "0"],
                               env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    started, lines = time.monotonic(), []
    address = None
    while time.monotonic() - started < 60:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"open (http://127\.0\.0\.1:\d+)/", line)
        if found:
            address = found.group(1)
            break
    assert address, "".join(lines)
    try:
        yield address
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={tmp_path / 'chromium'}",
                 "--window-size=1200,800"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def wait_text(browser: WebDriver, text: str, timeout: float = 15) -> None:
    WebDriverWait(browser, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda b: text in b.find_element(By.ID, "messages").text,
        message=f"{text!r} never appeared")


def press(browser: WebDriver, label: str) -> None:
    """Press a button of the newest message that has one with this label, then wait for the
    bot to react (a new message, that message changed, or a callback answer shown)."""
    found: dict[str, str] = {}

    def click(b: WebDriver) -> bool:
        bubbles = [e for e in b.find_elements(By.CSS_SELECTOR, "#messages .bubble")
                   if any(label in button.text
                          for button in e.find_elements(By.CSS_SELECTOR, ".keyboard button"))]
        if not bubbles:
            return False
        bubble = bubbles[-1]
        found.update(id=bubble.get_attribute("data-id") or "",
                     signature=bubble.get_attribute("data-signature") or "",
                     count=str(len(b.find_elements(By.CSS_SELECTOR, "#messages .bubble"))))
        [button for button in bubble.find_elements(By.CSS_SELECTOR, ".keyboard button")
         if label in button.text][0].click()
        return True

    def reacted(b: WebDriver) -> bool:
        if not b.find_element(By.ID, "alert").get_attribute("hidden"):
            raise AssertionError("an alert: " + b.find_element(By.ID, "alert-text").text)
        same = b.find_elements(By.CSS_SELECTOR, f'#messages .bubble[data-id="{found["id"]}"]')
        return (len(b.find_elements(By.CSS_SELECTOR, "#messages .bubble")) > int(found["count"])
                or not same or same[0].get_attribute("data-signature") != found["signature"]
                or b.find_element(By.ID, "toast").is_displayed())

    wait_until(browser, click, f"no button {label!r}")
    wait_until(browser, reacted, f"nothing happened after pressing {label!r}")


def say(browser: WebDriver, text: str, *, answered: bool = True) -> None:
    """Type and send; unless told otherwise, wait for the bot's answer after it."""
    box = browser.find_element(By.ID, "text")
    box.send_keys(text)
    browser.find_element(By.ID, "send").click()

    def last_is(b: WebDriver, selector: str) -> bool:
        bubbles = b.find_elements(By.CSS_SELECTOR, "#messages .bubble")
        return bool(bubbles) and bubbles[-1] in b.find_elements(By.CSS_SELECTOR, selector)

    wait_until(browser, lambda b: any(text in e.text for e in
                                      b.find_elements(By.CSS_SELECTOR, "#messages .bubble.mine")),
               f"{text!r} was not shown")
    if answered:
        wait_until(browser, lambda b: last_is(b, "#messages .bubble.bot"),
                   f"no answer to {text!r}")


def shot(browser: WebDriver, name: str) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTEFACTS / f"{name}.png"))


def wait_until(browser: WebDriver, check: object, message: str, timeout: float = 15) -> None:
    WebDriverWait(browser, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        check, message=message)  # type: ignore[arg-type]


def open_chat(browser: WebDriver, title: str) -> None:
    item = browser.find_element(By.XPATH, f'//ul[@id="chats"]/li[starts-with(., "{title}")]')
    item.click()
    wait_until(browser, lambda b: b.find_element(By.ID, "chat-title").text == title,
               f"chat {title!r} never opened")


def as_persona(browser: WebDriver, user_id: int) -> None:
    Select(browser.find_element(By.ID, "persona")).select_by_value(str(user_id))


def open_menu(browser: WebDriver) -> dict[str, str]:
    """The "/" button's menu: command -> description, as the page lists them."""
    browser.find_element(By.ID, "menu-button").click()
    menu: dict[str, str] = {}

    def read(b: WebDriver) -> bool:
        menu.clear()
        menu.update({item.get_attribute("data-command") or "": item.text
                     for item in b.find_elements(By.CSS_SELECTOR, "#menu li")})
        return bool(menu)

    wait_until(browser, read, "no menu")
    return menu


def choose_from_menu(browser: WebDriver, command: str) -> None:
    open_menu(browser)
    browser.find_element(By.CSS_SELECTOR, f'#menu li[data-command="{command}"]').click()


def bot_calls(address: str, method: str, **params: object) -> dict[str, object]:
    """A Bot API call as the bot would make it over HTTP: what the page then shows is what
    the bot's own output would look like."""
    request = urllib.request.Request(f"{address}/bot{TOKEN}/{method}", json.dumps(params).encode(),
                                     {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        answer = json.load(response)
    assert answer["ok"], answer
    result: dict[str, object] = answer["result"] if isinstance(answer["result"], dict) else {}
    return result


def bot_says(address: str, chat_id: int, text: str, **params: object) -> int:
    sent = bot_calls(address, "sendMessage", chat_id=chat_id, text=text, parse_mode="HTML",
                     **params)
    return int(str(sent["message_id"]))


def bot_sends_photo(address: str, chat_id: int, png: bytes, caption: str) -> None:
    boundary = "playground-test-boundary"
    body = b"".join([
        f'--{boundary}\r\nContent-Disposition: form-data; name="chat_id"\r\n\r\n{chat_id}\r\n'
        .encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="caption"\r\n\r\n{caption}\r\n'
        .encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="chart.png"'
        f'\r\nContent-Type: image/png\r\n\r\n'.encode(), png, f"\r\n--{boundary}--\r\n".encode()])
    request = urllib.request.Request(
        f"{address}/bot{TOKEN}/sendPhoto", body,
        {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.load(response)["ok"]


def no_markup_got_in(browser: WebDriver) -> None:
    assert browser.find_elements(By.CSS_SELECTOR, "#messages img, #messages script") == []
    assert browser.execute_script("return window.__xss") is None


GIULIA, SARA, LUCA = 1001, 2002, 2003


def test_onboarding_in_italian_from_the_menu_and_every_text_is_shown_as_text(
        playground: str, browser: WebDriver) -> None:
    browser.get(playground + "/")
    wait_until(browser, lambda b: "Giulia" in b.find_element(By.ID, "persona").text, "no personas")
    personas = browser.find_element(By.ID, "persona").text
    for who in ("new citizen (Italian)", "new citizen (English)", "designer", "observer",
                "expert", "member of the Milano team"):
        assert who in personas
    assert "127.0.0.1 (loopback) only" in browser.find_element(By.ID, "sidebar").text
    as_persona(browser, GIULIA)
    # The "/" menu is the private chat's, in Italian.
    menu = open_menu(browser)
    assert "Registrati o ricomincia" in menu["start"] and "linkgroup" not in menu
    browser.find_element(By.CSS_SELECTOR, '#menu li[data-command="start"]').click()
    wait_text(browser, "Benvenuto in Cohesion Makers! Scegli la lingua.")
    press(browser, "Italiano")
    press(browser, "Acconsento")
    press(browser, "Cittadino")
    say(browser, "bergamo")
    wait_text(browser, "Bergamo (BG)")
    press(browser, "Salta")
    press(browser, "Salta")
    wait_text(browser, "ora sei un cohesion maker")
    shot(browser, "onboarding")

    # A person's hostile words are shown as they were typed, never run as markup.
    hostile = '<img src=x onerror="window.__xss=1">'
    say(browser, hostile, answered=False)
    wait_text(browser, hostile)
    # So is the bot's output: Telegram's tags kept, escaped markup shown as text; a tag
    # Telegram does not know is refused, as Telegram refuses it ("can't parse entities").
    with pytest.raises(urllib.error.HTTPError):
        bot_says(playground, GIULIA, '<img src=x onerror="window.__xss=2">')
    bot_says(playground, GIULIA, '<b>grassetto</b> &lt;img src=x onerror="window.__xss=2"&gt;'
                                 '&lt;script&gt;alert(3)&lt;/script&gt;')
    wait_text(browser, 'grassetto <img src=x onerror="window.__xss=2"><script>alert(3)</script>')
    bold = browser.find_elements(By.CSS_SELECTOR, "#messages .bubble.bot b")
    assert "grassetto" in [b.text for b in bold]
    no_markup_got_in(browser)
    # A new person of one's own, with a hostile name: listed as text.
    browser.find_element(By.CSS_SELECTOR, "#new-person summary").click()
    browser.find_element(By.ID, "new-name").send_keys('<img src=y onerror="window.__xss=4">')
    Select(browser.find_element(By.ID, "new-lang")).select_by_value("en")
    browser.find_element(By.ID, "new-create").click()
    wait_until(browser, lambda b: '<img src=y onerror="window.__xss=4"> (en) — a new person'
               in b.find_element(By.ID, "persona").text, "the new person is not listed")
    menu = open_menu(browser)
    assert "Register or start again" in menu["start"]  # their menu is the English one
    no_markup_got_in(browser)


def test_what_the_bot_can_do_to_a_chat_shows_as_on_telegram(playground: str,
                                                             browser: WebDriver) -> None:
    """Reply keyboards, photos, edits and deletions, as the bot would make them over HTTP."""
    browser.get(playground + "/")
    wait_until(browser, lambda b: "Giulia" in b.find_element(By.ID, "persona").text, "no personas")
    as_persona(browser, GIULIA)
    wait_until(browser, lambda b: b.find_element(By.ID, "chat-title").text == "Cohesion Makers",
               "the private chat is not open")
    keyboard = {"keyboard": [[{"text": "Milano"}, {"text": "Bergamo"}]], "one_time_keyboard": True,
                "input_field_placeholder": "La tua città"}
    bot_says(playground, GIULIA, "Dove abiti?", reply_markup=keyboard)
    wait_until(browser, lambda b: b.find_element(By.ID, "reply-keyboard").is_displayed(),
               "no reply keyboard")
    assert browser.find_element(By.ID, "text").get_attribute("placeholder") == "La tua città"
    browser.find_element(By.XPATH, '//div[@id="reply-keyboard"]//button[.="Bergamo"]').click()
    wait_until(browser, lambda b: any(e.text == "Bergamo" for e in
                                      b.find_elements(By.CSS_SELECTOR, ".bubble.mine")),
               "the reply button did not send its text")
    assert not browser.find_element(By.ID, "reply-keyboard").is_displayed()  # one time
    bot_says(playground, GIULIA, "Ancora?", reply_markup=keyboard)
    wait_until(browser, lambda b: b.find_element(By.ID, "reply-keyboard").is_displayed(),
               "no reply keyboard")
    bot_says(playground, GIULIA, "Fatto.", reply_markup={"remove_keyboard": True})
    wait_until(browser, lambda b: not b.find_element(By.ID, "reply-keyboard").is_displayed(),
               "the reply keyboard was not removed")

    # A photo is shown in its bubble, from where the local Bot API saved it.
    png = (ROOT / "docs" / "playground.png").read_bytes()
    bot_sends_photo(playground, GIULIA, png, "Il grafico")
    wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#messages img.photo"),
               "no photo")
    wait_until(browser, lambda b: b.execute_script(
        "const i = document.querySelector('#messages img.photo');"
        "return i.complete && i.naturalWidth > 0"), "the photo did not load")

    # Edited and deleted in place: the same bubble changes, then goes.
    message_id = bot_says(playground, GIULIA, "Prima versione", reply_markup={
        "inline_keyboard": [[{"text": "Uno", "callback_data": "x:1"}]]})
    wait_text(browser, "Prima versione")
    count = len(browser.find_elements(By.CSS_SELECTOR, "#messages .bubble"))
    bot_calls(playground, "editMessageText", chat_id=GIULIA, message_id=message_id,
              text="Seconda <i>versione</i>", parse_mode="HTML")
    wait_text(browser, "Seconda versione")
    bubble = browser.find_element(By.CSS_SELECTOR, f'#messages .bubble[data-id="{message_id}"]')
    assert "edited" in bubble.text and "Prima" not in bubble.text
    assert bubble.find_elements(By.CSS_SELECTOR, ".keyboard") == []  # the edit dropped it
    assert len(browser.find_elements(By.CSS_SELECTOR, "#messages .bubble")) == count
    bot_calls(playground, "deleteMessage", chat_id=GIULIA, message_id=message_id)
    wait_until(browser, lambda b: not b.find_elements(
        By.CSS_SELECTOR, f'#messages .bubble[data-id="{message_id}"]'), "not deleted")
    shot(browser, "bot-output")


def test_the_designer_links_a_group_pledges_and_rsvps(playground: str,
                                                        browser: WebDriver) -> None:
    browser.get(playground + "/")
    wait_until(browser, lambda b: "Sara" in b.find_element(By.ID, "persona").text, "no personas")
    as_persona(browser, SARA)
    wait_until(browser, lambda b: "Volontari Bergamo" in b.find_element(By.ID, "chats").text,
               "Sara's groups are not listed")
    # Add the bot to a new group with Giulia in it: the bot greets the group.
    browser.find_element(By.CSS_SELECTOR, "#new-group summary").click()
    browser.find_element(By.ID, "group-title").send_keys("Volontari Brescia")
    browser.find_element(By.CSS_SELECTOR, f'#members input[value="{GIULIA}"]').click()
    browser.find_element(By.ID, "group-create").click()
    wait_until(browser, lambda b: b.find_element(By.ID, "chat-title").text == "Volontari Brescia",
               "the new group did not open")
    wait_text(browser, "Ciao! Sono il bot di Cohesion Makers.")
    # The group's menu for an administrator, and /linkgroup from it.
    assert "Collega questo gruppo al tuo team" in open_menu(browser)["linkgroup"]
    browser.find_element(By.ID, "menu-button").click()  # closes it
    choose_from_menu(browser, "linkgroup")
    press(browser, "Cohesion Makers Brescia")
    wait_text(browser, "Questo gruppo ora è collegato a Cohesion Makers Brescia")
    # Speak in the group as another member.
    Select(browser.find_element(By.ID, "speaker")).select_by_value(str(GIULIA))
    wait_until(browser, lambda b: b.find_element(By.ID, "persona").get_attribute("value")
               == str(GIULIA), "not speaking as Giulia")
    say(browser, "Ciao a tutti, sono Giulia", answered=False)
    Select(browser.find_element(By.ID, "speaker")).select_by_value(str(SARA))
    # Back as Sara, the group shows Giulia's words as another member's, with her name.
    wait_until(browser, lambda b: any(e.text.startswith("Giulia\nCiao a tutti") for e in
                                      b.find_elements(By.CSS_SELECTOR, ".bubble:not(.mine)")),
               "Giulia's words are not shown as hers")

    # A need, published from the private chat: the outbox announces it in the group, live.
    open_chat(browser, "Cohesion Makers")
    say(browser, "/newneed 20 ore Accompagnare anziani alle visite")
    press(browser, "Cohesion Makers Brescia")
    press(browser, "Pubblica")
    wait_text(browser, "Pubblicato: Accompagnare anziani alle visite")
    open_chat(browser, "Volontari Brescia")
    wait_text(browser, "Cohesion Makers Brescia cerca aiuto", timeout=30)
    open_chat(browser, "Cohesion Makers")
    say(browser, "/needs")
    press(browser, "Accompagnare anziani")  # beside the demo's needs of Bergamo Solidale
    press(browser, "2 ore")
    wait_text(browser, "Grazie! Hai offerto 2 ore per Accompagnare anziani alle visite a nome di "
                       "Bergamo Solidale.")
    shot(browser, "pledged")

    # A table, announced in the group; Sara answers there, and the announcement changes in place.
    say(browser, "/newtable")
    press(browser, "Cohesion Makers Brescia")
    say(browser, "dopodomani alle 18")
    press(browser, "Sì, è giusto")
    say(browser, "Oratorio San Luigi")
    say(browser, "Turni di dicembre")
    press(browser, "Fatto")                                  # a one-point agenda
    press(browser, "Salta")
    press(browser, "Una volta sola")
    press(browser, "Salta")
    press(browser, "Annuncia")
    wait_text(browser, "Annunciato nel gruppo del team.")
    wait_text(browser, "Tavolo territoriale di Cohesion Makers Brescia", timeout=30)
    open_chat(browser, "Volontari Brescia")
    wait_text(browser, "Ci sono: 0 · Forse: 0", timeout=30)
    bubbles = len(browser.find_elements(By.CSS_SELECTOR, "#messages .bubble"))
    press(browser, "Ci sarò (0)")
    wait_until(browser, lambda b: "Ci vediamo" in b.find_element(By.ID, "toast").text,
               "no toast for the answer")
    wait_text(browser, "Ci sono: 1 · Forse: 0")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#messages .bubble")) == bubbles
    assert "Ci sarò (1)" in browser.find_element(By.ID, "messages").text
    shot(browser, "group")
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        shutil.copy(ARTEFACTS / "group.png", ROOT / "docs" / "playground.png")

    # The table's calendar file: a document link to what the bot sent.
    open_chat(browser, "Cohesion Makers")
    say(browser, "/tables")
    press(browser, "📅")
    wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#messages a.document"),
               "no document")
    link = browser.find_elements(By.CSS_SELECTOR, "#messages a.document")[-1]
    assert "table-1.ics" in link.text
    with urllib.request.urlopen(str(link.get_attribute("href")), timeout=10) as download:
        assert download.read().startswith(b"BEGIN:VCALENDAR")


def test_near_with_a_place_shared_through_the_location_button(playground: str,
                                                              browser: WebDriver) -> None:
    """/near's "share my location" opens the page's place picker, as Telegram's button asks
    the phone: the bot gets a location, and the answer lists what is near it."""
    browser.get(playground)
    as_persona(browser, LUCA)
    wait_until(browser, lambda b: b.find_element(By.ID, "chat-title").text == "Cohesion Makers",
               "Luca's chat never opened")
    say(browser, "/near")
    wait_until(browser, lambda b: not b.find_element(By.ID, "reply-keyboard").get_attribute(
        "hidden"), "no reply keyboard")
    [share] = [button for button in browser.find_elements(By.CSS_SELECTOR,
                                                           "#reply-keyboard button")
               if "📍" in button.text]
    share.click()
    wait_until(browser, lambda b: not b.find_element(By.ID, "location").get_attribute("hidden"),
               "no place picker")
    [milano] = [button for button in browser.find_elements(By.CSS_SELECTOR,
                                                            "#location-places button")
                if "Milano" in button.text]
    milano.click()
    wait_text(browser, "📍 45.46420, 9.19000")
    wait_text(browser, "Around your location, near Milano")
    shot(browser, "near-location")
    wait_text(browser, "Emporio solidale")  # a demo service of Milano, with its distance
    assert browser.find_element(By.ID, "reply-keyboard").get_attribute("hidden")
    shot(browser, "near-location")


def test_a_newcomer_is_told_what_to_do_follows_a_bot_link_and_resets_the_demo(
        playground: str, browser: WebDriver) -> None:
    browser.get(playground + "/")
    wait_until(browser, lambda b: "Giulia" in b.find_element(By.ID, "persona").text, "no personas")
    as_persona(browser, GIULIA)
    wait_until(browser, lambda b: b.find_element(By.ID, "empty-hint").is_displayed(),
               "no hint on the empty first screen")
    assert "type /start" in browser.find_element(By.ID, "empty-hint").text
    # A need's "I can help" link in a group, as the bot posts it: it opens the private chat
    # and sends /start with its payload, as the person now speaking.
    me = json.load(urllib.request.urlopen(f"{playground}/bot{TOKEN}/getMe", timeout=10))["result"]
    link = f"https://t.me/{me['username']}?start=need_7"
    milano = -1001000000001
    bot_says(playground, milano, "Cerca aiuto", reply_markup={
        "inline_keyboard": [[{"text": "🙋 Posso aiutare", "url": link}]]})
    bot_says(playground, milano, f'Oppure <a href="{link.replace("7", "8")}">qui</a>')
    as_persona(browser, LUCA)
    open_chat(browser, "Cohesion Makers Milano")
    wait_text(browser, "Cerca aiuto")
    browser.find_element(By.XPATH, '//div[@class="keyboard"]//button[.="🙋 Posso aiutare"]').click()
    wait_until(browser, lambda b: b.find_element(By.ID, "chat-title").text == "Cohesion Makers",
               "the link did not open the private chat")
    wait_until(browser, lambda b: any(e.text == "/start need_7" for e in
                                      b.find_elements(By.CSS_SELECTOR, ".bubble.mine")),
               "the link did not send /start need_7")
    assert len(browser.window_handles) == 1                        # nothing opened outside
    assert not browser.find_element(By.ID, "empty-hint").is_displayed()
    open_chat(browser, "Cohesion Makers Milano")
    wait_text(browser, "Oppure qui")
    browser.find_element(By.LINK_TEXT, "qui").click()
    wait_until(browser, lambda b: any(e.text == "/start need_8" for e in
                                      b.find_elements(By.CSS_SELECTOR, ".bubble.mine")),
               "the link in the text did not send /start need_8")
    wait_until(browser, lambda b: "bot" in (b.find_elements(By.CSS_SELECTOR, "#messages .bubble")
                                            [-1].get_attribute("class") or ""),
               "no answer to /start need_8")                   # before the reset, not after
    # The reset: the chats are empty again, and the hint is back.
    browser.find_element(By.ID, "reset-demo").click()
    browser.switch_to.alert.accept()
    wait_until(browser, lambda b: not b.find_elements(By.CSS_SELECTOR, "#messages .bubble")
               and b.find_element(By.ID, "empty-hint").is_displayed(), "not reset")
    say(browser, "/start")                                         # and the bot answers


def test_a_designer_types_the_agenda_one_point_per_line_and_one_per_message(
        playground: str, browser: WebDriver) -> None:
    """Issue 22, point 11: Shift+Enter starts a new line in the composer (Enter sends), and a
    point sent as its own message is added to the list instead of answering the next step."""
    browser.get(playground + "/")
    wait_until(browser, lambda b: "Sara" in b.find_element(By.ID, "persona").text, "no personas")
    as_persona(browser, SARA)
    open_chat(browser, "Cohesion Makers")
    say(browser, "/newtable")
    press(browser, "Cohesion Makers Brescia")              # Sara leads two teams
    wait_text(browser, "Quando si tiene?")
    say(browser, "dopodomani alle 18")                   # any date: the page runs on the clock
    press(browser, "Sì")
    wait_text(browser, "Dove?")
    say(browser, "Sala civica")
    wait_text(browser, "ordine del giorno")
    box = browser.find_element(By.ID, "text")
    box.send_keys("Bilancio", Keys.SHIFT, Keys.ENTER, Keys.NULL, "Orto condiviso", Keys.ENTER)
    wait_until(browser, lambda b: any(e.text == "Bilancio\nOrto condiviso" for e in
                                      b.find_elements(By.CSS_SELECTOR, ".bubble.mine .text")),
               "the two lines were not sent as one message")
    wait_text(browser, "Quante persone")                 # two points: the whole agenda
    press(browser, "Salta")
    press(browser, "Una volta sola")
    press(browser, "Salta")
    wait_text(browser, "• Orto condiviso")
    press(browser, "Ordine del giorno")                   # rewrite it, one point per message
    say(browser, "Turni di gennaio")
    wait_text(browser, "Finora:")
    say(browser, "Festa di quartiere")
    wait_until(browser, lambda b: "• Festa di quartiere" in b.find_elements(
        By.CSS_SELECTOR, "#messages .bubble.bot")[-1].text, "the second point was not added")
    press(browser, "Fatto")
    wait_text(browser, "Controlla il tavolo prima di annunciarlo")
    last = browser.find_elements(By.CSS_SELECTOR, "#messages .bubble.bot")[-1].text
    assert "• Turni di gennaio" in last and "• Festa di quartiere" in last
    assert "• Bilancio" not in last
    shot(browser, "agenda_one_point_per_message")
