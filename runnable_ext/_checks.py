"""Checks of a compiled workflow: what runnable hides, Argo's limits, validate()."""

from __future__ import annotations

from typing import Any

from argo_spec import to_dict, validate

from ._config import PER_POD_WIRE, Settings
from ._errors import ROOT, ConfigError

__all__ = ["check_end_nodes", "check_limits", "check_valid"]

_END_NODES = ("success", "fail")
# maxItems in Argo 4.1's full CRD; the 3.7 CRD has none.
_V4_MAX_TEMPLATES = 200
_V4_MAX_TASKS = 200
_V4_MAX_INPUTS = 500


def check_end_nodes(graph: Any, pipeline_file: str) -> None:
    """Refuse steps that runnable's own ``success``/``fail`` nodes hide.

    A step named ``success`` or ``fail`` is replaced by runnable's end node of
    that name, so the steps after it are never reached (runnable's executor
    drops them too).
    """
    reached = _reachable(graph)
    for name, node in graph.nodes.items():
        if name in _END_NODES and node.node_type != name:
            message = f"step {name!r} has the name of runnable's end node"
            raise _end_node_error(name, pipeline_file, message)
        if name not in reached and name not in _END_NODES:
            raise _end_node_error(
                name,
                pipeline_file,
                f"step {name!r} is never reached: a step before it is named "
                "'success' or 'fail', which runnable keeps for its end nodes",
            )
        for branch in _branches(node):
            check_end_nodes(branch, pipeline_file)


def _end_node_error(name: str, file: str, message: str) -> ConfigError:
    return ConfigError(
        f"step {name!r}", message, "rename the step called 'success' or 'fail'", file
    )


def _reachable(graph: Any) -> set[str]:
    reached: set[str] = set()
    todo = [graph.start_at]
    while todo:
        name = todo.pop()
        if name in reached or name not in graph.nodes:
            continue
        reached.add(name)
        node = graph.nodes[name]
        if node.node_type not in _END_NODES:
            todo.append(node._get_next_node())
        todo += [n for n in [node._get_on_failure_node()] if n]
    return reached


def _branches(node: Any) -> list[Any]:
    if node.node_type == "map":
        return [node.branch]
    if node.node_type in ("parallel", "conditional"):
        return list(node.branches.values())
    return []


def check_limits(settings: Settings, templates: list[Any]) -> None:
    major, minor = (int(part) for part in settings.argo_version.split("."))
    if (major, minor) < (4, 1):  # the caps came with Argo 4.1's full CRDs
        return
    counts = [("spec.templates", len(templates), _V4_MAX_TEMPLATES)]
    for t in templates:
        if t.dag is not None:
            counts.append((f"{t.name}.dag.tasks", len(t.dag.tasks), _V4_MAX_TASKS))
        if t.inputs is not None and t.inputs.parameters:
            size = len(t.inputs.parameters)
            counts.append((f"{t.name}.inputs.parameters", size, _V4_MAX_INPUTS))
    for where, count, limit in counts:
        if count > limit:
            raise ConfigError(
                f"{ROOT}.argo_version",
                f"the pipeline needs {count} items in {where}; "
                f"Argo 4.1's CRD allows at most {limit}",
                'set argo_version: "3.7" (its CRD has no such limit) '
                "or split the pipeline",
            )


def check_valid(manifest: Any, settings: Settings) -> None:
    findings = validate(manifest)
    if not findings:
        return
    first, more = findings[0], len(findings) - 1
    extra = f" ({more} more finding{'s' if more > 1 else ''})" if more else ""
    raise ConfigError(
        _setting(first.segments, settings, manifest),
        f"the compiled manifest is not valid at {first.path}: {first.message}{extra}",
        "change the setting that produces it",
    )


def _setting(segments: tuple[Any, ...], settings: Settings, manifest: Any) -> str:
    """Name the configuration setting behind a manifest path, where there is one."""
    parts = list(segments)
    spec = manifest.spec
    if parts[:2] == ["spec", "workflowSpec"]:
        parts, spec = ["spec", *parts[2:]], spec.workflow_spec
    elif settings.cron is not None and parts[:1] == ["spec"]:
        return f"{ROOT}.cron_schedule{_tail(parts[1:])}"
    if parts[:2] == ["spec", "templates"] and len(parts) > 3:
        field = PER_POD_WIRE.get(parts[3])
        template = spec.templates[parts[2]]
        if field and getattr(template, field) == getattr(settings.defaults, field):
            return f"{ROOT}.defaults{_tail(parts[3:])}"
    if parts[:2] == ["spec", "templateDefaults"] and len(parts) > 2:
        given = settings.spec.template_defaults
        if given is None or parts[2] not in to_dict(given):
            return f"{ROOT}.defaults{_tail(parts[2:])}"
    if parts[:1] == ["metadata"] or (
        parts[:1] == ["spec"] and parts[1:2] != ["templates"]
    ):
        return f"{ROOT}.argo_workflow{_tail(parts)}"
    return ROOT


def _tail(parts: list[Any]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)
