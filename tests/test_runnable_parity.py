"""Same pipelines through runnable's ``argo`` executor and ours.

Templates and DAG edges agree up to naming; every other difference is one
that docs/runnable.md lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from runnable_fixtures.helpers import PIPELINE, compile_doc, in_tests, write_config
from runnable_fixtures.parity import leaves, shape

pytestmark = [
    pytest.mark.usefixtures("in_tests"),
    pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning"),
]
__all__ = ["in_tests"]

# Template fields runnable repeats on each template and we write once, in
# spec.templateDefaults / spec.volumes, or (retryStrategy, timeout) on pod
# templates only (docs/runnable.md, "Differences", 5).
MOVED_TO_SPEC = {
    "activeDeadlineSeconds",
    "nodeSelector",
    "volumes",
    "retryStrategy",
    "parallelism",
    "timeout",
    "tolerations",
}
# runnable writes failFast on the Template; Argo reads a DAG's from dag.failFast.
MOVED_INTO_DAG = {"failFast"}
CONFIG = {
    "defaults": {"image": "img:1", "retryStrategy": {"limit": 1}},
    "argoWorkflow": {"metadata": {"generateName": "demo-"}, "spec": {}},
}


def _both(tmp_path: Path, function: str) -> tuple[dict[str, Any], dict[str, Any]]:
    ours = write_config(tmp_path, name="ours.yaml", **CONFIG)
    theirs = write_config(tmp_path, executor="argo", name="theirs.yaml", **CONFIG)
    return compile_doc(PIPELINE, ours, function), compile_doc(
        PIPELINE, theirs, function
    )


def _normal(command: list[str], config: str) -> list[str]:
    return [("CONFIG" if part.endswith(config) else part) for part in command]


@pytest.mark.parametrize("function", ["all_kinds", "failing"])
def test_parity_same_dag_up_to_names(tmp_path: Path, function: str) -> None:
    ours, theirs = _both(tmp_path, function)

    assert shape(ours) == shape(theirs)
    assert {k: len(v) for k, v in leaves(ours).items()} == {
        k: len(v) for k, v in leaves(theirs).items()
    }


def test_parity_node_commands_identical(tmp_path: Path) -> None:
    ours, theirs = _both(tmp_path, "all_kinds")

    for leaf, templates in leaves(theirs).items():
        if leaf.startswith("fan"):
            continue
        mine = [
            _normal(t["container"]["command"], "ours.yaml") for t in leaves(ours)[leaf]
        ]
        for template in templates:
            assert _normal(template["container"]["command"], "theirs.yaml") in mine


def test_parity_fan_commands_differ_only_as_listed(tmp_path: Path) -> None:
    ours, theirs = _both(tmp_path, "all_kinds")

    for leaf, templates in leaves(theirs).items():
        if not leaf.startswith("fan"):
            continue
        mine = _normal(leaves(ours)[leaf][0]["container"]["command"], "ours.yaml")
        other = _normal(templates[0]["container"]["command"], "theirs.yaml")
        level = other.index("--log-level") + 1
        assert other[level] == "WARNING"  # runnable's compile-time level
        assert mine[level] == "{{workflow.parameters.log_level}}"
        iterate = other.index("--iter-variable") + 1
        if other[iterate] != mine[iterate]:
            # runnable writes map inputs as bare strings, which its own CLI rejects
            assert '"value":' in mine[iterate]
            assert '"value":' not in other[iterate]
        del other[iterate], mine[iterate], other[level], mine[level]
        assert mine == other


def test_parity_template_fields_differ_only_as_listed(tmp_path: Path) -> None:
    ours, theirs = _both(tmp_path, "all_kinds")
    our_fields = {k for t in ours["spec"]["templates"] for k in t}
    their_fields = {k for t in theirs["spec"]["templates"] for k in t}

    assert our_fields <= their_fields
    assert their_fields - our_fields <= MOVED_TO_SPEC | MOVED_INTO_DAG
    # runnable's templateDefaults retry reaches its DAG templates in Argo; ours
    # are on the pod templates only
    assert "retryStrategy" in theirs["spec"]["templateDefaults"]
    assert "retryStrategy" not in ours["spec"].get("templateDefaults", {})
    assert [t for t in ours["spec"]["templates"] if "retryStrategy" in t] == [
        t for t in ours["spec"]["templates"] if "container" in t
    ]
    their_fail_fast = {
        t["name"]: t["failFast"] for t in theirs["spec"]["templates"] if "dag" in t
    }
    our_fail_fast = [
        t["dag"]["failFast"] for t in ours["spec"]["templates"] if "dag" in t
    ]
    assert sorted(our_fail_fast) == sorted(their_fail_fast.values())
    assert ours["spec"]["entrypoint"] == theirs["spec"]["entrypoint"]
    assert [p["name"] for p in ours["spec"]["arguments"]["parameters"]] == [
        p["name"] for p in theirs["spec"]["arguments"]["parameters"]
    ]
