"""Small helpers over msgspec Structs: unset fields, field-wise merge."""

from __future__ import annotations

from typing import Any

import msgspec

__all__ = ["is_set", "merge"]


def is_set(value: Any) -> bool:
    return value is not None and value is not msgspec.UNSET


def merge(base: Any, top: Any, skip: tuple[str, ...] = ()) -> Any:
    """Return ``base`` with every field that ``top`` sets replaced by ``top``'s."""
    changes = {
        name: getattr(top, name)
        for name in top.__struct_fields__
        if name not in skip and is_set(getattr(top, name))
    }
    return msgspec.structs.replace(base, **changes) if changes else base
