"""The import boundaries of CONVENTIONS.md, kept true by a test."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def python_files(*folders: str) -> Iterator[Path]:
    for folder in folders:
        path = ROOT / folder
        if path.is_dir():
            yield from path.rglob("*.py")
        elif path.exists():
            yield path


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


def test_keyboards_are_built_directly() -> None:
    # aiogram's keyboard builders deep-copy every button on export, which cost more than the
    # rest of a reply (bench/routers_bench.py --profile): bot.ui.keyboards.grid instead.
    assert offenders(python_files("bot", "scheduler"), ("aiogram.utils.keyboard",)) == []


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


# --- one clock ----------------------------------------------------------------------------------

CLOCK_MODULE = ROOT / "bot" / "clock.py"
WALL_CLOCK_ATTRIBUTES = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"),
                         ("date", "today"), ("time", "time"), ("time", "time_ns")}
# These read the current time only when called without a time to convert.
WALL_CLOCK_WITHOUT_ARGUMENTS = {("time", "localtime"), ("time", "gmtime"), ("time", "ctime"),
                                ("time", "asctime")}
WALL_CLOCK_IMPORTS = {("time", "time"), ("time", "time_ns"), ("time", "localtime"),
                      ("time", "gmtime"), ("time", "ctime")}
SQL_NOW = ("now", "current_timestamp", "localtimestamp", "current_date", "sysdate")


def _owner(node: ast.expr) -> str | None:
    """`datetime` for datetime.now and for datetime.datetime.now."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def wall_clock_reads(path: Path) -> list[str]:
    """Every place that reads calendar time by itself instead of asking the injected clock."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found: list[str] = []
    called_with_arguments = {id(node.func) for node in ast.walk(tree)
                             if isinstance(node, ast.Call) and (node.args or node.keywords)}
    for node in ast.walk(tree):
        where = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:" \
                f"{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Attribute):
            pair = (_owner(node.value), node.attr)
            if pair in WALL_CLOCK_ATTRIBUTES:
                found.append(f"{where} {pair[0]}.{pair[1]}")
            elif pair in WALL_CLOCK_WITHOUT_ARGUMENTS and id(node) not in called_with_arguments:
                found.append(f"{where} {pair[0]}.{pair[1]}() without a time")
            elif pair[0] == "func" and node.attr.lower() in SQL_NOW:
                found.append(f"{where} the database's clock (func.{node.attr})")
        elif isinstance(node, ast.ImportFrom) and node.module in ("time", "datetime"):
            for alias in node.names:
                if (node.module, alias.name) in WALL_CLOCK_IMPORTS:
                    found.append(f"{where} from {node.module} import {alias.name}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name in ("format_date", "format_datetime", "format_time") and not node.args:
                found.append(f"{where} babel {name}() of 'now'")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            lowered = node.value.lower()
            if "now()" in lowered or "current_timestamp" in lowered:
                found.append(f"{where} the database's clock in SQL text")
    return found


def test_calendar_time_is_read_only_by_the_clock() -> None:
    """Everything else is handed the clock (or `now`), so tests can pin it and the suite
    passes on any date; a second clock would mix the pinned time with the machine's."""
    files = [path for path in python_files("bot", "storage", "domain", "scheduler", "bench",
                                           "tests", "playground")
             if path != CLOCK_MODULE and path.name != "test_architecture.py"]
    assert [hit for path in files for hit in wall_clock_reads(path)] == []


def test_the_clock_check_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import time\nimport datetime as dt\nfrom datetime import datetime, date\n"
        "from time import time as now_seconds\nfrom sqlalchemy import func, text\n"
        "from babel.dates import format_date\n"
        "a = datetime.now()\nb = dt.datetime.utcnow()\nc = date.today()\nd = time.time()\n"
        "e = time.localtime()\nf = func.now()\ng = text('SELECT now()')\nh = format_date()\n"
        "def f(clock=time.time): ...\n"
        "ok = time.monotonic(); ok2 = time.localtime(0); ok3 = datetime(2026, 1, 1)\n")
    hits = wall_clock_reads(sample)
    assert len(hits) == 10, hits


# --- import-linter: the same boundaries, indirect imports included ---------------------------
# The contracts are in pyproject.toml ([tool.importlinter]); `make lint` runs them too.

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_import_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "kept, 0 broken" in result.stdout, result.stdout


