"""Fixtures shared by the whole suite: Argo's own lint and substitution.

The oracle (tests/argolint/oracle.py, README.md there) is a Go program linked
against Argo's module. A machine without Go skips the tests that use it, each
with the reason; a build that fails makes them fail.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.argolint import oracle


def _oracle_or_skip(line: str) -> oracle.Oracle:
    try:
        oracle.binary(line)  # built once, then reused from the tool cache
    except oracle.OracleUnavailable as exc:
        pytest.skip(f"Argo oracle ({line}) unavailable: {exc}")
    return oracle.Oracle(line)


@pytest.fixture(scope="session")
def argo_oracle() -> Callable[[str], oracle.Oracle]:
    """``argo_oracle("v4")`` or ``argo_oracle("v3")``: the oracle for one Argo line.

    Call it inside the test (or fixture) that needs it, so a machine without Go
    skips only those.
    """
    return _oracle_or_skip


@pytest.fixture(scope="session")
def argolint(argo_oracle: Callable[[str], oracle.Oracle]) -> oracle.Oracle:
    """Argo v4 (github.com/argoproj/argo-workflows/v4) lint and substitution."""
    return argo_oracle("v4")


@pytest.fixture(scope="session")
def argolint_v3(argo_oracle: Callable[[str], oracle.Oracle]) -> oracle.Oracle:
    """Argo v3.7 (github.com/argoproj/argo-workflows/v3) lint and substitution."""
    return argo_oracle("v3")
