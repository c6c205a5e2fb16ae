"""Argo's own judges on compiled pipelines: lint, and the controller's
substitution of every memoize key (tests/argolint oracle)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from runnable_fixtures.helpers import PIPELINE, compile_doc, in_tests, write_config
from runnable_fixtures.keys import resolve_key

sys.path.insert(0, str(Path(__file__).resolve().parent / "argolint"))
import oracle

pytestmark = [
    pytest.mark.usefixtures("in_tests"),
    pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning"),
]
__all__ = ["in_tests"]

CONTROLLER_KEY = re.compile(r"^[a-zA-Z0-9][-a-zA-Z0-9]*$")
RUN_IDS = ["run_1", "2024.01.02", "Ü-x", "r" * 200]
ITEMS = ["/data/in/file name.csv", '{"a": [1, 2], "b": "x y"}', "long text " * 200]
LINES = {"4.1": "v4", "3.7": "v3"}


def _oracle(line: str) -> oracle.Oracle:
    try:
        oracle.binary(line)
    except oracle.OracleUnavailable as exc:  # only a machine without Go
        pytest.skip(f"Argo oracle ({line}) unavailable: {exc}")
    return oracle.Oracle(line)


def _memoized(doc: dict[str, Any]) -> list[dict[str, Any]]:
    spec = doc["spec"].get("workflowSpec", doc["spec"])
    return [t for t in spec["templates"] if "memoize" in t]


@pytest.mark.parametrize("line", ["4.1", "3.7"])
@pytest.mark.parametrize("function", ["all_kinds", "failing", "with_override"])
def test_argo_lint_passes(tmp_path: Path, line: str, function: str) -> None:
    argo = _oracle(LINES[line])
    cfg = write_config(
        tmp_path,
        argo_version=line,
        secret_from_k8s="s",
        overrides={"gpu": {"timeout": "1m"}, "small": {"image": "i:2"}},
    )
    compile_doc(PIPELINE, cfg, function)

    ok, output = argo.lint([tmp_path / "argo-spec-out.yaml"])
    assert ok, output


@pytest.mark.parametrize("line", ["4.1", "3.7"])
def test_argo_lint_passes_cron_workflow(tmp_path: Path, line: str) -> None:
    argo = _oracle(LINES[line])
    cfg = write_config(
        tmp_path, argo_version=line, cron_schedule={"schedules": ["0 1 * * *"]}
    )
    compile_doc(PIPELINE, cfg)

    ok, output = argo.lint([tmp_path / "argo-spec-out.yaml"])
    assert ok, output


@pytest.mark.parametrize("line", ["4.1", "3.7"])
def test_argo_substitutes_keys_to_controller_pattern(tmp_path: Path, line: str) -> None:
    argo = _oracle(LINES[line])
    doc = compile_doc(PIPELINE, write_config(tmp_path, argo_version=line))

    for run_id in RUN_IDS:
        for item in ITEMS:
            keys = []
            for template in _memoized(doc):
                names = [
                    p["name"] for p in template.get("inputs", {}).get("parameters", [])
                ]
                arguments = {"parameters": [{"name": n, "value": item} for n in names]}
                processed = argo.process_args(
                    template,
                    arguments=arguments,
                    global_params={"workflow.parameters.run_id": run_id},
                )
                key = processed["memoize"]["key"]
                env = {"workflow.parameters.run_id": run_id}
                env |= {f"inputs.parameters.{n}": item for n in names}
                assert key == resolve_key(template["memoize"]["key"], env)
                assert CONTROLLER_KEY.match(key)
                assert len(key) <= 253
                keys.append(key)
            assert len(set(keys)) == len(keys)
