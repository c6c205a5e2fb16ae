"""Cron schedules, as Argo's CronWorkflow reads them.

Argo (``ValidateCronWorkflow`` in ``workflow/validate/validate.go``, 4.0.5 and
3.7.18) parses each schedule with ``cron.ParseStandard`` of
github.com/robfig/cron/v3 v3.0.1 (``parser.go``). What that parser accepts:

- an optional ``TZ=<zone> `` or ``CRON_TZ=<zone> `` prefix, the zone loaded
  with Go's ``time.LoadLocation`` (the parser panics when no space follows);
- a descriptor: exactly ``@yearly``, ``@annually``, ``@monthly``, ``@weekly``,
  ``@daily``, ``@midnight``, ``@hourly``, or ``@every <Go duration>``;
- otherwise exactly 5 fields split on white space: minute (0-59), hour
  (0-23), day of month (1-31), month (1-12 or JAN-DEC), day of week (0-6 or
  SUN-SAT), names in any case. A field is a comma list (empty items are
  dropped); each item is ``*`` or ``?``, a number or name, or ``a-b``,
  optionally followed by ``/step`` (``n/step`` runs from n to the maximum).
  Numbers are Go ``strconv.Atoi`` integers (a ``+`` sign is allowed).
"""

from __future__ import annotations

import functools
import re
import zoneinfo

from argo_spec._duration import parse_go_duration

__all__ = ["cron_error", "location_error"]

# unicode.IsSpace (strings.Fields and strings.TrimSpace split and trim on it).
_GO_SPACE = "\t\n\v\f\r \u0085\u00a0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    chr(code) for code in range(0x2000, 0x200B)
)
_FIELDS = re.compile(f"[{re.escape(_GO_SPACE)}]+")
_ATOI = re.compile(r"[+-]?[0-9]+")
_DESCRIPTORS = frozenset(
    ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]
)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun"]
_MONTHS += ["jul", "aug", "sep", "oct", "nov", "dec"]
_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
# (field, minimum, maximum, names)
_BOUNDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day of month", 1, 31, {}),
    ("month", 1, 12, {name: i + 1 for i, name in enumerate(_MONTHS)}),
    ("day of week", 0, 6, {name: i for i, name in enumerate(_DAYS)}),
)
_INT64_MAX = 2**63 - 1


def cron_error(spec: str) -> str | None:
    """Return why robfig/cron's ParseStandard refuses ``spec``, or None."""
    if not spec:
        return "empty schedule"
    if spec.startswith(("TZ=", "CRON_TZ=")):
        space = spec.find(" ")
        if space < 0:
            return "a time zone prefix needs a space after it"
        zone = spec[spec.find("=") + 1 : space]
        problem = location_error(zone)
        if problem:
            return problem
        spec = spec[space:].strip(_GO_SPACE)
    if spec.startswith("@"):
        return _descriptor_error(spec)
    fields = [field for field in _FIELDS.split(spec) if field]
    if len(fields) != len(_BOUNDS):
        return f"expected exactly 5 fields, found {len(fields)}"
    for field, bounds in zip(fields, _BOUNDS, strict=True):
        for item in field.split(","):
            if item:
                problem = _range_error(item, *bounds)
                if problem:
                    return problem
    return None


def _descriptor_error(spec: str) -> str | None:
    if spec in _DESCRIPTORS:
        return None
    if spec.startswith("@every "):
        try:
            parse_go_duration(spec[len("@every ") :])
        except ValueError as exc:
            return f"@every needs a Go duration ({exc})"
        return None
    return f"unknown descriptor {spec!r}"


def _range_error(
    item: str, what: str, low: int, high: int, names: dict[str, int]
) -> str | None:
    """Check one ``a``, ``a-b``, ``*`` item, with an optional ``/step`` (getRange)."""
    range_and_step = item.split("/")
    low_and_high = range_and_step[0].split("-")
    if low_and_high[0] in ("*", "?"):
        start, end = low, high
    else:
        parsed = [_number(part, names) for part in low_and_high]
        if len(parsed) > 2:
            return f"too many hyphens in {item!r}"
        bad = next((p for p in parsed if isinstance(p, str)), None)
        if bad is not None:
            return bad
        start = end = parsed[0]  # type: ignore[assignment]
        if len(parsed) == 2:
            end = parsed[1]  # type: ignore[assignment]
    if len(range_and_step) > 2:
        return f"too many slashes in {item!r}"
    step = 1
    if len(range_and_step) == 2:
        parsed_step = _number(range_and_step[1], {})
        if isinstance(parsed_step, str):
            return parsed_step
        step = parsed_step
        if len(low_and_high) == 1:
            end = high
    if start < low:
        return f"{what} {start} is below {low} in {item!r}"
    if end > high:
        return f"{what} {end} is above {high} in {item!r}"
    if start > end:
        return f"range {item!r} starts after it ends"
    if step == 0:
        return f"step 0 in {item!r}; a step must be positive"
    return None


def _number(text: str, names: dict[str, int]) -> int | str:
    """Return a name's or a non-negative integer's value, or the problem."""
    if text.lower() in names:
        return names[text.lower()]
    if not _ATOI.fullmatch(text):
        return f"{text!r} is not a number" + (" or a name" if names else "")
    value = int(text)
    if not -_INT64_MAX - 1 <= value <= _INT64_MAX:
        return f"{text!r} is out of range"
    if value < 0:
        return f"negative number {text!r}"
    return value


def location_error(name: str) -> str | None:
    """Return why Go's time.LoadLocation refuses ``name``, or None.

    ``""``, ``UTC`` and ``Local`` are built in; other names are looked up in the
    IANA database. When this Python has no time zone database at all, nothing
    is refused (Go may still have one).
    """
    if name in ("", "UTC", "Local"):
        return None
    if ".." in name or name[0] in "/\\":
        return f"unknown time zone {name!r}"
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        if _have_zones():
            return f"unknown time zone {name!r}"
    return None


@functools.cache
def _have_zones() -> bool:
    return bool(zoneinfo.available_timezones())
