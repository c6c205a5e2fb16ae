"""Go's duration syntax, as ``time.ParseDuration`` accepts it.

Argo reads ``memoize.maxAge`` with Go's ``time.ParseDuration``. The grammar,
re-implemented from its documented behaviour: an optional sign, then one or
more decimal numbers (``1``, ``1.5``, ``.5``, ``5.``) each followed by a unit
(``ns``, ``us``, ``µs``, ``μs``, ``ms``, ``s``, ``m``, ``h``). ``"0"`` alone
needs no unit. The total must fit a signed 64-bit count of nanoseconds.
"""

from __future__ import annotations

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
    total: float = 0
    while rest:
        amount, rest = _number(rest)
        unit, rest = _unit(rest)
        total += amount * _UNITS[unit]
        if total > _LIMIT:
            raise ValueError("duration out of range")
    total = int(total)
    if total > _LIMIT - 1 and not negative:
        raise ValueError("duration out of range")
    return -total if negative else total


def _number(text: str) -> tuple[float | int, str]:
    """Split a leading decimal number (``12``, ``1.5``, ``.5``) off ``text``."""
    whole_end = _digits_end(text, 0)
    amount: float | int = int(text[:whole_end]) if whole_end else 0
    end = whole_end
    fraction_digits = 0
    if text[end : end + 1] == ".":
        fraction_end = _digits_end(text, end + 1)
        fraction_digits = fraction_end - end - 1
        if fraction_digits:
            amount += int(text[end + 1 : fraction_end]) / 10**fraction_digits
        end = fraction_end
    if not whole_end and not fraction_digits:
        raise ValueError(f'expected a number at "{text}"')
    return amount, text[end:]


def _unit(text: str) -> tuple[str, str]:
    end = 0
    while end < len(text) and text[end] != "." and text[end] not in _DIGITS:
        end += 1
    unit = text[:end]
    if not unit:
        raise ValueError("missing unit")
    if unit not in _UNITS:
        raise ValueError(f'unknown unit "{unit}"')
    return unit, text[end:]


def _digits_end(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] in _DIGITS:
        end += 1
    return end