def test_the_import_contracts_can_fail(tmp_path: Path) -> None:
    """The playground contract in small: the CLI may start the toy playground, the app may not."""
    for module, source in {
        "toybot/__init__.py": "",
        "toybot/cli.py": "def run() -> None:\n    from toyplayground import terminal\n",
        "toybot/app.py": "from toyplayground.terminal import chat\n",
        "toyplayground/__init__.py": "",
        "toyplayground/terminal.py": "def chat() -> None: ...\n",
    }.items():
        (tmp_path / module).parent.mkdir(exist_ok=True)
        (tmp_path / module).write_text(source)
    (tmp_path / ".importlinter").write_text(
        "[importlinter]\nroot_packages =\n    toybot\n    toyplayground\n\n"
        "[importlinter:contract:playground]\nname = only the CLI starts the playground\n"
        "type = forbidden\nsource_modules = toybot\nforbidden_modules = toyplayground\n"
        "ignore_imports = toybot.cli -> toyplayground.**\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "only the CLI starts the playground BROKEN" in result.stdout
    assert "toybot.app -> toyplayground.terminal" in result.stdout
    assert "toybot.cli ->" not in result.stdout


def playground_imports(path: Path, *, allowed_in: set[str],
                       modules: tuple[str, ...] = ("playground",)) -> list[str]:
    """Imports of `modules` outside the functions named in `allowed_in` (the bot never imports
    the playground; only the root's local run modes do, and the CLI loads them only when such a
    mode runs, so importing the CLI loads no playground)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    allowed = {id(node) for function in ast.walk(tree)
               if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
               and function.name in allowed_in for node in ast.walk(function)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        if id(node) not in allowed and any(n == m or n.startswith(m + ".")
                                           for n in names for m in modules):
            found.append(f"{path.name}:{node.lineno}")
    return found


def test_only_the_cli_run_modes_import_the_playground() -> None:
    local = ROOT / "cohesion" / "local.py"
    hits = [hit for path in python_files("bot", "storage", "domain", "scheduler", "cohesion")
            if path != local for hit in playground_imports(path, allowed_in=set())]
    cli = ROOT / "cohesion" / "cli" / "run.py"
    hits += [hit for path in python_files("bot", "storage", "domain", "scheduler", "cohesion")
             if path != local for hit in playground_imports(
                 path, allowed_in={"cmd_run"} if path == cli else set(),
                 modules=("cohesion.local",))]
    assert hits == []


def test_the_playground_check_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "cli.py"
    sample.write_text("import playground.api\nfrom playground import terminal\n"
                      "def cmd_run():\n    from playground import terminal\n"
                      "def cmd_other():\n    import playground\n")
    assert playground_imports(sample, allowed_in={"cmd_run"}) == ["cli.py:1", "cli.py:2", "cli.py:6"]


# --- one time zone -------------------------------------------------------------------------------

CALENDAR_MODULE = ROOT / "domain" / "calendar.py"
ROME_NAME = "Europe/" + "Rome"  # built, so this file holds no copy of its own


def time_zone_copies(path: Path) -> list[str]:
    """Every place that names Italy's time zone itself (ZoneInfo("Europe/Rome"), or the name
    handed to a scheduler or a setting) instead of importing domain.calendar.ROME."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value == ROME_NAME]


def test_the_rome_time_zone_is_defined_once() -> None:
    """Dates shown to people, deadline days and typed wall-clock times all read one ROME;
    a copy could drift (another zone, or a second place to change)."""
    files = [path for path in python_files("bot", "storage", "domain", "scheduler", "bench",
                                           "tests", "playground") if path != CALENDAR_MODULE]
    assert [hit for path in files for hit in time_zone_copies(path)] == []


def test_the_time_zone_check_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from zoneinfo import ZoneInfo\nimport zoneinfo\n"
        "ROME = ZoneInfo('Europe/Rome')\nrome = zoneinfo.ZoneInfo(\"Europe/Rome\")\n"
        "scheduler = Scheduler(timezone='Europe/Rome')\n"
        "ok = 'shown in Europe/Rome time'\nalso_ok = ZoneInfo('UTC')\n")
    assert time_zone_copies(sample) == ["sample.py:3", "sample.py:4", "sample.py:5"]


# --- test modules stand alone --------------------------------------------------------------------


def imported_test_modules(path: Path) -> list[str]:
    """Imports of a test module (tests/…/test_*.py) from another module of the suite: what is
    shared belongs in tests/world.py, tests/helpers/ or a conftest.py, so that a test module
    can be moved, split or deleted without breaking another, and no test is collected twice."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            names = [module, *(f"{module.rstrip('.')}.{alias.name}" for alias in node.names)]
        else:
            continue
        if any((name.startswith(("tests.", ".")) and
                any(part.startswith("test_") for part in name.split(".")))
               for name in names):
            where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
            found.append(f"{where}:{node.lineno}")
    return found


def test_no_test_module_imports_another() -> None:
    assert [hit for path in python_files("tests") for hit in imported_test_modules(path)] == []


def test_the_test_module_check_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "from tests.tables.test_rsvp import set_milano_table\n"
        "from tests.delivery import test_webhook\n"
        "import tests.schema.test_indexes\n"
        "from .test_other import helper\n"
        "def f():\n    from tests.balance.test_balance import MEMBERS\n"
        "from tests.helpers.rows import team_id\nfrom tests.world import World\n"
        "from tests.tables.conftest import at\nfrom aiohttp.test_utils import TestClient\n")
    assert imported_test_modules(sample) == [
        "test_sample.py:1", "test_sample.py:2", "test_sample.py:3", "test_sample.py:4",
        "test_sample.py:6"]
