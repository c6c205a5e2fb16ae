"""Serialise Structs to YAML and write files whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import msgspec

from argo_spec import dump_yaml as _argo_dump_yaml

__all__ = ["dump_yaml", "write_atomic"]


def dump_yaml(obj: msgspec.Struct) -> str:
    """Return Struct ``obj`` as YAML, through argo_spec's own dumper.

    The one place the adapter renders YAML.
    """
    return _argo_dump_yaml(obj)


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise
