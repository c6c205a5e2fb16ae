"""Write manifests as plain data, JSON or YAML."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from argo_spec._yaml_dump import emit_yaml

__all__ = ["dump_json", "dump_yaml", "to_dict"]

Manifests = msgspec.Struct | Sequence[msgspec.Struct]


def to_dict(manifest: Manifests) -> Any:
    """Return a manifest as JSON-like data (a list of them for a sequence).

    Keys follow the order the model declares its fields; unset fields are left
    out, so the result is what Kubernetes would store.

    Raises
    ------
    TypeError
        When ``manifest`` is not a model or a sequence of models (this and the
        other dump functions).

    """
    if not isinstance(manifest, msgspec.Struct):
        _check_sequence(manifest, "to_dict")
    return msgspec.to_builtins(manifest)


def dump_json(manifest: Manifests) -> bytes:
    """Return a manifest (or a JSON array of several) as compact UTF-8 JSON."""
    if not isinstance(manifest, msgspec.Struct):
        _check_sequence(manifest, "dump_json")
    return msgspec.json.encode(manifest)


def dump_yaml(manifest: Manifests) -> str:
    """Return a manifest, or several as a ``---``-separated stream, as YAML.

    Block style, keys in model order, multi-line strings as literal blocks, and
    every string quoted when a YAML 1.1 reader such as kubectl's, or a YAML 1.2
    reader, could take it for a number, boolean, null or date: what reads back
    equals what was written.
    """
    if isinstance(manifest, msgspec.Struct):
        return emit_yaml(msgspec.to_builtins(manifest))
    _check_sequence(manifest, "dump_yaml")
    return "---\n".join(emit_yaml(msgspec.to_builtins(item)) for item in manifest)


def _check_sequence(manifest: object, function: str) -> None:
    """Raise TypeError unless ``manifest`` is a list or tuple of models."""
    if isinstance(manifest, (list, tuple)) and all(
        isinstance(item, msgspec.Struct) for item in manifest
    ):
        return
    raise TypeError(
        f"{function}() takes a model such as Workflow, or a list of them; "
        f"got {type(manifest).__name__} (build a model with from_dict() or load())"
    )
