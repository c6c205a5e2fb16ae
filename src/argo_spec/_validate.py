"""Checks beyond the schema: what ``argo lint`` misses or only the run finds.

Limits are Argo's own (facts from ``workflow/validate/validate.go`` and
``workflow/util/pod_name.go`` in argoproj/argo-workflows): template, step and
task names match ``[a-zA-Z0-9][-a-zA-Z0-9]*`` and have at most 128
characters; a DAG task name may not start with a digit when the DAG uses
``depends`` or ``dependencies``; Workflow and template names have at most 63
characters, CronWorkflow names 52 (a timestamp suffix is added). Pods are
named ``<workflow>-<template>-<hash>``, so a template that runs a pod needs a
lower-case name, as Kubernetes pod names do.

Memoization is checked as the controller uses it: ``memoize.key`` becomes a
ConfigMap key, ``maxAge`` is read by Go's ``time.ParseDuration`` (empty means
the cache never expires), ``cache.configMap.name`` names a ConfigMap.

A ConfigMapKeySelector needs its ``key`` (Kubernetes and Argo's CRDs require
it) everywhere except ``memoize.cache.configMap``, where the controller reads
only the name; the 3.7 models leave ``key`` optional for that one place.

Further checks, each as the named Go function does it (Argo 4.0.5 and
3.7.18, Kubernetes apimachinery 0.33.1):

- parameter and artifact names (workflow arguments, template inputs and
  outputs, step and task arguments) match ``[-a-zA-Z0-9_]+`` and are unique
  in their list: ``validateWorkflowFieldNames`` / ``isValidParamOrArtifactName``.
  Arguments and inputs are checked before substitution, so a ``{{...}}`` name
  is refused there; outputs and step/task arguments after it.
- ``retryStrategy.retryPolicy``: ``validateTemplateHolder`` (templates, before
  substitution) and ``processNodeRetries`` (the workflow's and the template
  defaults' strategies, at run time); ``podGC.strategy``:
  ``PodGCStrategy.IsValid`` in ``ValidateWorkflow``; ``imagePullPolicy``:
  Kubernetes' ``PullPolicy`` values (``Always``, ``IfNotPresent``, ``Never``).
- ``timeout``: ``validateTemplate`` refuses a whole number (``strconv.Atoi``)
  and a timeout on a steps, dag or suspend template; the controller reads it
  with ``time.ParseDuration`` (``checkTemplateTimeout``). Backoff ``duration``,
  ``maxDuration`` and ``cap`` are read by ``ParseStringToDuration`` (an
  integer is seconds), a backoff without ``duration`` fails the retry, and
  ``limit`` and ``factor`` by ``intstr.Int32`` (``strconv.Atoi``), all in
  ``processNodeRetries``; ``containerSet.retryStrategy.duration`` by
  ``ContainerSetTemplate.GetRetryStrategy``.
- Quantities (``resources``, ``podResources``, ``emptyDir.sizeLimit``, volume
  claim templates): ``Quantity.UnmarshalJSON`` (see ``_quantity``). Argo
  decodes them before substituting anything, so ``{{...}}`` is refused too.
- CronWorkflow ``schedule``/``schedules`` and ``timezone``:
  ``ValidateCronWorkflow`` with robfig/cron's ``ParseStandard`` (see ``_cron``).
- Volumes: a template's volumes go into its pod as they are (``createVolumes``)
  and Kubernetes refuses two of one name (``PodSpec.Volumes`` is a list map
  keyed by name); of the workflow's volumes, ``addVolumeReferences`` mounts
  only the first of a name. A mountPath is mounted once per container
  (``validateLeaf`` for a container template, with its input artifact paths;
  ``ContainerSetTemplate.Validate``; the CRDs key ``volumeMounts`` by
  ``mountPath``).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import msgspec
import msgspec.inspect

from argo_spec._cron import cron_error, location_error
from argo_spec._duration import parse_go_duration
from argo_spec._explain import format_path
from argo_spec._kube import DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX
from argo_spec._quantity import quantity_error
from argo_spec.versions import API_VERSION, KINDS

__all__ = ["Finding", "validate"]

Severity = Literal["error", "warning"]
Segments = tuple[str | int, ...]

_ARGO_NAME = re.compile(r"[a-zA-Z0-9][-a-zA-Z0-9]*")
_ARGO_NAME_MAX = 128
_POD_NAME_PART = re.compile(r"[a-z0-9][-a-z0-9]*")
_KEY = re.compile(r"[a-zA-Z0-9][-a-zA-Z0-9]*")
_KEY_CHARS = re.compile(r"[-a-zA-Z0-9]*")
_SUBDOMAIN_CHARS = re.compile(r"[-.a-z0-9]*")
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_DEPENDS_TOKEN = re.compile(r"([A-Za-z0-9][-A-Za-z0-9]*)(?:\.([A-Za-z]+))?")
_TASK_RESULTS = frozenset(
    [
        "Succeeded",
        "Failed",
        "Errored",
        "Skipped",
        "Omitted",
        "Daemoned",
        "AnySucceeded",
        "AllFailed",
    ]
)
_PARAM_NAME = re.compile(r"[-a-zA-Z0-9_]+")
_ATOI = re.compile(r"[+-]?[0-9]+")  # strconv.Atoi, range checked apart
_INT64 = range(-(2**63), 2**63)
_RETRY_POLICIES = ("Always", "OnError", "OnFailure", "OnTransientError")
_POD_GC_STRATEGIES = (
    "OnPodCompletion",
    "OnPodSuccess",
    "OnWorkflowCompletion",
    "OnWorkflowSuccess",
)
_PULL_POLICIES = ("Always", "IfNotPresent", "Never")
# Template types in the order Template.GetType tries them; True: a leaf.
_TEMPLATE_TYPES = (
    ("container", True),
    ("container_set", True),
    ("steps", False),
    ("dag", False),
    ("script", True),
    ("resource", True),
    ("data", True),
    ("suspend", False),
    ("http", True),
    ("plugin", True),
)
# Expressions that always give [0-9a-f] or [0-9], and their length range.
_HASHES = {"sha256sum": (64, 64), "sha1sum": (40, 40), "adler32sum": (1, 10)}
_HASH_CALL = re.compile(r"[ \t\n\r]*sprig\.(sha256sum|sha1sum|adler32sum)\(")
# One token of an expr-lang expression, as far as parentheses go: a string
# literal (escapes in "..." and '...', none in `...`), a parenthesis, or a run
# of anything else.
_EXPR_TOKEN = re.compile(
    r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`|[()]|[^()"\'`]+',
    re.DOTALL,
)
_NAME_MAX = {"CronWorkflow": 52}
_OBJECT_NAME_MAX = 63
# Where a ConfigMapKeySelector may go without a key (3.7's memoize cache).
_KEY_OPTIONAL_AT = ("memoize", "cache", "configMap")


@dataclass(frozen=True)
class Finding:
    """One problem: where (JSON path), how bad, and what to do."""

    path: str
    severity: Severity
    message: str
    #: The path as keys and indexes, to locate it in the source text.
    segments: Segments = ()


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


def _finding(segments: Segments, message: str, severity: Severity = "error") -> Finding:
    return Finding(format_path(list(segments)), severity, message, segments)


def _quote(value: object) -> str:
    """Return ``value`` quoted as JSON, so a name with a newline stays on one line."""
    return json.dumps(value, ensure_ascii=False, default=str)


def _manifest(manifest: msgspec.Struct) -> Iterator[Finding]:
    kind = type(manifest).__name__
    yield from _header(manifest, kind)
    yield from _object_name(manifest, kind)
    spec: Any = getattr(manifest, "spec", None)
    if kind == "CronWorkflow":
        yield from _cron_workflow(spec)
        yield from _workflow_spec(spec.workflow_spec, ("spec", "workflowSpec"), True)
    elif kind in ("Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate"):
        yield from _workflow_spec(spec, ("spec",), kind == "Workflow")
    yield from _key_selectors(manifest)


def _header(manifest: Any, kind: str) -> Iterator[Finding]:
    """Check what a model built in Python may have been given: kind, apiVersion."""
    if manifest.kind != kind:
        yield _finding(
            ("kind",),
            f"kind {_quote(manifest.kind)} does not match the {kind} model; "
            f'set it to "{kind}"',
        )
    if manifest.api_version != API_VERSION:
        yield _finding(
            ("apiVersion",),
            f"apiVersion {_quote(manifest.api_version)} is not Argo's; "
            f'set it to "{API_VERSION}"',
        )


def _object_name(manifest: msgspec.Struct, kind: str) -> Iterator[Finding]:
    name = manifest.metadata.name  # type: ignore[attr-defined]
    if name is None:
        return
    limit = _NAME_MAX.get(kind, _OBJECT_NAME_MAX)
    where = ("metadata", "name")
    if len(name) > limit:
        yield _finding(
            where, f"{kind} name has {len(name)} characters; Argo allows {limit}"
        )
    if not DNS1123_SUBDOMAIN.fullmatch(name) and "{{" not in name:
        yield _finding(where, f"{_quote(name)} is not a valid name: {_SUBDOMAIN_RULE}")


_SUBDOMAIN_RULE = (
    "use lower-case letters, digits, '-' and '.', starting and ending with a "
    "letter or digit"
)


def _workflow_spec(
    spec: Any, at: Segments, needs_entrypoint: bool
) -> Iterator[Finding]:
    templates = spec.templates or []
    names = {t.name for t in templates if t.name}
    check_refs = spec.workflow_template_ref is None

    if spec.arguments is not None:
        yield from _arguments(spec.arguments, (*at, "arguments"), True)
    if spec.pod_gc is not None:
        yield from _pod_gc(spec.pod_gc, (*at, "podGC"))
    yield from _pod_resources(spec, at)
    if spec.retry_strategy is not None:
        yield from _retry_strategy(spec.retry_strategy, (*at, "retryStrategy"), False)
    if spec.template_defaults is not None:
        yield from _template_fields(
            spec.template_defaults, (*at, "templateDefaults"), defaults=True
        )
    for index, template in enumerate(templates):
        if template.name is None:  # an inline template needs none; these do
            yield _finding(
                (*at, "templates", index, "name"), "template name is required"
            )
        yield from _template(template, (*at, "templates", index), names, check_refs)
    yield from _unique_names(templates, (*at, "templates"), "template")
    for index, claim in enumerate(spec.volume_claim_templates or []):
        if claim.spec is not None and claim.spec.resources is not None:
            where = (*at, "volumeClaimTemplates", index, "spec", "resources")
            yield from _resources(claim.spec.resources, where)
    yield from _volumes(spec.volumes, (*at, "volumes"), _SPEC_VOLUME_TWICE)

    if check_refs:
        if spec.entrypoint:
            yield from _reference(spec.entrypoint, names, (*at, "entrypoint"))
        elif needs_entrypoint:
            yield _finding((*at, "entrypoint"), "spec.entrypoint is required")
        if spec.on_exit:
            yield from _reference(spec.on_exit, names, (*at, "onExit"))
        yield from _hooks(spec.hooks, (*at, "hooks"), names)


def _template(
    template: Any, at: Segments, names: set[str], check_refs: bool
) -> Iterator[Finding]:
    if template.name is not None:
        yield from _template_name(template, at)
    if template.memoize is not None:
        yield from _memoize(template.memoize, (*at, "memoize"))
    yield from _template_fields(template, at, defaults=False)
    if template.dag is not None:
        yield from _dag(template.dag, (*at, "dag"), names, check_refs)
    for group_index, group in enumerate(template.steps or []):
        steps = group.steps if hasattr(group, "steps") else group
        for index, step in enumerate(steps or []):
            where = (*at, "steps", group_index, index)
            yield from _invocation(step, where, names, check_refs)
    yield from _step_names(template, at)


def _template_name(template: Any, at: Segments) -> Iterator[Finding]:
    name = template.name
    yield from _argo_name(name, (*at, "name"), "template")
    runs_pod = any(
        getattr(template, part, None) is not None
        for part in ("container", "script", "resource", "container_set")
    )
    if runs_pod and _ARGO_NAME.fullmatch(name) and not _POD_NAME_PART.fullmatch(name):
        yield _finding(
            (*at, "name"),
            f"template name {_quote(name)} becomes part of its pod name, which must "
            f"be lower case; rename it {_quote(name.lower())}",
        )


def _argo_name(name: str, at: Segments, what: str) -> Iterator[Finding]:
    if not name:
        yield _finding(at, f"{what} name is required")
    elif len(name) > _ARGO_NAME_MAX:
        yield _finding(
            at, f"{what} name has {len(name)} characters; Argo allows {_ARGO_NAME_MAX}"
        )
    elif not _ARGO_NAME.fullmatch(name):
        yield _finding(
            at,
            f"{what} name {_quote(name)} is invalid: use letters, digits and '-', "
            "starting with a letter or digit",
        )


def _unique_names(items: list[Any], at: Segments, what: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.name in seen:
            yield _finding(
                (*at, index, "name"), f"{what} name {_quote(item.name)} is not unique"
            )
        elif item.name:
            seen.add(item.name)


def _step_names(template: Any, at: Segments) -> Iterator[Finding]:
    seen: set[str] = set()
    for group_index, group in enumerate(template.steps or []):
        steps = group.steps if hasattr(group, "steps") else group
        for index, step in enumerate(steps or []):
            where = (*at, "steps", group_index, index, "name")
            if step.name is None:
                yield _finding(where, "step name is required")
                continue
            yield from _argo_name(step.name, where, "step")
            if step.name in seen:
                yield _finding(where, f"step name {_quote(step.name)} is not unique")
            seen.add(step.name)


def _memoize(memoize: Any, at: Segments) -> Iterator[Finding]:
    yield from _memoize_key(memoize.key, (*at, "key"))
    if memoize.max_age:
        yield from _max_age(memoize.max_age, (*at, "maxAge"))
    elif memoize.max_age is None:
        # The controller reads a missing maxAge as "never expires", but the API
        # server checks the full CRD first, and it requires the field.
        yield _finding(
            (*at, "maxAge"),
            "memoize has no maxAge; Argo's full CRDs require it (the API server "
            'refuses the manifest); write one, such as "24h"',
        )
    config_map = memoize.cache.config_map
    yield from _config_map_name(config_map.name, (*at, "cache", "configMap", "name"))


def _memoize_key(key: str, at: Segments) -> Iterator[Finding]:
    rule = "letters, digits and '-'"
    if "{{" in key:
        literal = "".join(_EXPRESSION.split(key))
        if not _KEY_CHARS.fullmatch(literal):
            bad = _first_bad(literal, _KEY_CHARS)
            yield _finding(
                at,
                f"memoize key {_quote(key)} has {_quote(bad)} outside {{{{...}}}}; a "
                f"key may hold only {rule}, and so must the values substituted into it",
            )
        elif (length := _hashed_key_length(key, literal)) is not None:
            shortest, longest = length
            if shortest > DNS1123_SUBDOMAIN_MAX:
                yield _finding(
                    at,
                    f"memoize key has {shortest} characters once substituted; "
                    "at most 253 fit",
                )
            elif longest > DNS1123_SUBDOMAIN_MAX:
                yield _finding(
                    at,
                    f"memoize key may have up to {longest} characters once "
                    "substituted; at most 253 fit",
                    "warning",
                )
        else:
            yield _finding(
                at,
                f"memoize key {_quote(key)} is templated; the substituted values must "
                f"also hold only {rule}",
                "warning",
            )
    elif not key:
        yield _finding(at, "memoize key is empty; give a key of " + rule)
    elif len(key) > DNS1123_SUBDOMAIN_MAX:
        yield _finding(at, f"memoize key has {len(key)} characters; at most 253 fit")
    elif not _KEY.fullmatch(key):
        yield _finding(
            at,
            f"memoize key {_quote(key)} is invalid: use {rule}, "
            "starting with a letter or digit",
        )


def _hashed_key_length(key: str, literal: str) -> tuple[int, int] | None:
    """Return the (shortest, longest) substituted length of a hashed key, or None.

    A key qualifies when it does not start with ``-`` and every ``{{...}}``
    in it is one call ``{{=sprig.sha256sum(...)}}`` (or ``sha1sum``,
    ``adler32sum``): sprig returns hexadecimal digits (decimal
    for adler32sum), so the key stays valid whatever the argument is.
    """
    if key[:1] == "-":
        return None
    shortest = longest = len(literal)
    for match in _EXPRESSION.finditer(key):
        name = _hash_call(match.group()[2:-2])
        if name is None:
            return None
        low, high = _HASHES[name]
        shortest, longest = shortest + low, longest + high
    return shortest, longest


@functools.lru_cache(maxsize=4096)
def _hash_call(tag: str) -> str | None:
    """Return the sprig hash function if ``tag`` is ``=sprig.<hash>(...)``, else None.

    Argo reads a tag starting with ``=`` as an expr-lang expression
    (``parseTag``); the call must span the whole expression, so the scan
    skips expr's string literals to find the parenthesis closing it.
    """
    call = _HASH_CALL.match(tag, 1) if tag[:1] == "=" else None
    if call is None:
        return None
    depth, index, rest = 1, call.end(), tag.rstrip(" \t\n\r")
    while depth:
        token = _EXPR_TOKEN.match(rest, index)
        if token is None:  # the end, or a string left open
            return None
        char, index = token.group()[0], token.end()
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
    return call.group(1) if index == len(rest) else None


def _max_age(max_age: str, at: Segments) -> Iterator[Finding]:
    if "{{" in max_age:
        return
    try:
        parse_go_duration(max_age)
    except ValueError as exc:
        yield _finding(
            at,
            f"maxAge {_quote(max_age)} is not a Go duration ({exc}); write it like "
            '"24h", "90m" or "1h30m" with units ns, us, ms, s, m, h',
        )


def _config_map_name(name: str | None, at: Segments) -> Iterator[Finding]:
    if not name:
        yield _finding(at, "memoize cache needs a ConfigMap name")
    elif "{{" in name:
        literal = "".join(_EXPRESSION.split(name))
        if not _SUBDOMAIN_CHARS.fullmatch(literal):
            bad = _first_bad(literal, _SUBDOMAIN_CHARS)
            yield _finding(
                at,
                f"ConfigMap name {_quote(name)} has {_quote(bad)} outside "
                f"{{{{...}}}}; {_SUBDOMAIN_RULE}",
            )
    elif len(name) > DNS1123_SUBDOMAIN_MAX:
        yield _finding(
            at, f"ConfigMap name has {len(name)} characters; at most 253 fit"
        )
    elif not DNS1123_SUBDOMAIN.fullmatch(name):
        yield _finding(
            at, f"ConfigMap name {_quote(name)} is invalid: {_SUBDOMAIN_RULE}"
        )


def _first_bad(text: str, allowed: re.Pattern[str]) -> str:
    return next(char for char in text if not allowed.fullmatch(char))


def _reference(name: str, names: set[str], at: Segments) -> Iterator[Finding]:
    if name not in names and "{{" not in name:
        yield _finding(at, f"template {_quote(name)} is not defined in this manifest")


def _hooks(hooks: Any, at: Segments, names: set[str]) -> Iterator[Finding]:
    for event, hook in (hooks or {}).items():
        if hook.template and hook.template_ref is None:
            yield from _reference(hook.template, names, (*at, event, "template"))


def _invocation(
    call: Any, at: Segments, names: set[str], check_refs: bool
) -> Iterator[Finding]:
    """Check a DAG task or a step: what it runs, and any inline template."""
    if call.arguments is not None:
        yield from _arguments(call.arguments, (*at, "arguments"), False)
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
    graph: dict[str, list[str]] = {}

    for index, task in enumerate(tasks):
        where = (*at, "tasks", index)
        yield from _argo_name(task.name, (*where, "name"), "task")
        if (uses_depends or uses_dependencies) and task.name[:1].isdigit():
            yield _finding(
                (*where, "name"),
                f"task name {_quote(task.name)} starts with a digit, which Argo "
                "rejects in a DAG that uses depends or dependencies",
            )
        yield from _invocation(task, where, names, check_refs)
        graph[task.name], problems = _task_dependencies(task, where, task_names)
        yield from problems
    yield from _unique_names(tasks, (*at, "tasks"), "task")

    if uses_depends and uses_dependencies:
        yield _finding(at, "a DAG may use depends or dependencies, not both")
    yield from _cycles(graph, tasks, at)


def _task_dependencies(
    task: Any, at: Segments, task_names: set[str]
) -> tuple[list[str], list[Finding]]:
    """Return the names ``task`` depends on, and findings for unknown ones."""
    found, findings = [], []
    for index, name in enumerate(task.dependencies or []):
        if name in task_names:
            found.append(name)
        else:
            findings.append(_finding((*at, "dependencies", index), _no_task(name)))
    for match in _DEPENDS_TOKEN.finditer(task.depends or ""):
        name, result = match.groups()
        if name not in task_names:
            findings.append(_finding((*at, "depends"), _no_task(name)))
        elif result is not None and result not in _TASK_RESULTS:
            results = ", ".join(sorted(_TASK_RESULTS))
            message = f'unknown task result "{name}.{result}"; use one of {results}'
            findings.append(_finding((*at, "depends"), message))
        else:
            found.append(name)
    return found, findings


def _no_task(name: str) -> str:
    return f"task {_quote(name)} is not defined in this DAG"


def _cycles(
    graph: dict[str, list[str]], tasks: list[Any], at: Segments
) -> Iterator[Finding]:
    cycle = _find_cycle(graph)
    if cycle:
        index = next(i for i, task in enumerate(tasks) if task.name == cycle[0])
        task = tasks[index]
        field = "depends" if task.depends else "dependencies"
        yield _finding(
            (*at, "tasks", index, field), "dependency cycle: " + " -> ".join(cycle)
        )


def _find_cycle(graph: dict[str, list[str]]) -> list[str]:
    """Return one cycle of ``graph`` as ``[a, b, ..., a]``, or ``[]``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in graph:
        if start in state:
            continue
        path, stack = [start], [iter(graph[start])]
        state[start] = 1
        while stack:
            child = next(stack[-1], None)
            if child is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(child) == 1:
                return [*path[path.index(child) :], child]
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append(iter(graph.get(child, [])))
    return []


