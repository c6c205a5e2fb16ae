"""Argo's own judges on compiled pipelines: lint, and the controller's
substitution of every memoize key (tests/argolint oracle)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from runnable_fixtures.helpers import PIPELINE, compile_doc, in_tests, write_config
from runnable_fixtures.keys import (
    CONTROLLER_KEY,
    ITEMS,
    LINES,
    MAX_KEY_LENGTH,
    RUN_IDS,
    input_names,
    memoized,
    resolve_grid,
)

from tests.argolint.oracle import Oracle

pytestmark = [
    pytest.mark.usefixtures("in_tests"),
    pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning"),
]
__all__ = ["in_tests"]

ArgoOracle = Callable[[str], Oracle]


@pytest.mark.parametrize("line", ["4.1", "3.7"])
@pytest.mark.parametrize("function", ["all_kinds", "failing", "with_override"])
def test_argo_lint_passes(
    tmp_path: Path, argo_oracle: ArgoOracle, line: str, function: str
) -> None:
    argo = argo_oracle(LINES[line])
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
def test_argo_lint_passes_cron_workflow(
    tmp_path: Path, argo_oracle: ArgoOracle, line: str
) -> None:
    argo = argo_oracle(LINES[line])
    cfg = write_config(
        tmp_path, argo_version=line, cron_schedule={"schedules": ["0 1 * * *"]}
    )
    compile_doc(PIPELINE, cfg)

    ok, output = argo.lint([tmp_path / "argo-spec-out.yaml"])
    assert ok, output


@pytest.mark.parametrize("line", ["4.1", "3.7"])
def test_argo_substitutes_keys_to_controller_pattern(
    tmp_path: Path, argo_oracle: ArgoOracle, line: str
) -> None:
    doc = compile_doc(PIPELINE, write_config(tmp_path, argo_version=line))
    templates = memoized(doc)
    mapped = [name for name, t in templates.items() if input_names(t)]

    resolved = resolve_grid(argo_oracle(LINES[line]), templates.values())

    assert (len(templates), len(mapped)) == (35, 12)
    assert len(resolved) == len(templates) * len(RUN_IDS) * len(ITEMS)
    for (name, run_id, item), (key, refused) in resolved.items():
        assert refused is None, (name, run_id, item)
        assert CONTROLLER_KEY.match(key)
        assert len(key) <= MAX_KEY_LENGTH
        assert re.fullmatch(rf"{re.escape(name)}-[0-9a-f]{{64}}", key)
    # Distinct per template, per iteration value inside a map, and per run.
    per_run = len(templates) + len(mapped) * (len(ITEMS) - 1)
    assert len({key for key, _ in resolved.values()}) == per_run * len(RUN_IDS)
