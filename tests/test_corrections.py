"""Each spec correction, shown on the smallest input that needs it."""

from __future__ import annotations

import importlib
from typing import Any

import msgspec
import pytest

from codegen.corrections import load_corrections
from tests._shared import LINES, typed

FREE_FORM = {"anything": {"nested": [1, "two", None]}}

# correction target -> (lines, model, smallest document that needs it)
CASES: dict[str, tuple[tuple[str, ...], str, Any]] = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": (
        ("4.1", "3.7"),
        "Backoff",
        {"factor": 2, "duration": "1m"},
    ),
    "io.k8s.apimachinery.pkg.api.resource.Quantity": (
        ("4.1", "3.7"),
        "ResourceRequirements",
        {"limits": {"cpu": 1, "memory": "1Gi"}, "requests": {"cpu": 0.5}},
    ),
    "io.argoproj.workflow.v1alpha1.Amount": (
        ("4.1", "3.7"),
        "Histogram",
        {"buckets": [1, 2.5], "value": "v"},
    ),
    "io.argoproj.workflow.v1alpha1.Memoize": (
        ("4.1", "3.7"),
        "Memoize",
        {"key": "k", "cache": {"configMap": {"name": "c"}}},
    ),
    "io.k8s.api.core.v1.Container": (("4.1", "3.7"), "Container", {"command": ["ls"]}),
    "io.argoproj.workflow.v1alpha1.ScriptTemplate": (
        ("4.1", "3.7"),
        "ScriptTemplate",
        {"command": ["python"]},
    ),
    "io.k8s.api.core.v1.ConfigMapKeySelector": (
        ("3.7",),
        "ConfigMapKeySelector",
        {"name": "cache"},
    ),
    "io.argoproj.workflow.v1alpha1.Parameter.value": (
        ("4.1", "3.7"),
        "Parameter",
        {"name": "p", "value": 5},
    ),
    "io.argoproj.workflow.v1alpha1.Parameter.default": (
        ("4.1", "3.7"),
        "Parameter",
        {"name": "p", "default": True},
    ),
    "io.argoproj.workflow.v1alpha1.Parameter.enum": (
        ("4.1", "3.7"),
        "Parameter",
        {"name": "p", "enum": ["a", 2, 3.5, False]},
    ),
    "io.argoproj.workflow.v1alpha1.ValueFrom.default": (
        ("4.1", "3.7"),
        "ValueFrom",
        {"default": 5},
    ),
    "io.argoproj.workflow.v1alpha1.Plugin": (
        ("4.1", "3.7"),
        "Template",
        {"name": "t", "plugin": FREE_FORM},
    ),
    "io.argoproj.workflow.v1alpha1.NoneStrategy": (
        ("4.1", "3.7"),
        "ArchiveStrategy",
        {"none": FREE_FORM},
    ),
    "io.argoproj.workflow.v1alpha1.ZipStrategy": (
        ("4.1", "3.7"),
        "ArchiveStrategy",
        {"zip": FREE_FORM},
    ),
    "io.argoproj.workflow.v1alpha1.RetryNodeAntiAffinity": (
        ("4.1", "3.7"),
        "RetryAffinity",
        {"nodeAntiAffinity": FREE_FORM},
    ),
    "io.argoproj.workflow.v1alpha1.SuppliedValueFrom": (
        ("4.1", "3.7"),
        "ValueFrom",
        {"supplied": FREE_FORM},
    ),
    "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": (
        ("4.1", "3.7"),
        "ManagedFieldsEntry",
        {"fieldsV1": FREE_FORM},
    ),
}
RESPONSES = [
    "ArchivedWorkflowDeletedResponse",
    "ClusterWorkflowTemplateDeleteResponse",
    "CollectEventResponse",
    "CronWorkflowDeletedResponse",
    "EventResponse",
    "WorkflowDeleteResponse",
    "WorkflowTemplateDeleteResponse",
]
for _response in RESPONSES:
    CASES[f"io.argoproj.workflow.v1alpha1.{_response}"] = (
        ("4.1", "3.7"),
        _response,
        FREE_FORM,
    )


def model(line: str, name: str) -> Any:
    return getattr(importlib.import_module(f"argo_spec.{LINES[line][1]}"), name)


def test_every_correction_has_a_case() -> None:
    assert {c.target for c in load_corrections()} == set(CASES)


@pytest.mark.parametrize(
    ("line", "name", "document"),
    [
        pytest.param(line, name, document, id=f"{line}:{target}")
        for target, (lines, name, document) in CASES.items()
        for line in lines
    ],
)
def test_correction_reads_and_keeps_the_document(
    line: str, name: str, document: Any
) -> None:
    decoded = msgspec.convert(document, model(line, name))

    assert typed(msgspec.to_builtins(decoded)) == typed(document)
    assert typed(msgspec.json.decode(msgspec.json.encode(decoded))) == typed(document)


def test_int_or_string_keeps_the_kind_it_was_given() -> None:
    backoff = model("4.1", "Backoff")

    assert msgspec.convert({"factor": 2}, backoff).factor == 2
    assert msgspec.convert({"factor": "2"}, backoff).factor == "2"


def test_quantity_reads_an_integer_as_an_integer() -> None:
    resources = msgspec.convert(
        {"limits": {"cpu": 1}}, model("4.1", "ResourceRequirements")
    )

    assert type(resources.limits["cpu"]) is int
    assert msgspec.json.encode(resources) == b'{"limits":{"cpu":1}}'


def test_config_map_key_selector_key_stays_required_outside_3_7() -> None:
    with pytest.raises(
        msgspec.ValidationError, match=r"^Object missing required field `key`$"
    ):
        msgspec.convert({"name": "cache"}, model("4.1", "ConfigMapKeySelector"))


def test_parameter_value_rejects_a_list_as_argo_does() -> None:
    with pytest.raises(
        msgspec.ValidationError,
        match=(
            r"^Expected `bool \| int \| float \| str \| null`, got `array`"
            r" - at `\$\.value`$"
        ),
    ):
        msgspec.convert({"name": "p", "value": []}, model("4.1", "Parameter"))
