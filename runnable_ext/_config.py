"""Read the ``argo-spec`` executor configuration into checked settings.

Every option of runnable's ``argo`` executor keeps its meaning, in either of the
spellings runnable accepted (snake_case or camelCase). ``defaults`` and each
entry of ``overrides`` may hold any field of an Argo Template; fields of a
Container that a Template does not have (``image``, ``resources``, ``env``, ...)
go to the containers, as in runnable. Both are decoded strictly into the chosen
argo_spec line, so a misspelt or mistyped field is reported, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import msgspec

from argo_spec._duration import parse_go_duration
from argo_spec._kube import is_dns1123_subdomain

from ._errors import ROOT, ConfigError, yaml_kind
from ._lines import DEFAULT_LINE, LINES, load_line
from ._shape import fold, to_struct
from ._templates import (
    image_of,
    not_owned_template,
    parse_overrides,
    parse_template,
    runnable_spellings,
)

__all__ = ["ROOT", "Settings", "parse_settings"]

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_OWNED_SPEC = frozenset(fold(k) for k in ("templates", "workflowTemplateRef", "onExit"))
_OPTIONS = [
    "pvc_for_runnable",
    "custom_volumes",
    "expose_parameters_as_inputs",
    "configmap_cache_name",
    "secret_from_k8s",
    "output_file",
    "log_level",
    "defaults",
    "overrides",
    "argo_workflow",
    "cron_schedule",
    "argo_version",
    "memoize",
    "cache_configmap_file",
    "mock",
]


PER_POD_WIRE = {
    "retryStrategy": "retry_strategy",
    "timeout": "timeout",
    "synchronization": "synchronization",
}
PER_POD = tuple(PER_POD_WIRE.values())


@dataclass
class Settings:
    """The executor configuration, checked against the chosen Argo line."""

    line: ModuleType
    argo_version: str
    cache_name: str
    defaults: Any
    overrides: dict[str, Any]
    metadata: Any
    spec: Any
    image: str
    pvc_for_runnable: str | None = None
    custom_volumes: list[tuple[str, Any]] = field(default_factory=list)
    expose_parameters_as_inputs: bool = True
    secret_from_k8s: str | None = None
    output_file: str = "argo-pipeline.yaml"
    log_level: str = "INFO"
    cron: dict[str, Any] | None = None
    memoize: bool = True
    max_age: str = "24h"
    cache_configmap_file: str | None = None


def _options(raw: dict[str, Any]) -> dict[str, Any]:
    known = {fold(name): name for name in _OPTIONS}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        name = known.get(fold(str(key)))
        if name is None:
            raise ConfigError(
                f"{ROOT}.{key}",
                "unknown option",
                "remove it; the options are " + ", ".join(_OPTIONS),
            )
        if name in out:
            raise ConfigError(
                f"{ROOT}.{key}",
                f"{name} is given twice, in two spellings",
                "keep one of them",
            )
        out[name] = value
    return out


def parse_settings(raw: dict[str, Any], generated_cache_name: str) -> Settings:
    """Check ``raw`` (the executor's ``config`` mapping) and resolve it.

    Raises
    ------
    ConfigError
        Naming the option, what is wrong with it and how to fix it.

    """
    opts = _options(raw)
    version = _version(opts.get("argo_version", DEFAULT_LINE))
    line = load_line(version)
    defaults = parse_template(line, opts.get("defaults"), f"{ROOT}.defaults")
    image = image_of(defaults)
    metadata, spec = _workflow(line, opts.get("argo_workflow") or {})

    settings = Settings(
        line=line,
        argo_version=version,
        cache_name=_cache_name(opts.get("configmap_cache_name"), generated_cache_name),
        defaults=defaults,
        overrides=parse_overrides(line, opts.get("overrides") or {}),
        metadata=metadata,
        spec=spec,
        image=image,
    )
    _scalars(settings, opts)
    settings.custom_volumes = _volumes(line, opts.get("custom_volumes") or [])
    settings.cron = _cron(line, opts.get("cron_schedule"), metadata)
    _memoize(settings, opts.get("memoize"))
    _check_own_volumes(settings)
    return settings


def _version(value: Any) -> str:
    if not isinstance(value, str):
        # YAML reads 4.10 as the number 4.1: only a string says what was meant.
        raise ConfigError(
            f"{ROOT}.argo_version",
            f"expected a string, found {yaml_kind(value)} {value!r}",
            f'write argo_version as a string, "{DEFAULT_LINE}"',
        )
    version = value
    if version not in LINES:
        raise ConfigError(
            f"{ROOT}.argo_version",
            f"unsupported Argo line {version!r}",
            "use " + " or ".join(f'"{line}"' for line in LINES),
        )
    return version


def _bool(opts: dict[str, Any], name: str, default: bool) -> bool:
    value = opts.get(name, default)
    if not isinstance(value, bool):
        found = f"{yaml_kind(value)} {value!r}"
        raise ConfigError(
            f"{ROOT}.{name}", f"expected true or false, found {found}", "use a bool"
        )
    return value


def _string(opts: dict[str, Any], name: str, default: str | None) -> str | None:
    value = opts.get(name, default)
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"{ROOT}.{name}", "expected a string", "quote the value")
    return value


def _scalars(settings: Settings, opts: dict[str, Any]) -> None:
    settings.pvc_for_runnable = _string(opts, "pvc_for_runnable", None)
    settings.secret_from_k8s = _string(opts, "secret_from_k8s", None)
    settings.output_file = _string(opts, "output_file", "argo-pipeline.yaml") or ""
    settings.cache_configmap_file = _string(opts, "cache_configmap_file", None)

    expose = _bool(opts, "expose_parameters_as_inputs", True)
    settings.expose_parameters_as_inputs = expose
    _bool(opts, "mock", False)  # runnable's executor declares it, never reads it

    given = opts.get("log_level", "INFO")
    level = given.upper() if isinstance(given, str) else None
    if level not in _LOG_LEVELS:
        found = "null" if given is None else repr(given)
        raise ConfigError(
            f"{ROOT}.log_level",
            f"unknown level {found}",
            "use " + ", ".join(_LOG_LEVELS),
        )
    settings.log_level = level
    if not settings.output_file:
        raise ConfigError(f"{ROOT}.output_file", "empty path", "name a file")


def _cache_name(configured: Any, generated: str) -> str:
    if configured is None:
        return generated
    if not isinstance(configured, str) or not is_dns1123_subdomain(configured):
        raise ConfigError(
            f"{ROOT}.configmap_cache_name",
            f"{configured!r} is not a valid ConfigMap name (DNS-1123 subdomain)",
            "use lower-case letters, digits, '-' and '.', starting and ending "
            "with a letter or digit, at most 253 characters",
        )
    return configured


def _workflow(line: ModuleType, value: Any) -> tuple[Any, Any]:
    where = f"{ROOT}.argo_workflow"
    if not isinstance(value, dict):
        raise ConfigError(where, "expected a mapping", "give metadata and spec")
    parts = {fold(str(k)): (k, v) for k, v in value.items()}
    for folded, (key, _) in parts.items():
        if folded not in ("metadata", "spec"):
            raise ConfigError(f"{where}.{key}", "unknown option", "use metadata, spec")
    metadata = _mapping(parts.get("metadata"), f"{where}.metadata")
    spec = _mapping(parts.get("spec"), f"{where}.spec")

    meta = to_struct(metadata, line.ObjectMeta, f"{where}.metadata")
    if not meta.name and not meta.generate_name:
        meta = msgspec.structs.replace(meta, generate_name="runnable-")
    if meta.namespace is None:
        meta = msgspec.structs.replace(meta, namespace="default")
    return meta, _spec(line, spec, f"{where}.spec")


def _mapping(part: tuple[Any, Any] | None, where: str) -> dict[str, Any]:
    value = part[1] if part else None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(
            where, f"expected a mapping, found {yaml_kind(value)}", "give a mapping"
        )
    return dict(value)


def _spec(line: ModuleType, spec: dict[str, Any], where: str) -> Any:
    for key in list(spec):
        folded = fold(str(key))
        if folded in _OWNED_SPEC:
            raise ConfigError(
                f"{where}.{key}", "is written by runnable_ext", "remove it"
            )
        if folded == "entrypoint" and spec.pop(key) != "runnable-dag":
            raise ConfigError(f"{where}.{key}", "must be runnable-dag", "remove it")
        if folded == "templatedefaults" and isinstance(spec[key], dict):
            not_owned_template(spec[key], f"{where}.{key}")
    parsed = to_struct(runnable_spellings(spec), line.WorkflowSpec, where)
    if parsed.active_deadline_seconds is None:
        parsed = msgspec.structs.replace(parsed, active_deadline_seconds=86400)
    return parsed


def _volumes(line: ModuleType, value: Any) -> list[tuple[str, Any]]:
    where = f"{ROOT}.custom_volumes"
    if not isinstance(value, list):
        raise ConfigError(where, "expected a list", "give a list of volumes")
    volumes = []
    for index, item in enumerate(value):
        here = f"{where}[{index}]"
        if not isinstance(item, dict):
            raise ConfigError(
                here,
                f"expected a mapping, found {yaml_kind(item)}",
                "give mount_path and persistent_volume_claim",
            )
        parts = {fold(str(k)): v for k, v in item.items()}
        path = parts.pop("mountpath", None)
        claim = parts.pop("persistentvolumeclaim", None)
        if not isinstance(path, str) or claim is None or parts:
            raise ConfigError(
                here,
                "expected exactly mount_path and persistent_volume_claim",
                "give both and nothing else",
            )
        source = to_struct(
            claim,
            line.PersistentVolumeClaimVolumeSource,
            f"{here}.persistent_volume_claim",
        )
        volumes.append((path, source))
    return volumes


@dataclass(frozen=True)
class OwnVolume:
    """A volume the compiler adds to every pod, and the setting behind it."""

    name: str
    mount_path: str
    claim: Any
    setting: str


def own_volumes(settings: Settings) -> list[OwnVolume]:
    """The pvc_for_runnable and custom_volumes volumes, as the pods mount them."""
    own = []
    if settings.pvc_for_runnable:
        claim = settings.line.PersistentVolumeClaimVolumeSource(
            claim_name=settings.pvc_for_runnable
        )
        own.append(OwnVolume("runnable", "/tmp", claim, f"{ROOT}.pvc_for_runnable"))
    for index, (path, claim) in enumerate(settings.custom_volumes):
        where = f"{ROOT}.custom_volumes[{index}].mount_path"
        own.append(OwnVolume(f"custom-volume-{index}", path, claim, where))
    return own


def _check_own_volumes(settings: Settings) -> None:
    """Refuse what would clash with the compiler's volumes in every pod."""
    own = own_volumes(settings)
    paths = [(v.mount_path, v.setting) for v in own]
    given = settings.defaults.container.volume_mounts or []
    where = f"{ROOT}.defaults.volumeMounts"
    paths += [(m.mount_path, f"{where}[{i}].mountPath") for i, m in enumerate(given)]
    mounted: dict[str, str] = {}
    for path, setting in paths:
        if path in mounted:
            raise ConfigError(
                setting,
                f"{path} is already mounted by {mounted[path]}",
                "mount each volume at its own path",
            )
        mounted[path] = setting
    names = {volume.name: volume.setting for volume in own}
    for index, volume in enumerate(settings.spec.volumes or []):
        if volume.name in names:
            raise ConfigError(
                f"{ROOT}.argo_workflow.spec.volumes[{index}].name",
                f"volume name {volume.name!r} is the one {names[volume.name]} adds",
                "rename the volume",
            )


def _cron(line: ModuleType, value: Any, metadata: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    where = f"{ROOT}.cron_schedule"
    if not isinstance(value, dict) or "workflowSpec" in value:
        raise ConfigError(where, "expected schedules and options", "fix the mapping")
    checked = to_struct({**value, "workflowSpec": {}}, line.CronWorkflowSpec, where)
    if not checked.schedules:
        raise ConfigError(f"{where}.schedules", "no schedule", "give at least one")
    name = metadata.name or (metadata.generate_name or "").rstrip("-")
    if len(name) > 52 or not is_dns1123_subdomain(name):
        raise ConfigError(
            f"{ROOT}.argo_workflow.metadata",
            f"CronWorkflow name {name!r} is not a name of at most 52 characters",
            "shorten generateName (Argo appends a timestamp to scheduled runs)",
        )
    builtins: dict[str, Any] = msgspec.to_builtins(checked)
    builtins.pop("workflowSpec")
    return builtins


def _memoize(settings: Settings, value: Any) -> None:
    where = f"{ROOT}.memoize"
    if value is None:
        return
    if not isinstance(value, dict):
        raise ConfigError(where, "expected a mapping", "give enabled and max_age")
    parts = {fold(str(k)): (k, v) for k, v in value.items()}
    for folded, (key, _) in parts.items():
        if folded not in ("enabled", "maxage"):
            raise ConfigError(
                f"{where}.{key}", "unknown option", "use enabled, max_age"
            )
    enabled = parts.get("enabled", ("", True))[1]
    if not isinstance(enabled, bool):
        raise ConfigError(f"{where}.enabled", "expected true or false", "use a bool")
    settings.memoize = enabled
    settings.max_age = _max_age(parts.get("maxage", ("", settings.max_age))[1], where)


def _max_age(value: Any, where: str) -> str:
    fix = 'use a Go duration with units h, m, s, ms, us or ns, such as "24h" or "90m"'
    if not isinstance(value, str):
        raise ConfigError(f"{where}.max_age", f"{value!r} is not a string", fix)
    try:
        nanos = parse_go_duration(value)
    except ValueError:
        raise ConfigError(
            f"{where}.max_age", f"{value!r} is not a Go duration", fix
        ) from None
    if nanos <= 0:
        raise ConfigError(
            f"{where}.max_age",
            f"{value!r} would expire every entry at once",
            "give a positive duration, or set enabled: false",
        )
    return value
