"""Tests of the per-source normalizers; real samples are read from ../shared/fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

# The real feed samples live next to the repository, never inside it.
FIXTURES = Path(__file__).resolve().parents[3].parent / "shared" / "fixtures"


def fixture_dir(name: str) -> Path:
    """A fixture directory, or skip the test when the samples are not checked out."""
    path = FIXTURES / name
    if not path.is_dir():
        pytest.skip(f"fixtures not available: {path}")
    return path
