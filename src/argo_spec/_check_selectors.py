"""ConfigMapKeySelectors without their ``key``.

A ConfigMapKeySelector needs its ``key`` (Kubernetes and Argo's CRDs require
it) everywhere except ``memoize.cache.configMap``, where the controller reads
only the name; the 3.7 models leave ``key`` optional for that one place.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import msgspec
import msgspec.inspect

from argo_spec._findings import Finding, Segments, finding

# Where a ConfigMapKeySelector may go without a key (3.7's memoize cache).
_KEY_OPTIONAL_AT = ("memoize", "cache", "configMap")
_SELECTOR = "ConfigMapKeySelector"

Route = tuple[tuple[str, str], ...]


def check_key_selectors(manifest: msgspec.Struct) -> Iterator[Finding]:
    """Find every ConfigMapKeySelector in ``manifest`` that lacks its key."""
    return _selectors_under(manifest, (), _selector_routes(type(manifest)))


def _selectors_under(
    value: Any, at: Segments, routes: dict[type, Route]
) -> Iterator[Finding]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _selectors_under(item, (*at, index), routes)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _selectors_under(item, (*at, key), routes)
    elif type(value).__name__ == _SELECTOR:
        if not value.key and at[-3:] != _KEY_OPTIONAL_AT:
            message = f"{at[-1]} needs a key: add key: with the ConfigMap key to read"
            yield finding(at, message)
    else:
        for name, wire in routes.get(type(value), ()):
            child = getattr(value, name)
            if child is not None:
                yield from _selectors_under(child, (*at, wire), routes)


@functools.cache
def _selector_routes(root: type[msgspec.Struct]) -> dict[type, Route]:
    """Return the fields that can lead to a ConfigMapKeySelector, per class.

    Each Struct class under ``root`` that can hold one maps to its
    ``(attribute, wire name)`` fields on the way there.

    Walking only these fields skips the bulk of a manifest (containers' other
    fields, DAG tasks, arguments): a 2,000-template walk drops from ~50 ms.
    """
    fields: dict[type, list[tuple[str, str, set[type]]]] = {}
    todo = [msgspec.inspect.type_info(root)]
    while todo:
        info = todo.pop()
        if not isinstance(info, msgspec.inspect.StructType) or info.cls in fields:
            continue
        entries = fields[info.cls] = []
        for field in info.fields:
            inner = _structs_in(field.type)
            if inner:
                entries.append((field.name, field.encode_name, {s.cls for s in inner}))
                todo.extend(inner)
    leads = {cls for cls in fields if cls.__name__ == _SELECTOR}
    grew = True
    while grew:  # a fixpoint: Template -> DAGTask -> (inline) Template is a cycle
        before = len(leads)
        leads |= {
            cls
            for cls, entries in fields.items()
            if any(children & leads for _, _, children in entries)
        }
        grew = len(leads) > before
    return {
        cls: tuple((name, wire) for name, wire, to in fields[cls] if to & leads)
        for cls in leads
        if cls.__name__ != _SELECTOR
    }


def _structs_in(kind: msgspec.inspect.Type) -> list[msgspec.inspect.StructType]:
    """Return the Struct types a value of type ``kind`` may contain directly."""
    if isinstance(kind, msgspec.inspect.StructType):
        return [kind]
    if isinstance(kind, msgspec.inspect.Metadata):
        return _structs_in(kind.type)
    if isinstance(kind, msgspec.inspect.UnionType):
        return [s for member in kind.types for s in _structs_in(member)]
    if isinstance(kind, (msgspec.inspect.ListType, msgspec.inspect.VarTupleType)):
        return _structs_in(kind.item_type)
    if isinstance(kind, msgspec.inspect.DictType):
        return _structs_in(kind.value_type)
    return []