# ---------------------------------------------------------------- fields


def _template_fields(template: Any, at: Segments, defaults: bool) -> Iterator[Finding]:
    """Check a template's (or the template defaults') own fields.

    ``defaults``: the template defaults, merged into each template by the
    controller (``mergedTemplateDefaultsInto``) after lint has run.
    """
    if template.inputs is not None:
        yield from _io_names(template.inputs, (*at, "inputs"), raw=True)
    if template.outputs is not None:
        yield from _io_names(template.outputs, (*at, "outputs"), raw=False)
    if template.retry_strategy is not None:
        where = (*at, "retryStrategy")
        yield from _retry_strategy(template.retry_strategy, where, not defaults)
    if template.timeout:
        yield from _timeout(template, (*at, "timeout"), defaults)
    yield from _pod_resources(template, at)
    yield from _template_containers(template, at)
    yield from _volumes(template.volumes, (*at, "volumes"), _TEMPLATE_VOLUME_TWICE)


def _arguments(arguments: Any, at: Segments, raw: bool) -> Iterator[Finding]:
    yield from _io_names(arguments, at, raw)


def _io_names(holder: Any, at: Segments, raw: bool) -> Iterator[Finding]:
    """Check parameter and artifact names of arguments, inputs or outputs.

    ``raw``: Argo checks these names before substituting (workflow arguments,
    template inputs), so a ``{{...}}`` name is refused; otherwise after it.
    """
    for field, what in (("artifacts", "artifact"), ("parameters", "parameter")):
        seen: set[str] = set()
        for index, item in enumerate(getattr(holder, field) or []):
            name, where = item.name, (*at, field, index, "name")
            if not name:
                yield _finding(where, f"{what} name is required")
            elif not raw and "{{" in name:
                continue
            elif not _PARAM_NAME.fullmatch(name):
                yield _finding(
                    where,
                    f"{what} name {_quote(name)} is invalid: use letters, digits, "
                    "'_' and '-'",
                )
            elif name in seen:
                yield _finding(where, f"{what} name {_quote(name)} is not unique")
            seen.add(name)


