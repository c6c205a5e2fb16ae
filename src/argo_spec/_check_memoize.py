"""Memoization, checked as the controller uses it.

``memoize.key`` becomes a ConfigMap key, ``maxAge`` is read by Go's
``time.ParseDuration`` (empty means the cache never expires),
``cache.configMap.name`` names a ConfigMap. A templated key whose every
``{{...}}`` is a sprig hash call has a length known before the run.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from argo_spec._duration import parse_go_duration
from argo_spec._findings import SUBDOMAIN_RULE, Finding, Segments, finding, quote
from argo_spec._kube import DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX

_KEY = re.compile(r"[a-zA-Z0-9][-a-zA-Z0-9]*")
_KEY_CHARS = re.compile(r"[-a-zA-Z0-9]*")
_SUBDOMAIN_CHARS = re.compile(r"[-.a-z0-9]*")
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
# Expressions that always give [0-9a-f] or [0-9], and their length range.
_HASHES = {"sha256sum": (64, 64), "sha1sum": (40, 40), "adler32sum": (1, 10)}
_HASH_CALL = re.compile(r"[ \t\n\r]*sprig\.(sha256sum|sha1sum|adler32sum)\(")
# One token of an expr-lang expression, as far as parentheses go: a string
# literal (escapes in "..." and '...', none in `...`), a parenthesis, or a run
# of anything else.
_EXPR_TOKEN = re.compile(
    r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`|[()]|[^()"\'`]+',
    re.DOTALL,
)


def check_memoize(memoize: Any, at: Segments) -> Iterator[Finding]:
    """Check a template's memoize: key, maxAge and cache ConfigMap name."""
    yield from _memoize_key(memoize.key, (*at, "key"))
    if memoize.max_age:
        yield from _max_age(memoize.max_age, (*at, "maxAge"))
    elif memoize.max_age is None:
        # The controller reads a missing maxAge as "never expires", but the API
        # server checks the full CRD first, and it requires the field.
        yield finding(
            (*at, "maxAge"),
            "memoize has no maxAge; Argo's full CRDs require it (the API server "
            'refuses the manifest); write one, such as "24h"',
        )
    config_map = memoize.cache.config_map
    yield from _config_map_name(config_map.name, (*at, "cache", "configMap", "name"))


def _memoize_key(key: str, at: Segments) -> Iterator[Finding]:
    rule = "letters, digits and '-'"
    if "{{" in key:
        literal = "".join(_EXPRESSION.split(key))
        if not _KEY_CHARS.fullmatch(literal):
            bad = _first_bad(literal, _KEY_CHARS)
            yield finding(
                at,
                f"memoize key {quote(key)} has {quote(bad)} outside {{{{...}}}}; a "
                f"key may hold only {rule}, and so must the values substituted into it",
            )
        elif (length := _hashed_key_length(key, literal)) is not None:
            shortest, longest = length
            if shortest > DNS1123_SUBDOMAIN_MAX:
                yield finding(
                    at,
                    f"memoize key has {shortest} characters once substituted; "
                    "at most 253 fit",
                )
            elif longest > DNS1123_SUBDOMAIN_MAX:
                yield finding(
                    at,
                    f"memoize key may have up to {longest} characters once "
                    "substituted; at most 253 fit",
                    "warning",
                )
        else:
            yield finding(
                at,
                f"memoize key {quote(key)} is templated; the substituted values must "
                f"also hold only {rule}",
                "warning",
            )
    elif not key:
        yield finding(at, "memoize key is empty; give a key of " + rule)
    elif len(key) > DNS1123_SUBDOMAIN_MAX:
        yield finding(at, f"memoize key has {len(key)} characters; at most 253 fit")
    elif not _KEY.fullmatch(key):
        yield finding(
            at,
            f"memoize key {quote(key)} is invalid: use {rule}, "
            "starting with a letter or digit",
        )


def _hashed_key_length(key: str, literal: str) -> tuple[int, int] | None:
    """Return the (shortest, longest) substituted length of a hashed key, or None.

    A key qualifies when it does not start with ``-`` and every ``{{...}}``
    in it is one call ``{{=sprig.sha256sum(...)}}`` (or ``sha1sum``,
    ``adler32sum``): sprig returns hexadecimal digits (decimal
    for adler32sum), so the key stays valid whatever the argument is.
    """
    if key[:1] == "-":
        return None
    shortest = longest = len(literal)
    for match in _EXPRESSION.finditer(key):
        name = _hash_call(match.group()[2:-2])
        if name is None:
            return None
        low, high = _HASHES[name]
        shortest, longest = shortest + low, longest + high
    return shortest, longest


@functools.lru_cache(maxsize=4096)
def _hash_call(tag: str) -> str | None:
    """Return the sprig hash function if ``tag`` is ``=sprig.<hash>(...)``, else None.

    Argo reads a tag starting with ``=`` as an expr-lang expression
    (``parseTag``); the call must span the whole expression, so the scan
    skips expr's string literals to find the parenthesis closing it.
    """
    call = _HASH_CALL.match(tag, 1) if tag[:1] == "=" else None
    if call is None:
        return None
    depth, index, rest = 1, call.end(), tag.rstrip(" \t\n\r")
    while depth:
        token = _EXPR_TOKEN.match(rest, index)
        if token is None:  # the end, or a string left open
            return None
        char, index = token.group()[0], token.end()
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
    return call.group(1) if index == len(rest) else None


def _max_age(max_age: str, at: Segments) -> Iterator[Finding]:
    if "{{" in max_age:
        return
    try:
        parse_go_duration(max_age)
    except ValueError as exc:
        yield finding(
            at,
            f"maxAge {quote(max_age)} is not a Go duration ({exc}); write it like "
            '"24h", "90m" or "1h30m" with units ns, us, ms, s, m, h',
        )


def _config_map_name(name: str | None, at: Segments) -> Iterator[Finding]:
    if not name:
        yield finding(at, "memoize cache needs a ConfigMap name")
    elif "{{" in name:
        literal = "".join(_EXPRESSION.split(name))
        if not _SUBDOMAIN_CHARS.fullmatch(literal):
            bad = _first_bad(literal, _SUBDOMAIN_CHARS)
            yield finding(
                at,
                f"ConfigMap name {quote(name)} has {quote(bad)} outside "
                f"{{{{...}}}}; {SUBDOMAIN_RULE}",
            )
    elif len(name) > DNS1123_SUBDOMAIN_MAX:
        yield finding(at, f"ConfigMap name has {len(name)} characters; at most 253 fit")
    elif not DNS1123_SUBDOMAIN.fullmatch(name):
        yield finding(at, f"ConfigMap name {quote(name)} is invalid: {SUBDOMAIN_RULE}")


def _first_bad(text: str, allowed: re.Pattern[str]) -> str:
    return next(char for char in text if not allowed.fullmatch(char))
