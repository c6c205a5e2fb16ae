"""Load a runnable pipeline with its configuration, the way runnable's CLI does."""

from __future__ import annotations

import ast
import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ._errors import ConfigError, yaml_kind

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
    _check_function(path, function)
    module = ".".join(relative.with_suffix("").parts)
    return PipelineRef(f"{module}.{function}", python=True)


def _check_function(path: Path, function: str) -> None:
    """Refuse a ``-f`` function runnable would not find in ``path``."""
    if function.endswith(("p", "y", ".")):
        # runnable reads "module.function" after .rstrip(".py"), which strips
        # every trailing p, y and dot, not the suffix ".py".
        raise ConfigError(
            f"function {function!r}",
            "runnable strips every trailing 'p', 'y' and '.' from the pipeline "
            f'name (rstrip(".py")), so it would look for '
            f"{function.rstrip('.py')!r}",
            "rename the function so it does not end in p, y or .",
            str(path),
        )
    if function not in _top_level_names(path):
        raise ConfigError(
            f"function {function!r}",
            "not defined at the top level of the file",
            "pass the name of the function that returns the Pipeline with -f",
            str(path),
        )


def _top_level_names(path: Path) -> set[str]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return set()  # importing it will report the problem
    names: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(stmt.name)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in stmt.names)
        else:
            names.update(
                n.id
                for n in ast.walk(stmt)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
            )
    return names


def _must_exist(path: Path) -> None:
    if not path.is_file():
        raise ConfigError("pipeline", "file not found", "check the path", str(path))


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key given twice in one mapping.

    runnable reads the file with ruamel, which refuses duplicates too, but
    with a traceback.
    """

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: list[Any] = []  # a list: keys may be unhashable until checked
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise ConfigError(
                    f"line {key_node.start_mark.line + 1}",
                    f"key {key!r} is given twice",
                    "keep one of them",
                )
            seen.append(key)
        return super().construct_mapping(node, deep)


def _load_config(config: str) -> Any:
    try:
        # a SafeLoader subclass, so as safe as yaml.safe_load
        return yaml.load(
            Path(config).read_text(encoding="utf-8"), Loader=_UniqueKeyLoader
        )
    except FileNotFoundError:
        raise ConfigError(
            "configuration", "file not found", "check the path", config
        ) from None
    except ConfigError as exc:
        raise exc.in_file(config) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "configuration"
        raise ConfigError(where, "not valid YAML", "fix the syntax", config) from None


def _check_config(config: str) -> None:
    data = _load_config(config)
    executor = data.get("pipeline-executor") if isinstance(data, dict) else None
    if not isinstance(executor, dict):
        raise ConfigError(
            "pipeline-executor",
            "missing",
            "add pipeline-executor: {type: argo-spec, config: {...}}",
            config,
        )
    if "config" in executor and not isinstance(executor["config"], dict):
        found = yaml_kind(executor["config"])
        raise ConfigError(
            "pipeline-executor.config",
            f"expected a mapping, found {found}",
            "give the executor's options as a mapping, at least defaults.image",
            config,
        )


def _check_parameters(parameters_file: str) -> None:
    if parameters_file and not Path(parameters_file).is_file():
        raise ConfigError(
            "parameters", "file not found", "check the path", parameters_file
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
    _check_parameters(parameters_file)
    with pipeline_context(ref, config, parameters_file) as run:
        executor = run.pipeline_executor
        if not isinstance(executor, ArgoSpecExecutor):
            executor.execute_graph(dag=run.dag)
            return None
        compiled = executor.compile(run.dag)
        if write:
            executor.write(compiled)
        return compiled
