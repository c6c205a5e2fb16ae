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
- ``_check_pods``: containers, volumes, mountPaths, podGC;
- ``_check_quantities``: every resource quantity;
- ``_check_schedule``: a CronWorkflow's schedules and timezone;
- ``_check_selectors``: ConfigMapKeySelectors that lack their key.

Step and task argument names and output names are checked as Argo has
substituted them then (``_lint_scope``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import msgspec

from argo_spec._check_arguments import check_argument_values
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
    check_template_containers,
    check_volumes,
)
from argo_spec._check_quantities import check_quantities
from argo_spec._check_retry import check_retry_strategy, check_timeout
from argo_spec._check_schedule import check_cron_workflow
from argo_spec._check_selectors import check_key_selectors
from argo_spec._findings import Finding, Segments, finding, quote
from argo_spec._lint_scope import NameScope, Values, workflow_globals
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
        at: Segments = ("spec", "workflowSpec")
        yield from _workflow_spec(spec.workflow_spec, at, True, True)
    elif kind in ("Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate"):
        workflow = kind == "Workflow"
        yield from _workflow_spec(spec, ("spec",), workflow, workflow)
    yield from check_quantities(manifest)
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


@dataclass(frozen=True)
class _Spec:
    """What a template's checks need to know of the workflow spec holding it."""

    spec: Any
    #: Template names defined in the manifest.
    names: set[str]
    #: Whether template references resolve in this manifest.
    check_refs: bool
    #: The workflow's parameter names (spec.arguments).
    parameters: frozenset[str]
    #: What ValidateWorkflow substitutes for workflow variables.
    globals: Values
    #: The values of spec.arguments, as the templates bound to them get them.
    arguments: dict[str, object]
    #: Whether the entrypoint is bound to spec.arguments (FakeArguments if not).
    bound: bool

    def name_scope(self, template: Any, top_level: bool) -> Callable[[], NameScope]:
        """Return a maker of ``template``'s NameScope (built only when needed).

        ``ValidateWorkflow`` binds the entrypoint to spec.arguments (a
        Workflow's; a WorkflowTemplate's gets ``FakeArguments``) and the
        onExit template to them too, if it was not reached before from the
        entrypoint; every other template to ``FakeArguments``.
        """

        def make() -> NameScope:
            spec, arguments, unknown = self.spec, None, False
            if top_level and template.name == spec.entrypoint:
                arguments = self.arguments if self.bound else None
            elif top_level and template.name == spec.on_exit:
                arguments = self.arguments
                unknown = template.name in _called(spec)
            defaults = spec.template_defaults
            retries = template.retry_strategy is not None or (
                defaults is not None and defaults.retry_strategy is not None
            )
            scope = NameScope(self.globals, template, retries, arguments)
            if unknown:
                scope.unknown |= {k for k in scope.values if k.startswith("inputs.")}
            return scope

        return make


def _called(spec: Any) -> set[str]:
    """Names of the templates that steps and DAG tasks of ``spec`` call."""
    called: set[str] = set()
    todo = list(spec.templates or [])
    while todo:
        template = todo.pop()
        calls = list(template.dag.tasks or []) if template.dag is not None else []
        for group in template.steps or []:
            calls += (group.steps if hasattr(group, "steps") else group) or []
        for call in calls:
            called.add(call.template or "")
            if call.inline is not None:
                todo.append(call.inline)
    return called


def _workflow_spec(
    spec: Any, at: Segments, needs_entrypoint: bool, bound: bool
) -> Iterator[Finding]:
    """Check a workflow spec; ``bound``: its entrypoint gets spec.arguments."""
    templates = spec.templates or []
    names = {t.name for t in templates if t.name}
    check_refs = spec.workflow_template_ref is None
    parameters = (spec.arguments.parameters if spec.arguments else None) or []
    context = _Spec(
        spec,
        names,
        check_refs,
        frozenset(p.name for p in parameters if p.name),
        workflow_globals(spec),
        {p.name: p.value for p in parameters if p.value is not None},
        bound,
    )

    if spec.arguments is not None:
        yield from check_io_names(spec.arguments, (*at, "arguments"), True)
        yield from check_argument_values(spec.arguments, (*at, "arguments"), True)
    if spec.pod_gc is not None:
        yield from check_pod_gc(spec.pod_gc, (*at, "podGC"))
    if spec.retry_strategy is not None:
        yield from check_retry_strategy(
            spec.retry_strategy, (*at, "retryStrategy"), False
        )
    if spec.template_defaults is not None:
        yield from _template_fields(
            spec.template_defaults, (*at, "templateDefaults"), True, None
        )
    for index, template in enumerate(templates):
        if template.name is None:  # an inline template needs none; these do
            yield finding(
                (*at, "templates", index, "name"), "template name is required"
            )
        yield from _template(template, (*at, "templates", index), context, True)
    yield from check_unique_names(templates, (*at, "templates"), "template")
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
    template: Any, at: Segments, context: _Spec, top_level: bool
) -> Iterator[Finding]:
    """Check a template; ``top_level``: one of spec.templates, not inline."""
    if template.name is not None:
        yield from check_template_name(template, at)
    if template.memoize is not None:
        inputs = template.inputs.parameters if template.inputs else None
        yield from check_memoize(
            template.memoize,
            (*at, "memoize"),
            frozenset(p.name for p in inputs or [] if p.name),
            context.parameters,
        )
    scope = context.name_scope(template, top_level)
    yield from _template_fields(template, at, False, scope)
    if template.dag is not None:
        yield from _dag(template.dag, (*at, "dag"), context, scope)
    for group_index, group in enumerate(template.steps or []):
        steps = group.steps if hasattr(group, "steps") else group
        for index, step in enumerate(steps or []):
            where = (*at, "steps", group_index, index)
            yield from _invocation(step, where, context, scope)
    yield from check_step_names(template, at)


