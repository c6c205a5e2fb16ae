"""Argument values, as ``validateArgumentsValues`` checks them.

``validateArguments`` (``workflow/validate/validate.go``, Argo 4.0.5 and
3.7.18) checks the workflow's ``spec.arguments`` and every step's and DAG
task's ``arguments``:

- a parameter needs ``value`` or ``valueFrom``, except in ``spec.arguments``
  (the values may come at submission);
- an argument's ``valueFrom`` reads only ``configMapKeyRef``, ``event`` or
  ``supplied`` (with ``default``); ``path``, ``jsonPath``, ``parameter`` and
  ``expression`` belong to outputs and inputs;
- an ``enum`` is not empty, and a given ``value`` is one of it (compared as
  the strings Argo holds);
- an artifact gives ``from`` or ``fromExpression``, not both.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from argo_spec._findings import Finding, Segments, finding, quote

__all__ = ["check_argument_values"]

_READS = "configMapKeyRef, event or supplied"


def check_argument_values(
    arguments: Any, at: Segments, values_optional: bool
) -> Iterator[Finding]:
    """Check ``arguments``; ``values_optional`` for the workflow's own."""
    for index, param in enumerate(arguments.parameters or []):
        where = (*at, "parameters", index)
        source = param.value_from
        if source is None and param.value is None and not values_optional:
            yield finding(
                where,
                f"argument {quote(param.name)} has no value; give value or valueFrom",
            )
        if source is not None:
            yield from _value_from(source, (*where, "valueFrom"))
        if param.enum is not None:
            yield from _enum(param, where)
    for index, artifact in enumerate(arguments.artifacts or []):
        if artifact.from_ and artifact.from_expression:
            yield finding(
                (*at, "artifacts", index, "fromExpression"),
                f"artifact {quote(artifact.name)} gives both from and "
                "fromExpression; keep one",
            )


def _value_from(source: Any, at: Segments) -> Iterator[Finding]:
    wrong = [
        wire
        for wire, value in (
            ("path", source.path),
            ("jsonPath", source.json_path),
            ("parameter", source.parameter),
            ("expression", source.expression),
        )
        if value
    ]
    if wrong:
        yield finding(
            (*at, wrong[0]),
            f"an argument's valueFrom reads only {_READS}, not {wrong[0]}; "
            "compute the value in a template and pass it as a parameter",
        )
    elif (
        source.config_map_key_ref is None
        and not source.event
        and (source.supplied is None)
    ):
        yield finding(at, f"an argument's valueFrom needs {_READS}")


def _enum(param: Any, at: Segments) -> Iterator[Finding]:
    if not param.enum:
        yield finding((*at, "enum"), "enum is empty; list the allowed values")
        return
    allowed = [_as_string(item) for item in param.enum]
    if param.value is not None and _as_string(param.value) not in allowed:
        yield finding(
            (*at, "value"),
            f"value {quote(_as_string(param.value))} is not in the enum; use one "
            f"of {', '.join(allowed)}",
        )


def _as_string(value: object) -> str:
    """Return ``value`` as Argo's AnyString holds it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
