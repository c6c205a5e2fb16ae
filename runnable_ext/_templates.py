"""Read ``defaults`` and ``overrides``: Argo Template and Container fields.

Each entry may hold any field of an Argo Template and any Container field a
Template lacks (moved under ``container``), in Argo's or runnable's spelling;
the fields the compiler writes itself are refused. runnable's model defaults
(resources, retry backoff) are filled in as its executor did.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from ._errors import ROOT, ConfigError
from ._shape import fold, to_struct, wire_names

__all__ = [
    "image_of",
    "not_owned_template",
    "parse_overrides",
    "parse_template",
    "runnable_spellings",
]

_DEFAULT_RESOURCES = {
    "limits": {"memory": "1Gi", "cpu": "250m"},
    "requests": {"memory": "1Gi", "cpu": "250m"},
}
# Parts of a template or container that the compiler itself writes.
_OWNED_TEMPLATE = frozenset(
    fold(k)
    for k in [
        "name",
        "inputs",
        "outputs",
        "dag",
        "steps",
        "script",
        "resource",
        "containerSet",
        "data",
        "http",
        "plugin",
        "suspend",
        "memoize",
    ]
)
# What runnable's pydantic models filled in when these were given at all.
_RUNNABLE_BACKOFF = {"duration": "2m", "factor": 2, "maxDuration": "1h"}
_OWNED_CONTAINER = frozenset(("command", "args", "name"))


def image_of(defaults: Any) -> str:
    image = defaults.container.image if defaults.container else None
    if not image:
        raise ConfigError(
            f"{ROOT}.defaults.image",
            "no container image",
            "set defaults.image to the image that has your pipeline and runnable",
        )
    return str(image)


def _resources(value: Any) -> Any:
    """Map runnable's ``gpu`` limit to the resource name Kubernetes uses."""
    if not isinstance(value, dict) or not isinstance(value.get("limits"), dict):
        return value
    limits = dict(value["limits"])
    if "gpu" in limits:
        gpu = limits.pop("gpu")
        if gpu is not None:
            limits["nvidia.com/gpu"] = str(gpu)
    return {**value, "limits": limits}


def _env_item(item: Any) -> Any:
    """Accept runnable's secret form of an env entry as well as Argo's."""
    if not isinstance(item, dict):
        return item
    keys = {fold(k): k for k in item}
    if "secretname" not in keys and "secretkey" not in keys:
        return item
    name = item.get(keys.get("environmentvariable", keys.get("name", "name")))
    secret = {
        "name": item.get(keys.get("secretname", "")),
        "key": item.get(keys.get("secretkey", "")),
    }
    return {"name": name, "valueFrom": {"secretKeyRef": secret}}


def _filled(value: Any, defaults: dict[str, Any]) -> Any:
    if not isinstance(value, dict):
        return value
    given = {fold(str(k)) for k in value}
    return {**{k: v for k, v in defaults.items() if fold(k) not in given}, **value}


def _runnable_retry(value: Any) -> Any:
    """Fill a retryStrategy in as runnable's executor did before emitting it."""
    value = _filled(value, {"limit": 0, "retryPolicy": "Always"})
    if not isinstance(value, dict):
        return value
    for key in [k for k in value if fold(str(k)) == "backoff"]:
        value[key] = _filled(value[key], _RUNNABLE_BACKOFF)
    return value


def runnable_spellings(value: dict[str, Any]) -> dict[str, Any]:
    """Apply runnable's own defaults to the nested options it modelled."""
    out = dict(value)
    for key, item in value.items():
        folded = fold(str(key))
        if folded == "retrystrategy":
            out[key] = _runnable_retry(item)
        elif folded == "podgc":
            out[key] = _filled(item, {"deleteDelayDuration": "1h"})
    return out


def not_owned_template(value: dict[Any, Any], where: str) -> None:
    """Refuse template fields the compiler writes.

    In ``templateDefaults`` Argo would merge them into every template: a
    default memoize would make the DAG templates share one key.
    """
    for key in value:
        if fold(str(key)) in _OWNED_TEMPLATE:
            raise ConfigError(
                f"{where}.{key}", "is written by runnable_ext", "remove it"
            )


def _split(value: dict[str, Any], line: ModuleType, where: str) -> dict[str, Any]:
    """Move Container-only keys of a defaults/overrides entry under ``container``."""
    template_names = wire_names(line.Template)
    container_names = wire_names(line.Container)
    template: dict[str, Any] = {}
    container: dict[str, Any] = {}
    not_owned_template(value, where)
    for key, item in runnable_spellings(value).items():
        folded = fold(str(key))
        if folded in template_names:
            template[key] = item
        elif folded in container_names:
            container[container_names[folded]] = item
        else:
            raise ConfigError(
                f"{where}.{key}",
                "is not a field of an Argo Template or Container",
                "remove it or fix its spelling "
                "(https://argo-workflows.readthedocs.io/en/latest/fields/#template)",
            )
    return _with_container(template, container, container_names, where)


def _with_container(
    template: dict[str, Any],
    hoisted: dict[str, Any],
    container_names: dict[str, str],
    where: str,
) -> dict[str, Any]:
    explicit_key = next((k for k in template if fold(k) == "container"), None)
    given = template.pop(explicit_key) if explicit_key else {}
    if not isinstance(given, dict):
        raise ConfigError(f"{where}.container", "expected a mapping", "fix it")
    explicit = {container_names.get(fold(str(k)), str(k)): v for k, v in given.items()}
    for key in hoisted:
        if key in explicit:
            raise ConfigError(
                f"{where}.{key}", "is also set under container", "set it once"
            )
    container: dict[str, Any] = {**explicit, **hoisted}
    for key in container:
        if key in _OWNED_CONTAINER:
            raise ConfigError(
                f"{where}.container.{key}", "is written by runnable_ext", "remove it"
            )
    if "resources" in container:
        container["resources"] = _resources(container["resources"])
    if isinstance(container.get("env"), list):
        container["env"] = [_env_item(item) for item in container["env"]]
    if container:
        template["container"] = container
    return template


def parse_template(line: ModuleType, value: Any, where: str, base: bool = True) -> Any:
    if value is None and not base:
        value = {}
    if not isinstance(value, dict):
        raise ConfigError(
            where, "expected a mapping", "give a mapping, at least with `image`"
        )
    template = _split(value, line, where)
    if base:
        container = template.setdefault("container", {})
        container.setdefault("imagePullPolicy", "Always")
        container.setdefault("resources", _DEFAULT_RESOURCES)
    return to_struct(template, line.Template, where)


def parse_overrides(line: ModuleType, value: Any) -> dict[str, Any]:
    where = f"{ROOT}.overrides"
    if not isinstance(value, dict):
        raise ConfigError(where, "expected a mapping of names to settings", "fix it")
    return {
        str(name): parse_template(line, item, f"{where}.{name}", base=False)
        for name, item in value.items()
    }