def _enum(
    value: str | None, allowed: tuple[str, ...], at: Segments, what: str, raw: bool
) -> Iterator[Finding]:
    """Check ``value`` is empty or one of ``allowed``.

    ``raw``: Argo checks the value before substituting, so ``{{...}}`` fails.
    """
    if value and value not in allowed and (raw or "{{" not in value):
        choices = ", ".join(allowed)
        yield _finding(at, f"{what} {_quote(value)} is not valid; use one of {choices}")


def _pod_gc(pod_gc: Any, at: Segments) -> Iterator[Finding]:
    strategy = pod_gc.strategy
    yield from _enum(
        strategy, _POD_GC_STRATEGIES, (*at, "strategy"), "podGC strategy", True
    )


def _retry_strategy(strategy: Any, at: Segments, raw: bool) -> Iterator[Finding]:
    backoff = strategy.backoff
    if backoff is not None:
        where = (*at, "backoff")
        for field, wire in (
            ("cap", "cap"),
            ("duration", "duration"),
            ("max_duration", "maxDuration"),
        ):
            value = getattr(backoff, field)
            if value and "{{" not in value:
                yield from _seconds_or_duration(
                    value, (*where, wire), f"backoff {wire}"
                )
        if not backoff.duration:
            yield _finding(
                (*where, "duration"),
                "backoff has no duration; Argo fails the retry without one; write "
                'one, such as "10s"',
            )
        yield from _int_or_string(backoff.factor, (*where, "factor"), "backoff factor")
    yield from _int_or_string(strategy.limit, (*at, "limit"), "retryStrategy limit")
    yield from _enum(
        strategy.retry_policy,
        _RETRY_POLICIES,
        (*at, "retryPolicy"),
        "retryPolicy",
        raw,
    )


