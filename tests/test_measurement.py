"""How `make test` measures coverage (tests/conftest.py)."""

from __future__ import annotations

import coverage
import pytest


def test_a_test_is_traced_by_one_measurement_only() -> None:
    """Under `make test` (xdist workers, pytest-cov) the worker's own measurement is the only
    one: with it stopped, nothing traces. pytest-cov also starts a controller's measurement in
    every worker; tests/conftest.py stops it, else it traces whenever the worker's is paused."""
    measuring = coverage.Coverage.current()
    if measuring is None:
        pytest.skip("not measuring coverage (make test does)")
    measuring.stop()
    try:
        assert coverage.Coverage.current() is None
    finally:
        measuring.start()
