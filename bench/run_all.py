#!/usr/bin/env python3
"""Run every benchmark in sequence, each in its own process, and list what missed its target.

    python bench/run_all.py            # from the repo root; the repo's .venv is used if this
                                       # python lacks the project's dependencies

Each benchmark prints its own table; this adds how long each took and, at the end, every line
marked MISSED. Exit status 0 unless a benchmark could not run (a miss is a measurement, not a
failure). About nine minutes on two cores (bench/README.md has each one's share).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bot.clock import system_clock  # noqa: E402

BENCHMARKS = [
    "broadcast_bench.py",
    "strict_broadcast_bench.py",
    "routers_bench.py",
    "throughput_bench.py",
    "memory_bench.py",
    "scale_bench.py",
    "release_bench.py",
    "needs_bench.py",
    "assessment_bench.py",
    "training_bench.py",
    "impact_bench.py",
    "statement_bench.py",
    "stories_bench.py",
    "near_bench.py",
]
# Seconds a benchmark may take before it is stopped: about twice what each takes on two cores.
TIMEOUTS = {"broadcast_bench.py": 600, "routers_bench.py": 420}
TIMEOUT = 240


def python() -> str:
    """This interpreter if it has aiogram, else the repo's virtual environment."""
    if importlib.util.find_spec("aiogram") is not None:
        return sys.executable
    venv = REPO_ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def run(script: str, interpreter: str) -> tuple[int, float, list[str]]:
    """Run one benchmark, echoing its output; its exit status, seconds and MISSED lines.

    It runs in a process group of its own, so a benchmark stopped for taking too long takes
    the Bot API server it started down with it.
    """
    began = time.perf_counter()
    process = subprocess.Popen([interpreter, str(BENCH_DIR / script)], cwd=REPO_ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)

    timeout = TIMEOUTS.get(script, TIMEOUT)
    watchdog = threading.Timer(timeout, stop)
    watchdog.start()
    missed: list[str] = []
    table = ""  # the title of the table being printed: a line that is not indented
    assert process.stdout is not None
    try:
        for line in process.stdout:
            print(line, end="", flush=True)
            if line.strip() and not line.startswith(" "):
                table = line.strip()
            if line.rstrip().endswith("MISSED"):
                missed.append(f"{table[:60]}: {' '.join(line.split())}")
        status = process.wait()
    finally:
        watchdog.cancel()
    if timed_out.is_set():
        print(f"{script}: stopped after {timeout} s")
        status = status or -1
    return status, time.perf_counter() - began, missed


def main() -> int:
    interpreter = python()
    print(f"benchmarks, {system_clock():%Y-%m-%d %H:%M} UTC, {interpreter}")
    summary: list[tuple[str, int, float, list[str]]] = []
    began = time.perf_counter()
    for script in BENCHMARKS:
        print(f"\n=== {script} " + "=" * max(0, 70 - len(script)), flush=True)
        status, seconds, missed = run(script, interpreter)
        summary.append((script, status, seconds, missed))
    print(f"\n=== summary ({time.perf_counter() - began:.0f} s) " + "=" * 50)
    for script, status, seconds, missed in summary:
        verdict = ("could not run" if status else
                   f"{len(missed)} missed" if missed else "all targets met")
        print(f"  {script:<28} {seconds:5.0f} s  {verdict}")
        for line in missed:
            print(f"      {line}")
    return 1 if any(status for _script, status, _seconds, _missed in summary) else 0


if __name__ == "__main__":
    sys.exit(main())
