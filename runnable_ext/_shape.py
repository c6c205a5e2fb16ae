"""Turn a user's mapping into an argo_spec Struct, forgiving only of spelling.

runnable's executor accepted snake_case and its own camelCase (``podGc``,
``backOff``, ``pod_gc``); Argo spells them ``podGC`` and ``backoff``. A key is
matched to a field when both agree after lower-casing and dropping ``_`` and
``-``; the Struct is then decoded strictly, so unknown fields and wrong types
are errors. Keys of free-form maps (labels, nodeSelector) are never touched.
"""

from __future__ import annotations

import functools
from typing import Any

import msgspec
from msgspec import inspect as mi

from argo_spec._explain import explain, format_path

from ._errors import ConfigError, yaml_kind
from ._lines import LINES

__all__ = ["fold", "to_struct", "wire_names"]


def fold(key: str) -> str:
    """Return ``key`` lower-cased without ``_`` and ``-``, for spelling matches."""
    return key.replace("_", "").replace("-", "").lower()


@functools.cache
def _info(cls: Any) -> mi.Type:
    return mi.type_info(cls)


@functools.cache
def wire_names(cls: Any) -> dict[str, str]:
    """Map the folded spelling of each field of Struct ``cls`` to its wire name."""
    return {fold(f.encode_name): f.encode_name for f in msgspec.structs.fields(cls)}


def _rename(data: dict[str, Any], t: mi.StructType, where: str) -> dict[str, Any]:
    names = wire_names(t.cls)
    types = {f.encode_name: f.type for f in t.fields}
    out: dict[str, Any] = {}
    for key, value in data.items():
        wire = key if key in types else names.get(fold(str(key)), key)
        if wire in out:
            raise ConfigError(
                f"{where}.{key}", f"`{wire}` is given twice", "keep one spelling"
            )
        out[wire] = (
            _walk(value, types[wire], f"{where}.{key}") if wire in types else value
        )
    return out


def _walk(value: Any, t: mi.Type, where: str) -> Any:
    if isinstance(t, mi.StructType) and isinstance(value, dict):
        return _rename(value, t, where)
    if isinstance(t, (mi.ListType, mi.SetType)) and isinstance(value, list):
        return [_walk(v, t.item_type, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(t, mi.DictType) and isinstance(value, dict):
        return {k: _walk(v, t.value_type, f"{where}.{k}") for k, v in value.items()}
    if isinstance(t, mi.UnionType):
        for member in t.types:
            if isinstance(member, (mi.StructType, mi.DictType)) and isinstance(
                value, dict
            ):
                return _walk(value, member, where)
            if isinstance(member, (mi.ListType, mi.SetType)) and isinstance(
                value, list
            ):
                return _walk(value, member, where)
    return value


def to_struct(value: Any, cls: Any, where: str) -> Any:
    """Decode ``value`` into Struct ``cls``; errors name ``where`` and the field."""
    if not isinstance(value, dict):
        raise ConfigError(
            where, f"expected a mapping, found {yaml_kind(value)}", "give a mapping"
        )
    try:  # already in Argo's spelling: no need to walk the type graph
        return msgspec.convert(value, cls)
    except msgspec.ValidationError:
        pass
    renamed = _walk(value, _info(cls), where)
    try:
        return msgspec.convert(renamed, cls)
    except msgspec.ValidationError as exc:
        raise _explain(exc, renamed, cls, where) from None


def _explain(
    exc: msgspec.ValidationError, data: Any, cls: type[Any], where: str
) -> ConfigError:
    explained = explain(exc, data, cls)
    tail = format_path(explained.segments).removeprefix("$")
    location, what = where + tail, explained.message
    release = next(
        f"release-{line}"
        for line, package in LINES.items()
        if cls.__module__.startswith(package + ".")
    )
    page = f"https://argo-workflows.readthedocs.io/en/{release}/fields/"
    if what.startswith("unknown field"):
        fix = f"remove it, or use a field of Argo's {cls.__name__} ({page})"
    elif what.startswith("missing required field"):
        fix = "add that field"
    else:
        fix = f"give the type Argo's {cls.__name__} expects ({page})"
    return ConfigError(location, what, fix)
