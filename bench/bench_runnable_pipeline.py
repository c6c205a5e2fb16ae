"""A generated pipeline for bench_runnable.py: BENCH_STEPS steps long."""

from __future__ import annotations

import os
import sys

from runnable import Parallel, Pipeline, PythonTask, Stub


def work() -> None:
    return None


def steps() -> Pipeline:
    count = int(os.environ.get("BENCH_STEPS", "500"))
    # runnable's graph check recurses once per step of a chain.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20 * count))
    nodes: list[object] = []
    for index in range(count // 10):
        nodes += [PythonTask(name=f"task {index} {j}", function=work) for j in range(8)]
        branches = {
            "a": Pipeline(steps=[Stub(name=f"a {index}")]),
            "b": Pipeline(steps=[Stub(name=f"b {index}")]),
        }
        nodes.append(Parallel(name=f"fork {index}", branches=branches))
    pipeline = Pipeline(steps=nodes)  # type: ignore[arg-type]
    pipeline.execute()
    return pipeline
