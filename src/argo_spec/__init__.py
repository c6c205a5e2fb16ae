"""Typed msgspec models of the Argo Workflows API, generated from its spec.

``argo_spec`` re-exports the models of the newest supported line; import a
line's package (``argo_spec.v4_1``, ``argo_spec.v3_7``) to pin one. Names are
resolved on first use, so importing one line never loads another, nor the
YAML and validation layer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from argo_spec._lines import LINES as _LINES, NEWEST as _NEWEST

NEWEST_LINE = _LINES[_NEWEST]

# Hand-written API: public name -> module that defines it.
_HAND_WRITTEN = {
    "ManifestError": "argo_spec.errors",
    "load": "argo_spec._load",
    "load_all": "argo_spec._load",
    "from_dict": "argo_spec._load",
    "dump_yaml": "argo_spec._dump",
    "dump_json": "argo_spec._dump",
    "to_dict": "argo_spec._dump",
    "validate": "argo_spec._validate",
    "Finding": "argo_spec._findings",
    "diff_lines": "argo_spec.diff",
    "Change": "argo_spec.diff",
    "line_info": "argo_spec.versions",
    "LineInfo": "argo_spec.versions",
}

if TYPE_CHECKING:
    from argo_spec._dump import (
        dump_json as dump_json,
        dump_yaml as dump_yaml,
        to_dict as to_dict,
    )
    from argo_spec._findings import Finding as Finding
    from argo_spec._load import (
        from_dict as from_dict,
        load as load,
        load_all as load_all,
    )
    from argo_spec._newest import *  # noqa: F403
    from argo_spec._validate import validate as validate
    from argo_spec.diff import Change as Change, diff_lines as diff_lines
    from argo_spec.errors import ManifestError as ManifestError
    from argo_spec.versions import LineInfo as LineInfo, line_info as line_info


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
