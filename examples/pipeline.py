"""An example runnable pipeline that uses every node kind the adapter compiles.

Compile it from the repository root:

    python -m runnable_ext compile examples/pipeline.py -c examples/argo-spec.yaml
"""

from __future__ import annotations

from runnable import (
    Conditional,
    Map,
    NotebookTask,
    Parallel,
    Pipeline,
    PythonTask,
    ShellTask,
    Stub,
)

from examples.functions import choose_model, clean_shard, list_shards, notify, train


def main() -> Pipeline:
    """Build the pipeline; runnable calls this again inside every pod."""
    per_shard = Pipeline(
        steps=[
            PythonTask(name="clean shard", function=clean_shard, returns=["rows"]),
            Parallel(
                name="profile",
                branches={
                    "stats": Pipeline(
                        steps=[ShellTask(name="stats", command="echo s")]
                    ),
                    "schema": Pipeline(steps=[Stub(name="schema")]),
                },
            ),
        ]
    )
    steps = [
        PythonTask(name="list shards", function=list_shards, returns=["shards"]),
        Map(name="clean", branch=per_shard, iterate_on="shards", iterate_as="shard"),
        NotebookTask(name="explore", notebook="examples/explore.ipynb"),
        PythonTask(name="choose model", function=choose_model, returns=["model"]),
        Conditional(
            name="fit",
            parameter="model",
            branches={
                "linear": Pipeline(steps=[PythonTask(name="linear", function=train)]),
                "forest": Pipeline(steps=[PythonTask(name="forest", function=train)]),
            },
        ),
        PythonTask(
            name="publish",
            function=notify,
            overrides={"argo-spec": "small"},
            on_failure=Pipeline(steps=[Stub(name="alert on call")]),
        ),
    ]
    pipeline = Pipeline(steps=steps)  # type: ignore[arg-type]
    pipeline.execute()
    return pipeline


if __name__ == "__main__":
    main()
