"""Go's duration syntax, as ``time.ParseDuration`` accepts it.

Argo reads ``memoize.maxAge`` with Go's ``time.ParseDuration``. The grammar,
re-implemented from its documented behaviour: an optional sign, then one or
more decimal numbers (``1``, ``1.5``, ``.5``, ``5.``) each followed by a unit
(``ns``, ``us``, ``µs``, ``μs``, ``ms``, ``s``, ``m``, ``h``). ``"0"`` alone
needs no unit. The total must fit a signed 64-bit count of nanoseconds.
"""

from __future__ import annotations

import json

__all__ = ["parse_go_duration"]

_UNITS = {
    "ns": 1,
    "us": 1_000,
    "\u00b5s": 1_000,  # MICRO SIGN
    "\u03bcs": 1_000,  # GREEK SMALL LETTER MU
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}
_LIMIT = 2**63
_DIGITS = "0123456789"


def parse_go_duration(text: str) -> int:
    """Return ``text`` in nanoseconds, or raise ValueError with the reason."""
    rest, negative = text, False
    if rest[:1] in ("-", "+"):
        negative, rest = rest[0] == "-", rest[1:]
    if rest == "0":
        return 0
    if not rest:
        raise ValueError("empty duration")
    total = 0
    while rest:
        whole, fraction, scale, rest = _number(rest)
        unit, rest = _unit(rest)
        total += _nanoseconds(whole, fraction, scale, _UNITS[unit])
        if total > _LIMIT:
            raise ValueError("duration out of range")
    if total > _LIMIT - 1 and not negative:
        raise ValueError("duration out of range")
    return -total if negative else total


def _nanoseconds(whole: int, fraction: int, scale: int, unit: int) -> int:
    """Return ``whole.fraction`` units in nanoseconds, rounded as Go rounds.

    The whole part is exact. Go computes the fraction part in float64 as
    ``fraction * (unit / scale)`` and truncates it; this does the same, so
    ``2562047h47m16.854775807s``, Go's largest duration, is accepted.
    """
    if whole > _LIMIT // unit:
        raise ValueError("duration out of range")
    total = whole * unit
    if fraction:
        total += int(float(fraction) * (unit / scale))
    return total


def _number(text: str) -> tuple[int, int, int, str]:
    """Split a leading decimal number (``12``, ``1.5``, ``.5``) off ``text``.

    Returns the whole part, the fraction digits as an integer with their
    scale (``1.25`` is ``1, 25, 100``), and the rest of ``text``.
    """
    whole_end = _digits_end(text, 0)
    end, digits = whole_end, ""
    if text[end : end + 1] == ".":
        end = _digits_end(text, end + 1)
        digits = text[whole_end + 1 : end]
    if not whole_end and not digits:
        raise ValueError(f"expected a number at {_quote(text)}")
    whole = int(text[:whole_end]) if whole_end else 0
    return (whole, *_fraction(digits), text[end:])


def _fraction(digits: str) -> tuple[int, int]:
    """Return fraction ``digits`` as (value, scale), dropping digits past int64.

    Go stops reading fraction digits once one more would overflow, so
    ``1.0000000000000000000001s`` is one second, not an error.
    """
    value, scale = 0, 1
    for digit in digits:
        following = value * 10 + int(digit)
        if value > (_LIMIT - 1) // 10 or following > _LIMIT:
            break
        value, scale = following, scale * 10
    return value, scale


def _unit(text: str) -> tuple[str, str]:
    end = 0
    while end < len(text) and text[end] != "." and text[end] not in _DIGITS:
        end += 1
    unit = text[:end]
    if not unit:
        raise ValueError("missing unit")
    if unit not in _UNITS:
        raise ValueError(f"unknown unit {_quote(unit)}")
    return unit, text[end:]


def _digits_end(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] in _DIGITS:
        end += 1
    return end


def _quote(text: str) -> str:
    """Quote ``text`` as JSON does, so a newline in it stays on one line."""
    return json.dumps(text, ensure_ascii=False)
