"""Flows meet through each package's public entry, never its internals.

A module of ``bot/flows/<a>/`` may import another flow package ``bot.flows.<b>`` (what its
``__init__`` exports: e.g. ``bot.flows.needs.show_pledge_screen``), never one of its modules
``bot.flows.<b>.<x>`` (its router, steps, states…). Inside one package the parts share
freely; ``bot/flows/profile_card.py`` is a module of its own, shared by the flows that show the
profile card. The composition (``bot.capabilities``) is not a flow and may take the routers.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLOWS = ROOT / "bot" / "flows"


def _module_parts(flows: Path, path: Path) -> tuple[list[str], list[str]]:
    """A file's module name under the flows package, and the package it is in (parts)."""
    parts = list(path.relative_to(flows).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
        return parts, parts
    return parts, parts[:-1]


def imported_names(path: Path, prefix: str, package: list[str]) -> set[str]:
    """What a module imports, absolute: ``from x import y`` gives ``x`` and ``x.y`` (``y``
    may be a module), a relative import is read from the module's ``package``."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = [*prefix.split("."), *package[:len(package) - node.level + 1]]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _is_module(flows: Path, parts: list[str]) -> bool:
    path = flows.joinpath(*parts)
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def cross_flow_imports(flows: Path = FLOWS, prefix: str = "bot.flows") -> list[str]:
    """Each import, by a module under ``flows``, of a module inside another flow package."""
    found = []
    for path in sorted(flows.rglob("*.py")):
        module, package = _module_parts(flows, path)
        own = module[0] if package else None  # None: a shared module such as profile_card
        for name in sorted(imported_names(path, prefix, package)):
            if not name.startswith(prefix + "."):
                continue
            parts = name[len(prefix) + 1:].split(".")
            while len(parts) > 1 and not _is_module(flows, parts):
                parts.pop()  # a name the module exports, not a module
            if len(parts) > 1 and parts[0] != own:
                found.append(f"{path.relative_to(flows)} imports {prefix}.{'.'.join(parts)}")
    return sorted(set(found))


def test_flows_import_other_flows_only_through_their_package() -> None:
    assert cross_flow_imports() == []


def test_the_flow_package_check_can_fail(tmp_path: Path) -> None:
    flows = tmp_path / "flows"
    for name, text in {
        "__init__.py": "",
        "shared.py": "from bot.flows.beta import thing\n",
        "beta/__init__.py": "from bot.flows.beta.steps import thing\n",
        "beta/steps.py": "thing = 1\n",
        "beta/deep/__init__.py": "",
        "beta/deep/more.py": "from bot.flows.beta import steps\nfrom ..steps import thing\n",
        "alpha/__init__.py": "",
        "alpha/router.py": (
            "from bot.flows import beta\n"                   # the package: allowed
            "from bot.flows.beta import thing\n"             # what it exports: allowed
            "from bot.flows.shared import thing as shared\n"  # a shared module: allowed
            "from bot.flows.alpha import steps\n"            # its own package: allowed
            "from bot.flows.beta.steps import thing as t\n"  # another's module: refused
            "from bot.flows.beta import steps as s\n"        # the same, said otherwise
            "import bot.flows.beta.deep.more\n"              # and deeper
            "from ..beta import deep\n"),                    # and relatively
        "alpha/steps.py": "",
    }.items():
        (flows / name).parent.mkdir(parents=True, exist_ok=True)
        (flows / name).write_text(text)
    assert cross_flow_imports(flows) == [
        "alpha/router.py imports bot.flows.beta.deep",
        "alpha/router.py imports bot.flows.beta.deep.more",
        "alpha/router.py imports bot.flows.beta.steps",
    ]
