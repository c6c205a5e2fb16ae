"""The fields of a model that can lead to some kind of value, per Struct class.

A check that looks at one kind of field everywhere in a manifest (a
ConfigMapKeySelector, a Quantity) walks only the fields that can lead there:
computed once per root model from its annotations, it skips
the bulk of a manifest.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Iterator
from typing import Any

import msgspec

__all__ = ["Route", "routes", "structs_in", "targets"]

Segments = tuple[str | int, ...]

#: Per class, the fields to follow: (attribute, wire name, is a target).
Route = tuple[tuple[str, str, bool], ...]


def routes(
    root: type[msgspec.Struct], target: Callable[[Any], bool]
) -> dict[type, Route]:
    """Return the fields on the way to a target field, per Struct class.

    A target field is one whose annotation ``target`` accepts; only the classes
    under ``root`` that can hold one are keys.
    """
    fields = {
        cls: [
            (name, wire, children, target(kind))
            for name, wire, kind, children in entries
            if children or target(kind)
        ]
        for cls, entries in _graph(root).items()
    }
    leads = {cls for cls, entries in fields.items() if any(e[3] for e in entries)}
    grew = True
    while grew:  # a fixpoint: Template -> DAGTask -> (inline) Template is a cycle
        before = len(leads)
        leads |= {
            cls
            for cls, entries in fields.items()
            if any(children & leads for _, _, children, _ in entries)
        }
        grew = len(leads) > before
    return {
        cls: tuple(
            (name, wire, hit)
            for name, wire, children, hit in fields[cls]
            if hit or children & leads
        )
        for cls in leads
    }


Field = tuple[str, str, Any, frozenset[type]]


@functools.cache
def _graph(root: type[msgspec.Struct]) -> dict[type, list[Field]]:
    """Every Struct class under ``root``, each field with the classes it holds.

    Fields are (attribute, wire name, annotation, Struct classes); computed
    once per root and shared by every check's routes.
    """
    graph: dict[type, list[Field]] = {}
    todo: list[type[msgspec.Struct]] = [root]
    while todo:
        cls = todo.pop()
        if cls in graph:
            continue
        entries = graph[cls] = []
        hints = _annotations(cls)
        names, wires = cls.__struct_fields__, cls.__struct_encode_fields__
        for name, wire in zip(names, wires, strict=True):
            inner = structs_in(hints[name])
            entries.append((name, wire, hints[name], frozenset(inner)))
            todo.extend(inner)
    return graph


def _annotations(cls: type) -> dict[str, Any]:
    """Return the field annotations of ``cls`` and its bases.

    The generated modules define classes before their use and do not
    postpone annotations, so these are mostly the types themselves: reading
    them is ~10x cheaper than ``msgspec.inspect.type_info`` (2 ms against
    17 ms for a Workflow, paid on the first validate of a process).
    """
    merged: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        merged.update(vars(klass).get("__annotations__", {}))
    if any(isinstance(kind, str) for kind in merged.values()):
        # a whole annotation quoted: it names a class defined further down (the
        # Template cycle); codegen quotes nothing else
        return typing.get_type_hints(cls, include_extras=True)
    return merged


def targets(
    value: Any, at: Segments, paths: dict[type, Route]
) -> Iterator[tuple[Segments, Any]]:
    """Yield (path, value) of every target field set under ``value``."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from targets(item, (*at, index), paths)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from targets(item, (*at, key), paths)
    else:
        for name, wire, hit in paths.get(type(value), ()):
            child = getattr(value, name)
            if child is None:
                continue
            if hit:
                yield (*at, wire), child
            else:
                yield from targets(child, (*at, wire), paths)


def structs_in(kind: Any) -> list[type[msgspec.Struct]]:
    """Return the Struct classes a value annotated ``kind`` may hold directly."""
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        return [kind]
    if typing.get_origin(kind) is typing.Annotated:
        return structs_in(typing.get_args(kind)[0])
    return [s for arg in typing.get_args(kind) for s in structs_in(arg)]
