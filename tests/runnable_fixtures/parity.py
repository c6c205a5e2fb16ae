"""Compare two Argo manifests of one pipeline up to template and task names."""

from __future__ import annotations

import hashlib
import re
from typing import Any

_STATE = re.compile(r"([a-z0-9-]+)\.(Succeeded|Failed)")
_TASK_REF = re.compile(r"tasks\.([a-z0-9-]+)\.")


def _leaf(template: dict[str, Any]) -> str:
    command = template["container"]["command"]
    if command[1] == "fan":
        return f"fan {command[5]} {command[3]}"
    return f"node {command[4]}"


def shape(doc: dict[str, Any]) -> str:
    """Describe the DAG rooted at the entrypoint with names replaced by shapes."""
    spec = doc["spec"].get("workflowSpec", doc["spec"])
    by_name = {t["name"]: t for t in spec["templates"]}
    seen: dict[str, str] = {}

    def of(name: str) -> str:
        if name not in seen:
            seen[name] = _shape(by_name[name])
        return seen[name]

    def _shape(template: dict[str, Any]) -> str:
        if "container" in template:
            return _leaf(template)
        tasks = template["dag"]["tasks"]
        own = {t["name"]: of(t["template"]) for t in tasks}
        items = []
        for task in tasks:
            depends = sorted(
                f"{own[m[1]]}.{m[2]}"
                for m in _STATE.finditer(task.get("depends") or "")
            )
            when = _TASK_REF.sub(
                lambda m: f"tasks.<{own[m[1]]}>.", task.get("when", "")
            )
            items.append(repr((own[task["name"]], depends, "withParam" in task, when)))
        digest = hashlib.sha256(repr(sorted(items)).encode()).hexdigest()[:16]
        return f"dag {digest}"

    return of(spec["entrypoint"])


def leaves(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Group container templates by the runnable node (and fan mode) they run."""
    spec = doc["spec"].get("workflowSpec", doc["spec"])
    out: dict[str, list[dict[str, Any]]] = {}
    for template in spec["templates"]:
        if "container" in template:
            out.setdefault(_leaf(template), []).append(template)
    return out
