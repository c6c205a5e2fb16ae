"""The workflow arguments: runnable's parameters and the user's, as Argo takes them."""

from __future__ import annotations

import json
import re
from typing import Any

import msgspec

from ._config import Settings
from ._errors import ROOT, ConfigError
from ._structs import is_set

__all__ = ["check_parameter_name", "workflow_arguments"]

# Workflow parameters the compiler adds itself; runnable's executor adds them too.
_OWN_PARAMETERS = ("run_id", "retry_run_id", "retry_indicator", "log_level")


def _as_parameter_value(value: Any) -> str:
    # runnable reads RUNNABLE_PRM_* back with json.loads, so non-strings go as JSON.
    return value if isinstance(value, str) else json.dumps(value)


def workflow_arguments(
    settings: Settings, exposed: dict[str, Any], parameters_file: str
) -> list[Any]:
    m = settings.line
    for name in exposed:
        _not_own(name, name, parameters_file or None)
        check_parameter_name(name, name, parameters_file or None)
    params = [
        m.Parameter(name=k, value=None if v is None else _as_parameter_value(v))
        for k, v in exposed.items()
    ]
    seen = {p.name for p in params}
    params += [p for p in _given_arguments(settings) if p.name not in seen]
    if settings.cron is None:
        params.append(m.Parameter(name="run_id"))  # given at submission
    params += [
        m.Parameter(name="retry_run_id", value=""),
        m.Parameter(name="retry_indicator", value=""),
        m.Parameter(name="log_level", value=settings.log_level),
    ]
    return params


def _given_arguments(settings: Settings) -> list[Any]:
    """The user's spec.arguments.parameters, checked, values as strings."""
    spec = settings.spec
    given = (spec.arguments.parameters if spec.arguments else None) or []
    names: set[str] = set()
    out = []
    for index, param in enumerate(given):
        where = f"{ROOT}.argo_workflow.spec.arguments.parameters[{index}].name"
        _not_own(where, param.name)
        check_parameter_name(where, param.name)
        if param.name in names:
            raise ConfigError(
                where, f"{param.name!r} is given twice", "keep one of them"
            )
        names.add(param.name)
        out.append(_stringify(param))
    return out


def _stringify(param: Any) -> Any:
    # Argo's CRD types value, default, enum items and valueFrom.default as
    # strings; Argo's Go code reads numbers too, so they are written as JSON.
    changes: dict[str, Any] = {
        field: _as_parameter_value(getattr(param, field))
        for field in ("value", "default")
        if is_set(getattr(param, field))
    }
    if param.enum:
        changes["enum"] = [_as_parameter_value(item) for item in param.enum]
    source = param.value_from
    if source is not None and is_set(source.default):
        default = _as_parameter_value(source.default)
        changes["value_from"] = msgspec.structs.replace(source, default=default)
    return msgspec.structs.replace(param, **changes)


# Argo's rule for parameter and artifact names (workflow/validate:
# paramOrArtifactNameRegex).
_PARAMETER_NAME = re.compile(r"[-a-zA-Z0-9_]+")


def check_parameter_name(where: str, name: str, file: str | None = None) -> None:
    if not _PARAMETER_NAME.fullmatch(name):
        raise ConfigError(
            where,
            f"parameter name {name!r} is not one Argo accepts",
            "use only letters, digits, '-' and '_'",
            file,
        )


def _not_own(where: str, name: str, file: str | None = None) -> None:
    if name in _OWN_PARAMETERS:
        raise ConfigError(
            where,
            f"parameter {name!r} clashes with the workflow parameter runnable "
            f"adds itself ({', '.join(_OWN_PARAMETERS)})",
            "rename the parameter",
            file,
        )


# Argo merges templateDefaults into DAG templates too, where these act on the
# whole DAG: a DAG with a retryStrategy is retried as a whole (a step failing d
# DAGs deep would run (limit + 1) ** (d + 1) times), a timeout ends the whole
# DAG, and a mutex held by a DAG deadlocks its own steps. runnable meant them
# per step, so they go on each pod template instead.