@functools.lru_cache(maxsize=4096)
def _duration_problem(value: str) -> str | None:
    """Return why Go's time.ParseDuration refuses ``value``, or None.

    Cached: the same values come back in template after template.
    """
    try:
        parse_go_duration(value)
    except ValueError as exc:
        return str(exc)
    return None


_quantity_problem = functools.lru_cache(maxsize=4096)(quantity_error)


def _go_atoi(value: str) -> bool:
    """Whether Go's strconv.Atoi reads ``value`` (64-bit int)."""
    return bool(_ATOI.fullmatch(value)) and int(value) in _INT64


def _int_or_string(value: object, at: Segments, what: str) -> Iterator[Finding]:
    if isinstance(value, str) and "{{" not in value and not _go_atoi(value):
        yield _finding(
            at, f"{what} {_quote(value)} is not an integer; write a whole number"
        )


def _seconds_or_duration(value: str, at: Segments, what: str) -> Iterator[Finding]:
    """Check ``value`` as ParseStringToDuration reads it: seconds or a Go duration."""
    if _go_atoi(value):
        return
    problem = _duration_problem(value)
    if problem:
        yield _finding(
            at,
            f"{what} {_quote(value)} is not a duration ({problem}); write seconds "
            'such as "30" or a Go duration such as "30s", "2m" or "1h"',
        )


