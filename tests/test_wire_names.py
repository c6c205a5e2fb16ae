"""Every property of every generated Struct keeps its exact wire name."""

from __future__ import annotations

import importlib
from typing import Any

import msgspec
import msgspec.inspect as mi
import pytest

from tests._shared import LINES, typed


def sample(info: mi.Type, depth: int = 0) -> Any:
    """A small valid value of a type, with every required field filled."""
    if isinstance(info, mi.UnionType):
        members = [t for t in info.types if not isinstance(t, mi.NoneType)]
        return sample(members[0], depth)
    if isinstance(info, mi.StructType):
        return {
            field.encode_name: sample(field.type, depth + 1)
            for field in info.fields
            if field.required or field.encode_name in ("apiVersion", "kind")
        }
    if isinstance(info, (mi.ListType, mi.VarTupleType)):
        return [sample(info.item_type, depth + 1)] if depth < 8 else []
    if isinstance(info, mi.DictType):
        return {"k": sample(info.value_type, depth + 1)}
    if isinstance(info, mi.LiteralType):
        return info.values[0]
    simple = {mi.StrType: "x", mi.IntType: 3, mi.FloatType: 1.5, mi.BoolType: True}
    for kind, value in simple.items():
        if isinstance(info, kind):
            return value
    if isinstance(info, mi.AnyType):
        return {"any": [1, "two"]}
    raise AssertionError(f"no sample for {info!r}")


def struct_fields() -> list[Any]:
    cases = []
    for line, (_, package) in LINES.items():
        module = importlib.import_module(f"argo_spec.{package}")
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type) and issubclass(value, msgspec.Struct):
                info = mi.type_info(value)
                assert isinstance(info, mi.StructType)
                for field in info.fields:
                    cases.append(
                        pytest.param(
                            value, info, field, id=f"{line}:{name}.{field.name}"
                        )
                    )
    return cases


@pytest.mark.parametrize(("struct", "info", "field"), struct_fields())
def test_property_round_trips_under_its_wire_name(
    struct: type[msgspec.Struct], info: mi.StructType, field: mi.Field
) -> None:
    document = sample(info)
    document[field.encode_name] = sample(field.type, depth=1)

    decoded = msgspec.convert(document, struct)
    encoded = msgspec.to_builtins(decoded)

    assert encoded[field.encode_name] == document[field.encode_name]
    assert typed(encoded) == typed(document)


def test_snake_case_attributes_keep_camel_case_wire_names() -> None:
    from argo_spec.v4_1 import Memoize, RetryStrategy, WorkflowSpec

    def wire(struct: type[msgspec.Struct], attribute: str) -> str:
        fields = {f.name: f.encode_name for f in msgspec.structs.fields(struct)}
        return fields[attribute]

    assert wire(Memoize, "max_age") == "maxAge"
    assert wire(Memoize, "cache") == "cache"
    assert wire(WorkflowSpec, "pod_gc") == "podGC"
    assert wire(RetryStrategy, "backoff") == "backoff"
