"""Check the files a compile reads before runnable reads them.

runnable reports a missing function, a syntax error or a bad YAML file with a
traceback, or not at all; these checks say what is wrong in one line, naming
the file and, where known, the line.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.metadata
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ._errors import ConfigError, yaml_kind

__all__ = [
    "PipelineRef",
    "check_config",
    "check_parameters",
    "resolve_pipeline",
]


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


def check_config(config: str) -> None:
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
    installed: dict[str, set[str]] | None = None  # scanned once, when needed
    for key, section in data.items():
        group = str(key).replace("-", "_")
        if group not in _SERVICE_GROUPS:
            continue
        if not isinstance(section, dict):
            found = f"expected a mapping, found {yaml_kind(section)}"
            raise ConfigError(str(key), found, "give its type: and config:", config)
        installed = installed or _service_types()
        known = sorted(installed.get(group, ()))
        kind = section.get("type")
        if kind not in known:
            found = "missing" if kind is None else f"unknown type {kind!r}"
            fix = "use one of " + ", ".join(known)
            raise ConfigError(f"{key}.type", found, fix, config)


def _service_types() -> dict[str, set[str]]:
    """The service names installed per runnable entry-point group (one scan).

    A distribution can be found twice (an editable install and its build
    metadata): the names are a set.
    """
    found: dict[str, set[str]] = {}
    for dist in importlib.metadata.distributions():
        for entry in dist.entry_points:
            if entry.group in _SERVICE_GROUPS:
                found.setdefault(entry.group, set()).add(entry.name)
    return found


def check_parameters(parameters_file: str) -> None:
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
