"""Who writes messages: only the notifiers (bot/notify) put rows in the outbox, besides the
outbox's own repository and the sender that delivers them. A flow, handler, service, job or
command that wrote one would say something outside its capability's notifier — the words of a
change, in the change's transaction, in one place per capability.

(Erasure may delete or redact rows of the outbox: that is taking words away, not saying them.)"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = ("bot/notify/", "storage/repositories/", "scheduler/sender.py", "scheduler/outcomes.py",
           "scheduler/bot_call.py")
ENQUEUE = {"enqueue", "enqueue_many", "enqueue_many_keys"}


def outbox_writes(path: Path) -> list[str]:
    """Calls of the outbox's enqueue methods and constructions of an OutboxItem."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ENQUEUE:
            found.append(f"{path.name}:{node.lineno} .{func.attr}()")
        elif isinstance(func, ast.Name) and func.id == "OutboxItem":
            found.append(f"{path.name}:{node.lineno} OutboxItem()")
    return found


def application_files() -> list[Path]:
    files = []
    for folder in ("bot", "cohesion", "scheduler", "storage", "domain"):
        files += sorted((ROOT / folder).rglob("*.py"))
    return [path for path in files
            if not str(path.relative_to(ROOT)).startswith(ALLOWED)]


def test_only_the_notifiers_write_to_the_outbox() -> None:
    assert [hit for path in application_files() for hit in outbox_writes(path)] == []


def test_the_outbox_check_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "flow.py"
    sample.write_text("async def step(uow, now):\n"
                      "    await uow.outbox.enqueue_many([OutboxItem(key='k', chat_id=1)], now=now)\n"
                      "    await uow.outbox.enqueue(key='k', chat_id=1, now=now)\n")
    assert sorted(outbox_writes(sample)) == ["flow.py:2 .enqueue_many()", "flow.py:2 OutboxItem()",
                                             "flow.py:3 .enqueue()"]
