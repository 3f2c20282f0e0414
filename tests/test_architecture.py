"""The import boundaries of CONVENTIONS.md, kept true by a test."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def python_files(*folders: str) -> Iterator[Path]:
    for folder in folders:
        path = ROOT / folder
        yield from (path.rglob("*.py") if path.is_dir() else [path])


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def offenders(files: Iterator[Path], forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in files:
        for name in imports(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    return found


def test_storage_imports_neither_bot_nor_aiogram() -> None:
    assert offenders(python_files("storage"), ("bot", "aiogram", "scheduler")) == []


def test_domain_rules_import_neither_telegram_nor_the_database() -> None:
    forbidden = ("bot", "aiogram", "storage", "sqlalchemy", "sqlmodel", "scheduler")
    assert offenders(python_files("domain"), forbidden) == []


def test_flow_logic_is_pure() -> None:
    logic = (ROOT / "bot" / "flows").rglob("logic.py")
    assert offenders(logic, ("aiogram", "storage", "sqlalchemy", "sqlmodel")) == []


def test_services_take_no_aiogram_objects() -> None:
    assert offenders(python_files("bot/services"), ("aiogram",)) == []


def test_scheduler_never_uses_handlers_or_flows() -> None:
    forbidden = ("bot.handlers", "bot.flows")
    assert offenders(python_files("scheduler"), forbidden) == []


def test_handlers_hold_no_sql() -> None:
    files = [*python_files("bot/handlers"), *(ROOT / "bot" / "flows").rglob("router.py")]
    assert offenders(iter(files), ("sqlalchemy", "sqlmodel")) == []


def literal_replies(path: Path) -> list[str]:
    """Calls like message.answer("…") with a literal string: texts belong in bot/ui/texts.py."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"answer", "send_message", "edit_text", "reply",
                                       "answer_document", "answer_photo"}):
            arguments = [*node.args, *(k.value for k in node.keywords if k.arg in
                                       ("text", "caption"))]
            for argument in arguments:
                if isinstance(argument, ast.Constant | ast.JoinedStr) and (
                        not isinstance(argument, ast.Constant) or isinstance(argument.value, str)):
                    found.append(f"{path.name}:{node.lineno}")
    return found


def test_handlers_hold_no_literal_user_facing_strings() -> None:
    files = [*python_files("bot/handlers", "bot/errors.py", "scheduler"),
             *(ROOT / "bot" / "flows").rglob("*.py")]
    assert [hit for path in files for hit in literal_replies(path)] == []


def test_the_literal_check_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('async def h(m):\n    await m.answer("Ciao!")\n    await m.answer(f"{m}")\n')
    assert len(literal_replies(sample)) == 2
