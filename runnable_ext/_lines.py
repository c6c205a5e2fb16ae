"""The two Argo model lines a manifest can be built for."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import msgspec

__all__ = ["LINES", "cache_ref", "load_line"]

LINES = {"4.1": "argo_spec.v4_1", "3.7": "argo_spec.v3_7"}

# Argo 3.x reads only the name of the cache ConfigMap, but the 3.7 CRD requires
# a key beside it; runnable's own executor used this one.
_V3_CACHE_KEY = "cache"


def load_line(version: str) -> ModuleType:
    """Import the argo_spec subpackage generated for Argo ``version``."""
    return importlib.import_module(LINES[version])


def _config_map_type(line: ModuleType) -> type[Any]:
    for info in msgspec.structs.fields(line.Cache):
        if info.encode_name == "configMap":
            kind: type[Any] = info.type
            return kind
    raise LookupError(f"{line.__name__}.Cache has no configMap field")


def cache_ref(line: ModuleType, name: str) -> Any:
    """Return ``Cache.configMap`` for ``line``: only a name in 4.x, a key too in 3.x."""
    kind = _config_map_type(line)
    wire = {info.encode_name for info in msgspec.structs.fields(kind)}
    if "key" in wire:
        return line.Cache(config_map=kind(name=name, key=_V3_CACHE_KEY))
    return line.Cache(config_map=kind(name=name))
