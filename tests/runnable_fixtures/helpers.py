"""Compile fixture pipelines into temporary files and read the results."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from runnable_ext import compile_pipeline

TESTS = Path(__file__).resolve().parents[1]
IMAGE = "registry.example/pipeline:1.0"
BASE_CONFIG: dict[str, Any] = {
    "defaults": {"image": IMAGE},
    "argoWorkflow": {"metadata": {"generateName": "demo-"}},
}


@pytest.fixture
def in_tests(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run from tests/, so pods' module paths are runnable_fixtures.*."""
    monkeypatch.chdir(TESTS)
    monkeypatch.delenv("RUNNABLE_CONFIGURATION_FILE", raising=False)
    return TESTS


def compile_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run ``python -m runnable_ext compile *argv``; expect one error line, exit 2."""
    from runnable_ext._cli import main

    code = main(["compile", *argv])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert "\n" not in err
    return err


def write_config(
    tmp: Path, executor: str = "argo-spec", name: str = "config.yaml", **config: Any
) -> Path:
    """Write a runnable configuration whose executor writes into ``tmp``."""
    merged = copy.deepcopy(BASE_CONFIG)
    merged["output_file"] = str(tmp / f"{executor}-out.yaml")
    merged.update(config)
    document = {"pipeline-executor": {"type": executor, "config": merged}}
    path = tmp / name
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def compile_doc(
    pipeline: str, config: Path, function: str = "all_kinds"
) -> dict[str, Any]:
    """Compile and return the written manifest, parsed."""
    compile_pipeline(pipeline, str(config), function=function)
    data = yaml.safe_load(config.read_text())
    out = Path(data["pipeline-executor"]["config"]["output_file"])
    loaded: dict[str, Any] = yaml.safe_load(out.read_text())
    return loaded


def templates(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    spec = doc["spec"].get("workflowSpec", doc["spec"])
    return {t["name"]: t for t in spec["templates"]}


PIPELINE = "runnable_fixtures/pipelines.py"
