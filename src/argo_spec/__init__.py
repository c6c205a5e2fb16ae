"""Typed msgspec models of the Argo Workflows API, generated from its spec.

``argo_spec`` re-exports the models of the newest supported line; import a
line's package (``argo_spec.v4_1``, ``argo_spec.v3_7``) to pin one. Names are
resolved on first use, so importing one line never loads another, nor the
YAML and validation layer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

NEWEST_LINE = "argo_spec.v4_1"

# Hand-written API: public name -> module that defines it.
_HAND_WRITTEN: dict[str, str] = {}

if TYPE_CHECKING:
    from argo_spec.v4_1 import *  # noqa: F403


def __getattr__(name: str) -> Any:
    if name == "__all__":
        return [*importlib.import_module(NEWEST_LINE).__all__, *_HAND_WRITTEN]
    module = importlib.import_module(_HAND_WRITTEN.get(name, NEWEST_LINE))
    try:
        value = getattr(module, name)
    except AttributeError:
        raise AttributeError(f"module 'argo_spec' has no attribute {name!r}") from None
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__getattr__("__all__")})