def _timeout(template: Any, at: Segments, defaults: bool) -> Iterator[Finding]:
    timeout = template.timeout
    if not defaults:
        kind = next(
            (
                (name, leaf)
                for name, leaf in _TEMPLATE_TYPES
                if getattr(template, name, None) is not None
            ),
            None,
        )
        if kind is not None and not kind[1]:
            yield _finding(
                at,
                f"a {kind[0]} template cannot have a timeout; set it on the "
                "templates it runs, or use activeDeadlineSeconds",
            )
            return
    if "{{" in timeout:
        return
    if _go_atoi(timeout):
        yield _finding(
            at,
            f"timeout {_quote(timeout)} has no unit; write it like "
            f'"{timeout.lstrip("+")}s", "5m" or "1h"',
        )
        return
    problem = _duration_problem(timeout)
    if problem:
        yield _finding(
            at,
            f"timeout {_quote(timeout)} is not a Go duration ({problem}); write it "
            'like "30s", "5m" or "1h30m" with units ns, us, ms, s, m, h',
        )


def _template_containers(template: Any, at: Segments) -> Iterator[Finding]:
    """Check every container of a template, in field order."""
    container = template.container
    if container is not None:
        mounts = yield from _container(container, (*at, "container"))
        yield from _artifact_paths(
            template.inputs, (*at, "inputs", "artifacts"), mounts
        )
    container_set = template.container_set
    if container_set is not None:
        where = (*at, "containerSet")
        retry = container_set.retry_strategy
        if retry is not None and retry.duration and "{{" not in retry.duration:
            yield from _positive_duration(
                retry.duration, (*where, "retryStrategy", "duration")
            )
        for index, node in enumerate(container_set.containers or []):
            yield from _container(node, (*where, "containers", index))
        yield from _mount_paths(container_set.volume_mounts, (*where, "volumeMounts"))
    for index, init in enumerate(template.init_containers or []):
        yield from _container(init, (*at, "initContainers", index))
    if template.script is not None:
        yield from _container(template.script, (*at, "script"))
    for index, sidecar in enumerate(template.sidecars or []):
        yield from _container(sidecar, (*at, "sidecars", index))


