"""Compiled pipelines are valid for their Argo line, by every judge we have."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml
from runnable_fixtures.crd import crd_errors
from runnable_fixtures.helpers import (
    IMAGE,
    PIPELINE,
    compile_doc,
    in_tests,
    templates,
    write_config,
)

from argo_spec import v3_7, v4_1
from argo_spec._validate import validate
from runnable_ext import ConfigError
from runnable_ext._checks import check_end_nodes
from runnable_ext._cli import main

pytestmark = [
    pytest.mark.usefixtures("in_tests"),
    # runnable's own Pipeline.return_dag warns about on_failure serialisation.
    pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning"),
]
__all__ = ["in_tests"]

LINES = {"4.1": v4_1, "3.7": v3_7}
RFC1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
FUNCTIONS = ["all_kinds", "failing", "with_override"]
OVERRIDES = {
    "gpu": {"resources": {"limits": {"gpu": 1}}, "nodeSelector": {"pool": "gpu"}},
    "small": {"image": "small:1", "timeout": "5m"},
}


def _compile(tmp_path: Path, line: str, function: str, **config: Any) -> dict[str, Any]:
    cfg = write_config(
        tmp_path,
        argo_version=line,
        overrides=OVERRIDES,
        secret_from_k8s="app-secrets",
        **config,
    )
    return compile_doc(PIPELINE, cfg, function)


def _node_kinds(doc: dict[str, Any]) -> set[str]:
    kinds = set()
    for t in templates(doc).values():
        command = t.get("container", {}).get("command", [])
        if command[:2] == ["runnable", "fan"]:
            kinds.add(f"fan-{command[5]}")
        elif command:
            kinds.add("container")
        else:
            kinds.add("dag")
    return kinds


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("line", ["4.1", "3.7"])
def test_compile_passes_models_validate_and_crd(
    tmp_path: Path, line: str, function: str
) -> None:
    doc = _compile(tmp_path, line, function)

    workflow = msgspec.convert(doc, LINES[line].Workflow)
    assert validate(workflow) == []
    assert crd_errors(line, doc) == []


def test_compile_all_kinds_has_every_template_kind(tmp_path: Path) -> None:
    doc = _compile(tmp_path, "4.1", "all_kinds")

    assert _node_kinds(doc) == {"container", "dag", "fan-out", "fan-in"}
    dag = templates(doc)["runnable-dag"]["dag"]
    assert [t["name"] for t in dag["tasks"]] == [
        "make-items",
        "shell-step",
        "notebook-step",
        "make-pairs",
        "outer-map",
        "fan",
        "pick-side",
        "choose",
        "risky",
        "on-failure-risky",
        "success",
    ]
    assert dag["failFast"] is False


def test_compile_map_passes_items_and_declares_inputs(tmp_path: Path) -> None:
    names = templates(_compile(tmp_path, "4.1", "all_kinds"))

    tasks = {t["name"]: t for t in names["outer-map"]["dag"]["tasks"]}
    branch = tasks["outer-map-branch"]
    assert branch["withParam"] == (
        "{{tasks.outer-map-fan-out.outputs.parameters.iterate-on}}"
    )
    assert branch["arguments"]["parameters"] == [{"name": "chunk", "value": "{{item}}"}]
    assert tasks["outer-map-fan-in"]["depends"] == (
        "outer-map-branch.Succeeded || outer-map-branch.Failed"
    )
    inner = {t["name"]: t for t in names["outer-map-inner-map"]["dag"]["tasks"]}
    assert inner["outer-map-inner-map-branch"]["arguments"]["parameters"] == [
        {"name": "chunk", "value": "{{inputs.parameters.chunk}}"},
        {"name": "pair_value", "value": "{{item}}"},
    ]
    pair = names["outer-map-inner-map-pair"]
    assert pair["inputs"]["parameters"] == [{"name": "chunk"}, {"name": "pair_value"}]


def test_compile_conditional_runs_branch_on_case(tmp_path: Path) -> None:
    names = templates(_compile(tmp_path, "4.1", "all_kinds"))

    tasks = {t["name"]: t for t in names["choose"]["dag"]["tasks"]}
    assert tasks["choose-heads"]["when"] == (
        "'heads' == {{tasks.choose-fan-out.outputs.parameters.case}}"
    )
    assert names["choose-fan-out"]["outputs"]["parameters"] == [
        {"name": "case", "valueFrom": {"path": "/tmp/output.txt"}}
    ]


def test_compile_on_failure_runs_handler_when_step_fails(tmp_path: Path) -> None:
    names = templates(_compile(tmp_path, "4.1", "all_kinds"))

    tasks = {t["name"]: t for t in names["runnable-dag"]["dag"]["tasks"]}
    assert tasks["on-failure-risky"]["depends"] == "risky.Failed"
    assert tasks["success"]["depends"] == "risky.Succeeded"
    handler = [t["name"] for t in names["on-failure-risky"]["dag"]["tasks"]]
    assert handler == ["on-failure-risky-recover", "on-failure-risky-success"]


def test_compile_fail_node_ends_pipeline(tmp_path: Path) -> None:
    names = templates(_compile(tmp_path, "4.1", "failing"))

    tasks = names["runnable-dag"]["dag"]["tasks"]
    assert [(t["name"], t.get("depends")) for t in tasks] == [
        ("start", None),
        ("give-up", "start.Succeeded"),
        ("fail", "give-up.Succeeded"),
    ]
    assert names["fail"]["container"]["command"][4] == "fail"


def test_compile_names_are_unique_rfc1123_labels(tmp_path: Path) -> None:
    doc = _compile(tmp_path, "4.1", "all_kinds")

    names = [t["name"] for t in doc["spec"]["templates"]]
    assert len(names) == len(set(names))
    assert all(RFC1123_LABEL.match(n) and len(n) <= 63 for n in names)
    for template in doc["spec"]["templates"]:
        for task in template.get("dag", {}).get("tasks", []):
            assert RFC1123_LABEL.match(task["name"])


def test_compile_twice_with_cache_name_is_byte_identical(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, configmap_cache_name="runnable-fixed1")
    compile_doc(PIPELINE, cfg)
    first = (tmp_path / "argo-spec-out.yaml").read_bytes()
    compile_doc(PIPELINE, cfg)

    assert (tmp_path / "argo-spec-out.yaml").read_bytes() == first


def test_compile_cron_workflow_is_valid_and_has_no_run_id(tmp_path: Path) -> None:
    cron = {
        "schedules": ["0 3 * * *"],
        "timezone": "UTC",
        "concurrencyPolicy": "Forbid",
    }
    for line in ("4.1", "3.7"):
        doc = _compile(tmp_path, line, "all_kinds", cron_schedule=cron)

        cron_workflow = msgspec.convert(doc, LINES[line].CronWorkflow)
        assert validate(cron_workflow) == []
        assert crd_errors(line, doc) == []
        assert doc["metadata"] == {"name": "demo", "namespace": "default"}
        assert doc["spec"]["schedules"] == ["0 3 * * *"]
        assert doc["spec"]["concurrencyPolicy"] == "Forbid"
        spec = doc["spec"]["workflowSpec"]
        arguments = [p["name"] for p in spec["arguments"]["parameters"]]
        assert "run_id" not in arguments
        command = templates(doc)["make-items"]["container"]["command"]
        assert command[2] == "{{workflow.name}}"


def test_compile_yaml_pipeline_runs_in_yaml_mode(tmp_path: Path) -> None:
    cfg = write_config(tmp_path)
    doc = compile_doc("runnable_fixtures/yaml_pipeline.yaml", cfg)

    command = templates(doc)["second"]["container"]["command"]
    assert command[:5] == [
        "runnable",
        "execute-single-node",
        "{{workflow.parameters.run_id}}",
        "runnable_fixtures/yaml_pipeline.yaml",
        "second",
    ]
    assert "--mode" not in command
    assert crd_errors("4.1", doc) == []


def test_compile_defaults_and_overrides_reach_containers(tmp_path: Path) -> None:
    defaults = {
        "image": IMAGE,
        "env": [{"name": "STAGE", "value": "prod"}],
        "affinity": {"nodeAffinity": {}},
        "securityContext": {"runAsNonRoot": True},
        "podSpecPatch": '{"terminationGracePeriodSeconds": 5}',
        "container": {"securityContext": {"allowPrivilegeEscalation": False}},
    }
    doc = _compile(tmp_path, "4.1", "with_override", defaults=defaults)
    names = templates(doc)

    spec_defaults = doc["spec"]["templateDefaults"]
    assert spec_defaults == {
        "affinity": {"nodeAffinity": {}},
        "podSpecPatch": '{"terminationGracePeriodSeconds": 5}',
        "securityContext": {"runAsNonRoot": True},
    }
    gpu = names["gpu-step"]
    assert gpu["nodeSelector"] == {"pool": "gpu"}
    assert gpu["container"]["resources"]["limits"] == {"nvidia.com/gpu": "1"}
    assert gpu["container"]["securityContext"] == {"allowPrivilegeEscalation": False}
    assert names["legacy-step"]["container"]["image"] == "small:1"
    assert names["legacy-step"]["timeout"] == "5m"
    secret_env = names["secret-step"]["container"]["env"]
    assert {
        "name": "API_TOKEN",
        "valueFrom": {"secretKeyRef": {"name": "app-secrets", "key": "API_TOKEN"}},
    } in secret_env
    assert {"name": "STAGE", "value": "prod"} in secret_env
    assert crd_errors("4.1", doc) == []


def _chain_pipeline(tmp_path: Path, steps: int) -> str:
    names = [f"s{i}" for i in range(steps)] + ["success"]
    body = {
        name: {"type": "stub", "next": after}
        for name, after in itertools.pairwise(names)
    }
    body["success"] = {"type": "success"}
    body["fail"] = {"type": "fail"}
    path = tmp_path / "chain.yaml"
    path.write_text(yaml.safe_dump({"dag": {"start_at": "s0", "steps": body}}))
    return str(path)


def test_compile_over_argo_41_caps_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipeline = _chain_pipeline(tmp_path, 300)
    cfg = write_config(tmp_path)

    code = main(["compile", pipeline, "-c", str(cfg)])

    assert code == 2
    assert capsys.readouterr().err.strip() == (
        f"Error: {cfg}: pipeline-executor.config.argo_version: the pipeline needs "
        "302 items in spec.templates; Argo 4.1's CRD allows at most 200; fix: set "
        'argo_version: "3.7" (its CRD has no such limit) or split the pipeline'
    )
    assert not (tmp_path / "argo-spec-out.yaml").exists()


def test_compile_over_argo_41_caps_is_valid_on_37(tmp_path: Path) -> None:
    pipeline = _chain_pipeline(tmp_path, 300)
    cfg = write_config(tmp_path, argo_version="3.7")

    doc = compile_doc(pipeline, cfg)

    assert len(doc["spec"]["templates"]) == 302
    assert crd_errors("3.7", doc) == []


def test_compile_step_named_like_end_node_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipeline = tmp_path / "p.yaml"
    steps = {
        "a": {"type": "stub", "next": "success"},
        "success": {"type": "stub", "next": "c"},
        "c": {"type": "stub", "next": "fail"},
        "fail": {"type": "fail"},
    }
    pipeline.write_text(yaml.safe_dump({"dag": {"start_at": "a", "steps": steps}}))
    cfg = write_config(tmp_path)

    code = main(["compile", str(pipeline), "-c", str(cfg)])

    assert code == 2
    assert capsys.readouterr().err.strip() == (
        f"Error: {pipeline}: step 'c': step 'c' is never reached: a step before it "
        "is named 'success' or 'fail', which runnable keeps for its end nodes; "
        "fix: rename the step called 'success' or 'fail'"
    )


def test_compile_python_step_named_success_is_refused() -> None:
    from runnable import Pipeline, Stub  # type: ignore[import-untyped]

    dag = Pipeline(
        steps=[Stub(name="a"), Stub(name="success"), Stub(name="c")]
    ).return_dag()

    with pytest.raises(ConfigError) as caught:
        check_end_nodes(dag, "p.py")

    assert str(caught.value) == (
        "p.py: step 'c': step 'c' is never reached: a step before it is named "
        "'success' or 'fail', which runnable keeps for its end nodes; "
        "fix: rename the step called 'success' or 'fail'"
    )
