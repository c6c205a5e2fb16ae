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
    """
    return msgspec.to_builtins(manifest)


def dump_json(manifest: Manifests) -> bytes:
    """Return a manifest (or a JSON array of several) as compact UTF-8 JSON."""
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
    return "---\n".join(emit_yaml(msgspec.to_builtins(item)) for item in manifest)
