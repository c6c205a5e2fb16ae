"""Names: of the manifest, its templates, steps and tasks, parameters and artifacts.

Limits are Argo's own (facts from ``workflow/validate/validate.go`` and
``workflow/util/pod_name.go`` in argoproj/argo-workflows): template, step and
task names match ``[a-zA-Z0-9][-a-zA-Z0-9]*`` and have at most 128
characters; a DAG task name may not start with a digit when the DAG uses
``depends`` or ``dependencies``; Workflow and template names have at most 63
characters, CronWorkflow names 52 (a timestamp suffix is added). Pods are
named ``<workflow>-<template>-<hash>``, so a template that runs a pod needs a
lower-case name, as Kubernetes pod names do.

Parameter and artifact names (workflow arguments, template inputs and
outputs, step and task arguments) match ``[-a-zA-Z0-9_]+`` and are unique in
their list: ``validateWorkflowFieldNames`` / ``isValidParamOrArtifactName``
(Argo 4.0.5 and 3.7.18). Workflow arguments and template inputs are
checked before substitution, so a ``{{...}}`` name is refused there; outputs
and step/task arguments after ``ProcessArgs`` has substituted the template's
workflow and input variables, but not ``{{item}}`` or step and task outputs
(see ``_lint_scope``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import msgspec

from argo_spec._findings import SUBDOMAIN_RULE, Finding, Segments, finding, quote
from argo_spec._kube import DNS1123_SUBDOMAIN
from argo_spec._lint_scope import NameScope

_ARGO_NAME = re.compile(r"[a-zA-Z0-9][-a-zA-Z0-9]*")
_ARGO_NAME_MAX = 128
_POD_NAME_PART = re.compile(r"[a-z0-9][-a-z0-9]*")
_PARAM_NAME = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDER = "__argo__internal__placeholder-"
_NAME_MAX = {"CronWorkflow": 52}
_OBJECT_NAME_MAX = 63


def check_object_name(manifest: msgspec.Struct, kind: str) -> Iterator[Finding]:
    """Check ``metadata.name``: its length for ``kind``, and DNS subdomain rules."""
    name = manifest.metadata.name  # type: ignore[attr-defined]
    if name is None:
        return
    limit = _NAME_MAX.get(kind, _OBJECT_NAME_MAX)
    where = ("metadata", "name")
    if len(name) > limit:
        yield finding(
            where, f"{kind} name has {len(name)} characters; Argo allows {limit}"
        )
    if not DNS1123_SUBDOMAIN.fullmatch(name) and "{{" not in name:
        yield finding(where, f"{quote(name)} is not a valid name: {SUBDOMAIN_RULE}")


def check_template_name(template: Any, at: Segments) -> Iterator[Finding]:
    """Check a template's name, lower case when it names a pod."""
    name = template.name
    yield from check_argo_name(name, (*at, "name"), "template")
    runs_pod = any(
        getattr(template, part, None) is not None
        for part in ("container", "script", "resource", "container_set")
    )
    if runs_pod and _ARGO_NAME.fullmatch(name) and not _POD_NAME_PART.fullmatch(name):
        yield finding(
            (*at, "name"),
            f"template name {quote(name)} becomes part of its pod name, which must "
            f"be lower case; rename it {quote(name.lower())}",
        )


def check_argo_name(name: str, at: Segments, what: str) -> Iterator[Finding]:
    """Check a template, step or task name against Argo's rule and limit."""
    if not name:
        yield finding(at, f"{what} name is required")
    elif len(name) > _ARGO_NAME_MAX:
        yield finding(
            at, f"{what} name has {len(name)} characters; Argo allows {_ARGO_NAME_MAX}"
        )
    elif not _ARGO_NAME.fullmatch(name):
        yield finding(
            at,
            f"{what} name {quote(name)} is invalid: use letters, digits and '-', "
            "starting with a letter or digit",
        )


def check_task_name(
    name: str, at: Segments, has_dependencies: bool
) -> Iterator[Finding]:
    """Check a DAG task's name; ``has_dependencies``: Argo reads it in depends."""
    yield from check_argo_name(name, at, "task")
    if has_dependencies and name[:1].isdigit():
        yield finding(
            at,
            f"task name {quote(name)} starts with a digit, which Argo "
            "rejects in a DAG that uses depends or dependencies",
        )


def check_unique_names(items: list[Any], at: Segments, what: str) -> Iterator[Finding]:
    """Report each item of ``items`` whose name an earlier one already has."""
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.name in seen:
            yield finding(
                (*at, index, "name"), f"{what} name {quote(item.name)} is not unique"
            )
        elif item.name:
            seen.add(item.name)


def check_step_names(template: Any, at: Segments) -> Iterator[Finding]:
    """Check the names of a steps template's steps, unique across its groups."""
    seen: set[str] = set()
    for group_index, group in enumerate(template.steps or []):
        steps = group.steps if hasattr(group, "steps") else group
        for index, step in enumerate(steps or []):
            where = (*at, "steps", group_index, index, "name")
            if step.name is None:
                yield finding(where, "step name is required")
                continue
            yield from check_argo_name(step.name, where, "step")
            if step.name in seen:
                yield finding(where, f"step name {quote(step.name)} is not unique")
            seen.add(step.name)


def check_io_names(
    holder: Any,
    at: Segments,
    raw: bool,
    scope: Callable[[], NameScope] | None = None,
) -> Iterator[Finding]:
    """Check parameter and artifact names of arguments, inputs or outputs.

    ``raw``: Argo checks these names before substituting (workflow arguments,
    template inputs), so a ``{{...}}`` name is refused. Otherwise they are
    checked as ``scope`` substitutes them; without a scope, a templated name
    is left alone.
    """
    rule = "use letters, digits, '_' and '-'"
    for field, what in (("artifacts", "artifact"), ("parameters", "parameter")):
        seen: set[str] = set()
        for index, item in enumerate(getattr(holder, field) or []):
            name, where = item.name, (*at, field, index, "name")
            if not name:
                yield finding(where, f"{what} name is required")
                continue
            resolved, left = name, None
            if not raw and "{{" in name:
                substituted = scope().substitute(name) if scope else None
                if substituted is None:
                    continue
                resolved, left = substituted
            if left is not None and not _PARAM_NAME.fullmatch(resolved):
                yield finding(
                    where,
                    f"{what} name {quote(name)} is invalid: Argo checks it before "
                    f"it substitutes {left}; {rule}, or workflow.* and inputs.* "
                    "variables only",
                )
            elif not _PARAM_NAME.fullmatch(resolved):
                shown = resolved != name and _PLACEHOLDER not in resolved
                becomes = f" (it becomes {quote(resolved)})" if shown else ""
                yield finding(
                    where, f"{what} name {quote(name)}{becomes} is invalid: {rule}"
                )
            elif resolved in seen:
                yield finding(where, f"{what} name {quote(name)} is not unique")
            seen.add(resolved)
