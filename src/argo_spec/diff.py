"""What changed between two Argo lines, read from their generated models."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

import msgspec

from argo_spec.versions import models

__all__ = ["Change", "diff_lines"]

ChangeKind = Literal[
    "definition added",
    "definition removed",
    "field added",
    "field removed",
    "type changed",
    "now required",
    "now optional",
]


@dataclass(frozen=True)
class Change:
    """One difference: a definition, or a field (by wire name) of one."""

    kind: ChangeKind
    definition: str
    field: str | None = None
    old: str | None = None
    new: str | None = None


def diff_lines(old: str, new: str) -> list[Change]:
    """Compare the models of Argo line ``old`` with those of line ``new``.

    Returns the definitions added and removed, and for definitions in both
    the fields added and removed, the fields whose type changed and those
    whose required-ness changed, sorted by definition then field.
    """
    before, after = _structs(old), _structs(new)
    changes = [
        Change("definition added", name) for name in after.keys() - before.keys()
    ]
    changes += [
        Change("definition removed", name) for name in before.keys() - after.keys()
    ]
    for name in before.keys() & after.keys():
        changes += _field_changes(name, before[name], after[name])
    return sorted(changes, key=lambda c: (c.definition, c.field or "", c.kind))


def _structs(line: str) -> dict[str, type[msgspec.Struct]]:
    module = models(line)
    found = {}
    for name in module.__all__:
        value = getattr(module, name)
        is_struct = isinstance(value, type) and issubclass(value, msgspec.Struct)
        if is_struct and name != "Model":
            found[name] = value
    return found


def _field_changes(name: str, old: type, new: type) -> list[Change]:
    before = {f.encode_name: f for f in msgspec.structs.fields(old)}
    after = {f.encode_name: f for f in msgspec.structs.fields(new)}
    changes = [
        Change("field added", name, key, new=_type(after[key].type))
        for key in after.keys() - before.keys()
    ]
    changes += [
        Change("field removed", name, key, old=_type(before[key].type))
        for key in before.keys() - after.keys()
    ]
    for key in before.keys() & after.keys():
        was, now = before[key], after[key]
        if _type(was.type) != _type(now.type):
            changes.append(
                Change("type changed", name, key, _type(was.type), _type(now.type))
            )
        if _required(was) != _required(now):
            kind: ChangeKind = "now required" if _required(now) else "now optional"
            changes.append(Change(kind, name, key))
    return changes


def _required(field: msgspec.structs.FieldInfo) -> bool:
    return field.required


def _type(annotation: Any) -> str:
    """Spell a field type the same way for both lines: ``list[Template] | None``."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_type(arg) for arg in typing.get_args(annotation))
    if origin is typing.Literal:
        return (
            "Literal[" + ", ".join(repr(a) for a in typing.get_args(annotation)) + "]"
        )
    if origin is not None:
        args = ", ".join(_type(arg) for arg in typing.get_args(annotation))
        return f"{getattr(origin, '__name__', str(origin))}[{args}]"
    if annotation is type(None):
        return "None"
    if annotation is Any:
        return "Any"
    return getattr(annotation, "__name__", str(annotation))
