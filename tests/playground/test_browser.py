"""The playground in a real headless Chromium: the page as a person uses it, against the bot
running unchanged in its own process (long polling the local Bot API server over HTTP)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
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
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


@pytest.fixture
def playground(tmp_path: Path) -> Iterator[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'pg.sqlite3'}", "BOT_TOKEN": "",
           "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "bot", "playground", "--port", "0"],
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
    def click(b: WebDriver) -> bool:
        buttons = [e for e in b.find_elements(By.CSS_SELECTOR, ".bubble .keyboard button")
                   if label in e.text]
        if not buttons:
            return False
        buttons[-1].click()
        return True
    WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException,)).until(
        click, message=f"no button {label!r}")


def say(browser: WebDriver, text: str) -> None:
    box = browser.find_element(By.ID, "text")
    box.send_keys(text)
    browser.find_element(By.ID, "send").click()


def shot(browser: WebDriver, name: str) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTEFACTS / f"{name}.png"))


def test_onboarding_in_italian_then_the_designer(playground: str, browser: WebDriver) -> None:
    browser.get(playground + "/")
    WebDriverWait(browser, 15).until(lambda b: "Giulia" in b.find_element(By.ID, "persona").text)
    Select(browser.find_element(By.ID, "persona")).select_by_value("1001")
    say(browser, "/start")
    wait_text(browser, "Benvenuto in Cohesion Makers! Scegli la lingua.")
    press(browser, "Italiano")
    press(browser, "Acconsento")
    press(browser, "Cittadino")
    say(browser, "bergamo")
    wait_text(browser, "Bergamo (BG)")
    shot(browser, "onboarding")
    # The person's own words are escaped, never markup.
    say(browser, "<b>ciao</b>")
    WebDriverWait(browser, 15).until(
        lambda b: "<b>ciao</b>" in b.find_element(By.ID, "messages").text)

    Select(browser.find_element(By.ID, "persona")).select_by_value("2001")
    WebDriverWait(browser, 15).until(
        lambda b: "Cohesion Makers Milano" in b.find_element(By.ID, "chats").text)
    say(browser, "/start")
    WebDriverWait(browser, 15).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, ".bubble:not(.mine)")) >= 1)
    shot(browser, "designer")
    (ROOT / "docs").mkdir(exist_ok=True)
    shutil.copy(ARTEFACTS / "designer.png", ROOT / "docs" / "playground.png")
