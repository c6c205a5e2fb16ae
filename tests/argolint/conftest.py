"""Fixtures for Argo's own lint/substitution oracle (see oracle.py, README.md).

``argolint`` (Argo v4) and ``argolint_v3`` are session fixtures returning an
:class:`oracle.Oracle`. Tests in this folder get them from here; a test in
another folder can use the same pattern in its own conftest.py (put this
folder on sys.path, import oracle, and call ``_oracle_or_skip``).

The only skip is for a machine without Go: a failing build fails the test.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import oracle  # noqa: E402


def _oracle_or_skip(line: str) -> oracle.Oracle:
    try:
        # Built once per session; reused across sessions from the tool cache.
        oracle.binary(line)
    except oracle.OracleUnavailable as exc:
        pytest.skip(f"Argo oracle ({line}) skipped: {exc}")
    return oracle.Oracle(line)


@pytest.fixture(scope="session")
def argolint() -> oracle.Oracle:
    """Argo v4 (github.com/argoproj/argo-workflows/v4) lint and substitution."""
    return _oracle_or_skip("v4")


@pytest.fixture(scope="session")
def argolint_v3() -> oracle.Oracle:
    """Argo v3.7 (github.com/argoproj/argo-workflows/v3) lint and substitution."""
    return _oracle_or_skip("v3")
