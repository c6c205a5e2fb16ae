"""Every Kubernetes quantity in a manifest.

Argo's lint and controller decode a manifest into Go structs before
substituting anything, so each ``resource.Quantity`` field goes through
``Quantity.UnmarshalJSON`` (see ``_quantity``) whatever it holds, a
``{{...}}`` tag included. The models type those fields ``Quantity``
(``int | float | str``, as openapi/corrections.yaml makes it), and the walk
finds them all from the types: resource limits and requests (containers,
``podResources``, volume claim templates and ephemeral volumes' claim
templates), ``emptyDir.sizeLimit``, ``resourceFieldRef.divisor`` (env and
downwardAPI volumes), and a claim's ``status.capacity`` and
``allocatedResources``.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator
from typing import Any

import msgspec

from argo_spec._findings import Finding, Segments, finding, quote
from argo_spec._quantity import quantity_error
from argo_spec._routes import Route, routes, targets

__all__ = ["check_quantities"]

_quantity_problem = functools.lru_cache(maxsize=4096)(quantity_error)
_QUANTITY = {int, float, str}  # the generated Quantity alias


def check_quantities(manifest: msgspec.Struct) -> Iterator[Finding]:
    """Find every quantity in ``manifest`` that Kubernetes cannot read."""
    for at, value in targets(manifest, (), _quantity_routes(type(manifest))):
        wire = at[-1]
        if isinstance(value, dict):
            what = str(wire)[:-1] if wire in ("limits", "requests") else wire
            for key, item in value.items():
                yield from _quantity(item, (*at, key), f"{key} {what}")
        else:
            yield from _quantity(value, at, str(wire))


def _quantity(value: object, at: Segments, what: str) -> Iterator[Finding]:
    if not isinstance(value, str):
        return  # a JSON number: always a valid Quantity
    problem = _quantity_problem(value)
    if problem is None:
        return
    hint = (
        "; Argo reads quantities before it substitutes {{...}}: template "
        "resources with podSpecPatch"
        if "{{" in value
        else ""
    )
    yield finding(
        at,
        f"{what} {quote(value)} is not a Kubernetes quantity ({problem}); write "
        f'it like "500m", "2", "1.5Gi" or "256Mi"{hint}',
    )


@functools.cache
def _quantity_routes(root: type[msgspec.Struct]) -> dict[type, Route]:
    """Return the fields that can lead to a quantity, per class."""
    return routes(root, _is_quantity)


def _is_quantity(kind: Any) -> bool:
    """Whether ``kind`` is a Quantity, a dict of them, or either or None."""
    origin: Any = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is dict:
        return _is_quantity(args[1])
    if origin not in (typing.Union, types.UnionType):
        return False
    members = [arg for arg in args if arg is not type(None)]
    if len(members) == 1:
        return _is_quantity(members[0])
    return set(members) == _QUANTITY
