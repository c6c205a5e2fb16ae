"""YAML dump and load of a 2,000-template workflow: argo_spec against PyYAML's C code.

Run by hand: ``python bench/bench_yaml.py``. Prints medians of 7 runs.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import msgspec
import yaml

from argo_spec import dump_yaml, load
from argo_spec.v4_1 import (
    Cache,
    Container,
    LocalObjectReference,
    Memoize,
    ObjectMeta,
    Template,
    Workflow,
    WorkflowSpec,
)


def big_workflow(count: int = 2000) -> Workflow:
    templates = [
        Template(
            name=f"step-{i}",
            memoize=Memoize(
                key=f"step-{i}-v1",
                max_age="24h",
                cache=Cache(config_map=LocalObjectReference(name="runnable-cache")),
            ),
            container=Container(
                image="python:3.12",
                command=["python", "-c"],
                args=[f"print('step {i}')\nprint('done')\n"],
            ),
        )
        for i in range(count)
    ]
    return Workflow(
        metadata=ObjectMeta(generate_name="big-"),
        spec=WorkflowSpec(entrypoint="step-0", templates=templates),
    )


def median(fn: Callable[[], object], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    wf = big_workflow()
    data = msgspec.to_builtins(wf)
    text = dump_yaml(wf)
    ours = median(lambda: dump_yaml(wf))
    theirs = median(lambda: yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False))
    print(
        f"dump 2,000 templates: argo_spec {ours * 1000:.1f} ms, "
        f"PyYAML CSafeDumper {theirs * 1000:.1f} ms, ratio {theirs / ours:.1f}x"
    )
    ours_load = median(lambda: load(text))
    theirs_load = median(lambda: yaml.load(text, Loader=yaml.CSafeLoader))
    print(
        f"load 2,000 templates: argo_spec (YAML + validate types) "
        f"{ours_load * 1000:.1f} ms, PyYAML CSafeLoader (data only) "
        f"{theirs_load * 1000:.1f} ms, ratio {theirs_load / ours_load:.2f}x"
    )
    print(f"YAML size {len(text):,} characters")


if __name__ == "__main__":
    main()
