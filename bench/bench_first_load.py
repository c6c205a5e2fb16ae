"""Import plus the first loaded and validated Workflow, in a fresh process.

Run by hand: ``for i in 1 2 3 4 5; do python bench/bench_first_load.py; done``.
Prints milliseconds from before the import to the validated Workflow.
"""

import time

TEXT = """apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: x-}
spec:
  entrypoint: m
  templates:
  - name: m
    container: {image: alpine}
"""


def main() -> None:
    start = time.perf_counter()
    from argo_spec.load import load
    from argo_spec.validate import validate

    assert validate(load(TEXT)) == []
    print(f"{(time.perf_counter() - start) * 1000:.1f}")


if __name__ == "__main__":
    main()
