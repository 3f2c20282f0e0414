"""The `cohesion` command-line tool: migrations, demo data, teams and roles, and its errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import get_settings


def test_teams_and_roles(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("migrate")[0] == 0
    code, out, _ = cli("team", "create", "--territory", "brugherio mb", "--name", "CM Brugherio")
    assert code == 0 and "team 1 created: CM Brugherio (Brugherio, comune)" in out
    assert "https://t.me/CohesionMakersBot?start=team_1" in out
    code, out, _ = cli("team", "create", "--territory", "P-MB", "--name", "CM Monza e Brianza",
                       "--language", "en")
    assert code == 0 and "team 2 created" in out
    assert cli("role", "grant", "designer", "--user", "555", "--team", "1")[1].strip() == "granted"
    assert "nothing changed" in cli("role", "grant", "designer", "--user", "555", "--team", "1")[1]
    assert cli("role", "grant", "observer", "--user", "556", "--territory", "Lombardia")[0] == 0
    assert cli("role", "grant", "admin", "--user", "557")[0] == 0
    out = cli("role", "list")[1]
    assert "555" in out and "designer  team 1" in out and "observer  territory R-03" in out
    assert "1  CM Brugherio  [Brugherio] 0 members, no group, it" in cli("team", "list")[1]
    assert cli("role", "revoke", "admin", "--user", "557")[1].strip() == "revoked"


def test_demo_reset_empties_the_data_and_loads_the_demo_again(cli) -> None:  # type: ignore[no-untyped-def]
    cli("migrate")
    cli("demo")
    cli("team", "create", "--territory", "brugherio mb", "--name", "CM Brugherio")
    cli("role", "grant", "admin", "--user", "557")
    assert "CM Brugherio" in cli("team", "list")[1]
    code, out, _ = cli("demo", "--reset")
    assert code == 0 and "demo data loaded" in out
    teams = cli("team", "list")[1]
    assert "CM Brugherio" not in teams and "557" not in cli("role", "list")[1]
    assert "1  Cohesion Makers Milano" in teams                    # the demo's own ids again
    assert cli("team", "create", "--territory", "brugherio mb", "--name", "CM Brugherio")[0] == 0


@pytest.mark.parametrize(("args", "message"), [
    (("team", "create", "--territory", "Samone", "--name", "X Y"), "'Samone' is ambiguous"),
    (("team", "create", "--territory", "Atlantide", "--name", "X Y"), "no territory matches"),
    (("team", "create", "--territory", "Milano", "--name", "X", ), "--name must be 2 to 100"),
    (("team", "create", "--territory", "Milano", "--name", "XY", "--language", "fr"),
     "--language must be it or en"),
    (("role", "grant", "designer", "--user", "5"), "a designer needs --team ID"),
    (("role", "grant", "designer", "--user", "5", "--team", "99"), "there is no team 99"),
    (("role", "grant", "observer", "--user", "5"), "an observer needs --territory"),
    (("role", "grant", "observer", "--user", "5", "--territory", "Milano"),
     "an observer follows a province or a region"),
    (("role", "grant", "expert", "--user", "5", "--team", "1"), "--team only goes with"),
    (("role", "revoke", "admin", "--user", "5"), "does not have that role"),
    (("demo",), "already has teams"),
])
def test_bad_arguments_get_clear_errors(cli, args, message) -> None:  # type: ignore[no-untyped-def]
    cli("migrate")
    cli("demo")
    code, _out, err = cli(*args)
    assert code == 2 and err.startswith("error: ") and message in err


def test_argparse_errors_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_info:
        cli("role", "grant", "pope", "--user", "5")
    assert exit_info.value.code == 2


def test_the_console_script_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("cohesion")
    result = subprocess.run([str(script), "territory", "Lirio"], capture_output=True, text=True,
                            env={"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                                 "PATH": "/usr/bin:/bin"}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Montalto Pavese" in result.stdout


def test_announce_schedules_a_notice(cli) -> None:  # type: ignore[no-untyped-def]
    cli("migrate")
    cli("demo")
    code, out, _ = cli("announce", "--team", "1", "--text", "Tavolo giovedì", "--at",
                       "2026-12-03 18:30", "--members")
    assert code == 0 and "scheduled for 2026-12-03 18:30 (Rome)" in out
    assert "dropped if not sent by 2026-12-04 18:30" in out
    again = subprocess.run(  # another process: the key must not depend on it
        [sys.executable, "-m", "cohesion", "announce", "--team", "1", "--text", "Tavolo giovedì",
         "--at", "2026-12-03 18:30", "--members"], capture_output=True, text=True, timeout=60,
        env={**os.environ, "DATABASE_URL": get_settings().database_url})
    assert "already scheduled" in again.stdout, again.stderr
    assert "--at takes a Rome time" in cli("announce", "--team", "1", "--text", "x", "--at",
                                           "giovedì")[2]
    assert "there is no team 99" in cli("announce", "--team", "99", "--text", "x")[2]


def test_webhook_set_once_at_deploy(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """`cohesion webhook set` against the local Bot API in its own process."""
    server = subprocess.Popen([sys.executable, "-m", "playground.server", "--token",
                               "123:deploy"], stdout=subprocess.PIPE, text=True)
    try:
        base = (server.stdout.readline() if server.stdout else "").strip()
        monkeypatch.setenv("BOT_TOKEN", "123:deploy")
        monkeypatch.setenv("TELEGRAM_API_BASE", base)
        monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.org/telegram/webhook")
        get_settings.cache_clear()
        assert "set WEBHOOK_URL and WEBHOOK_SECRET first" in cli("webhook", "set")[2]
        monkeypatch.setenv("WEBHOOK_SECRET", "deploy-secret")
        get_settings.cache_clear()
        code, out, _ = cli("webhook", "set")
        assert code == 0 and "webhook set to https://bot.example.org/telegram/webhook" in out
        assert "url: https://bot.example.org/telegram/webhook" in cli("webhook", "info")[1]
        assert "webhook deleted" in cli("webhook", "delete")[1]
        assert "url: (none)" in cli("webhook", "info")[1]
        monkeypatch.delenv("WEBHOOK_SECRET")
        get_settings.cache_clear()
        assert "needs WEBHOOK_SECRET" in cli("webhook", "serve")[2]
    finally:
        server.terminate()
        server.wait(timeout=10)
