"""Memoize keys and the cache ConfigMap: what the controller will accept."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from runnable_fixtures.crd import crd_errors
from runnable_fixtures.helpers import PIPELINE, compile_doc, in_tests, write_config
from runnable_fixtures.keys import (
    CONTROLLER_KEY,
    ITEMS,
    LINES,
    MAX_KEY_LENGTH,
    RUN_IDS,
    input_names,
    key_request,
    memoized as _memoized,
    resolve_grid,
    resolve_keys,
)

from runnable_ext import ArgoSpecExecutor
from tests.argolint.oracle import Oracle

pytestmark = [
    pytest.mark.usefixtures("in_tests"),
    pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning"),
]
__all__ = ["in_tests"]


@pytest.fixture
def argo(argo_oracle: Callable[[str], Oracle]) -> Oracle:
    """The oracle judging the default line, 4.1."""
    return argo_oracle(LINES["4.1"])


def _run(run_id: str) -> dict[str, str]:
    return {"workflow.parameters.run_id": run_id}


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
    all_kinds: dict[str, Any], argo: Oracle, run_id: str
) -> None:
    templates = _memoized(all_kinds)
    mapped = [name for name, t in templates.items() if input_names(t)]

    resolved = resolve_grid(argo, templates.values(), [run_id], ITEMS)

    assert len(resolved) == len(templates) * len(ITEMS)
    assert all(refused is None for _, refused in resolved.values())
    assert all(
        CONTROLLER_KEY.match(k) and len(k) <= MAX_KEY_LENGTH
        for k, _ in resolved.values()
    )
    for item in ITEMS:
        keys = {resolved[name, run_id, item][0] for name in templates}
        assert len(keys) == len(templates)
    # A map iteration value is part of the key: one key per item.
    for name in mapped:
        assert len({resolved[name, run_id, item][0] for item in ITEMS}) == len(ITEMS)


def test_memoize_key_changes_with_run_id_and_item(
    all_kinds: dict[str, Any], argo: Oracle
) -> None:
    template = _memoized(all_kinds)["outer-map-double"]
    cases = [("run-1", "1"), ("run-1", "1"), ("run-2", "1"), ("run-1", "2")]

    resolved = resolve_keys(argo, [key_request(template, _run(r), i) for r, i in cases])

    assert all(refused is None for _, refused in resolved)
    same, again, other_run, other_item = (key for key, _ in resolved)
    assert again == same
    assert len({same, other_run, other_item}) == 3


def test_memoize_nested_map_key_has_no_shifted_collision(
    all_kinds: dict[str, Any], argo: Oracle
) -> None:
    template = _memoized(all_kinds)["outer-map-inner-map-pair"]
    shifted = [{"chunk": "ab", "pair_value": "c"}, {"chunk": "a", "pair_value": "bc"}]

    resolved = resolve_keys(
        argo, [key_request(template, _run("r"), i) for i in shifted]
    )

    (first, refused_first), (second, refused_second) = resolved
    assert refused_first is refused_second is None
    assert first != second


def test_memoize_cron_keys_use_workflow_name(tmp_path: Path, argo: Oracle) -> None:
    cfg = write_config(tmp_path, cron_schedule={"schedules": ["*/5 * * * *"]})
    doc = compile_doc(PIPELINE, cfg)
    template = _memoized(doc)["make-items"]
    runs = ["demo-1700000000", "demo-1700000300"]

    resolved = resolve_keys(
        argo, [key_request(template, {"workflow.name": r}) for r in runs]
    )

    assert "workflow.name" in template["memoize"]["key"]
    assert all(refused is None for _, refused in resolved)
    assert len({key for key, _ in resolved}) == 2


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
