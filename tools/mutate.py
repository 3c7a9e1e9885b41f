"""`make mutate`: do the tests catch broken code? Prints the share of mutants they kill.

Each mutant (tools/mutants.py: one flipped comparison, and/or, not, condition, True/False or
returned value) is written into a private copy of the repository, and the test files that cover
its module run against it in a child process, stopping at the first failure. A mutant is killed
when a test fails or the run exceeds its time limit (a few times the unmutated run), and survives
when every test passes: a survivor is a change in behaviour no test notices, or, now and then, a
change that is no change at all (an equivalent mutant), which only reading it can tell.

Children are forked from this process after the third-party libraries are imported, and import
the project's modules afresh from the copy (bytecode caching is off, so an edit made within the
same second as the last one is never hidden by a stale .pyc). Tests that already fail without any
mutation are left out and named. Mutants read and found equivalent (tools/equivalent_mutants.py,
each with its reason) are not run: the rate counts only mutants a test could kill, and the report
lists the equivalent ones apart.

    tools/mutate.py [--jobs N] [--only PATH ...] [--list]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.equivalent_mutants import EQUIVALENT, equivalents, stale  # noqa: E402
from tools.mutants import Mutant, mutants, mutate, unmutated  # noqa: E402

_MATCH_TESTS = ["tests/feeds/match"]
# The normalizers share helpers (rss.digest, entry_summary ...), so each runs every normalizer's
# tests, the real-sample fixture tests included.
_SOURCE_TESTS = ["tests/feeds/sources"]
# The outbox: draining, outcomes, flood summaries and rows, as Discord's fake sees them too.
_DELIVERY_TESTS = ["tests/bot/delivery", "tests/bot/chat/test_outage.py"]
# Module -> pytest arguments that pick the tests about it.
TARGETS: dict[str, list[str]] = {
    "feeds/sources/rss.py": _SOURCE_TESTS,
    "feeds/sources/google_news.py": _SOURCE_TESTS,
    "feeds/sources/bing_news.py": _SOURCE_TESTS,
    "feeds/sources/gdelt.py": _SOURCE_TESTS,
    "feeds/sources/courtlistener.py": _SOURCE_TESTS,
    "feeds/sources/pacer.py": _SOURCE_TESTS,
    "feeds/match/matcher.py": _MATCH_TESTS,
    "feeds/match/people.py": _MATCH_TESTS,
    "feeds/match/bare_surnames.py": _MATCH_TESTS,
    "feeds/match/lexicon_frames.py": _MATCH_TESTS,
    "feeds/match/events.py": _MATCH_TESTS,
    "feeds/match/names.py": _MATCH_TESTS,
    "feeds/match/stems.py": _MATCH_TESTS,
    "feeds/match/text.py": _MATCH_TESTS,
    "feeds/match/classify.py": _MATCH_TESTS,
    "feeds/match/offices.py": _MATCH_TESTS,
    "feeds/match/office_refs.py": _MATCH_TESTS,
    "feeds/match/titles.py": _MATCH_TESTS,
    "feeds/match/view.py": _MATCH_TESTS,
    "feeds/match/clauses.py": _MATCH_TESTS,
    "feeds/match/actors.py": _MATCH_TESTS,
    "feeds/match/events_context.py": _MATCH_TESTS,
    "bot/delivery/outbox.py": _DELIVERY_TESTS,
    "bot/delivery/outcomes.py": _DELIVERY_TESTS,
    "bot/delivery/flood.py": _DELIVERY_TESTS,
    "bot/delivery/rows.py": _DELIVERY_TESTS,
}
COPIED = ["bot", "feeds", "tests", "tools", "config", "pyproject.toml", "run_bot.py"]
PRELOAD = ["pytest", "hypothesis", "pytest_asyncio", "pytest_timeout", "time_machine",
           "feedparser", "httpx", "aiohttp", "tinydb", "nh3", "discord", "apscheduler",
           "defusedxml", "ahocorasick", "filelock", "trustme", "psutil"]  # fmt: skip
PYTEST_ARGS = ["-x", "-q", "-p", "no:cacheprovider", "-p", "no:cov", "-p", "no:xdist",
               "-p", "no:randomly", "-o", "addopts=-m 'not soak'"]  # fmt: skip


class NotRunnable(Exception):
    """The module's tests cannot judge mutants (they do not run on the unmutated copy)."""


