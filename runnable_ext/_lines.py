"""The Argo model lines a manifest can be built for: those argo_spec pins."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import msgspec

from argo_spec.versions import DEFAULT_LINE, LINES, models

__all__ = ["DEFAULT_LINE", "LINES", "cache_ref", "load_line"]

# Argo 3.x reads only the name of the cache ConfigMap, but the 3.7 CRD requires
# a key beside it; runnable's own executor used this one.
_V3_CACHE_KEY = "cache"


def load_line(version: str) -> ModuleType:
    """Import the argo_spec subpackage generated for Argo ``version``."""
    return models(version)


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
