"""Rewriting the test modules' asserts once for all xdist workers (tests/assert_rewriting.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from _pytest.assertion import rewrite

from tests.assert_rewriting import modules_to_rewrite, rewrite_stale

TESTS = Path(__file__).parent


@pytest.fixture(autouse=True)
def _writing_bytecode(monkeypatch):
    """As under `make test` (PYTHONDONTWRITEBYTECODE unset), whatever this shell has."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def _cached_code(path: Path):
    """The rewritten code pytest would take from the cache, or None."""
    pyc = rewrite.get_cache_dir(path) / (path.name[:-3] + rewrite.PYC_TAIL)
    return rewrite._read_pyc(path, pyc)


def test_the_modules_to_rewrite_are_the_test_files_and_conftests(pytestconfig: pytest.Config):
    modules = modules_to_rewrite(pytestconfig)
    assert {TESTS / "conftest.py", TESTS / "bot" / "conftest.py", Path(__file__)} <= set(modules)
    assert TESTS / "assert_rewriting.py" not in modules  # a helper: pytest does not rewrite it
    assert all(p.name == "conftest.py" or p.name.startswith("test_") for p in modules)


def test_what_is_rewritten_is_what_pytest_reads_back(pytestconfig: pytest.Config, tmp_path: Path):
    """The cache written holds the rewritten asserts (a failure shows the values), and pytest's
    own reader takes it."""
    module = tmp_path / "test_numbers.py"
    module.write_text("def test_sum():\n    total = 1 + 1\n    assert total == 3\n")
    assert rewrite_stale(pytestconfig, [module], processes=2) == [module]
    code = _cached_code(module)
    assert code is not None
    namespace: dict = {}
    exec(code, namespace)
    with pytest.raises(AssertionError, match=r"assert 2 == 3"):
        namespace["test_sum"]()


def test_only_modules_without_their_rewritten_code_are_rewritten(
    pytestconfig: pytest.Config, tmp_path: Path
):
    cached, changed = tmp_path / "test_cached.py", tmp_path / "test_changed.py"
    for module in (cached, changed):
        module.write_text("def test_one():\n    assert 1\n")
    rewrite_stale(pytestconfig, [cached, changed], processes=2)
    changed.write_text("def test_one():\n    assert 2\n")
    assert rewrite_stale(pytestconfig, [cached, changed], processes=2) == [changed]
    assert rewrite_stale(pytestconfig, [cached, changed], processes=2) == []


def test_nothing_is_written_where_python_is_told_not_to_write_bytecode(
    pytestconfig: pytest.Config, tmp_path: Path, monkeypatch
):
    module = tmp_path / "test_numbers.py"
    module.write_text("def test_one():\n    assert 1\n")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert rewrite_stale(pytestconfig, [module], processes=2) == []
    assert not (tmp_path / "__pycache__").exists()
