"""Where the read-only shared material is: ``../shared`` or ``$ARGO_SPEC_SHARED``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ARGO_SPEC_SHARED", REPO_ROOT.parent / "shared"))
OPENAPI_MIRROR = SHARED / "openapi"
KINDS = frozenset(
    {
        "Workflow",
        "WorkflowTemplate",
        "ClusterWorkflowTemplate",
        "CronWorkflow",
        "WorkflowEventBinding",
    }
)
# Argo line -> (release whose examples and CRDs we read, generated package)
LINES = {"4.1": ("4.1.2", "v4_1"), "3.7": ("3.7.18", "v3_7")}


def examples_dir(line: str) -> Path:
    """Argo's own example manifests for a line."""
    return SHARED / "argo-examples" / f"v{LINES[line][0]}"


def crds_dir(line: str) -> Path:
    """Argo's full CRDs for a line."""
    return SHARED / "crds" / f"argo-workflows-v{LINES[line][0]}"


def corpus_documents(line: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every Argo-kind document of a line's examples, with an id ``file#index``."""
    root = examples_dir(line)
    paths = sorted([*root.rglob("*.yaml"), *root.rglob("*.yml")])
    if not paths:
        raise FileNotFoundError(f"no examples under {root}; set ARGO_SPEC_SHARED")
    for path in paths:
        documents = yaml.safe_load_all(path.read_text(encoding="utf-8"))
        for index, document in enumerate(documents):
            if isinstance(document, dict) and document.get("kind") in KINDS:
                yield f"{path.relative_to(root)}#{index}", document


def typed(value: Any) -> Any:
    """``value`` with every scalar paired with its type, so 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, value)
