"""Compile generated runnable pipelines with ``argo`` and ``argo-spec``.

Run by hand from the repository root (figures go in bench/RESULTS-runnable.md):

    .venv/bin/python bench/bench_runnable.py [--repeat 3] [--sizes 500 2000]

Each compile is a fresh ``python -m runnable_ext compile`` process, so imports
and writing the YAML count; the two executors differ only in the config's
``type``. A third process builds the pipeline and compiles nothing: the floor
both executors share, which bounds any end-to-end speed-up. A pipeline of N
steps here is N/10 blocks of 8 tasks and a parallel node with two one-stub
branches (each block is 10 runnable nodes, 12 pods).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
PIPELINE = "bench/bench_runnable_pipeline.py"


def _config(directory: Path, executor: str) -> Path:
    config = {
        "pvc_for_runnable": "runnable",
        "output_file": str(directory / f"{executor}.yaml"),
        "defaults": {"image": "bench:1"},
        "argoWorkflow": {"metadata": {"generateName": "bench-"}, "spec": {}},
    }
    if executor == "argo-spec":
        config["configmap_cache_name"] = "runnable-bench"
        # Argo 4.1's CRD caps spec.templates and dag.tasks at 200 items.
        config["argo_version"] = "3.7"
    path = directory / f"{executor}-config.yaml"
    document = {"pipeline-executor": {"type": executor, "config": config}}
    path.write_text(yaml.safe_dump(document))
    return path


def _run(config: Path, steps: int) -> float:
    env = {**os.environ, "BENCH_STEPS": str(steps)}
    command = [sys.executable, "-m", "runnable_ext", "compile", PIPELINE]
    command += ["-f", "steps", "-c", str(config)]
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


_STAGE = """
import os, sys, time
os.environ["BENCH_STEPS"] = sys.argv[2]
from runnable_ext._pipeline import pipeline_context, resolve_pipeline
from runnable_ext.executor import ArgoSpecExecutor
ref = resolve_pipeline("bench/bench_runnable_pipeline.py", "steps")
with pipeline_context(ref, sys.argv[1]) as run:
    dag = run.dag
    start = time.perf_counter()
    executor = run.pipeline_executor
    if isinstance(executor, ArgoSpecExecutor):
        executor.write(executor.compile(dag))
    else:
        executor.execute_graph(dag=dag)
    print(time.perf_counter() - start)
"""


_FLOOR = """
import os, sys
os.environ["BENCH_STEPS"] = sys.argv[2]
from runnable_ext._pipeline import pipeline_context, resolve_pipeline
ref = resolve_pipeline("bench/bench_runnable_pipeline.py", "steps")
with pipeline_context(ref, sys.argv[1]) as run:
    run.dag
"""


def _floor(config: Path, steps: int) -> float:
    """Seconds for a process that builds the pipeline and compiles nothing.

    Both executors pay this (interpreter, importing runnable, runnable's own
    pipeline building), so ``argo process / floor`` bounds the speed-up any
    compiler can reach end to end.
    """
    command = [sys.executable, "-c", _FLOOR, str(config), str(steps)]
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - start


def _stage(config: Path, steps: int) -> float:
    """Seconds from a loaded pipeline to the written file, in one process."""
    command = [sys.executable, "-c", _STAGE, str(config), str(steps)]
    done = subprocess.run(command, cwd=REPO, check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        configs = {e: _config(directory, e) for e in ("argo", "argo-spec")}
        print("| steps | executor | process median s | compile stage median s | KiB |")
        print("|---:|---|---:|---:|---:|")
        for steps in args.sizes:
            whole, stage = {}, {}
            for executor, config in configs.items():
                whole[executor] = statistics.median(
                    _run(config, steps) for _ in range(args.repeat)
                )
                stage[executor] = statistics.median(
                    _stage(config, steps) for _ in range(args.repeat)
                )
                size = (directory / f"{executor}.yaml").stat().st_size / 1024
                print(
                    f"| {steps} | {executor} | {whole[executor]:.2f} "
                    f"| {stage[executor]:.3f} | {size:.0f} |"
                )
            ratio = whole["argo"] / whole["argo-spec"]
            inner = stage["argo"] / stage["argo-spec"]
            print(f"| {steps} | speed-up | {ratio:.1f}x | {inner:.1f}x | |")
            floor = statistics.median(
                _floor(configs["argo-spec"], steps) for _ in range(args.repeat)
            )
            bound = whole["argo"] / floor
            print(f"| {steps} | shared floor | {floor:.2f} | | |")
            print(f"| {steps} | bound (argo / floor) | {bound:.1f}x | | |")


if __name__ == "__main__":
    main()