@dataclass
class Result:
    module: str
    mutants: int = 0
    killed: int = 0
    timeouts: int = 0
    survivors: list[Mutant] = field(default_factory=list)
    equivalent: list[tuple[Mutant, str]] = field(default_factory=list)
    broken_tests: list[str] = field(default_factory=list)
    not_run: str | None = None


class Slot:
    """One private copy of the repository and the child running in it, if any."""

    def __init__(self, base: Path, number: int) -> None:
        self.root = base / f"copy{number}" / ROOT.name
        self.root.parent.mkdir(parents=True)
        for name in COPIED:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, self.root / name, ignore=shutil.ignore_patterns("__pycache__"))
            elif src.exists():
                shutil.copy2(src, self.root / name)
        shared = ROOT.parent / "shared"
        if shared.exists():  # tests read ../shared at run time
            (self.root.parent / "shared").symlink_to(shared)

    def write(self, module: str, text: str) -> None:
        (self.root / module).write_text(text, encoding="utf-8")

    def start(self, tests: list[str], deselect: list[str], report: Path | None) -> int:
        pid = os.fork()
        if pid:
            return pid
        try:  # the child: never returns
            os.setpgid(0, 0)
            os.chdir(self.root)
            sys.path.insert(0, str(self.root))
            sys.dont_write_bytecode = True
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            import pytest

            args = [*PYTEST_ARGS, *(f"--deselect={t}" for t in deselect), *tests]
            if report is None:
                os._exit(int(pytest.main(args)))
            failed = _Failures()
            code = pytest.main([a for a in args if a != "-x"], plugins=[failed])
            report.write_text(json.dumps(failed.ids))
            os._exit(int(code))
        except BaseException:
            os._exit(99)


class _Failures:
    """A pytest plugin that remembers which tests failed."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def pytest_runtest_logreport(self, report: object) -> None:
        if getattr(report, "failed", False):
            self.ids.append(str(getattr(report, "nodeid", "")))


def wait(pid: int, deadline: float) -> int | None:
    """The exit code of a child started by Slot.start, or None when it ran past `deadline`
    (a time.monotonic() value) and was killed with everything it started."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return None
        time.sleep(0.02)


def baseline(slot: Slot, module: str, source: str, result: Result) -> float:
    """Run the module's tests unmutated (as mutants are written); returns the time it took."""
    slot.write(module, unmutated(source))
    report = slot.root.parent / "baseline.json"
    started = time.monotonic()
    code = wait(slot.start(TARGETS[module], [], report), started + 900)
    elapsed = time.monotonic() - started
    if code not in (0, 1) or not report.exists():  # 1: some tests failed; others: no run
        raise NotRunnable(f"its tests did not run unmutated (pytest exit code {code})")
    result.broken_tests = json.loads(report.read_text())
    report.unlink()
    slot.write(module, source)
    return elapsed


def run(modules: list[str], jobs: int) -> list[Result]:
    for name in PRELOAD:
        with contextlib.suppress(ImportError):  # only to start children faster
            importlib.import_module(name)
    base = Path(tempfile.mkdtemp(prefix="mutate-"))
    try:
        slots = [Slot(base, n) for n in range(jobs)]
        return [run_module(slots, module) for module in modules]
    finally:
        shutil.rmtree(base, ignore_errors=True)


