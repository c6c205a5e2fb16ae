"""Memoization, checked as the controller uses it.

``memoize.key`` becomes a ConfigMap key, ``maxAge`` is read by Go's
``time.ParseDuration`` (empty means the cache never expires),
``cache.configMap.name`` names a ConfigMap. A templated key whose every
``{{...}}`` is a sprig hash call has a length known before the run.

The controller substitutes the key with ``ProcessArgs`` (``executeTemplate``)
and evaluates ``{{=...}}`` with ``expressionReplaceCore``
(``util/template``): an expression that fails leaves its tag in the key,
which ``configMapCache`` then refuses as an invalid cache key. sprig's hash
functions take a Go string, so a hash call is trusted only when its
argument is certainly a string (see ``_string_end``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from argo_spec._duration import parse_go_duration
from argo_spec._expr import Token, reference_at, tokens
from argo_spec._findings import SUBDOMAIN_RULE, Finding, Segments, finding, quote
from argo_spec._kube import DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX

_KEY = re.compile(r"[a-zA-Z0-9][-a-zA-Z0-9]*")
_KEY_CHARS = re.compile(r"[-a-zA-Z0-9]*")
_SUBDOMAIN_CHARS = re.compile(r"[-.a-z0-9]*")
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
# Expressions that always give [0-9a-f] or [0-9], and their length range.
_HASHES = {"sha256sum": (64, 64), "sha1sum": (40, 40), "adler32sum": (1, 10)}
# Workflow globals the controller always sets, as strings (``setGlobalParameters``).
_WORKFLOW_STRINGS = frozenset(
    [
        "workflow.name",
        "workflow.namespace",
        "workflow.uid",
        "workflow.serviceAccountName",
        "workflow.mainEntrypoint",
    ]
)
_SPRIG = Token("name", "sprig")
_DOT = Token("operator", ".")
_PLUS = Token("operator", "+")
_LEFT = Token("operator", "(")
_RIGHT = Token("operator", ")")

# The template's input parameter names, and the workflow's parameter names.
_Known = tuple[frozenset[str], frozenset[str]]


def check_memoize(
    memoize: Any, at: Segments, inputs: frozenset[str], parameters: frozenset[str]
) -> Iterator[Finding]:
    """Check a template's memoize: key, maxAge and cache ConfigMap name.

    ``inputs``: the template's input parameter names; ``parameters``: the
    workflow's (``spec.arguments``), which a key's expression may read.
    """
    yield from _memoize_key(memoize.key, (*at, "key"), (inputs, parameters))
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


def _memoize_key(key: str, at: Segments, known: _Known) -> Iterator[Finding]:
    rule = "letters, digits and '-'"
    if "{{" in key:
        literal = "".join(_EXPRESSION.split(key))
        if bad := _first_bad(literal, _KEY_CHARS):
            yield finding(
                at,
                f"memoize key {quote(key)} has {quote(bad)} outside {{{{...}}}}; a "
                f"key may hold only {rule}, and so must the values substituted into it",
            )
        elif (length := _hashed_key_length(key, literal, known)) is not None:
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


def _hashed_key_length(key: str, literal: str, known: _Known) -> tuple[int, int] | None:
    """Return the (shortest, longest) substituted length of a hashed key, or None.

    A key qualifies when it does not start with ``-`` and every ``{{...}}``
    in it is one call ``{{=sprig.sha256sum(...)}}`` (or ``sha1sum``,
    ``adler32sum``) of a string: sprig returns hexadecimal digits (decimal
    for adler32sum), so the key stays valid whatever the string is.
    """
    if key[:1] == "-":
        return None
    shortest = longest = len(literal)
    for match in _EXPRESSION.finditer(key):
        name = _hash_call(match.group()[2:-2], known)
        if name is None:
            return None
        low, high = _HASHES[name]
        shortest, longest = shortest + low, longest + high
    return shortest, longest


def _hash_call(tag: str, known: _Known) -> str | None:
    """Return the sprig hash function if ``tag`` is ``=sprig.<hash>(S)``, else None.

    Argo reads a tag starting with ``=`` as an expr-lang expression
    (``parseTag``, then ``expressionReplaceCore``); the call must span the
    whole expression, and its argument ``S`` must certainly be a string: a
    sprig hash of a string argument fails otherwise, and the controller keeps
    the tag unsubstituted.
    """
    found = tokens(tag[1:]) if tag[:1] == "=" else None
    if not found or len(found) < 5 or found[0] != _SPRIG or found[1] != _DOT:
        return None
    name = found[2].text
    if name not in _HASHES or found[3] != _LEFT or found[-1] != _RIGHT:
        return None
    end = _string_end(found, 4, known)
    return name if end == len(found) - 1 else None


def _string_end(found: tuple[Token, ...], index: int, known: _Known) -> int | None:
    """Read a certainly-string expression at ``found[index]``; return its end.

    That is terms joined by ``+`` (expr concatenates two strings), each a
    string literal, a parenthesised one, a sprig hash of one, a
    ``string(...)`` or ``toJson(...)`` call, or a variable the controller
    gives as a string (``executeTemplate`` substitutes with ``ProcessArgs``:
    workflow globals and input parameters are Go strings; ``item`` is not
    one of them, and a withItems item may be a number or a map).
    """
    end = _term_end(found, index, known)
    while end is not None and end < len(found) and found[end] == _PLUS:
        end = _term_end(found, end + 1, known)
    return end


def _term_end(found: tuple[Token, ...], index: int, known: _Known) -> int | None:
    if index >= len(found):
        return None
    token, after = found[index], found[index + 1 : index + 4]
    if token.kind == "string":
        return index + 1
    if token == _LEFT:
        end = _string_end(found, index + 1, known)
        return _closed(found, end)
    if token == _SPRIG:
        call = len(after) == 3 and after[0] == _DOT and after[2] == _LEFT
        if call and after[1].text in _HASHES:
            return _closed(found, _string_end(found, index + 4, known))
        return None
    if token.text in ("string", "toJson") and after[:1] == (_LEFT,):
        if index + 2 < len(found) and found[index + 2].kind == "number":
            return _closed(found, index + 3)
        return _closed(found, _string_end(found, index + 2, known))
    at = reference_at(found, index)
    if at is None or not _is_string_variable(at[0], known):
        return None
    return at[1]


def _closed(found: tuple[Token, ...], end: int | None) -> int | None:
    """The index after ``found[end]`` when that is ``)``, else None."""
    if end is None or end >= len(found) or found[end] != _RIGHT:
        return None
    return end + 1


def _is_string_variable(name: str, known: _Known) -> bool:
    inputs, parameters = known
    group, _, member = name.rpartition(".")
    if group == "inputs.parameters":
        return member in inputs
    if group == "workflow.parameters":
        return member in parameters
    return name in _WORKFLOW_STRINGS


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
        if bad := _first_bad("".join(_EXPRESSION.split(name)), _SUBDOMAIN_CHARS):
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
    """Return the first character of ``text`` not in ``allowed``, or ``""``."""
    return next((char for char in text if not allowed.fullmatch(char)), "")