def _positive_duration(value: str, at: Segments) -> Iterator[Finding]:
    try:
        nanoseconds = parse_go_duration(value)
    except ValueError as exc:
        yield _finding(
            at,
            f"duration {_quote(value)} is not a Go duration ({exc}); write it like "
            '"10s" or "1m" with units ns, us, ms, s, m, h',
        )
        return
    if nanoseconds < 0:
        yield _finding(
            at, f"duration {_quote(value)} is negative; write a positive one"
        )


def _container(
    container: Any, at: Segments
) -> Generator[Finding, None, dict[str, int]]:
    """Check one container; return its mountPaths and their indexes."""
    yield from _enum(
        container.image_pull_policy,
        _PULL_POLICIES,
        (*at, "imagePullPolicy"),
        "imagePullPolicy",
        False,
    )
    if container.resources is not None:
        yield from _resources(container.resources, (*at, "resources"))
    return (yield from _mount_paths(container.volume_mounts, (*at, "volumeMounts")))


def _mount_paths(
    mounts: list[Any] | None, at: Segments
) -> Generator[Finding, None, dict[str, int]]:
    seen: dict[str, int] = {}
    for index, mount in enumerate(mounts or []):
        path = mount.mount_path
        if path in seen:
            yield _finding(
                (*at, index, "mountPath"),
                f"mountPath {_quote(path)} is already mounted by "
                f"volumeMounts[{seen[path]}]; mount each path once per container",
            )
        else:
            seen[path] = index
    return seen


