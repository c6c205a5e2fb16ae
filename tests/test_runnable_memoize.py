"""Memoize keys and the cache ConfigMap: what the controller will accept."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from runnable_fixtures.crd import crd_errors
from runnable_fixtures.helpers import PIPELINE, compile_doc, in_tests, write_config
from runnable_fixtures.keys import resolve_key

from runnable_ext import ArgoSpecExecutor

pytestmark = [
    pytest.mark.usefixtures("in_tests"),
    pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning"),
]
__all__ = ["in_tests"]

CONTROLLER_KEY = re.compile(r"^[a-zA-Z0-9][-a-zA-Z0-9]*$")
RUN_IDS = ["run_1", "2024.01.02", "Ü-x", "r" * 200, "a b/c:{{x}}", "-lead"]
ITEMS = [
    "/data/in/file name.csv",
    '{"a": [1, 2], "b": "x y"}',
    "long text " * 200,
    "",
    "'; } ]] {{item}}",
]


def _memoized(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    spec = doc["spec"].get("workflowSpec", doc["spec"])
    return {t["name"]: t for t in spec["templates"] if "memoize" in t}


def _env(template: dict[str, Any], run_id: str, item: str) -> dict[str, str]:
    env = {"workflow.parameters.run_id": run_id, "workflow.name": run_id}
    for param in template.get("inputs", {}).get("parameters", []):
        env[f"inputs.parameters.{param['name']}"] = item
    return env


@pytest.fixture
def all_kinds(tmp_path: Path) -> dict[str, Any]:
    return compile_doc(
        PIPELINE, write_config(tmp_path, configmap_cache_name="runnable-k1")
    )


def test_memoize_every_container_template_is_memoized(
    all_kinds: dict[str, Any],
) -> None:
    spec = all_kinds["spec"]
    containers = [t["name"] for t in spec["templates"] if "container" in t]

    assert sorted(_memoized(all_kinds)) == sorted(containers)
    assert len(containers) == 35


def test_memoize_keys_distinct_and_one_cache(all_kinds: dict[str, Any]) -> None:
    memos = [t["memoize"] for t in _memoized(all_kinds).values()]

    assert len({m["key"] for m in memos}) == len(memos)
    assert {m["cache"]["configMap"]["name"] for m in memos} == {"runnable-k1"}
    assert all(m["cache"]["configMap"] == {"name": "runnable-k1"} for m in memos)
    assert {m["maxAge"] for m in memos} == {"24h"}


@pytest.mark.parametrize("run_id", RUN_IDS)
def test_memoize_keys_resolve_to_controller_pattern(
    all_kinds: dict[str, Any], run_id: str
) -> None:
    for item in ITEMS:
        resolved = [
            resolve_key(t["memoize"]["key"], _env(t, run_id, item))
            for t in _memoized(all_kinds).values()
        ]

        assert all(CONTROLLER_KEY.match(k) and len(k) <= 253 for k in resolved)
        assert len(set(resolved)) == len(resolved)


def test_memoize_key_changes_with_run_id_and_item(all_kinds: dict[str, Any]) -> None:
    template = _memoized(all_kinds)["outer-map-double"]
    key = template["memoize"]["key"]

    same = resolve_key(key, _env(template, "run-1", "1"))
    assert resolve_key(key, _env(template, "run-1", "1")) == same
    assert resolve_key(key, _env(template, "run-2", "1")) != same
    assert resolve_key(key, _env(template, "run-1", "2")) != same


def test_memoize_nested_map_key_has_no_shifted_collision(
    all_kinds: dict[str, Any],
) -> None:
    template = _memoized(all_kinds)["outer-map-inner-map-pair"]
    key = template["memoize"]["key"]
    env = {"workflow.parameters.run_id": "r"}

    first = {
        **env,
        "inputs.parameters.chunk": "ab",
        "inputs.parameters.pair_value": "c",
    }
    second = {
        **env,
        "inputs.parameters.chunk": "a",
        "inputs.parameters.pair_value": "bc",
    }
    assert resolve_key(key, first) != resolve_key(key, second)


def test_memoize_cron_keys_use_workflow_name(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, cron_schedule={"schedules": ["*/5 * * * *"]})
    doc = compile_doc(PIPELINE, cfg)
    template = _memoized(doc)["make-items"]

    assert "workflow.name" in template["memoize"]["key"]
    runs = ["demo-1700000000", "demo-1700000300"]
    resolved = {
        resolve_key(template["memoize"]["key"], {"workflow.name": r}) for r in runs
    }
    assert len(resolved) == 2


def test_memoize_generated_cache_names_differ_per_executor() -> None:
    first, second = ArgoSpecExecutor(), ArgoSpecExecutor()

    assert re.match(r"^runnable-[a-z0-9]{6}$", first.cache_name)
    assert re.match(r"^runnable-[a-z0-9]{6}$", second.cache_name)
    assert first.cache_name != second.cache_name


def test_memoize_generated_name_shared_by_all_templates(tmp_path: Path) -> None:
    doc = compile_doc(PIPELINE, write_config(tmp_path))

    names = {
        t["memoize"]["cache"]["configMap"]["name"] for t in _memoized(doc).values()
    }
    assert len(names) == 1
    assert re.match(r"^runnable-[a-z0-9]{6}$", names.pop())


def test_memoize_37_cache_has_key_and_max_age(tmp_path: Path) -> None:
    cfg = write_config(
        tmp_path,
        argo_version="3.7",
        memoize={"max_age": "90m"},
        configmap_cache_name="c1",
    )
    doc = compile_doc(PIPELINE, cfg)

    memo = _memoized(doc)["make-items"]["memoize"]
    assert memo["cache"] == {"configMap": {"name": "c1", "key": "cache"}}
    assert memo["maxAge"] == "90m"
    assert crd_errors("3.7", doc) == []


def test_memoize_disabled_emits_no_memoize(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, memoize={"enabled": False})
    doc = compile_doc(PIPELINE, cfg)

    assert _memoized(doc) == {}


def test_memoize_cache_configmap_manifest_written(tmp_path: Path) -> None:
    target = tmp_path / "cache.yaml"
    cfg = write_config(
        tmp_path,
        configmap_cache_name="runnable-abc123",
        cache_configmap_file=str(target),
        argoWorkflow={"metadata": {"generateName": "x-", "namespace": "ml"}},
    )
    compile_doc(PIPELINE, cfg)

    assert yaml.safe_load(target.read_text()) == {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": "runnable-abc123",
            "labels": {"workflows.argoproj.io/configmap-type": "Cache"},
            "namespace": "ml",
        },
    }
