"""The part of expr-lang (github.com/expr-lang/expr) that the checks read.

Argo evaluates a ``{{=...}}`` tag as an expr-lang expression over an
environment of its variables (``util/expr/env.GetFuncMap``: the variables,
expanded on dots, plus ``sprig``, ``toJson``, ``jsonpath``, ``asInt`` and
``asFloat``). The checks never evaluate one; they only need its tokens, split
as expr's lexer (``parser/lexer``) splits them: string literals in ``"..."``
or ``'...'`` (with backslash escapes) or back quotes (none), numbers,
identifiers, and operators.
"""

from __future__ import annotations

import functools
import re
from typing import Literal, NamedTuple

__all__ = ["Token", "reference", "reference_at", "tokens"]

Kind = Literal["string", "number", "name", "operator"]


class Token(NamedTuple):
    kind: Kind
    #: The text; for a string, its value when it has no escape, else None.
    text: str | None


_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\n\r]+)
    | "(?P<dq>(?:[^"\\]|\\.)*)"
    | '(?P<sq>(?:[^'\\]|\\.)*)'
    | `(?P<bq>[^`]*)`
    | (?P<number>[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][-+]?[0-9]+)?)
    | (?P<name>[A-Za-z_$][A-Za-z0-9_$]*)
    | (?P<operator>\?\.|\?\?|\.\.|==|!=|<=|>=|&&|\|\||\*\*|[-+*/%()\[\]{}.,:?!<>|^#])
    """,
    re.VERBOSE | re.DOTALL,
)


@functools.lru_cache(maxsize=4096)
def tokens(expression: str) -> tuple[Token, ...] | None:
    """Split ``expression`` into tokens; None when something is not understood.

    None covers text this reader does not know (a character expr's lexer
    would refuse, or one it reads in a way these checks do not model), so a
    caller treats the expression as unknown.
    """
    out: list[Token] = []
    index = 0
    while index < len(expression):
        match = _TOKEN.match(expression, index)
        if match is None:
            return None
        index = match.end()
        group = match.lastgroup
        if group == "space":
            continue
        if group in ("dq", "sq", "bq"):
            body = match.group(group)
            out.append(
                Token("string", None if "\\" in body and group != "bq" else body)
            )
        elif group in ("number", "name", "operator"):
            out.append(Token(group, match.group()))  # type: ignore[arg-type]
    return tuple(out)


# expr's word operators: after a dot they do not read as a member name.
_WORDS = frozenset(
    ["in", "not", "and", "or", "matches", "contains", "startsWith", "endsWith"]
)


def reference(found: tuple[Token, ...]) -> str | None:
    """Return the dotted variable ``found`` names when it is just a reference.

    A reference is a name followed by ``.name`` or ``['name']`` members:
    ``inputs.parameters.x`` and ``inputs.parameters['x']`` both give
    ``"inputs.parameters.x"``.
    """
    at = reference_at(found, 0)
    return at[0] if at is not None and at[1] == len(found) else None


def reference_at(found: tuple[Token, ...], index: int) -> tuple[str, int] | None:
    """Read the longest reference at ``found[index]``: (dotted name, end)."""
    if index >= len(found) or found[index].kind != "name":
        return None
    parts = [found[index].text or ""]
    if parts[0] in _WORDS:
        return None
    index += 1
    while index < len(found):
        token = found[index]
        following = found[index + 1 : index + 3]
        if token == _DOT and following[:1] and following[0].kind == "name":
            if following[0].text in _WORDS:
                return None
            parts.append(following[0].text or "")
            index += 2
        elif (
            token == _OPEN
            and len(following) == 2
            and following[0].kind == "string"
            and following[0].text is not None
            and following[1] == _CLOSE
        ):
            parts.append(following[0].text)
            index += 3
        else:
            break
    return ".".join(parts), index


_DOT = Token("operator", ".")
_OPEN = Token("operator", "[")
_CLOSE = Token("operator", "]")
