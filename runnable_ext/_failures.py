"""One line for an error raised inside runnable or the user's pipeline."""

from __future__ import annotations

import re
import traceback
from pathlib import Path

import pydantic

from ._commands import module_file
from ._errors import ConfigError
from ._inputs import PipelineRef

__all__ = ["pipeline_error", "services_error"]


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


def services_error(exc: Exception, config: str) -> ConfigError:
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


def pipeline_error(exc: Exception, ref: PipelineRef) -> ConfigError:
    file = module_file(ref.definition) if ref.python else ref.definition
    where = "pipeline"
    frames = traceback.extract_tb(exc.__traceback__)
    inside = [f for f in frames if Path(f.filename).resolve() == Path(file).resolve()]
    if inside:
        where = f"line {inside[-1].lineno}"
    return _runnable_error(exc, where, file)
