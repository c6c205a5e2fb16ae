"""Retry strategies and timeouts: durations, integers and retry policies.

Each is checked as the named Go function does it (Argo 4.0.5 and 3.7.18):

- ``retryStrategy.retryPolicy``: ``validateTemplateHolder`` (templates, before
  substitution) and ``processNodeRetries`` (the workflow's and the template
  defaults' strategies, at run time).
- ``timeout``: ``validateTemplate`` refuses a whole number (``strconv.Atoi``)
  and a timeout on a steps, dag or suspend template; the controller reads it
  with ``time.ParseDuration`` (``checkTemplateTimeout``). Backoff ``duration``,
  ``maxDuration`` and ``cap`` are read by ``ParseStringToDuration`` (an
  integer is seconds), a backoff without ``duration`` fails the retry, and
  ``limit`` and ``factor`` by ``intstr.Int32`` (``strconv.Atoi``), all in
  ``processNodeRetries``; ``containerSet.retryStrategy.duration`` by
  ``ContainerSetTemplate.GetRetryStrategy``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from argo_spec._duration import parse_go_duration
from argo_spec._findings import Finding, Segments, check_enum, finding, quote

_ATOI = re.compile(r"[+-]?[0-9]+")  # strconv.Atoi, range checked apart
_INT64 = range(-(2**63), 2**63)
_RETRY_POLICIES = ("Always", "OnError", "OnFailure", "OnTransientError")
# Template types in the order Template.GetType tries them; True: a leaf.
_TEMPLATE_TYPES = (
    ("container", True),
    ("container_set", True),
    ("steps", False),
    ("dag", False),
    ("script", True),
    ("resource", True),
    ("data", True),
    ("suspend", False),
    ("http", True),
    ("plugin", True),
)


def check_retry_strategy(strategy: Any, at: Segments, raw: bool) -> Iterator[Finding]:
    """Check a retryStrategy's backoff, limit and retryPolicy.

    ``raw``: Argo checks the retryPolicy before substituting (templates).
    """
    backoff = strategy.backoff
    if backoff is not None:
        where = (*at, "backoff")
        for field, wire in (
            ("cap", "cap"),
            ("duration", "duration"),
            ("max_duration", "maxDuration"),
        ):
            value = getattr(backoff, field)
            if value and "{{" not in value:
                yield from _seconds_or_duration(
                    value, (*where, wire), f"backoff {wire}"
                )
        if not backoff.duration:
            yield finding(
                (*where, "duration"),
                "backoff has no duration; Argo fails the retry without one; write "
                'one, such as "10s"',
            )
        yield from _int_or_string(backoff.factor, (*where, "factor"), "backoff factor")
    yield from _int_or_string(strategy.limit, (*at, "limit"), "retryStrategy limit")
    yield from check_enum(
        strategy.retry_policy,
        _RETRY_POLICIES,
        (*at, "retryPolicy"),
        "retryPolicy",
        raw,
    )


@functools.lru_cache(maxsize=4096)
def _duration_problem(value: str) -> str | None:
    """Return why Go's time.ParseDuration refuses ``value``, or None.

    Cached: the same values come back in template after template.
    """
    try:
        parse_go_duration(value)
    except ValueError as exc:
        return str(exc)
    return None


def _go_atoi(value: str) -> bool:
    """Whether Go's strconv.Atoi reads ``value`` (64-bit int)."""
    return bool(_ATOI.fullmatch(value)) and int(value) in _INT64


def _int_or_string(value: object, at: Segments, what: str) -> Iterator[Finding]:
    if isinstance(value, str) and "{{" not in value and not _go_atoi(value):
        yield finding(
            at, f"{what} {quote(value)} is not an integer; write a whole number"
        )


def _seconds_or_duration(value: str, at: Segments, what: str) -> Iterator[Finding]:
    """Check ``value`` as ParseStringToDuration reads it: seconds or a Go duration."""
    if _go_atoi(value):
        return
    problem = _duration_problem(value)
    if problem:
        yield finding(
            at,
            f"{what} {quote(value)} is not a duration ({problem}); write seconds "
            'such as "30" or a Go duration such as "30s", "2m" or "1h"',
        )


def check_timeout(template: Any, at: Segments, defaults: bool) -> Iterator[Finding]:
    """Check a template's timeout; ``defaults``: the template defaults'."""
    timeout = template.timeout
    if not defaults:
        kind = next(
            (
                (name, leaf)
                for name, leaf in _TEMPLATE_TYPES
                if getattr(template, name, None) is not None
            ),
            None,
        )
        if kind is not None and not kind[1]:
            yield finding(
                at,
                f"a {kind[0]} template cannot have a timeout; set it on the "
                "templates it runs, or use activeDeadlineSeconds",
            )
            return
    if "{{" in timeout:
        return
    if _go_atoi(timeout):
        yield finding(
            at,
            f"timeout {quote(timeout)} has no unit; write it like "
            f'"{timeout.lstrip("+")}s", "5m" or "1h"',
        )
        return
    problem = _duration_problem(timeout)
    if problem:
        yield finding(
            at,
            f"timeout {quote(timeout)} is not a Go duration ({problem}); write it "
            'like "30s", "5m" or "1h30m" with units ns, us, ms, s, m, h',
        )


def check_positive_duration(value: str, at: Segments) -> Iterator[Finding]:
    """Check ``value`` is a Go duration that is not negative."""
    try:
        nanoseconds = parse_go_duration(value)
    except ValueError as exc:
        yield finding(
            at,
            f"duration {quote(value)} is not a Go duration ({exc}); write it like "
            '"10s" or "1m" with units ns, us, ms, s, m, h',
        )
        return
    if nanoseconds < 0:
        yield finding(at, f"duration {quote(value)} is negative; write a positive one")
