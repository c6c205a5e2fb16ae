"""Go's time.ParseDuration grammar, value for value."""

from __future__ import annotations

import pytest

from argo_spec._duration import parse_go_duration

S = 1_000_000_000
VALID = [
    ("0", 0),
    ("+0", 0),
    ("-0", 0),
    ("1h", 3600 * S),
    ("1.5h", 5400 * S),
    ("2h45m", 9900 * S),
    ("300ms", 300_000_000),
    ("-1.5h", -5400 * S),
    ("+5s", 5 * S),
    (".5s", S // 2),
    ("5.s", 5 * S),
    ("1\u00b5s", 1000),
    ("1\u03bcs", 1000),
    ("1us", 1000),
    ("1ns", 1),
    ("1h1m1s", 3661 * S),
    ("2562047h", 2562047 * 3600 * S),
    # Go's extremes, which float arithmetic would round past the limit.
    ("2562047h47m16.854775807s", 2**63 - 1),
    ("-2562047h47m16.854775808s", -(2**63)),
    ("9223372036854775807ns", 2**63 - 1),
    # Go ignores fraction digits past what int64 holds.
    ("1.00000000000000000000000001s", S),
    ("1.1ns", 1),
]
INVALID = [
    ("1d", 'unknown unit "d"'),
    ("10", "missing unit"),
    ("7 days", 'unknown unit " days"'),
    ("", "empty duration"),
    ("h", 'expected a number at "h"'),
    (".s", 'expected a number at ".s"'),
    ("-", "empty duration"),
    ("1h ", 'unknown unit "h "'),
    ("3000000h", "duration out of range"),
    ("1H", 'unknown unit "H"'),
    ("1.2.3s", "missing unit"),
    ("1e3s", 'unknown unit "e"'),
    (".", 'expected a number at "."'),
    ("2562047h47m16.854775808s", "duration out of range"),
    ("9223372036854775808ns", "duration out of range"),
    ("99999999999999999999h", "duration out of range"),
    ("1\nh", 'unknown unit "\\nh"'),
]


@pytest.mark.parametrize(("text", "nanoseconds"), VALID)
def test_parse_go_duration_valid(text: str, nanoseconds: int) -> None:
    assert parse_go_duration(text) == nanoseconds


@pytest.mark.parametrize(("text", "reason"), INVALID)
def test_parse_go_duration_invalid(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=r".") as caught:
        parse_go_duration(text)
    assert str(caught.value) == reason
