"""Import plus the first Workflow decoded from YAML, in a fresh process.

Run by ``bench_libraries.py`` as ``python bench/bench_libraries_first.py LIB``
(LIB is argo_spec, hera or sdk); prints the wall and CPU milliseconds from
before the library's import to the decoded Workflow. argo_spec also validates
it, as ``bench_first_load.py`` does; hera and the SDK have no such check.
"""

import sys
import time

#: The small Workflow of ``bench_first_load.py``, as YAML.
TEXT = """apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: x-}
spec:
  entrypoint: m
  templates:
  - name: m
    container: {image: alpine}
"""


def first_argo_spec() -> object:
    from argo_spec import load, validate

    workflow = load(TEXT)
    assert validate(workflow) == []
    return workflow


def first_hera() -> object:
    import yaml
    from hera.workflows.models import Workflow

    return Workflow.model_validate(yaml.load(TEXT, Loader=yaml.CSafeLoader))


def first_sdk() -> object:
    import yaml
    from argo_workflows.api_client import ApiClient
    from argo_workflows.model.io_argoproj_workflow_v1alpha1_workflow import (
        IoArgoprojWorkflowV1alpha1Workflow as Workflow,
    )
    from argo_workflows.model_utils import validate_and_convert_types

    data = yaml.load(TEXT, Loader=yaml.CSafeLoader)
    config = ApiClient().configuration
    return validate_and_convert_types(
        data, (Workflow,), ["received_data"], True, True, configuration=config
    )


FIRST = {"argo_spec": first_argo_spec, "hera": first_hera, "sdk": first_sdk}


def main() -> None:
    first = FIRST[sys.argv[1]]
    start, start_cpu = time.perf_counter(), time.process_time()
    workflow = first()
    wall = time.perf_counter() - start
    cpu = time.process_time() - start_cpu
    assert type(workflow).__name__.endswith("Workflow")
    print(f"{wall * 1000:.1f} {cpu * 1000:.1f}")


if __name__ == "__main__":
    main()
