"""Load a runnable pipeline with its configuration, the way runnable's CLI does."""

from __future__ import annotations

import ast
import contextlib
import importlib.metadata
import importlib.util
import logging
import os
import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic
import yaml

from ._commands import module_file
from ._errors import ConfigError, yaml_kind

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
        _check_yaml(path)
        return PipelineRef(pipeline, python=False)
    if path.suffix != ".py":
        _check_module_function(pipeline)
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


def _check_module_function(reference: str) -> None:
    """Refuse a ``module.function`` whose module or function does not exist."""
    module, _, function = reference.rpartition(".")
    fix = "give module.function, importable from the working directory"
    if not module:
        raise ConfigError("pipeline", f"{reference!r} names no module", fix)
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        raise ConfigError("pipeline", f"module {module!r} not found", fix, reference)
    if spec.origin and spec.origin.endswith(".py"):
        origin = Path(spec.origin)
        with contextlib.suppress(ValueError):  # named as the user would
            origin = origin.relative_to(Path.cwd())
        _check_function(origin, function)


def _check_yaml(path: Path) -> None:
    _read_yaml(str(path), "pipeline")


def _read_yaml(file: str, what: str) -> Any:
    """Parse ``file`` (the configuration or a YAML pipeline) into Python data."""
    try:
        text = Path(file).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(what, "file not found", "check the path", file) from None
    except IsADirectoryError:
        raise ConfigError(what, "is a directory", "name the YAML file", file) from None
    except UnicodeDecodeError:
        raise _not_utf8(what, file) from None
    try:
        # a SafeLoader subclass, so as safe as yaml.safe_load
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except ConfigError as exc:
        raise exc.in_file(file) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else what
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ConfigError(
            where, f"not valid YAML: {problem}", "fix the syntax", file
        ) from None


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


def _not_utf8(what: str, file: str) -> ConfigError:
    return ConfigError(what, "not UTF-8 text", "save it as UTF-8", file)


def _top_level_names(path: Path) -> set[str]:
    file = str(path)
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), file)
    except SyntaxError as exc:
        where = f"line {exc.lineno}" if exc.lineno else "pipeline"
        message = f"Python syntax error: {exc.msg}"
        raise ConfigError(where, message, "fix the syntax", file) from None
    except UnicodeDecodeError:
        raise ConfigError(
            "pipeline", "not UTF-8 text", "save it as UTF-8", file
        ) from None
    except ValueError as exc:  # a NUL byte, on older Pythons
        raise ConfigError("pipeline", str(exc), "fix the file", file) from None
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
    if path.is_dir():
        raise ConfigError("pipeline", "is a directory", "name the file", str(path))
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


def _check_config(config: str) -> None:
    data = _read_yaml(config, "configuration")
    executor = data.get("pipeline-executor") if isinstance(data, dict) else None
    if not isinstance(executor, dict):
        raise ConfigError(
            "pipeline-executor",
            "missing",
            "add pipeline-executor: {type: argo-spec, config: {...}}",
            config,
        )
    _check_service_types(data, config)
    if "config" in executor and not isinstance(executor["config"], dict):
        found = yaml_kind(executor["config"])
        raise ConfigError(
            "pipeline-executor.config",
            f"expected a mapping, found {found}",
            "give the executor's options as a mapping, at least defaults.image",
            config,
        )


# Configuration sections runnable turns into services, by entry-point group.
_SERVICE_GROUPS = frozenset(
    ("pipeline_executor", "run_log_store", "catalog", "secrets", "pickler")
)


def _check_service_types(data: dict[Any, Any], config: str) -> None:
    """Refuse a section whose ``type`` runnable has no service for."""
    for key, section in data.items():
        group = str(key).replace("-", "_")
        if group not in _SERVICE_GROUPS:
            continue
        if not isinstance(section, dict):
            found = f"expected a mapping, found {yaml_kind(section)}"
            raise ConfigError(str(key), found, "give its type: and config:", config)
        known = sorted(e.name for e in importlib.metadata.entry_points(group=group))
        kind = section.get("type")
        if kind not in known:
            found = "missing" if kind is None else f"unknown type {kind!r}"
            fix = "use one of " + ", ".join(known)
            raise ConfigError(f"{key}.type", found, fix, config)


def _runnable_error(exc: Exception, where: str, file: str) -> ConfigError:
    """One line for an error raised inside runnable or the user's pipeline."""
    return ConfigError(
        where,
        _describe(exc),
        "fix it there (add --traceback to see where it was raised)",
        file,
    )


# runnable's wrapper around any failure to build a service (an unknown type, or
# a service refusing its config), with the real error as its __cause__.
_SERVICE_FAILED = re.compile(
    r"Could not find the service of kind: (\S+) in namespace:(\S+)"
)


def _services_error(exc: Exception, config: str) -> ConfigError:
    match = _SERVICE_FAILED.match(str(exc))  # the whole config follows it
    cause = exc.__cause__
    if match is None or not isinstance(cause, Exception):
        return _runnable_error(exc, "runnable services", config)
    kind, group = match.groups()
    section = group.replace("_", "-")
    return ConfigError(
        f"{section}.config",
        f"runnable's {kind} {section} refused it: {_describe(cause)}",
        "fix that section's config",
        config,
    )


_MESSAGE_MAX = 300


def _describe(exc: Exception) -> str:
    """Say what ``exc`` is about in one line."""
    if isinstance(exc, pydantic.ValidationError) and exc.errors():
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        return f"{field}: {first['msg']}" if field else first["msg"]
    if isinstance(exc, AttributeError) and exc.name == "return_dag":
        found = type(exc.obj).__name__ if exc.obj is not None else "None"
        return f"the pipeline function returned {found}, not a runnable Pipeline"
    text = " ".join(str(exc).split())
    if len(text) > _MESSAGE_MAX:
        text = text[: _MESSAGE_MAX - 3] + "..."
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


def _check_parameters(parameters_file: str) -> None:
    """Refuse a parameters file runnable could not read as names and values."""
    if not parameters_file:
        return
    data = _read_yaml(parameters_file, "parameters")
    if data is None:
        return
    if not isinstance(data, dict):
        found = f"expected a mapping of names to values, found {yaml_kind(data)}"
        raise ConfigError(
            "parameters", found, "write name: value lines", parameters_file
        )
    for key in data:
        if not isinstance(key, str):
            raise ConfigError(
                f"parameter {key!r}",
                f"names must be strings, found {yaml_kind(key)}",
                "quote the name",
                parameters_file,
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
        # runnable prefers this variable to the file it is given: -c must win.
        os.environ.pop("RUNNABLE_CONFIGURATION_FILE", None)
        try:
            run = _new_context(context, ref, config, parameters_file)
        except ConfigError:
            raise
        except Exception as exc:
            raise _services_error(exc, config) from exc
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
            raise _pipeline_error(exc, ref) from exc
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


def _pipeline_error(exc: Exception, ref: PipelineRef) -> ConfigError:
    file = module_file(ref.definition) if ref.python else ref.definition
    where = "pipeline"
    frames = traceback.extract_tb(exc.__traceback__)
    inside = [f for f in frames if Path(f.filename).resolve() == Path(file).resolve()]
    if inside:
        where = f"line {inside[-1].lineno}"
    return _runnable_error(exc, where, file)


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
        dag = build_dag(run, ref)
        if not isinstance(executor, ArgoSpecExecutor):
            executor.execute_graph(dag=dag)
            return None
        compiled = executor.compile(dag)
        if write:
            executor.write(compiled)
        return compiled