def _reference(name: str, names: set[str], at: Segments) -> Iterator[Finding]:
    if name not in names and "{{" not in name:
        yield finding(at, f"template {quote(name)} is not defined in this manifest")


def _hooks(hooks: Any, at: Segments, names: set[str]) -> Iterator[Finding]:
    for event, hook in (hooks or {}).items():
        if hook.template and hook.template_ref is None:
            yield from _reference(hook.template, names, (*at, event, "template"))


def _invocation(
    call: Any, at: Segments, context: _Spec, scope: Callable[[], NameScope]
) -> Iterator[Finding]:
    """Check a DAG task or a step: what it runs, and any inline template.

    ``scope``: the variables substituted in the template holding it.
    """
    names = context.names
    if call.arguments is not None:
        yield from check_io_names(call.arguments, (*at, "arguments"), False, scope)
        yield from check_argument_values(call.arguments, (*at, "arguments"), False)
    if call.inline is not None:
        yield from _template(call.inline, (*at, "inline"), context, False)
    if not context.check_refs:
        return
    if call.template and call.template_ref is None:
        yield from _reference(call.template, names, (*at, "template"))
    if call.on_exit:
        yield from _reference(call.on_exit, names, (*at, "onExit"))
    yield from _hooks(call.hooks, (*at, "hooks"), names)


def _dag(
    dag: Any, at: Segments, context: _Spec, scope: Callable[[], NameScope]
) -> Iterator[Finding]:
    tasks = dag.tasks or []
    task_names = {task.name for task in tasks}
    uses_depends = any(task.depends for task in tasks)
    uses_dependencies = any(task.dependencies for task in tasks)
    # validateDAG refuses a leading digit under depends, or in a task with its
    # own dependencies; a task that others list fails when the controller
    # evaluates the depends expression it builds from them.
    listed = {name for task in tasks for name in task.dependencies or []}
    graph: dict[str, list[str]] = {}

    for index, task in enumerate(tasks):
        where = (*at, "tasks", index)
        strict = uses_depends or bool(task.dependencies) or task.name in listed
        yield from check_task_name(task.name, (*where, "name"), strict)
        yield from _invocation(task, where, context, scope)
        graph[task.name], problems = task_dependencies(task, where, task_names)
        yield from problems
    yield from check_unique_names(tasks, (*at, "tasks"), "task")

    if uses_depends and uses_dependencies:
        yield finding(at, "a DAG may use depends or dependencies, not both")
    yield from check_cycles(graph, tasks, at)


def _template_fields(
    template: Any, at: Segments, defaults: bool, scope: Callable[[], NameScope] | None
) -> Iterator[Finding]:
    """Check a template's (or the template defaults') own fields.

    ``defaults``: the template defaults, merged into each template by the
    controller (``mergedTemplateDefaultsInto``) after lint has run.
    ``scope``: the variables substituted when Argo checks output names.
    """
    if template.inputs is not None:
        yield from check_io_names(template.inputs, (*at, "inputs"), raw=True)
    if template.outputs is not None:
        where = (*at, "outputs")
        yield from check_io_names(template.outputs, where, raw=False, scope=scope)
    if template.retry_strategy is not None:
        where = (*at, "retryStrategy")
        yield from check_retry_strategy(template.retry_strategy, where, not defaults)
    if template.timeout:
        yield from check_timeout(template, (*at, "timeout"), defaults)
    yield from check_template_containers(template, at)
    yield from check_volumes(template.volumes, (*at, "volumes"), TEMPLATE_VOLUME_TWICE)