def run_module(slots: list[Slot], module: str) -> Result:
    source = (ROOT / module).read_text(encoding="utf-8")
    result = Result(module)
    try:
        took = baseline(slots[0], module, source, result)
    except NotRunnable as exc:
        print(f"{module}: {exc}")
        result.not_run = str(exc)
        return result
    limit = max(3 * took, took + 10)
    found = mutants(source)
    known = equivalents(module, source, found)
    queue = [m for m in found if m.index not in known]
    result.equivalent = [(m, known[m.index]) for m in found if m.index in known]
    result.mutants = len(queue)
    running: dict[int, tuple[Slot, Mutant, float]] = {}
    free = list(slots)
    while queue or running:
        while queue and free:
            slot, mutant = free.pop(), queue.pop(0)
            slot.write(module, mutate(source, mutant.index))
            pid = slot.start(TARGETS[module], result.broken_tests, None)
            running[pid] = (slot, mutant, time.monotonic() + limit)
        pid = next(iter(running))
        slot, mutant, deadline = running.pop(pid)
        code = wait(pid, deadline)
        slot.write(module, source)
        free.append(slot)
        if code == 0:
            result.survivors.append(mutant)
        else:
            result.killed += 1
            result.timeouts += code is None
        print("S" if code == 0 else "T" if code is None else ".", end="", flush=True)
    print(f" {module}")
    return result


def stale_entries(modules: list[str]) -> list[tuple[str, str, str]]:
    """Equivalent-mutant entries for these modules that name no mutant of them as they are now."""
    out = []
    for module in modules:
        if any(key[0] == module for key in EQUIVALENT):
            source = (ROOT / module).read_text(encoding="utf-8")
            out += stale(module, source, mutants(source))
    return out


def report(results: list[Result]) -> float:
    total = sum(r.mutants for r in results)
    killed = sum(r.killed for r in results)
    equivalent = sum(len(r.equivalent) for r in results)
    print(f"\n{'module':34} {'mutants':>7} {'killed':>7} {'rate':>6} {'equiv':>6}")
    for r in results:
        rate = r.killed / r.mutants if r.mutants else 1.0
        print(f"{r.module:34} {r.mutants:7} {r.killed:7} {rate:6.1%} {len(r.equivalent):6}")
    groups: dict[str, list[Result]] = {}
    for r in results:
        groups.setdefault(str(Path(r.module).parent) + "/", []).append(r)
    if len(groups) > 1:  # the normalizers, the matcher and the outbox each have their own rate
        for name, group in groups.items():
            g_total = sum(r.mutants for r in group)
            g_killed = sum(r.killed for r in group)
            g_rate = g_killed / g_total if g_total else 1.0
            g_equivalent = sum(len(r.equivalent) for r in group)
            print(f"{name:34} {g_total:7} {g_killed:7} {g_rate:6.1%} {g_equivalent:6}")
    rate = killed / total if total else 1.0
    print(f"{'all':34} {total:7} {killed:7} {rate:6.1%} {equivalent:6}")
    for r in results:
        if r.not_run:
            print(f"\n{r.module}: not mutated, {r.not_run}")
        if r.broken_tests:
            broken = ", ".join(r.broken_tests)
            print(f"\n{r.module}: left out, failing without a mutation: {broken}")
        for m in r.survivors:
            print(f"survived  {r.module}:{m.line}  {m.description}  (mutant {m.index})")
    for r in results:
        for m, reason in r.equivalent:
            print(f"equivalent  {r.module}:{m.line}  {m.description}: {reason}")
    for module, code, description in stale_entries([r.module for r in results]):
        print(f"stale equivalent entry (no such mutant now): {module}: {code!r} {description}")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 1)))
    parser.add_argument("--only", nargs="*", help="modules to mutate (default: all targets)")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = parser.parse_args()
    modules = args.only or list(TARGETS)
    unknown = [m for m in modules if m not in TARGETS]
    if unknown:
        raise SystemExit(f"not a mutation target: {', '.join(unknown)}")
    if args.list:
        for module in modules:
            source = (ROOT / module).read_text(encoding="utf-8")
            found = mutants(source)
            known = equivalents(module, source, found)
            for m in found:
                note = f"  equivalent: {known[m.index]}" if m.index in known else ""
                print(f"{module}:{m.line}  {m.description}  (mutant {m.index}){note}")
        return
    report(run(modules, args.jobs))


if __name__ == "__main__":
    main()