def _artifact_paths(
    inputs: Any, at: Segments, mounts: dict[str, int]
) -> Iterator[Finding]:
    """Input artifact paths of a container template collide with no mountPath."""
    if inputs is None or not inputs.artifacts:
        return
    paths = {path: f"container.volumeMounts[{i}]" for path, i in mounts.items()}
    for index, artifact in enumerate(inputs.artifacts):
        path = artifact.path
        if not path:
            continue
        if path in paths:
            yield _finding(
                (*at, index, "path"),
                f"input artifact path {_quote(path)} is already used by "
                f"{paths[path]}; give the artifact a path of its own",
            )
        else:
            paths[path] = f"inputs.artifacts[{index}]"


def _pod_resources(holder: Any, at: Segments) -> Iterator[Finding]:
    resources = getattr(holder, "pod_resources", None)  # 4.1 only
    if resources is not None:
        yield from _resources(resources, (*at, "podResources"))


def _resources(resources: Any, at: Segments) -> Iterator[Finding]:
    for field in ("limits", "requests"):
        for name, value in (getattr(resources, field) or {}).items():
            yield from _quantity(value, (*at, field, name), f"{name} {field[:-1]}")


def _quantity(value: object, at: Segments, what: str) -> Iterator[Finding]:
    if not isinstance(value, str):
        return  # a JSON number: always a valid Quantity
    problem = _quantity_problem(value)
    if problem is None:
        return
    hint = (
        "; Argo reads quantities before it substitutes {{...}}: template "
        "resources with podSpecPatch"
        if "{{" in value
        else ""
    )
    yield _finding(
        at,
        f"{what} {_quote(value)} is not a Kubernetes quantity ({problem}); write "
        f'it like "500m", "2", "1.5Gi" or "256Mi"{hint}',
    )


_SPEC_VOLUME_TWICE = "Argo mounts only the first volume of a name"
_TEMPLATE_VOLUME_TWICE = "Kubernetes refuses a pod with two volumes of one name"


