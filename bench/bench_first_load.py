"""Import plus the first decoded (or loaded and validated) Workflow, fresh processes.

Run by hand: ``python bench/bench_first_load.py [--runs 15]``. Each run is a new
interpreter; it prints the milliseconds from before the first import to the
decoded Workflow, measured inside that interpreter, for two cases:

- ``models``: ``import argo_spec.v4_1`` and ``msgspec.json.decode`` of a small
  Workflow (what an executor in a pod pays);
- ``validated``: ``argo_spec.load`` of the same Workflow as YAML text and
  ``argo_spec.validate`` on it.

Bytecode is compiled first (``compileall``), as ``pip install`` does: with
PYTHONDONTWRITEBYTECODE set, every run would otherwise compile the models again.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
JSON = (
    b'{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow",'
    b'"metadata":{"generateName":"x-"},"spec":{"entrypoint":"m",'
    b'"templates":[{"name":"m","container":{"image":"alpine"}}]}}'
)
YAML = """apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: x-}
spec:
  entrypoint: m
  templates:
  - name: m
    container: {image: alpine}
"""
CASES = {
    "models": f"""
import time
start = time.perf_counter()
import msgspec
import argo_spec.v4_1
msgspec.json.decode({JSON!r}, type=argo_spec.v4_1.Workflow)
print((time.perf_counter() - start) * 1000)
""",
    "validated": f"""
import time
start = time.perf_counter()
import argo_spec
assert argo_spec.validate(argo_spec.load({YAML!r})) == []
print((time.perf_counter() - start) * 1000)
""",
}


def run(code: str) -> float:
    """One fresh interpreter; the milliseconds it measured."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return float(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs

    compileall.compile_dir(SRC, quiet=1)
    for name, code in CASES.items():
        times = sorted(run(code) for _ in range(runs))
        print(
            f"{name:10} median {statistics.median(times):6.1f} ms  "
            f"min {times[0]:6.1f}  max {times[-1]:6.1f}  ({runs} runs)"
        )


if __name__ == "__main__":
    main()
