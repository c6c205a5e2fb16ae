"""runnable pipelines the tests compile; pods would import them as modules."""

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


def make_items() -> list[int]:
    return [1, 2, 3]


def make_pairs() -> list[str]:
    return ["a", "b"]


def double(chunk: int) -> int:
    return chunk * 2


def pick() -> str:
    return "heads"


def noop() -> None:
    return None


def _branch(*steps: object) -> Pipeline:
    return Pipeline(steps=list(steps))  # type: ignore[arg-type]


def all_kinds() -> Pipeline:
    """Every node kind, composites nested in composites, and an on-failure path."""
    inner_map = Map(
        name="inner map",
        branch=_branch(PythonTask(name="pair", function=noop)),
        iterate_on="pairs",
        iterate_as="pair_value",
    )
    steps = [
        PythonTask(name="make items", function=make_items, returns=["items"]),
        ShellTask(name="shell step", command="echo hi"),
        NotebookTask(name="notebook step", notebook="runnable_fixtures/nb.ipynb"),
        PythonTask(name="make pairs", function=make_pairs, returns=["pairs"]),
        Map(
            name="outer map",
            branch=_branch(
                PythonTask(name="double", function=double, returns=["result"]),
                inner_map,
                Parallel(
                    name="in map parallel",
                    branches={
                        "left": _branch(Stub(name="l")),
                        "right": _branch(Stub(name="r")),
                    },
                ),
            ),
            iterate_on="items",
            iterate_as="chunk",
        ),
        Parallel(
            name="fan",
            branches={
                "one": _branch(Stub(name="s1")),
                "two_b": _branch(ShellTask(name="sh", command="echo two")),
            },
        ),
        PythonTask(name="pick side", function=pick, returns=["side"]),
        Conditional(
            name="choose",
            parameter="side",
            branches={
                "heads": _branch(Stub(name="h")),
                "tails": _branch(Stub(name="t")),
            },
        ),
        PythonTask(
            name="risky",
            function=noop,
            on_failure=_branch(Stub(name="recover")),
        ),
    ]
    pipeline = Pipeline(steps=steps)  # type: ignore[arg-type]
    pipeline.execute()
    return pipeline


def failing() -> Pipeline:
    """A step that ends the pipeline in its fail node."""
    steps = [
        Stub(name="start"),
        PythonTask(name="give up", function=noop, terminate_with_failure=True),
    ]
    pipeline = Pipeline(steps=steps)  # type: ignore[arg-type]
    pipeline.execute()
    return pipeline


def with_override() -> Pipeline:
    """Tasks that pick an override and ask for a secret."""
    steps = [
        PythonTask(name="gpu step", function=noop, overrides={"argo-spec": "gpu"}),
        PythonTask(name="legacy step", function=noop, overrides={"argo": "small"}),
        PythonTask(name="secret step", function=noop, secrets=["API_TOKEN"]),
    ]
    pipeline = Pipeline(steps=steps)  # type: ignore[arg-type]
    pipeline.execute()
    return pipeline


def map_with_spaced_item() -> Pipeline:
    """A map whose iteration parameter name Argo refuses."""
    steps = [
        PythonTask(name="make items", function=make_items, returns=["items"]),
        Map(
            name="spread",
            branch=_branch(Stub(name="each")),
            iterate_on="items",
            iterate_as="my item",
        ),
    ]
    pipeline = Pipeline(steps=steps)  # type: ignore[arg-type]
    pipeline.execute()
    return pipeline
