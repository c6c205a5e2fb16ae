"""What every check module shares: ``Finding`` and the helpers that build one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from argo_spec._explain import format_path

Severity = Literal["error", "warning"]
Segments = tuple[str | int, ...]

SUBDOMAIN_RULE = (
    "use lower-case letters, digits, '-' and '.', starting and ending with a "
    "letter or digit"
)


@dataclass(frozen=True)
class Finding:
    """One problem: where (JSON path), how bad, and what to do."""

    path: str
    severity: Severity
    message: str
    #: The path as keys and indexes, to locate it in the source text.
    segments: Segments = ()


def finding(segments: Segments, message: str, severity: Severity = "error") -> Finding:
    """Return a ``Finding`` at ``segments``, its path formatted from them."""
    return Finding(format_path(list(segments)), severity, message, segments)


def quote(value: object) -> str:
    """Return ``value`` quoted as JSON, so a name with a newline stays on one line."""
    return json.dumps(value, ensure_ascii=False, default=str)


def check_enum(
    value: str | None, allowed: tuple[str, ...], at: Segments, what: str, raw: bool
) -> Iterator[Finding]:
    """Check ``value`` is empty or one of ``allowed``.

    ``raw``: Argo checks the value before substituting, so ``{{...}}`` fails.
    """
    if value and value not in allowed and (raw or "{{" not in value):
        choices = ", ".join(allowed)
        yield finding(at, f"{what} {quote(value)} is not valid; use one of {choices}")
