"""Load a runnable pipeline with its configuration, the way runnable's CLI does."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ._errors import ConfigError

__all__ = ["PipelineRef", "compile_pipeline", "pipeline_context", "resolve_pipeline"]

# runnable's context records these in os.environ; they are put back afterwards
# so one process can compile several pipelines.
_ENV = ("RUNNABLE_CONFIGURATION_FILE", "RUNNABLE_RUN_ID", "RUNNABLE_RUN_TAG")


@dataclass(frozen=True)
class PipelineRef:
    """A pipeline as runnable names it in pod commands."""

    definition: str  # "pkg.module.function" or a YAML path
    python: bool


def resolve_pipeline(pipeline: str, function: str = "main") -> PipelineRef:
    """Turn a ``.py``/``.yaml`` path or ``module.function`` into a PipelineRef.

    Raises
    ------
    ConfigError
        If the file does not exist or lies outside the working directory.

    """
    path = Path(pipeline)
    if path.suffix in (".yaml", ".yml"):
        _must_exist(path)
        return PipelineRef(pipeline, python=False)
    if path.suffix != ".py":
        return PipelineRef(pipeline, python=True)
    _must_exist(path)
    try:
        relative = path.resolve().relative_to(Path.cwd())
    except ValueError:
        raise ConfigError(
            "pipeline",
            f"{pipeline} is outside the working directory",
            "run from the project root: pods import the pipeline by module path",
            pipeline,
        ) from None
    module = ".".join(relative.with_suffix("").parts)
    return PipelineRef(f"{module}.{function}", python=True)


def _must_exist(path: Path) -> None:
    if not path.is_file():
        raise ConfigError("pipeline", "file not found", "check the path", str(path))


def _check_config(config: str) -> None:
    try:
        data = yaml.safe_load(Path(config).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            "configuration", "file not found", "check the path", config
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "configuration"
        raise ConfigError(where, "not valid YAML", "fix the syntax", config) from None
    if not isinstance(data, dict) or "pipeline-executor" not in data:
        raise ConfigError(
            "pipeline-executor",
            "missing",
            "add pipeline-executor: {type: argo-spec, config: {...}}",
            config,
        )


@contextlib.contextmanager
def pipeline_context(
    ref: PipelineRef, config: str, parameters_file: str = ""
) -> Iterator[Any]:
    """Yield runnable's PipelineContext for ``ref``, restoring global state after."""
    # imported late: runnable is slow to import (and ships no type hints)
    from runnable import context  # type: ignore[import-untyped]

    _check_config(config)
    saved_env = {name: os.environ.get(name) for name in _ENV}
    saved_context = context.get_run_context()
    try:
        services = context.ServiceConfigurations(
            configuration_file=config,
            execution_context=context.ExecutionContext.PIPELINE,
        ).services
        run = context.PipelineContext.model_validate(
            {
                "pipeline_definition_file": ref.definition,
                "parameters_file": parameters_file,
                "tag": "",
                "run_id": "",
                "execution_mode": "python" if ref.python else "yaml",
                "configuration_file": config,
                **services,
            }
        )
        context.set_run_context(run)
        yield run
    finally:
        context.set_run_context(saved_context)
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


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
    with pipeline_context(ref, config, parameters_file) as run:
        executor = run.pipeline_executor
        if not isinstance(executor, ArgoSpecExecutor):
            executor.execute_graph(dag=run.dag)
            return None
        compiled = executor.compile(run.dag)
        if write:
            executor.write(compiled)
        return compiled
