"""Rewrite the test modules' asserts once, before xdist starts its workers.

pytest rewrites the asserts of each test module (and conftest) it imports, and caches the result
beside it (`__pycache__/*-pytest-*.pyc`, keyed by the source's hash). In a fresh clone, as in
every CI run, there is no cache yet, and each of the four xdist workers rewrote all 120 modules
itself, at the same time: 3 s of CPU each, so that the first test started 8 s later than in a
tree that had run before. Rewritten here once, in as many processes as there are cores, the
workers find every module cached.

pytest has no public call for this, so this uses the functions its import hook uses
(`_pytest.assertion.rewrite`; pytest is pinned in pyproject.toml). A module missed here, or a
pytest whose functions changed, costs only the time: the worker rewrites it, as before.
"""

from __future__ import annotations

import fnmatch
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from _pytest.assertion import rewrite

# The forked processes read the session's configuration (the rewriting reads its options) from
# here: set before they are started.
_config: pytest.Config | None = None


def rewrite_stale(config: pytest.Config, modules: list[Path], processes: int) -> list[Path]:
    """Rewrite those of `modules` whose rewritten code is not cached; return them."""
    if config.getoption("assertmode") != "rewrite" or sys.dont_write_bytecode:
        return []  # pytest would not use, or not write, the cache either
    stale = [path for path in modules if rewrite._read_pyc(path, _pyc(path)) is None]
    if stale:
        global _config
        _config = config
        fork = multiprocessing.get_context("fork")  # the children need the config, not a pickle
        with ProcessPoolExecutor(min(processes, len(stale)), mp_context=fork) as pool:
            list(pool.map(_rewrite, stale, chunksize=max(1, len(stale) // (4 * processes))))
    return stale


def modules_to_rewrite(config: pytest.Config) -> list[Path]:
    """The files under the test paths whose asserts pytest rewrites: test files, conftests."""
    patterns = config.getini("python_files")
    roots = [config.rootpath / path for path in config.getini("testpaths")] or [config.rootpath]
    return sorted(
        path
        for root in roots
        for path in root.rglob("*.py")
        if path.name == "conftest.py" or any(fnmatch.fnmatch(path.name, p) for p in patterns)
    )


def _pyc(path: Path) -> Path:
    return rewrite.get_cache_dir(path) / (path.name[:-3] + rewrite.PYC_TAIL)


def _rewrite(path: Path) -> None:
    assert _config is not None
    source_hash, code = rewrite._rewrite_test(path, _config)
    pyc = _pyc(path)
    pyc.parent.mkdir(exist_ok=True)
    rewrite._write_pyc(_config.stash[rewrite.assertstate_key], code, source_hash, pyc)
