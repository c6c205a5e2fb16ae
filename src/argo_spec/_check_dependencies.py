"""A DAG's ``dependencies`` and ``depends``: tasks it knows, results, no cycle.

Each name must be a task of the same DAG, each ``.Result`` in ``depends`` one
of Argo's task results, and the tasks may not depend on each other in a cycle.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from argo_spec._findings import Finding, Segments, finding, quote

_DEPENDS_TOKEN = re.compile(r"([A-Za-z0-9][-A-Za-z0-9]*)(?:\.([A-Za-z]+))?")
_TASK_RESULTS = frozenset(
    [
        "Succeeded",
        "Failed",
        "Errored",
        "Skipped",
        "Omitted",
        "Daemoned",
        "AnySucceeded",
        "AllFailed",
    ]
)


def task_dependencies(
    task: Any, at: Segments, task_names: set[str]
) -> tuple[list[str], list[Finding]]:
    """Return the names ``task`` depends on, and findings for unknown ones."""
    found, findings = [], []
    for index, name in enumerate(task.dependencies or []):
        if name in task_names:
            found.append(name)
        else:
            findings.append(finding((*at, "dependencies", index), _no_task(name)))
    for match in _DEPENDS_TOKEN.finditer(task.depends or ""):
        name, result = match.groups()
        if name not in task_names:
            findings.append(finding((*at, "depends"), _no_task(name)))
        elif result is not None and result not in _TASK_RESULTS:
            results = ", ".join(sorted(_TASK_RESULTS))
            message = f'unknown task result "{name}.{result}"; use one of {results}'
            findings.append(finding((*at, "depends"), message))
        else:
            found.append(name)
    return found, findings


def _no_task(name: str) -> str:
    return f"task {quote(name)} is not defined in this DAG"


def check_cycles(
    graph: dict[str, list[str]], tasks: list[Any], at: Segments
) -> Iterator[Finding]:
    """Report one cycle of ``graph``, at the task it starts from."""
    cycle = _find_cycle(graph)
    if cycle:
        index = next(i for i, task in enumerate(tasks) if task.name == cycle[0])
        task = tasks[index]
        field = "depends" if task.depends else "dependencies"
        yield finding(
            (*at, "tasks", index, field), "dependency cycle: " + " -> ".join(cycle)
        )


def _find_cycle(graph: dict[str, list[str]]) -> list[str]:
    """Return one cycle of ``graph`` as ``[a, b, ..., a]``, or ``[]``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in graph:
        if start in state:
            continue
        path, stack = [start], [iter(graph[start])]
        state[start] = 1
        while stack:
            child = next(stack[-1], None)
            if child is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(child) == 1:
                return [*path[path.index(child) :], child]
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append(iter(graph.get(child, [])))
    return []