def _volumes(volumes: list[Any] | None, at: Segments, why: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, volume in enumerate(volumes or []):
        if volume.name in seen:
            yield _finding(
                (*at, index, "name"),
                f"volume name {_quote(volume.name)} is not unique; {why}; rename "
                "or remove one",
            )
        seen.add(volume.name)
        empty_dir = volume.empty_dir
        if empty_dir is not None and empty_dir.size_limit is not None:
            where = (*at, index, "emptyDir", "sizeLimit")
            yield from _quantity(empty_dir.size_limit, where, "sizeLimit")


# ---------------------------------------------------------------- cron


def _cron_workflow(spec: Any) -> Iterator[Finding]:
    at: Segments = ("spec",)
    schedules = spec.schedules or []
    single = getattr(spec, "schedule", None)  # 3.7 only
    if single:
        if schedules:
            yield _finding(
                (*at, "schedule"),
                "set schedule or schedules, not both; move schedule into schedules",
            )
        yield from _schedule(single, (*at, "schedule"))
    elif not schedules and not hasattr(spec, "schedule"):
        yield _finding(
            (*at, "schedules"), "a CronWorkflow needs at least one schedule; add one"
        )
    for index, schedule in enumerate(schedules):
        yield from _schedule(schedule, (*at, "schedules", index))
    if spec.timezone:
        problem = location_error(spec.timezone)
        if problem:
            yield _finding(
                (*at, "timezone"),
                f"timezone {_quote(spec.timezone)} is invalid ({problem}); use an "
                'IANA name such as "Europe/Paris" or "UTC"',
            )


def _schedule(schedule: str, at: Segments) -> Iterator[Finding]:
    problem = cron_error(schedule)
    if problem:
        yield _finding(
            at,
            f"schedule {_quote(schedule)} is invalid ({problem}); write 5 fields "
            '(minute hour day-of-month month day-of-week) such as "0 2 * * *", '
            'or "@daily" or "@every 1h"',
        )


def _key_selectors(manifest: msgspec.Struct) -> Iterator[Finding]:
    """Find every ConfigMapKeySelector in ``manifest`` that lacks its key."""
    return _selectors_under(manifest, (), _selector_routes(type(manifest)))


def _selectors_under(
    value: Any, at: Segments, routes: dict[type, Route]
) -> Iterator[Finding]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _selectors_under(item, (*at, index), routes)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _selectors_under(item, (*at, key), routes)
    elif type(value).__name__ == _SELECTOR:
        if not value.key and at[-3:] != _KEY_OPTIONAL_AT:
            message = f"{at[-1]} needs a key: add key: with the ConfigMap key to read"
            yield _finding(at, message)
    else:
        for name, wire in routes.get(type(value), ()):
            child = getattr(value, name)
            if child is not None:
                yield from _selectors_under(child, (*at, wire), routes)


_SELECTOR = "ConfigMapKeySelector"


Route = tuple[tuple[str, str], ...]


@functools.cache
def _selector_routes(root: type[msgspec.Struct]) -> dict[type, Route]:
    """Return the fields that can lead to a ConfigMapKeySelector, per class.

    Each Struct class under ``root`` that can hold one maps to its
    ``(attribute, wire name)`` fields on the way there.

    Walking only these fields skips the bulk of a manifest (containers' other
    fields, DAG tasks, arguments): a 2,000-template walk drops from ~50 ms.
    """
    fields: dict[type, list[tuple[str, str, set[type]]]] = {}
    todo = [msgspec.inspect.type_info(root)]
    while todo:
        info = todo.pop()
        if not isinstance(info, msgspec.inspect.StructType) or info.cls in fields:
            continue
        entries = fields[info.cls] = []
        for field in info.fields:
            inner = _structs_in(field.type)
            if inner:
                entries.append((field.name, field.encode_name, {s.cls for s in inner}))
                todo.extend(inner)
    leads = {cls for cls in fields if cls.__name__ == _SELECTOR}
    grew = True
    while grew:  # a fixpoint: Template -> DAGTask -> (inline) Template is a cycle
        before = len(leads)
        leads |= {
            cls
            for cls, entries in fields.items()
            if any(children & leads for _, _, children in entries)
        }
        grew = len(leads) > before
    return {
        cls: tuple((name, wire) for name, wire, to in fields[cls] if to & leads)
        for cls in leads
        if cls.__name__ != _SELECTOR
    }


def _structs_in(kind: msgspec.inspect.Type) -> list[msgspec.inspect.StructType]:
    """Return the Struct types a value of type ``kind`` may contain directly."""
    if isinstance(kind, msgspec.inspect.StructType):
        return [kind]
    if isinstance(kind, msgspec.inspect.Metadata):
        return _structs_in(kind.type)
    if isinstance(kind, msgspec.inspect.UnionType):
        return [s for member in kind.types for s in _structs_in(member)]
    if isinstance(kind, (msgspec.inspect.ListType, msgspec.inspect.VarTupleType)):
        return _structs_in(kind.item_type)
    if isinstance(kind, msgspec.inspect.DictType):
        return _structs_in(kind.value_type)
    return []
