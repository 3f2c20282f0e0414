"""The local chat driven as a person would: a real process, lines on stdin, the answers on stdout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_chat(db: Path, lines: list[str], tmp_path: Path) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "BOT_TOKEN": "",
           "PYTHONUNBUFFERED": "1"}
    result = subprocess.run([sys.executable, "-m", "cohesion", "chat"], input="\n".join(lines) + "\n",
                            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_a_newcomer_registers_in_the_local_chat(tmp_path: Path) -> None:
    out = run_chat(tmp_path / "chat.sqlite3", [
        "/start", "1",            # Italiano
        "1",                      # Acconsento
        "1",                      # Cittadino
        "bergamo",
        "2",                      # no button 2 on the skills prompt: told so
        "1",                      # Salta
        "2",                      # Qualche ora a settimana
        "1",                      # Entra in Cohesion Makers Bergamo
        "/team",
        ":quit",
    ], tmp_path)
    assert "Benvenuto in Cohesion Makers! Scegli la lingua." in out
    assert "[1] 🇮🇹 Italiano   [2] 🇬🇧 English" in out
    assert "📍 Territorio: Bergamo (BG) – Lombardia" in out
    assert "(there is no button 2)" in out
    assert "Grazie, Giulia: ora sei un cohesion maker!" in out
    assert "[1] Entra in Cohesion Makers Bergamo" in out
    assert "🎉 Benvenuto in Cohesion Makers Bergamo!" in out  # tags are stripped for the terminal
    assert "Designer: Sara" in out
    assert out.rstrip().endswith("Bye!")


def test_personas_and_group_chats(tmp_path: Path) -> None:
    out = run_chat(tmp_path / "chat.sqlite3", [
        ":who", ":as sara", ":addbot bergamo", "/linkgroup", "1", ":private", "/team",
        ":as luca", ":group milano", "/help", ":as sara", ":group bergamo", ":nonsense",
    ], tmp_path)  # no :quit: end of input ends the chat too
    assert "designer of the Bergamo and Brescia teams" in out
    assert "Se nessuno lo fa entro 48 ore, lascerò il gruppo." in out
    assert "[1] Cohesion Makers Bergamo   [2] Cohesion Makers Brescia" in out
    assert "Questo gruppo ora è collegato a Cohesion Makers Bergamo" in out
    assert "Gruppo Telegram: collegato" in out
    assert "now: Luca @ Cohesion Makers Milano" in out
    assert "  | Sara: /linkgroup" in out and "  | bot: ✅ Questo gruppo ora è collegato" in out
    assert "unknown or incomplete command" in out
    assert out.rstrip().endswith("Bye!")


def test_the_terminal_tells_of_edits_deletions_and_files() -> None:
    """What the bot changes or removes later is told too, as a Telegram client would show it."""
    import io

    from playground.api import Output
    from playground.terminal import Terminal

    out = io.StringIO()
    terminal = Terminal(None, out)  # type: ignore[arg-type]  # show() needs no chat
    chat = terminal.chat_id
    terminal.show([
        Output("edit", chat, "<b>Ci sono: 1</b>", 7, [["✅ Ci sarò (1)"]]),
        Output("delete", chat, "Scegli la lingua", 3),
        Output("document", chat, "Il calendario", 8, path=Path("data/playground/document-1.ics")),
        Output("photo", chat, "Il grafico", 9),
    ])
    said = out.getvalue()
    assert "bot (edited): Ci sono: 1\n     [1] ✅ Ci sarò (1)" in said
    assert "(the bot deleted its message: 'Scegli la lingua')" in said
    assert "bot: [document saved to data/playground/document-1.ics] Il calendario" in said
    assert "bot: [photo] Il grafico" in said
