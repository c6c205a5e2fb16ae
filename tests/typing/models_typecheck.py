"""Checked by mypy --strict in CI: what users write against the models types."""

from __future__ import annotations

from typing import Literal

from typing_extensions import assert_type

from argo_spec.v3_7 import Cache as Cache37, ConfigMapKeySelector, Memoize as Memoize37
from argo_spec.v4_1 import (
    Cache,
    Container,
    DAGTask,
    DAGTemplate,
    LocalObjectReference,
    Memoize,
    ObjectMeta,
    Parameter,
    Template,
    Workflow,
    WorkflowSpec,
)


def build() -> Workflow:
    memoize = Memoize(
        key="step-{{workflow.name}}",
        max_age="24h",
        cache=Cache(config_map=LocalObjectReference(name="runnable-x7k9m2")),
    )
    task = DAGTask(name="a", template="main", depends=None)
    main = Template(
        name="main",
        memoize=memoize,
        container=Container(image="busybox", resources=None),
    )
    dag = Template(name="dag", dag=DAGTemplate(tasks=[task]))
    spec = WorkflowSpec(entrypoint="dag", templates=[dag, main])
    return Workflow(metadata=ObjectMeta(generate_name="x-"), spec=spec)


def read(workflow: Workflow) -> None:
    assert_type(workflow.api_version, Literal["argoproj.io/v1alpha1"] | None)
    assert_type(workflow.spec.templates, "list[Template] | None")
    assert_type(Parameter(name="p", value=5).value, str | int | float | bool | None)
    assert_type(
        Memoize37(
            key="k", cache=Cache37(config_map=ConfigMapKeySelector(name="c"))
        ).max_age,
        "str | None",
    )
