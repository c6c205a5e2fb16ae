"""Turn a corrected Argo spec into the JSON Schema that the generator reads.

The schema keeps the definitions the Workflow API reaches, names them by their
short names, and carries no description text from the spec: each class gets a
link to Argo's field reference instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

ARGO_PREFIX = "io.argoproj.workflow.v1alpha1."
_REF_PREFIX = "#/definitions/"
_DROPPED_KEYS = {"description", "format", "title", "default", "example"}
_SUBSCHEMA_KEYS = ("items", "additionalProperties")
_SUBSCHEMA_LIST_KEYS = ("allOf", "anyOf", "oneOf")


class SchemaError(Exception):
    """The spec cannot be named or reduced as the generator needs."""


def build_schema(definitions: dict[str, Any], line: str) -> dict[str, Any]:
    """Return a JSON Schema document of the reachable, renamed definitions."""
    kept = reachable(definitions)
    names = short_names(kept)
    renamed = {}
    for full_name in sorted(kept, key=lambda full: names[full]):
        schema = _clean(definitions[full_name], names)
        if schema.get("type") == "object" and "properties" in schema:
            schema["description"] = _field_reference(names[full_name], line)
        renamed[names[full_name]] = schema
    return {"definitions": renamed}


def reachable(definitions: dict[str, Any]) -> set[str]:
    """The Argo workflow definitions and every definition they reference."""
    seen: set[str] = set()
    pending = [name for name in definitions if name.startswith(ARGO_PREFIX)]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        if name not in definitions:
            raise SchemaError(f"the spec references {name} but does not define it")
        seen.add(name)
        pending.extend(_references(definitions[name]))
    return seen


def short_names(full_names: set[str]) -> dict[str, str]:
    """Map each definition to its class name.

    A definition is named by the last part of its name. When an Argo definition
    and another share that part, Argo's keeps it and the other is prefixed with
    its API group and version, so ``io.k8s.api.core.v1.HTTPHeader`` becomes
    ``CoreV1HTTPHeader``. Any other clash is an error.
    """
    by_short: dict[str, list[str]] = {}
    for full_name in sorted(full_names):
        by_short.setdefault(full_name.rsplit(".", 1)[1], []).append(full_name)

    names = {}
    for short, owners in by_short.items():
        for full_name in owners:
            keeps_short = len(owners) == 1 or full_name.startswith(ARGO_PREFIX)
            names[full_name] = short if keeps_short else _group_prefixed(full_name)
    if len(set(names.values())) != len(names):
        raise SchemaError("two definitions would get the same class name")
    return names


def _group_prefixed(full_name: str) -> str:
    *_, group, version, short = full_name.split(".")
    return f"{group.capitalize()}{version.capitalize()}{short}"


def _references(schema: object) -> Iterator[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                yield value.removeprefix(_REF_PREFIX)
            else:
                yield from _references(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from _references(item)


def _clean(schema: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """Copy a schema without prose and with renamed references."""
    cleaned: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DROPPED_KEYS or key.startswith("x-"):
            continue
        if key == "$ref":
            cleaned[key] = _REF_PREFIX + names[value.removeprefix(_REF_PREFIX)]
        elif key == "properties":
            cleaned[key] = {prop: _clean(sub, names) for prop, sub in value.items()}
        elif key in _SUBSCHEMA_KEYS and isinstance(value, dict):
            cleaned[key] = _clean(value, names)
        elif key in _SUBSCHEMA_LIST_KEYS:
            cleaned[key] = [_clean(sub, names) for sub in value]
        else:
            cleaned[key] = value
    return cleaned


def _field_reference(class_name: str, line: str) -> str:
    anchor = class_name.lower()
    return (
        "Field reference: "
        f"https://argo-workflows.readthedocs.io/en/release-{line}/fields/#{anchor}"
    )
