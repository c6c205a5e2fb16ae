"""Write JSON-like data as block-style YAML that every reader reads back the same.

The data is what ``msgspec.to_builtins`` returns: dicts with string keys in
model order, lists, str, int, float, bool and None. A small emitter for just
that is several times faster than PyYAML's, whose representer and resolver run
in Python for every node even with the C emitter.

A string is written plain only when it cannot be read as anything else by a
YAML 1.1 reader (go-yaml v2 as kubectl and Argo use it, or PyYAML) or a YAML
1.2 core-schema reader; otherwise it is double-quoted. Multi-line strings are
literal blocks (``|``) when their characters allow it.
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["emit_yaml"]

_STEP = "  "

# A plain scalar in block context: no indicator first, no ": " or " #", no
# trailing space or colon, nothing a reader would fold or reject.
_PLAIN = re.compile(
    r"(?!---|\.\.\.)(?:[^\W]|[/$(.+]|-(?=[^\W\d]))"
    r"(?:[^\s:#'\"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]|:(?=[^\s:])| (?=[^\s#]))*"
)
# First characters of strings that some YAML 1.1 or 1.2 reader may resolve to
# a null, bool, int or float; such strings get the closer look of _typed().
_HINTS = frozenset("0123456789+-.yYnNtTfFoO~")
_NUMBER_LIKE = re.compile(r"[-+]?\.?[0-9_]")
_KEYWORDS = frozenset(
    [
        "y",
        "Y",
        "yes",
        "Yes",
        "YES",
        "n",
        "N",
        "no",
        "No",
        "NO",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "null",
        "Null",
        "NULL",
        "~",
        ".inf",
        ".Inf",
        ".INF",
        "+.inf",
        "+.Inf",
        "+.INF",
        "-.inf",
        "-.Inf",
        "-.INF",
        ".nan",
        ".NaN",
        ".NAN",
    ]
)
# Characters that force double quotes, and the escapes for them.
_ESCAPED = re.compile(
    r"[\x00-\x1f\"\\\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)
_LITERAL_BAD = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)
# A tab among a line's leading spaces reads as bad indentation in a block.
_TAB_INDENT = re.compile(r"(?:^|\n) *\t")
_SHORT_ESCAPES = {"\n": "\\n", "\t": "\\t", '"': '\\"', "\\": "\\\\", "\r": "\\r"}


def emit_yaml(data: Any) -> str:
    """Return ``data`` as one YAML document (no ``---`` marker), ending in a newline."""
    out: list[str] = []
    if type(data) is dict and data:
        _mapping(data, "", "", out)
    elif type(data) is list and data:
        _sequence(data, "", "", out)
    else:
        out.append(_scalar(data, "") + "\n")
    return "".join(out)


def _mapping(data: dict[str, Any], indent: str, first: str, out: list[str]) -> None:
    """Write ``data`` with its keys at ``indent``; the first key after ``first``."""
    prefix = first
    inner = indent + _STEP
    for key, value in data.items():
        out.append(prefix + _key(key))
        prefix = indent
        kind = type(value)
        if kind is dict and value:
            out.append(":\n")
            _mapping(value, inner, inner, out)
        elif kind is list and value:
            out.append(":\n")
            _sequence(value, inner, inner, out)
        elif kind is str:
            out.append(": " + _string(value, inner) + "\n")
        else:
            out.append(": " + _scalar(value, inner) + "\n")


def _sequence(items: list[Any], indent: str, first: str, out: list[str]) -> None:
    """Write ``items`` with their dashes at ``indent``; the first after ``first``."""
    prefix = first
    inner = indent + _STEP
    for item in items:
        kind = type(item)
        if kind is dict and item:
            _mapping(item, inner, prefix + "- ", out)
        elif kind is list and item:
            _sequence(item, inner, prefix + "- ", out)
        elif kind is str:
            out.append(prefix + "- " + _string(item, inner) + "\n")
        else:
            out.append(prefix + "- " + _scalar(item, inner) + "\n")
        prefix = indent


def _key(key: str) -> str:
    if _PLAIN.fullmatch(key) and not (key[0] in _HINTS and _typed(key)):
        return key
    return _double_quoted(key)


def _string(text: str, indent: str) -> str:
    """Return ``text`` as a scalar whose block-literal lines sit at ``indent``."""
    if _PLAIN.fullmatch(text):
        if not (text[0] in _HINTS and _typed(text)):
            return text
    elif "\n" in text and text.strip("\n") and not _LITERAL_BAD.search(text):
        if _TAB_INDENT.search(text):
            return _double_quoted(text)
        return _literal(text, indent)
    return _double_quoted(text)


def _typed(text: str) -> bool:
    """Tell whether a YAML 1.1 or 1.2 reader takes plain ``text`` for a non-string."""
    return text in _KEYWORDS or _NUMBER_LIKE.match(text) is not None


def _literal(text: str, indent: str) -> str:
    if text.endswith("\n"):
        chomp = "+" if text.endswith("\n\n") else ""
        text = text[:-1]
    else:
        chomp = "-"
    # An indentation indicator is needed when the first line would set the
    # wrong indentation: it starts with a space, or it is empty.
    header = "|" + ("2" if text[0] in " \n" else "") + chomp
    lines = [indent + line if line else "" for line in text.split("\n")]
    return header + "\n" + "\n".join(lines)


def _double_quoted(text: str) -> str:
    return '"' + _ESCAPED.sub(_escape, text) + '"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _scalar(value: Any, indent: str) -> str:
    """Return a non-container value, or an empty container, as a scalar."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is float:
        return _float(value)
    if kind is str:
        return _string(value, indent)
    if kind is dict:
        return "{}"
    if kind is list:
        return "[]"
    raise TypeError(f"cannot write {kind.__name__} as YAML")


def _float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    # YAML 1.1 readers need a dot in the mantissa: write 1e+20 as 1.0e+20.
    if "." not in text:
        mantissa, _, exponent = text.partition("e")
        text = mantissa + ".0" + ("e" + exponent if exponent else "")
    return text
