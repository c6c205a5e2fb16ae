"""Turn a msgspec validation error into a message a person can act on.

msgspec reports ``Expected `str`, got `int` - at `$.spec.templates[0].name```.
This module finds the offending value in the data, names the path in full
(msgspec writes ``[...]`` for a mapping key), describes what was expected and
found in words, and for an unknown field suggests the nearest valid name.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass
from typing import Any

import msgspec

from argo_spec._yaml_load import int64_message

__all__ = ["Explained", "explain", "format_path"]

Segment = str | int

_AT = re.compile(
    r"(?P<message>.*?)(?: - at (?P<key>`key` in )?`(?P<path>\$[^`]*)`)?", re.DOTALL
)
_MISMATCH = re.compile(r"Expected `(?P<expected>[^`]*)`, got `(?P<found>[^`]*)`")
_UNKNOWN = re.compile(r"Object contains unknown field `(?P<field>[^`]*)`")
_MISSING = re.compile(r"Object missing required field `(?P<field>[^`]*)`")
_INT_BOUND = re.compile(r"Expected `int` [<>]= -?\d+")
_SEGMENT = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\[\.\.\.\]")
_SIMPLE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_WORDS = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "a boolean",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}
_MAX_LISTED_FIELDS = 12


@dataclass
class Explained:
    """Where a validation error points and what to say about it."""

    segments: list[Segment]
    message: str
    at_key: bool = False
    expected: str | None = None
    found: str | None = None
    #: True when quoting the value would make it the string that was expected.
    quote_hint: bool = False


def explain(exc: msgspec.ValidationError, data: Any, cls: type) -> Explained:
    """Explain ``exc``, raised converting ``data`` to ``cls``."""
    match = _AT.fullmatch(str(exc))
    assert match is not None  # the pattern matches any text
    raw, path = match.group("message"), match.group("path") or "$"
    segments, value, target = _walk(path, data, cls)

    if match.group("key"):
        key = next((k for k in value if not isinstance(k, str)), None)
        found = describe(key)
        message = f"mapping keys must be strings, found {found}"
        return Explained(segments, message, expected="a string", found=found)
    if _INT_BOUND.fullmatch(raw) and type(value) is int:
        return Explained(segments, int64_message(str(value)), found=str(value))
    unknown = _UNKNOWN.fullmatch(raw)
    if unknown:
        field = unknown.group("field")
        return Explained(
            [*segments, field], _unknown_field(field, target), at_key=True, found=field
        )
    missing = _MISSING.fullmatch(raw)
    if missing:
        field = missing.group("field")
        quoted = msgspec.json.encode(field).decode()
        return Explained(segments, f"missing required field {quoted}", expected=field)
    mismatch = _MISMATCH.fullmatch(raw)
    if mismatch:
        return _mismatch(segments, mismatch.group("expected"), value)
    return Explained(segments, " ".join(raw.replace("`", '"').split()))


def format_path(segments: list[Segment]) -> str:
    """Return ``segments`` as a JSON path: ``$.spec.templates[0].name``."""
    parts = ["$"]
    for segment in segments:
        if isinstance(segment, int):
            parts.append(f"[{segment}]")
        elif _SIMPLE_KEY.fullmatch(segment):
            parts.append("." + segment)
        else:
            parts.append("[" + msgspec.json.encode(segment).decode() + "]")
    return "".join(parts)


def _mismatch(segments: list[Segment], expected: str, value: Any) -> Explained:
    words = [_WORDS.get(t.strip(), t.strip()) for t in expected.split("|")]
    if len(words) > 1:
        words = [w for w in words if w != "null"]
    wanted = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    found = describe(value)
    message = f"expected {wanted}, found {found}"
    quote = "a string" in words and isinstance(value, (bool, int, float))
    return Explained(segments, message, expected=wanted, found=found, quote_hint=quote)


def describe(value: Any) -> str:
    """Describe a JSON-like value in a few words: ``the integer 10``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return "the string " + msgspec.json.encode(shown).decode()
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _unknown_field(field: str, target: Any) -> str:
    names = _wire_names(target)
    quoted = msgspec.json.encode(field).decode()  # a newline in a key stays "\n"
    if not names:
        return f"unknown field {quoted}"
    close = difflib.get_close_matches(field, names, n=1, cutoff=0.6)
    if not close:
        lowered = {name.lower(): name for name in names}
        close = [lowered[field.lower()]] if field.lower() in lowered else []
    owner = getattr(target, "__name__", "")
    if close:
        return f'unknown field {quoted} in {owner}; did you mean "{close[0]}"?'
    if len(names) <= _MAX_LISTED_FIELDS:
        return f"unknown field {quoted} in {owner}; valid fields: {', '.join(names)}"
    return f"unknown field {quoted} in {owner}"


def _wire_names(target: Any) -> list[str]:
    if not (isinstance(target, type) and issubclass(target, msgspec.Struct)):
        return []
    return [f.encode_name for f in msgspec.structs.fields(target)]


def _walk(path: str, data: Any, cls: Any) -> tuple[list[Segment], Any, Any]:
    """Follow msgspec's ``path`` through ``data`` and the type ``cls``.

    Returns the path as segments (mapping keys filled in for ``[...]``), the
    value found there, and the type expected there.
    """
    segments: list[Segment] = []
    value, target = data, cls
    for match in _SEGMENT.finditer(path, 1):
        name, index = match.group(1), match.group(2)
        target = _unwrap(target)
        if name is not None:
            segment: Segment = name
            target = _field_type(target, name)
        elif index is not None:
            segment = int(index)
            target = _args(target)[0] if _args(target) else Any
        else:
            target = _args(target)[1] if len(_args(target)) == 2 else Any
            segment = _failing_key(value, target)
        segments.append(segment)
        value = _child(value, segment)
    return segments, value, _unwrap(target)


def _unwrap(target: Any) -> Any:
    """Return the one non-null member of an optional type, else ``target``."""
    if typing.get_origin(target) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(target) if a is not type(None)]
        if len(members) == 1:
            return members[0]
    return target


def _args(target: Any) -> tuple[Any, ...]:
    return typing.get_args(target)


def _field_type(target: Any, wire_name: str) -> Any:
    if isinstance(target, type) and issubclass(target, msgspec.Struct):
        for field in msgspec.structs.fields(target):
            if field.encode_name == wire_name:
                return field.type
    return Any


def _failing_key(mapping: Any, value_type: Any) -> str:
    if isinstance(mapping, dict):
        for key, item in mapping.items():
            try:
                msgspec.convert(item, value_type)
            except (msgspec.ValidationError, TypeError):
                return str(key)
    return "..."


def _child(value: Any, segment: Segment) -> Any:
    if isinstance(segment, int) and isinstance(value, list) and segment < len(value):
        return value[segment]
    if isinstance(segment, str) and isinstance(value, dict):
        return value.get(segment)
    return None
