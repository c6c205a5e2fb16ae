"""Checks beyond the schema: what ``argo lint`` misses or only the run finds.

``validate`` walks a manifest: its kind and apiVersion, its name, the
workflow spec, every template (inline ones too), each step and DAG task, and
checks that the templates they refer to are defined in the manifest. Each
check follows Argo's or Kubernetes' Go code, named in the module that holds
it:

- ``_check_names``: object, template, step, task, parameter and artifact names;
- ``_check_memoize``: memoize key, maxAge and cache ConfigMap name;
- ``_check_dependencies``: a DAG's ``depends`` and ``dependencies``, cycles;
- ``_check_retry``: retry strategies, timeouts and their durations;
- ``_check_pods``: containers, quantities, volumes, mountPaths, podGC;
- ``_check_schedule``: a CronWorkflow's schedules and timezone;
- ``_check_selectors``: ConfigMapKeySelectors that lack their key.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

from argo_spec._check_dependencies import check_cycles, task_dependencies
from argo_spec._check_memoize import check_memoize
from argo_spec._check_names import (
    check_io_names,
    check_object_name,
    check_step_names,
    check_task_name,
    check_template_name,
    check_unique_names,
)
from argo_spec._check_pods import (
    SPEC_VOLUME_TWICE,
    TEMPLATE_VOLUME_TWICE,
    check_pod_gc,
    check_pod_resources,
    check_resources,
    check_template_containers,
    check_volumes,
)
from argo_spec._check_retry import check_retry_strategy, check_timeout
from argo_spec._check_schedule import check_cron_workflow
from argo_spec._check_selectors import check_key_selectors
from argo_spec._findings import Finding, Segments, finding, quote
from argo_spec.versions import API_VERSION, KINDS

__all__ = ["Finding", "validate"]


def validate(manifest: msgspec.Struct, *, warnings: bool = False) -> list[Finding]:
    """Check ``manifest`` for mistakes its schema cannot catch.

    Parameters
    ----------
    manifest
        A Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow or
        WorkflowEventBinding of any supported line.
    warnings
        Also report warnings: things that are valid but may fail at run time
        depending on values substituted then (a templated ``memoize.key``).

    Returns
    -------
    list[Finding]
        Errors (and warnings when asked), in document order; empty when the
        manifest is fine.

    Raises
    ------
    TypeError
        When ``manifest`` is not one of those models (a dict, say: build the
        model with ``from_dict`` first).

    """
    if not isinstance(manifest, msgspec.Struct) or type(manifest).__name__ not in KINDS:
        raise TypeError(
            f"validate() takes a {', '.join(KINDS)} model, got "
            f"{type(manifest).__name__}; build one with from_dict() or load()"
        )
    findings = list(_manifest(manifest))
    if not warnings:
        findings = [f for f in findings if f.severity == "error"]
    return findings


def _manifest(manifest: msgspec.Struct) -> Iterator[Finding]:
    kind = type(manifest).__name__
    yield from _header(manifest, kind)
    yield from check_object_name(manifest, kind)
    spec: Any = getattr(manifest, "spec", None)
    if kind == "CronWorkflow":
        yield from check_cron_workflow(spec)
        yield from _workflow_spec(spec.workflow_spec, ("spec", "workflowSpec"), True)
    elif kind in ("Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate"):
        yield from _workflow_spec(spec, ("spec",), kind == "Workflow")
    yield from check_key_selectors(manifest)


def _header(manifest: Any, kind: str) -> Iterator[Finding]:
    """Check what a model built in Python may have been given: kind, apiVersion."""
    if manifest.kind != kind:
        yield finding(
            ("kind",),
            f"kind {quote(manifest.kind)} does not match the {kind} model; "
            f'set it to "{kind}"',
        )
    if manifest.api_version != API_VERSION:
        yield finding(
            ("apiVersion",),
            f"apiVersion {quote(manifest.api_version)} is not Argo's; "
            f'set it to "{API_VERSION}"',
        )


def _workflow_spec(
    spec: Any, at: Segments, needs_entrypoint: bool
) -> Iterator[Finding]:
    templates = spec.templates or []
    names = {t.name for t in templates if t.name}
    check_refs = spec.workflow_template_ref is None

    if spec.arguments is not None:
        yield from check_io_names(spec.arguments, (*at, "arguments"), True)
    if spec.pod_gc is not None:
        yield from check_pod_gc(spec.pod_gc, (*at, "podGC"))
    yield from check_pod_resources(spec, at)
    if spec.retry_strategy is not None:
        yield from check_retry_strategy(
            spec.retry_strategy, (*at, "retryStrategy"), False
        )
    if spec.template_defaults is not None:
        yield from _template_fields(
            spec.template_defaults, (*at, "templateDefaults"), defaults=True
        )
    for index, template in enumerate(templates):
        if template.name is None:  # an inline template needs none; these do
            yield finding(
                (*at, "templates", index, "name"), "template name is required"
            )
        yield from _template(template, (*at, "templates", index), names, check_refs)
    yield from check_unique_names(templates, (*at, "templates"), "template")
    for index, claim in enumerate(spec.volume_claim_templates or []):
        if claim.spec is not None and claim.spec.resources is not None:
            where = (*at, "volumeClaimTemplates", index, "spec", "resources")
            yield from check_resources(claim.spec.resources, where)
    yield from check_volumes(spec.volumes, (*at, "volumes"), SPEC_VOLUME_TWICE)

    if check_refs:
        if spec.entrypoint:
            yield from _reference(spec.entrypoint, names, (*at, "entrypoint"))
        elif needs_entrypoint:
            yield finding((*at, "entrypoint"), "spec.entrypoint is required")
        if spec.on_exit:
            yield from _reference(spec.on_exit, names, (*at, "onExit"))
        yield from _hooks(spec.hooks, (*at, "hooks"), names)


def _template(
    template: Any, at: Segments, names: set[str], check_refs: bool
) -> Iterator[Finding]:
    if template.name is not None:
        yield from check_template_name(template, at)
    if template.memoize is not None:
        yield from check_memoize(template.memoize, (*at, "memoize"))
    yield from _template_fields(template, at, defaults=False)
    if template.dag is not None:
        yield from _dag(template.dag, (*at, "dag"), names, check_refs)
    for group_index, group in enumerate(template.steps or []):
        steps = group.steps if hasattr(group, "steps") else group
        for index, step in enumerate(steps or []):
            where = (*at, "steps", group_index, index)
            yield from _invocation(step, where, names, check_refs)
    yield from check_step_names(template, at)


def _reference(name: str, names: set[str], at: Segments) -> Iterator[Finding]:
    if name not in names and "{{" not in name:
        yield finding(at, f"template {quote(name)} is not defined in this manifest")


def _hooks(hooks: Any, at: Segments, names: set[str]) -> Iterator[Finding]:
    for event, hook in (hooks or {}).items():
        if hook.template and hook.template_ref is None:
            yield from _reference(hook.template, names, (*at, event, "template"))


def _invocation(
    call: Any, at: Segments, names: set[str], check_refs: bool
) -> Iterator[Finding]:
    """Check a DAG task or a step: what it runs, and any inline template."""
    if call.arguments is not None:
        yield from check_io_names(call.arguments, (*at, "arguments"), False)
    if call.inline is not None:
        yield from _template(call.inline, (*at, "inline"), names, check_refs)
    if not check_refs:
        return
    if call.template and call.template_ref is None:
        yield from _reference(call.template, names, (*at, "template"))
    if call.on_exit:
        yield from _reference(call.on_exit, names, (*at, "onExit"))
    yield from _hooks(call.hooks, (*at, "hooks"), names)


def _dag(
    dag: Any, at: Segments, names: set[str], check_refs: bool
) -> Iterator[Finding]:
    tasks = dag.tasks or []
    task_names = {task.name for task in tasks}
    uses_depends = any(task.depends for task in tasks)
    uses_dependencies = any(task.dependencies for task in tasks)
    has_dependencies = uses_depends or uses_dependencies
    graph: dict[str, list[str]] = {}

    for index, task in enumerate(tasks):
        where = (*at, "tasks", index)
        yield from check_task_name(task.name, (*where, "name"), has_dependencies)
        yield from _invocation(task, where, names, check_refs)
        graph[task.name], problems = task_dependencies(task, where, task_names)
        yield from problems
    yield from check_unique_names(tasks, (*at, "tasks"), "task")

    if uses_depends and uses_dependencies:
        yield finding(at, "a DAG may use depends or dependencies, not both")
    yield from check_cycles(graph, tasks, at)


def _template_fields(template: Any, at: Segments, defaults: bool) -> Iterator[Finding]:
    """Check a template's (or the template defaults') own fields.

    ``defaults``: the template defaults, merged into each template by the
    controller (``mergedTemplateDefaultsInto``) after lint has run.
    """
    if template.inputs is not None:
        yield from check_io_names(template.inputs, (*at, "inputs"), raw=True)
    if template.outputs is not None:
        yield from check_io_names(template.outputs, (*at, "outputs"), raw=False)
    if template.retry_strategy is not None:
        where = (*at, "retryStrategy")
        yield from check_retry_strategy(template.retry_strategy, where, not defaults)
    if template.timeout:
        yield from check_timeout(template, (*at, "timeout"), defaults)
    yield from check_pod_resources(template, at)
    yield from check_template_containers(template, at)
    yield from check_volumes(template.volumes, (*at, "volumes"), TEMPLATE_VOLUME_TWICE)
