"""Load a runnable pipeline with its configuration, the way runnable's CLI does."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import Any

from ._errors import ConfigError
from ._failures import pipeline_error, services_error
from ._inputs import PipelineRef, check_config, check_parameters, resolve_pipeline

__all__ = [
    "PipelineRef",
    "build_dag",
    "compile_pipeline",
    "pipeline_context",
    "resolve_pipeline",
]

# runnable's context records these in os.environ; they are put back afterwards
# so one process can compile several pipelines.
_ENV = ("RUNNABLE_CONFIGURATION_FILE", "RUNNABLE_RUN_ID", "RUNNABLE_RUN_TAG")


@contextlib.contextmanager
def pipeline_context(
    ref: PipelineRef, config: str, parameters_file: str = ""
) -> Iterator[Any]:
    """Yield runnable's PipelineContext for ``ref``, restoring global state after."""
    # imported late: runnable is slow to import (and ships no type hints)
    from runnable import context  # type: ignore[import-untyped]

    check_config(config)
    saved_env = {name: os.environ.get(name) for name in _ENV}
    saved_context = context.get_run_context()
    try:
        # runnable prefers this variable to the file it is given: -c must win.
        os.environ.pop("RUNNABLE_CONFIGURATION_FILE", None)
        try:
            run = _new_context(context, ref, config, parameters_file)
        except ConfigError:
            raise
        except Exception as exc:
            raise services_error(exc, config) from exc
        context.set_run_context(run)
        yield run
    finally:
        context.set_run_context(saved_context)
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _new_context(context: Any, ref: PipelineRef, config: str, parameters: str) -> Any:
    services = context.ServiceConfigurations(
        configuration_file=config,
        execution_context=context.ExecutionContext.PIPELINE,
    ).services
    return context.PipelineContext.model_validate(
        {
            "pipeline_definition_file": ref.definition,
            "parameters_file": parameters,
            "tag": "",
            "run_id": "",
            "execution_mode": "python" if ref.python else "yaml",
            "configuration_file": config,
            **services,
        }
    )


def build_dag(run: Any, ref: PipelineRef) -> Any:
    """Build runnable's graph of ``ref``: import the pipeline and call it.

    Raises
    ------
    ConfigError
        When that raises: the user's code or runnable's checks of the pipeline,
        named by the pipeline file and, where known, the line in it.

    """
    with _held_log() as held:
        try:
            dag = run.dag
        except ConfigError:
            raise
        except Exception as exc:
            # runnable logged it with a traceback too: the one line replaces both
            held.clear()
            raise pipeline_error(exc, ref) from exc
    return dag


@contextlib.contextmanager
def _held_log() -> Iterator[list[logging.LogRecord]]:
    """Hold back what runnable logs while it builds the graph.

    On success the records go to runnable's handlers as usual; the caller
    empties the list to drop them.
    """
    logger = logging.getLogger("runnable")
    held: list[logging.LogRecord] = []
    handler = _ListHandler(held)
    saved = logger.handlers
    logger.handlers = [handler]
    try:
        yield held
    finally:
        logger.handlers = saved
        for record in held:
            logger.handle(record)


class _ListHandler(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def compile_pipeline(
    pipeline: str,
    config: str,
    *,
    function: str = "main",
    parameters_file: str = "",
    write: bool = True,
) -> Any:
    """Compile ``pipeline`` with the executor ``config`` names.

    With the ``argo-spec`` executor this returns the :class:`Compiled` result
    (and writes it when ``write``); any other executor (runnable's ``argo``, for
    comparison) renders through its own ``execute_graph`` and None is returned.

    Raises
    ------
    ConfigError
        On a missing file or a configuration the executor cannot compile.

    """
    from .executor import ArgoSpecExecutor

    ref = resolve_pipeline(pipeline, function)
    check_parameters(parameters_file)
    with pipeline_context(ref, config, parameters_file) as run:
        executor = run.pipeline_executor
        dag = build_dag(run, ref)
        if not isinstance(executor, ArgoSpecExecutor):
            executor.execute_graph(dag=dag)
            return None
        compiled = executor.compile(dag)
        if write:
            executor.write(compiled)
        return compiled
