"""Resolve the memoize keys runnable_ext emits, for tests.

A stand-in for Argo's substitution limited to the one expression form the
adapter writes: ``<name>-{{=sprig.sha256sum(ARG)}}`` where ARG is a variable
or ``sprig.sha256sum(...)`` terms joined by `` + ``. Anything else is refused,
so a change of key form cannot pass unnoticed.
"""

from __future__ import annotations

import hashlib
import re

_TAG = re.compile(r"\{\{=(.*?)\}\}$")
_VAR = re.compile(
    r"^(workflow\.name|workflow\.parameters\.\w+|inputs\.parameters\.\w+"
    r"|inputs\.parameters\['[-\w]+'\])$"
)
_CALL = "sprig.sha256sum("


def _split_terms(text: str) -> list[str]:
    terms, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and text.startswith(" + ", index):
            terms.append(text[start:index])
            start = index + 3
    terms.append(text[start:])
    return terms


def _value(expr: str, env: dict[str, str]) -> str:
    terms = _split_terms(expr)
    if len(terms) > 1:
        return "".join(_value(t, env) for t in terms)
    if expr.startswith(_CALL) and expr.endswith(")"):
        inner = _value(expr[len(_CALL) : -1], env)
        return hashlib.sha256(inner.encode()).hexdigest()
    if _VAR.match(expr):
        name = expr.replace("['", ".").replace("']", "")
        return env[name]
    raise ValueError(f"unexpected expression {expr!r}")


def resolve_key(key: str, env: dict[str, str]) -> str:
    """Substitute ``key`` with ``env`` ({"workflow.parameters.run_id": ...})."""
    head, brace, _ = key.partition("{{=")
    match = _TAG.match(brace + key[len(head) + len(brace) :])
    if match is None:
        raise ValueError(f"unexpected key form {key!r}")
    return head + _value(match.group(1), env)
