"""validate's checks that follow Argo's and Kubernetes' Go code (see _validate).

Each rule has manifests that break it, with the exact finding, and valid
variants that must pass, template expressions included. Where Argo's lint
implements the rule, the oracle (tests/argolint) must refuse the same bad
manifests and accept the good ones; the other rules fail only at run time
(the controller, or Kubernetes creating the pod), which lint does not see.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

import argo_spec
from argo_spec._cron import cron_error
from argo_spec._quantity import quantity_error
from argo_spec._validate import validate
from tests.argolint.oracle import Oracle

LINES = ("4.1", "3.7")
ORACLE_LINES = {"v4": "4.1", "v3": "3.7"}
HASH = "{{=sprig.sha256sum(workflow.parameters.run_id)}}"


def _template(**fields: Any) -> dict[str, Any]:
    template: dict[str, Any] = {"name": "main", "container": {"image": "alpine:3"}}
    template.update(fields)
    return {key: value for key, value in template.items() if value is not None}


def _workflow(spec: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Workflow",
        "metadata": {"name": "wf"},
        "spec": {"entrypoint": "main", "templates": [_template(**fields)]}
        | (spec or {}),
    }


def _dag(task: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A workflow whose entrypoint DAG runs ``main`` as one task."""
    document = _workflow(**fields)
    dag = {"name": "dag", "dag": {"tasks": [{"name": "a", "template": "main"} | task]}}
    document["spec"]["entrypoint"] = "dag"
    document["spec"]["templates"].append(dag)
    return document


def _steps(step: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A workflow whose entrypoint steps template runs ``main`` as one step."""
    document = _workflow(**fields)
    steps = {"name": "steps", "steps": [[{"name": "a", "template": "main"} | step]]}
    document["spec"]["entrypoint"] = "steps"
    document["spec"]["templates"].append(steps)
    return document


def _with_arguments(*parameters: dict[str, Any]) -> dict[str, Any]:
    return _workflow({"arguments": {"parameters": list(parameters)}})


def _dag_of(*tasks: dict[str, Any]) -> dict[str, Any]:
    """A workflow whose entrypoint DAG runs ``main`` once per task given."""
    document = _workflow()
    tasks_ = [{"template": "main"} | task for task in tasks]
    document["spec"]["entrypoint"] = "dag"
    document["spec"]["templates"].append({"name": "dag", "dag": {"tasks": tasks_}})
    return document


DIGIT_TASK = (
    "starts with a digit, which Argo rejects in a DAG that uses depends or dependencies"
)


def _dag_with_timeout(timeout: str) -> dict[str, Any]:
    document = _dag({})
    document["spec"]["templates"][1]["timeout"] = timeout
    return document


def _cron(*schedules: str, timezone: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "schedules": list(schedules),
        "workflowSpec": _workflow()["spec"],
    }
    if timezone is not None:
        spec["timezone"] = timezone
    return {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "CronWorkflow",
        "metadata": {"name": "cw"},
        "spec": spec,
    }


def _resources(value: str, field: str = "requests") -> dict[str, Any]:
    return _workflow(
        container={"image": "alpine:3", "resources": {field: {"cpu": value}}}
    )


def _mounts(holder: str, *paths: str) -> dict[str, Any]:
    mounts = [{"name": f"v{i}", "mountPath": p} for i, p in enumerate(paths)]
    volumes = [{"name": f"v{i}", "emptyDir": {}} for i in range(len(paths))]
    container: dict[str, Any] = {"image": "alpine:3", "volumeMounts": mounts}
    if holder == "script":
        return _workflow(container=None, script=container | {"source": "echo"})
    return _workflow(volumes=volumes, **{holder: container})


def _ephemeral(size: str) -> dict[str, Any]:
    """A generic ephemeral volume whose claim asks for ``size`` of storage."""
    claim = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {}}}
    claim["resources"]["requests"]["storage"] = size
    return {"name": "e", "ephemeral": {"volumeClaimTemplate": {"spec": claim}}}


def _divisor(divisor: str) -> dict[str, Any]:
    """A resourceFieldRef of the main container's CPU limit."""
    return {"containerName": "main", "resource": "limits.cpu", "divisor": divisor}


def _env(divisor: str) -> list[dict[str, Any]]:
    return [{"name": "E", "valueFrom": {"resourceFieldRef": _divisor(divisor)}}]


def _step_names(*names: str, field: str = "parameters", **step: Any) -> dict[str, Any]:
    """A workflow whose one step passes arguments of these names."""
    if field == "parameters":
        items = [{"name": name, "value": "1"} for name in names]
    else:
        items = [{"name": name, "raw": {"data": "x"}} for name in names]
    return _steps({"arguments": {field: items}} | step)


def _task_names(*names: str, **task: Any) -> dict[str, Any]:
    """A workflow whose one DAG task passes parameters of these names."""
    items = [{"name": name, "value": "1"} for name in names]
    return _dag({"arguments": {"parameters": items}} | task)


def _with_arguments(document: dict[str, Any], **values: str) -> dict[str, Any]:
    parameters = [{"name": name, "value": value} for name, value in values.items()]
    document["spec"]["arguments"] = {"parameters": parameters}
    return document


def _with_inputs(document: dict[str, Any], **values: str) -> dict[str, Any]:
    """Give the second template (the entrypoint) input parameters.

    Their values also go into spec.arguments, which the entrypoint is bound to.
    """
    parameters = [{"name": name, "value": "v"} for name in values]
    document["spec"]["templates"][1]["inputs"] = {"parameters": parameters}
    return _with_arguments(document, **values)


def _findings(
    document: dict[str, Any], line: str, warnings: bool = False
) -> list[tuple[str, ...]]:
    manifest = argo_spec.from_dict(copy.deepcopy(document), argo_version=line)
    return [
        (f.path, f.severity, f.message) if warnings else (f.path, f.message)
        for f in validate(manifest, warnings=warnings)
    ]


class Bad(NamedTuple):
    id: str
    document: dict[str, Any]
    findings: list[tuple[str, str]]
    lint_refuses: bool  # Argo's lint implements the rule


class Good(NamedTuple):
    id: str
    document: dict[str, Any]


# ---------------------------------------------------------------- the cases

T0 = "$.spec.templates[0]"
NAME_RULE = "is invalid: use letters, digits, '_' and '-'"
RETRY = "is not valid; use one of Always, OnError, OnFailure, OnTransientError"
POD_GC = (
    "is not valid; use one of OnPodCompletion, OnPodSuccess, "
    "OnWorkflowCompletion, OnWorkflowSuccess"
)
PULL = "is not valid; use one of Always, IfNotPresent, Never"
QUANTITY = 'write it like "500m", "2", "1.5Gi" or "256Mi"'
SCHEDULE = (
    'write 5 fields (minute hour day-of-month month day-of-week) such as "0 2 * * *"'
    ', or "@daily" or "@every 1h"'
)
BACKOFF = 'write seconds such as "30" or a Go duration such as "30s", "2m" or "1h"'
GO_UNITS = 'like "30s", "5m" or "1h30m" with units ns, us, ms, s, m, h'
SUPPLIED = {"parameters": [{"name": "p", "value": "x"}]}
S0 = "$.spec.templates[1].steps[0][0].arguments"
D0 = "$.spec.templates[1].dag.tasks[0].arguments"
BEFORE = "'_' and '-', or workflow.* and inputs.* variables only"
TZ_TWICE = (
    'and spec.timezone is set too: the controller puts "CRON_TZ=Europe/Paris " '
    "before it and cannot parse the result, so the CronWorkflow never runs; "
    "remove the prefix or unset timezone"
)

ARG_READS = "an argument's valueFrom reads only configMapKeyRef, event or supplied"
BAD = [
    # validateArgumentsValues
    Bad(
        "step-argument-without-value",
        _steps(
            {"arguments": {"parameters": [{"name": "p"}]}},
            inputs={"parameters": [{"name": "p"}]},
        ),
        [
            (
                "$.spec.templates[1].steps[0][0].arguments.parameters[0]",
                'argument "p" has no value; give value or valueFrom',
            )
        ],
        True,
    ),
    Bad(
        "argument-value-from-expression",
        _workflow(
            {
                "arguments": {
                    "parameters": [{"name": "p", "valueFrom": {"expression": "1"}}]
                }
            }
        ),
        [
            (
                "$.spec.arguments.parameters[0].valueFrom.expression",
                f"{ARG_READS}, not expression; compute the value in a template and "
                "pass it as a parameter",
            )
        ],
        True,
    ),
    Bad(
        "argument-value-from-default-only",
        _workflow(
            {
                "arguments": {
                    "parameters": [{"name": "p", "valueFrom": {"default": "x"}}]
                }
            }
        ),
        [
            (
                "$.spec.arguments.parameters[0].valueFrom",
                "an argument's valueFrom needs configMapKeyRef, event or supplied",
            )
        ],
        True,
    ),
    Bad(
        "argument-enum-empty",
        _workflow(
            {"arguments": {"parameters": [{"name": "p", "value": "a", "enum": []}]}}
        ),
        [
            (
                "$.spec.arguments.parameters[0].enum",
                "enum is empty; list the allowed values",
            )
        ],
        True,
    ),
    Bad(
        "argument-value-not-in-enum",
        _workflow(
            {
                "arguments": {
                    "parameters": [{"name": "p", "value": "c", "enum": ["a", "b"]}]
                }
            }
        ),
        [
            (
                "$.spec.arguments.parameters[0].value",
                'value "c" is not in the enum; use one of a, b',
            )
        ],
        True,
    ),
    Bad(
        "argument-artifact-from-twice",
        _dag(
            {
                "arguments": {
                    "artifacts": [{"name": "a", "from": "{{x}}", "fromExpression": "y"}]
                }
            },
            inputs={"artifacts": [{"name": "a", "path": "/tmp/a"}]},
        ),
        [
            (
                "$.spec.templates[1].dag.tasks[0].arguments.artifacts[0].fromExpression",
                'artifact "a" gives both from and fromExpression; keep one',
            )
        ],
        True,
    ),
    Bad(
        "digit-task-with-dependencies",
        _dag_of({"name": "a"}, {"name": "2nd", "dependencies": ["a"]}),
        [("$.spec.templates[1].dag.tasks[1].name", f'task name "2nd" {DIGIT_TASK}')],
        True,
    ),
    Bad(
        # lint passes it; the controller's depends expression "1st.Succeeded" fails
        "digit-task-listed-as-dependency",
        _dag_of({"name": "1st"}, {"name": "b", "dependencies": ["1st"]}),
        [("$.spec.templates[1].dag.tasks[0].name", f'task name "1st" {DIGIT_TASK}')],
        False,
    ),
    # 1. parameter and artifact names
    Bad(
        "input-parameter-name",
        _workflow(inputs={"parameters": [{"name": "a.b"}]}),
        [(f"{T0}.inputs.parameters[0].name", f'parameter name "a.b" {NAME_RULE}')],
        True,
    ),
    Bad(
        "input-parameter-name-templated",  # checked before substitution
        _workflow(inputs={"parameters": [{"name": "{{workflow.name}}"}]}),
        [
            (
                f"{T0}.inputs.parameters[0].name",
                f'parameter name "{{{{workflow.name}}}}" {NAME_RULE}',
            )
        ],
        True,
    ),
    Bad(
        "input-parameter-name-twice",
        _workflow(inputs={"parameters": [{"name": "a"}, {"name": "a"}]}),
        [(f"{T0}.inputs.parameters[1].name", 'parameter name "a" is not unique')],
        True,
    ),
    Bad(
        "input-artifact-name",
        _workflow(
            inputs={"artifacts": [{"name": "a/b", "path": "/a", "raw": {"data": "x"}}]}
        ),
        [(f"{T0}.inputs.artifacts[0].name", f'artifact name "a/b" {NAME_RULE}')],
        True,
    ),
    Bad(
        "output-parameter-name",
        _workflow(
            outputs={"parameters": [{"name": "a b", "valueFrom": {"path": "/o"}}]}
        ),
        [(f"{T0}.outputs.parameters[0].name", f'parameter name "a b" {NAME_RULE}')],
        True,
    ),
    Bad(
        "workflow-argument-name",
        _workflow({"arguments": {"parameters": [{"name": "x:y", "value": "1"}]}}),
        [("$.spec.arguments.parameters[0].name", f'parameter name "x:y" {NAME_RULE}')],
        True,
    ),
    Bad(
        "dag-task-argument-name",
        _dag({"arguments": {"parameters": [{"name": "p!", "value": "1"}]}}),
        [
            (
                "$.spec.templates[1].dag.tasks[0].arguments.parameters[0].name",
                f'parameter name "p!" {NAME_RULE}',
            )
        ],
        True,
    ),
    Bad(
        "step-argument-name",
        _steps({"arguments": {"parameters": [{"name": "p q", "value": "1"}]}}),
        [
            (
                "$.spec.templates[1].steps[0][0].arguments.parameters[0].name",
                f'parameter name "p q" {NAME_RULE}',
            )
        ],
        True,
    ),
    # 2. enumerations
    Bad(
        "retry-policy",
        _workflow(retryStrategy={"retryPolicy": "OnFail"}),
        [(f"{T0}.retryStrategy.retryPolicy", f'retryPolicy "OnFail" {RETRY}')],
        True,
    ),
    Bad(
        "retry-policy-templated",  # checked before substitution
        _workflow(retryStrategy={"retryPolicy": "{{workflow.name}}"}),
        [
            (
                f"{T0}.retryStrategy.retryPolicy",
                f'retryPolicy "{{{{workflow.name}}}}" {RETRY}',
            )
        ],
        True,
    ),
    Bad(
        "retry-policy-workflow",  # processNodeRetries, at run time
        _workflow({"retryStrategy": {"retryPolicy": "always"}}),
        [("$.spec.retryStrategy.retryPolicy", f'retryPolicy "always" {RETRY}')],
        False,
    ),
    Bad(
        "retry-policy-template-defaults",
        _workflow({"templateDefaults": {"retryStrategy": {"retryPolicy": "Never"}}}),
        [
            (
                "$.spec.templateDefaults.retryStrategy.retryPolicy",
                f'retryPolicy "Never" {RETRY}',
            )
        ],
        False,
    ),
    Bad(
        "pod-gc-strategy",
        _workflow({"podGC": {"strategy": "OnSuccess"}}),
        [("$.spec.podGC.strategy", f'podGC strategy "OnSuccess" {POD_GC}')],
        True,
    ),
    Bad(
        "pod-gc-strategy-templated",
        _workflow({"podGC": {"strategy": "{{workflow.parameters.gc}}"}}),
        [
            (
                "$.spec.podGC.strategy",
                f'podGC strategy "{{{{workflow.parameters.gc}}}}" {POD_GC}',
            )
        ],
        True,
    ),
    Bad(
        "image-pull-policy",
        _workflow(container={"image": "alpine:3", "imagePullPolicy": "always"}),
        [(f"{T0}.container.imagePullPolicy", f'imagePullPolicy "always" {PULL}')],
        False,
    ),
    Bad(
        "image-pull-policy-sidecar-init-script",
        _workflow(
            container=None,
            script={"image": "a", "source": "x", "imagePullPolicy": "Sometimes"},
            initContainers=[{"name": "i", "image": "a", "imagePullPolicy": "No"}],
            sidecars=[{"name": "s", "image": "a", "imagePullPolicy": "Yes"}],
        ),
        [
            (f"{T0}.initContainers[0].imagePullPolicy", f'imagePullPolicy "No" {PULL}'),
            (f"{T0}.script.imagePullPolicy", f'imagePullPolicy "Sometimes" {PULL}'),
            (f"{T0}.sidecars[0].imagePullPolicy", f'imagePullPolicy "Yes" {PULL}'),
        ],
        False,
    ),
    Bad(
        "image-pull-policy-container-set-and-defaults",
        _workflow(
            {"templateDefaults": {"container": {"image": "a", "imagePullPolicy": "X"}}},
            container=None,
            containerSet={
                "containers": [
                    {"name": "main", "image": "a", "imagePullPolicy": "Maybe"}
                ]
            },
        ),
        [
            (
                "$.spec.templateDefaults.container.imagePullPolicy",
                f'imagePullPolicy "X" {PULL}',
            ),
            (
                f"{T0}.containerSet.containers[0].imagePullPolicy",
                f'imagePullPolicy "Maybe" {PULL}',
            ),
        ],
        False,
    ),
    # 3. durations
    Bad(
        "timeout-bare-number",
        _workflow(timeout="5"),
        [
            (
                f"{T0}.timeout",
                'timeout "5" has no unit; write it like "5s", "5m" or "1h"',
            )
        ],
        True,
    ),
    Bad(
        "timeout-zero",
        _workflow(timeout="0"),
        [
            (
                f"{T0}.timeout",
                'timeout "0" has no unit; write it like "0s", "5m" or "1h"',
            )
        ],
        True,
    ),
    Bad(
        "timeout-not-a-duration",  # checkTemplateTimeout, at run time
        _workflow(timeout="5 min"),
        [
            (
                f"{T0}.timeout",
                f'timeout "5 min" is not a Go duration (unknown unit " min"); write it '
                f"{GO_UNITS}",
            )
        ],
        False,
    ),
    Bad(
        "timeout-on-dag",
        _dag_with_timeout("1m"),
        [
            (
                "$.spec.templates[1].timeout",
                "a dag template cannot have a timeout; set it on the templates it "
                "runs, or use activeDeadlineSeconds",
            )
        ],
        True,
    ),
    Bad(
        "backoff-duration",
        _workflow(retryStrategy={"limit": 2, "backoff": {"duration": "1d"}}),
        [
            (
                f"{T0}.retryStrategy.backoff.duration",
                'backoff duration "1d" is not a duration (unknown unit "d"); '
                f"{BACKOFF}",
            )
        ],
        False,
    ),
    Bad(
        "backoff-max-duration-and-cap",
        _workflow(
            retryStrategy={
                "backoff": {"duration": "1", "maxDuration": "1h1", "cap": "x"}
            }
        ),
        [
            (
                f"{T0}.retryStrategy.backoff.cap",
                f'backoff cap "x" is not a duration (expected a number at "x"); '
                f"{BACKOFF}",
            ),
            (
                f"{T0}.retryStrategy.backoff.maxDuration",
                'backoff maxDuration "1h1" is not a duration (missing unit); '
                f"{BACKOFF}",
            ),
        ],
        False,
    ),
    Bad(
        "backoff-without-duration",
        _workflow(retryStrategy={"limit": 2, "backoff": {"maxDuration": "1h"}}),
        [
            (
                f"{T0}.retryStrategy.backoff.duration",
                "backoff has no duration; Argo fails the retry without one; write "
                'one, such as "10s"',
            )
        ],
        False,
    ),
    Bad(
        "container-set-retry-duration",
        _workflow(
            container=None,
            containerSet={
                "retryStrategy": {"retries": 2, "duration": "10"},
                "containers": [{"name": "main", "image": "a"}],
            },
        ),
        [
            (
                f"{T0}.containerSet.retryStrategy.duration",
                'duration "10" is not a Go duration (missing unit); write it like '
                '"10s" or "1m" with units ns, us, ms, s, m, h',
            )
        ],
        False,
    ),
    # 4. integers
    Bad(
        "retry-limit",
        _workflow(retryStrategy={"limit": "three"}),
        [
            (
                f"{T0}.retryStrategy.limit",
                'retryStrategy limit "three" is not an integer; write a whole number',
            )
        ],
        False,
    ),
    Bad(
        "backoff-factor",
        _workflow(retryStrategy={"backoff": {"duration": "1s", "factor": "1.5"}}),
        [
            (
                f"{T0}.retryStrategy.backoff.factor",
                'backoff factor "1.5" is not an integer; write a whole number',
            )
        ],
        False,
    ),
    # 5. quantities
    Bad(
        "quantity-space",
        _resources("1 cpu", "limits"),
        [
            (
                f"{T0}.container.resources.limits.cpu",
                f"cpu limit \"1 cpu\" is not a Kubernetes quantity (unexpected ' '); "
                f"{QUANTITY}",
            )
        ],
        True,
    ),
    Bad(
        "quantity-templated",  # Argo decodes quantities before substituting
        _workflow(
            inputs={"parameters": [{"name": "m"}]},
            container={
                "image": "a",
                "resources": {"requests": {"memory": "{{inputs.parameters.m}}"}},
            },
        ),
        [
            (
                f"{T0}.container.resources.requests.memory",
                'memory request "{{inputs.parameters.m}}" is not a Kubernetes '
                f"quantity (unexpected '{{'); {QUANTITY}; Argo reads quantities before "
                "it substitutes {{...}}: template resources with podSpecPatch",
            )
        ],
        True,
    ),
    Bad(
        "quantity-unknown-suffix",
        _resources("1Mb"),
        [
            (
                f"{T0}.container.resources.requests.cpu",
                "cpu request \"1Mb\" is not a Kubernetes quantity (unexpected 'b'); "
                f"{QUANTITY}",
            )
        ],
        True,
    ),
    Bad(
        "quantity-no-digits",
        _resources("Pi"),
        [
            (
                f"{T0}.container.resources.requests.cpu",
                'cpu request "Pi" is not a Kubernetes quantity (no digits in the '
                f"number); {QUANTITY}",
            )
        ],
        True,
    ),
    Bad(
        "quantity-bare-exponent",
        _resources("1e"),
        [
            (
                f"{T0}.container.resources.requests.cpu",
                "cpu request \"1e\" is not a Kubernetes quantity (unknown suffix 'e'); "
                f"{QUANTITY}",
            )
        ],
        True,
    ),
    Bad(
        "quantity-sidecar-init-container-set-size-limit-claim",
        _workflow(
            {
                "volumes": [{"name": "v", "emptyDir": {"sizeLimit": "1 Gi"}}],
                "volumeClaimTemplates": [
                    {
                        "metadata": {"name": "c"},
                        "spec": {
                            "accessModes": ["ReadWriteOnce"],
                            "resources": {"requests": {"storage": "1KM"}},
                        },
                    }
                ],
            },
            container=None,
            containerSet={
                "containers": [
                    {"name": "main", "image": "a", "resources": {"limits": {"x": "-"}}}
                ]
            },
            initContainers=[
                {"name": "i", "image": "a", "resources": {"limits": {"cpu": "1m5"}}}
            ],
            sidecars=[
                {"name": "s", "image": "a", "resources": {"requests": {"cpu": "1/2"}}}
            ],
        ),
        [
            (
                f"{T0}.initContainers[0].resources.limits.cpu",
                "cpu limit \"1m5\" is not a Kubernetes quantity (unknown suffix 'm5'); "
                f"{QUANTITY}",
            ),
            (
                f"{T0}.sidecars[0].resources.requests.cpu",
                "cpu request \"1/2\" is not a Kubernetes quantity (unexpected '/'); "
                f"{QUANTITY}",
            ),
            (
                "$.spec.volumeClaimTemplates[0].spec.resources.requests.storage",
                'storage request "1KM" is not a Kubernetes quantity (unknown suffix '
                f"'KM'); {QUANTITY}",
            ),
            (
                "$.spec.volumes[0].emptyDir.sizeLimit",
                "sizeLimit \"1 Gi\" is not a Kubernetes quantity (unexpected ' '); "
                f"{QUANTITY}",
            ),
        ],
        True,
    ),
    # 6. cron schedules
    *(
        Bad(
            f"schedule[{schedule}]",
            _cron(schedule),
            [
                (
                    "$.spec.schedules[0]",
                    f"schedule {json.dumps(schedule)} is invalid ({why}); {SCHEDULE}",
                )
            ],
            True,
        )
        for schedule, why in [
            ("* * * *", "expected exactly 5 fields, found 4"),
            ("0 0 * * * *", "expected exactly 5 fields, found 6"),
            ("60 * * * *", "minute 60 is above 59 in '60'"),
            ("0 24 * * *", "hour 24 is above 23 in '24'"),
            ("0 0 0 * *", "day of month 0 is below 1 in '0'"),
            ("0 0 * 13 *", "month 13 is above 12 in '13'"),
            ("0 0 * * 7", "day of week 7 is above 6 in '7'"),
            ("0 0 * * MON-SUN", "range 'MON-SUN' starts after it ends"),
            ("*/0 * * * *", "step 0 in '*/0'; a step must be positive"),
            ("1-2-3 * * * *", "too many hyphens in '1-2-3'"),
            ("*/2/3 * * * *", "too many slashes in '*/2/3'"),
            ("-1 * * * *", "'' is not a number"),
            ("0 0 L * *", "'L' is not a number"),
            ("0 0 * JANUARY *", "'JANUARY' is not a number or a name"),
            (
                "{{workflow.parameters.m}} * * * *",
                "'{{workflow.parameters.m}}' is not a number",
            ),
            ("@weekly ", "unknown descriptor '@weekly '"),
            ("@reboot", "unknown descriptor '@reboot'"),
            ("@every 5", "@every needs a Go duration (missing unit)"),
            ("CRON_TZ=Mars/Olympus 0 * * * *", "unknown time zone 'Mars/Olympus'"),
            ("", "empty schedule"),
        ]
    ),
    Bad(
        "schedule-time-zone-without-space",  # robfig/cron panics on it
        _cron("CRON_TZ=UTC"),
        [
            (
                "$.spec.schedules[0]",
                'schedule "CRON_TZ=UTC" is invalid (a time zone prefix needs a space '
                f"after it); {SCHEDULE}",
            )
        ],
        True,
    ),
    Bad(
        "schedule-second-of-two",
        _cron("0 * * * *", "0 0 31 2 * extra"),
        [
            (
                "$.spec.schedules[1]",
                'schedule "0 0 31 2 * extra" is invalid (expected exactly 5 fields, '
                f"found 6); {SCHEDULE}",
            )
        ],
        True,
    ),
    Bad(
        "timezone",
        _cron("0 * * * *", timezone="Mars/Olympus"),
        [
            (
                "$.spec.timezone",
                'timezone "Mars/Olympus" is invalid (unknown time zone '
                '\'Mars/Olympus\'); use an IANA name such as "Europe/Paris" or "UTC"',
            )
        ],
        True,
    ),
    # 7. volumes and mounts
    Bad(
        "mount-path-twice-container",
        _mounts("container", "/data", "/data"),
        [
            (
                f"{T0}.container.volumeMounts[1].mountPath",
                'mountPath "/data" is already mounted by volumeMounts[0]; mount each '
                "path once per container",
            )
        ],
        True,
    ),
    Bad(
        "mount-path-twice-script",  # Kubernetes refuses the pod; lint does not look
        _mounts("script", "/a", "/b", "/a"),
        [
            (
                f"{T0}.script.volumeMounts[2].mountPath",
                'mountPath "/a" is already mounted by volumeMounts[0]; mount each '
                "path once per container",
            )
        ],
        False,
    ),
    Bad(
        "input-artifact-path-on-mount",
        _workflow(
            inputs={
                "artifacts": [{"name": "a", "path": "/data", "raw": {"data": "x"}}]
            },
            container={
                "image": "a",
                "volumeMounts": [{"name": "v", "mountPath": "/data"}],
            },
            volumes=[{"name": "v", "emptyDir": {}}],
        ),
        [
            (
                f"{T0}.inputs.artifacts[0].path",
                'input artifact path "/data" is already used by '
                "container.volumeMounts[0]; give the artifact a path of its own",
            )
        ],
        True,
    ),
    Bad(
        "template-volume-twice",
        _workflow(
            volumes=[{"name": "v", "emptyDir": {}}, {"name": "v", "emptyDir": {}}]
        ),
        [
            (
                f"{T0}.volumes[1].name",
                'volume name "v" is not unique; Kubernetes refuses a pod with two '
                "volumes of one name; rename or remove one",
            )
        ],
        False,
    ),
    # 8. argument and output names, as Argo has them when it checks them
    Bad(
        "step-argument-name-item",  # {{item}} is substituted after the check
        _step_names("{{item}}", withItems=[1, 2]),
        [
            (
                f"{S0}.parameters[0].name",
                'parameter name "{{item}}" is invalid: Argo checks it before it '
                f"substitutes {{{{item}}}}; use letters, digits, {BEFORE}",
            )
        ],
        True,
    ),
    Bad(
        "task-argument-name-item-expression",
        _task_names("{{=item}}", withItems=["a"]),
        [
            (
                f"{D0}.parameters[0].name",
                'parameter name "{{=item}}" is invalid: Argo checks it before it '
                f"substitutes {{{{=item}}}}; use letters, digits, {BEFORE}",
            )
        ],
        True,
    ),
    Bad(
        "step-artifact-name-item-suffix",
        _step_names("p-{{item}}", field="artifacts", withItems=["a"]),
        [
            (
                f"{S0}.artifacts[0].name",
                'artifact name "p-{{item}}" is invalid: Argo checks it before it '
                f"substitutes {{{{item}}}}; use letters, digits, {BEFORE}",
            )
        ],
        True,
    ),
    Bad(
        "task-argument-name-step-output",
        _task_names("{{tasks.b.outputs.result}}"),
        [
            (
                f"{D0}.parameters[0].name",
                'parameter name "{{tasks.b.outputs.result}}" is invalid: Argo checks '
                "it before it substitutes {{tasks.b.outputs.result}}; use letters, "
                f"digits, {BEFORE}",
            )
        ],
        True,
    ),
    Bad(
        "step-argument-name-workflow-parameter-value",  # substituted: "a.b"
        _with_arguments(_step_names("{{workflow.parameters.p}}"), p="a.b"),
        [
            (
                f"{S0}.parameters[0].name",
                'parameter name "{{workflow.parameters.p}}" (it becomes "a.b") is '
                "invalid: use letters, digits, '_' and '-'",
            )
        ],
        True,
    ),
    Bad(
        "task-argument-name-entrypoint-input",  # bound to spec.arguments
        _with_inputs(_task_names("{{inputs.parameters.x}}"), x="a.b"),
        [
            (
                f"{D0}.parameters[0].name",
                'parameter name "{{inputs.parameters.x}}" (it becomes "a.b") is '
                "invalid: use letters, digits, '_' and '-'",
            )
        ],
        True,
    ),
    Bad(
        "task-argument-name-twice-once-substituted",
        _task_names("{{workflow.name}}", "{{ workflow.name }}"),
        [
            (
                f"{D0}.parameters[1].name",
                'parameter name "{{ workflow.name }}" is not unique',
            )
        ],
        True,
    ),
    Bad(
        "output-name-item",
        _workflow(
            outputs={"parameters": [{"name": "{{item}}", "valueFrom": {"path": "/o"}}]}
        ),
        [
            (
                f"{T0}.outputs.parameters[0].name",
                'parameter name "{{item}}" is invalid: Argo checks it before it '
                f"substitutes {{{{item}}}}; use letters, digits, {BEFORE}",
            )
        ],
        True,
    ),
    # 9. quantities in every field of that type
    Bad(
        "quantity-ephemeral-volume-claim",
        _workflow(
            {"volumes": [_ephemeral("1 Gi")]},
            inputs={"parameters": [{"name": "size", "value": "1Gi"}]},
            volumes=[_ephemeral("{{inputs.parameters.size}}")],
        ),
        [
            (
                f"{T0}.volumes[0].ephemeral.volumeClaimTemplate.spec.resources."
                "requests.storage",
                'storage request "{{inputs.parameters.size}}" is not a Kubernetes '
                f"quantity (unexpected '{{'); {QUANTITY}; Argo reads quantities before "
                "it substitutes {{...}}: template resources with podSpecPatch",
            ),
            (
                "$.spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources."
                "requests.storage",
                'storage request "1 Gi" is not a Kubernetes quantity (unexpected '
                f"' '); {QUANTITY}",
            ),
        ],
        True,
    ),
    Bad(
        "quantity-divisor",
        _workflow(
            container={"image": "a", "env": _env("1x")},
            initContainers=[{"name": "i", "image": "a", "env": _env("1/2")}],
            sidecars=[{"name": "s", "image": "a", "env": _env("2 cores")}],
            volumes=[
                {
                    "name": "d",
                    "downwardAPI": {
                        "items": [{"path": "cpu", "resourceFieldRef": _divisor("1 m")}]
                    },
                }
            ],
        ),
        [
            (
                f"{T0}.container.env[0].valueFrom.resourceFieldRef.divisor",
                f"divisor \"1x\" is not a Kubernetes quantity (unexpected 'x'); "
                f"{QUANTITY}",
            ),
            (
                f"{T0}.initContainers[0].env[0].valueFrom.resourceFieldRef.divisor",
                f"divisor \"1/2\" is not a Kubernetes quantity (unexpected '/'); "
                f"{QUANTITY}",
            ),
            (
                f"{T0}.sidecars[0].env[0].valueFrom.resourceFieldRef.divisor",
                f"divisor \"2 cores\" is not a Kubernetes quantity (unexpected ' '); "
                f"{QUANTITY}",
            ),
            (
                f"{T0}.volumes[0].downwardAPI.items[0].resourceFieldRef.divisor",
                f"divisor \"1 m\" is not a Kubernetes quantity (unexpected ' '); "
                f"{QUANTITY}",
            ),
        ],
        True,
    ),
    Bad(
        "quantity-claim-status-capacity",
        _workflow(
            {
                "volumeClaimTemplates": [
                    {
                        "metadata": {"name": "c"},
                        "spec": {"accessModes": ["ReadWriteOnce"]},
                        "status": {"capacity": {"storage": "10GB"}},
                    }
                ]
            }
        ),
        [
            (
                "$.spec.volumeClaimTemplates[0].status.capacity.storage",
                'storage capacity "10GB" is not a Kubernetes quantity (unexpected '
                f"'B'); {QUANTITY}",
            )
        ],
        True,
    ),
    # 10. a time zone prefix as well as spec.timezone (the controller's parse)
    Bad(
        "schedule-own-time-zone-and-timezone",
        _cron(
            "CRON_TZ=UTC 0 * * * *",
            "@daily",
            "TZ=Asia/Tokyo @hourly",
            timezone="Europe/Paris",
        ),
        [
            (
                "$.spec.schedules[0]",
                'schedule "CRON_TZ=UTC 0 * * * *" has its own time zone prefix '
                f'"CRON_TZ=UTC" {TZ_TWICE}',
            ),
            (
                "$.spec.schedules[2]",
                'schedule "TZ=Asia/Tokyo @hourly" has its own time zone prefix '
                f'"TZ=Asia/Tokyo" {TZ_TWICE}',
            ),
        ],
        False,
    ),
]

GOOD = [
    Good("plain", _workflow()),
    Good(
        "workflow-arguments-valid",
        _workflow(
            {
                "arguments": {
                    "parameters": [
                        {"name": "given_at_submission"},
                        {"name": "num", "value": 1, "enum": [1, 2]},
                        {
                            "name": "c",
                            "valueFrom": {
                                "configMapKeyRef": {"name": "m", "key": "k"},
                                "default": "x",
                            },
                        },
                    ]
                }
            }
        ),
    ),
    # validateDAG looks at the task's own dependencies, not the DAG's
    Good(
        "digit-task-outside-dependencies",
        _dag_of({"name": "1st"}, {"name": "b", "dependencies": ["c"]}, {"name": "c"}),
    ),
    Good(
        "names",
        _workflow(
            {"arguments": {"parameters": [{"name": "My_param-1", "value": "1"}]}},
            inputs={
                "parameters": [
                    {"name": "a_b", "value": "1"},
                    {"name": "A-1", "value": "2"},
                ]
            },
            outputs={"parameters": [{"name": "_", "valueFrom": {"path": "/o"}}]},
        ),
    ),
    Good(
        "output-name-templated",  # checked after substitution
        _workflow(
            inputs={"parameters": [{"name": "p", "value": "x"}]},
            outputs={
                "parameters": [
                    {"name": "{{inputs.parameters.p}}", "valueFrom": {"path": "/o"}}
                ]
            },
        ),
    ),
    Good(
        "task-argument-name-templated",
        _dag(
            {"arguments": {"parameters": [{"name": "{{workflow.name}}", "value": "1"}]}}
        ),
    ),
    Good(
        "enums",
        _workflow(
            {
                "podGC": {"strategy": "OnWorkflowSuccess"},
                "retryStrategy": {"retryPolicy": "{{workflow.parameters.policy}}"},
                "arguments": {"parameters": [{"name": "policy", "value": "Always"}]},
            },
            retryStrategy={"retryPolicy": "OnTransientError", "limit": "{{=1+1}}"},
            container={"image": "a", "imagePullPolicy": "IfNotPresent"},
            sidecars=[
                {"name": "s", "image": "a", "imagePullPolicy": "{{workflow.name}}"}
            ],
        ),
    ),
    Good("empty-enums", _workflow({"podGC": {}}, retryStrategy={"retryPolicy": ""})),
    Good(
        "durations",
        _workflow(
            timeout="1h30m",
            retryStrategy={
                "limit": "10",
                "backoff": {
                    "duration": "5",
                    "factor": "2",
                    "maxDuration": "-1",
                    "cap": "1.5h",
                },
            },
        ),
    ),
    Good(
        "templated-durations",
        _workflow(
            inputs={"parameters": [{"name": "t", "value": "1m"}]},
            timeout="{{inputs.parameters.t}}",
            retryStrategy={
                "limit": "{{inputs.parameters.t}}",
                "backoff": {"duration": "{{inputs.parameters.t}}"},
            },
        ),
    ),
    Good(
        "quantities",
        _workflow(
            {"volumes": [{"name": "v", "emptyDir": {"sizeLimit": "500Mi"}}]},
            container={
                "image": "a",
                "resources": {
                    "limits": {"cpu": 2, "memory": "1.5Gi", "x": "1e3", "y": 0.5},
                    "requests": {"cpu": "100m", "memory": " 64Mi ", "z": "+.5E-2"},
                },
            },
        ),
    ),
    # Kubernetes' parser accepts these oddities, and so does Argo's lint.
    *(Good(f"quantity[{q}]", _resources(q)) for q in ["+", ".", "Ki", "e3", "1.e-20"]),
    *(
        Good(f"schedule[{schedule}]", _cron(schedule))
        for schedule in [
            "* * * * *",
            "*/5 0-23/2 1,15 JAN-mar mon-FRI",
            "0 0 ? * sun",
            "5/15 * * * *",
            "+5 * * * *",
            ", * * * *",
            "*-9 * * * *",
            " 0   0 * * * ",
            "@daily",
            "@annually",
            "@every 1h30m",
            "@every -1s",
            "CRON_TZ=UTC 0 * * * *",
            "TZ=America/New_York @hourly",
        ]
    ),
    Good("timezone", _cron("0 * * * *", timezone="Asia/Kolkata")),
    Good(
        "mounts",
        _workflow(
            {"volumes": [{"name": "w", "emptyDir": {}}]},
            inputs={"artifacts": [{"name": "a", "path": "/in", "raw": {"data": "x"}}]},
            container={
                "image": "a",
                "volumeMounts": [
                    {"name": "v", "mountPath": "/data"},
                    {"name": "w", "mountPath": "/work"},
                ],
            },
            sidecars=[
                {
                    "name": "s",
                    "image": "a",
                    "volumeMounts": [{"name": "v", "mountPath": "/data"}],
                }
            ],
            volumes=[{"name": "v", "emptyDir": {}}],
        ),
    ),
    Good(
        "argument-names-substituted-when-checked",
        _with_arguments(
            _step_names(
                "{{workflow.name}}",
                "{{=workflow.namespace}}",
                "p-{{workflow.uid}}",
                "{{ workflow.parameters.p }}",
                withItems=[1],
            ),
            p="ok",
        ),
    ),
    Good(
        "task-argument-names-from-inputs",
        _with_inputs(
            _task_names("{{inputs.parameters.x}}", "{{=inputs.parameters['x']}}-b"),
            x="ok",
        ),
    ),
    Good(
        "output-names-substituted-when-checked",
        _workflow(
            outputs={
                "parameters": [
                    {"name": "{{workflow.name}}", "valueFrom": {"path": "/o"}},
                    {"name": "{{pod.name}}", "valueFrom": {"path": "/p"}},
                ]
            }
        ),
    ),
    Good(
        "quantities-everywhere",
        _workflow(
            {
                "volumes": [_ephemeral("1Gi")],
                "volumeClaimTemplates": [
                    {
                        "metadata": {"name": "c"},
                        "spec": {"accessModes": ["ReadWriteOnce"]},
                        "status": {"capacity": {"storage": "10Gi"}},
                    }
                ],
            },
            container={"image": "a", "env": _env("1m")},
            volumes=[
                {
                    "name": "d",
                    "downwardAPI": {
                        "items": [{"path": "cpu", "resourceFieldRef": _divisor("1")}]
                    },
                }
            ],
        ),
    ),
    Good(
        "timezone-and-plain-schedules",
        _cron("0 * * * *", "@daily", "@every 1h", timezone="Europe/Paris"),
    ),
]


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("line", LINES)
@pytest.mark.parametrize("case", BAD, ids=lambda case: case.id)
def test_bad_manifest_gives_exactly_its_findings(case: Bad, line: str) -> None:
    assert _findings(case.document, line) == case.findings


@pytest.mark.parametrize("line", LINES)
@pytest.mark.parametrize("case", GOOD, ids=lambda case: case.id)
def test_good_manifest_gives_no_finding(case: Good, line: str) -> None:
    assert _findings(case.document, line, warnings=True) == []


@pytest.mark.parametrize("line", LINES)
def test_workflow_volume_twice_is_only_a_warning(line: str) -> None:
    # the controller mounts the first of a name (addVolumeReferences) and the
    # API server takes the list: it runs, without the second volume
    document = _workflow({"volumes": [{"name": "v", "emptyDir": {}}, {"name": "v"}]})
    assert _findings(document, line) == []
    assert _findings(document, line, warnings=True) == [
        (
            "$.spec.volumes[1].name",
            "warning",
            'volume name "v" is not unique; Argo mounts only the first volume of '
            "a name; rename or remove one",
        )
    ]


def _lint_each(
    oracle: Oracle, documents: list[dict[str, Any]], tmp: Path
) -> list[tuple[bool, str]]:
    """Argo's strict offline lint of each document: (ok, output or panic)."""
    requests = []
    for index, document in enumerate(documents):
        path = tmp / f"{index}.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False))
        requests.append(
            {"op": "lint", "files": [str(path)], "strict": True, "output": "simple"}
        )
    return [
        (bool(r["ok"]), r.get("output") or r.get("error", ""))
        for r in oracle.batch(requests)
    ]


@pytest.mark.parametrize("oracle_line", sorted(ORACLE_LINES))
def test_argo_lint_agrees(
    oracle_line: str, argo_oracle: Callable[[str], Oracle], tmp_path: Path
) -> None:
    """Lint refuses the bad manifests of the rules it implements.

    It passes the other bad ones (they fail at run time, or Kubernetes
    refuses the pod) and every good one.
    """
    oracle = argo_oracle(oracle_line)
    cases: list[Bad | Good] = [*BAD, *GOOD]
    verdicts = _lint_each(oracle, [case.document for case in cases], tmp_path)
    wrong = [
        (case.id, output)
        for case, (ok, output) in zip(cases, verdicts, strict=True)
        if ok != (isinstance(case, Good) or not case.lint_refuses)
    ]
    assert wrong == []
    assert sum(not ok for ok, _ in verdicts) == 64  # of 80 bad, 37 good


# ---------------------------------------------------------------- memoize keys


def _memoized(key: str) -> dict[str, Any]:
    return _workflow(
        {"arguments": {"parameters": [{"name": "run_id", "value": "r1"}]}},
        inputs={"parameters": [{"name": "x", "value": "1"}]},
        memoize={"key": key, "maxAge": "1h", "cache": {"configMap": {"name": "c"}}},
    )


# What runnable_ext's adapter writes (runnable_ext/_memoize.py), and variants.
HASHED_KEYS = [
    f"step-{HASH}",
    HASH,
    "a-{{=sprig.sha256sum(sprig.sha256sum(workflow.parameters.run_id) + "
    "sprig.sha256sum(inputs.parameters['x']))}}",
    "{{= sprig.sha256sum(inputs.parameters.x) }}-a-{{=sprig.sha1sum('(')}}",
    'k{{=sprig.adler32sum("a\\")" + inputs.parameters.x)}}',
    "k" * 187 + HASH,  # 253 characters once substituted
    # Arguments that are certainly strings in expr-lang.
    "k-{{=sprig.sha256sum(workflow.name + '-' + workflow.uid)}}",
    "k-{{=sprig.sha256sum((inputs.parameters.x + `b`))}}",
    "k-{{=sprig.sha1sum(string(1) + toJson(inputs.parameters['x']))}}",
    "k-{{=sprig.sha256sum(toJson(workflow.parameters.run_id))}}",
]
# Hash calls whose argument is not a string: the expression fails and the
# controller keeps the tag, which its cache then refuses.
NOT_A_STRING = [
    "k-{{=sprig.sha256sum(1)}}",
    "k-{{=sprig.sha256sum(true)}}",
    "k-{{=sprig.sha256sum(len(inputs.parameters.x))}}",
    "k-{{=sprig.sha256sum(inputs.parameters.x + 1)}}",
    "k-{{=sprig.sha256sum(item)}}",
]


@pytest.mark.parametrize("line", LINES)
@pytest.mark.parametrize("key", HASHED_KEYS)
def test_hashed_memoize_key_gives_no_warning(key: str, line: str) -> None:
    assert _findings(_memoized(key), line, warnings=True) == []


TEMPLATED = "is templated; the substituted values must also hold only letters, "
NOT_HASHED = [
    "-" + HASH,  # starts with '-'
    "{{=sprig.sha256sum(workflow.parameters.run_id) + '_'}}",  # call not whole
    "{{=sprig.sha256sum(')') + '_' + sprig.sha256sum('(')}}",
    "{{=sprig.sha512sum(workflow.parameters.run_id)}}",  # not in the list
    "{{=sprig.sha256sum('x'}}",  # a string left open
    "{{sprig.sha256sum(workflow.parameters.run_id)}}",  # not an expression
    f"{HASH}-{{{{workflow.name}}}}",
    "k" * 180 + "{{=sprig.adler32sum(inputs.parameters.x)}}" + HASH,  # 245 to 254
    *NOT_A_STRING,
    # Strings only if declared: neither is in this manifest.
    "k-{{=sprig.sha256sum(workflow.parameters.other)}}",
    "k-{{=sprig.sha256sum(inputs.parameters.y)}}",
]


@pytest.mark.parametrize("line", LINES)
@pytest.mark.parametrize("key", NOT_HASHED)
def test_other_templated_memoize_key_still_warns(key: str, line: str) -> None:
    [(path, severity, message)] = _findings(_memoized(key), line, warnings=True)
    assert (path, severity) == (f"{T0}.memoize.key", "warning")
    if key.startswith("k" * 180):
        assert message == (
            "memoize key may have up to 254 characters once substituted; at most "
            "253 fit"
        )
    else:
        assert message == (f"memoize key {json.dumps(key)} {TEMPLATED}digits and '-'")


@pytest.mark.parametrize("oracle_line", sorted(ORACLE_LINES))
def test_argo_substitutes_trusted_keys_and_refuses_the_others(
    oracle_line: str, argo_oracle: Callable[[str], Oracle]
) -> None:
    """The controller's ProcessArgs and cache take every trusted key and refuse
    every hash of a non-string."""
    oracle = argo_oracle(oracle_line)
    keys = [*HASHED_KEYS, *NOT_A_STRING]
    requests = []
    for key in keys:
        [template] = _memoized(key)["spec"]["templates"]
        requests.append(
            {
                "op": "processArgs",
                "template": template,
                "arguments": {"parameters": [{"name": "x", "value": "1"}]},
                "globalParams": {
                    "workflow.name": "wf",
                    "workflow.uid": "0f5c",
                    "workflow.parameters.run_id": "r1",
                },
                "localParams": {},
                "namespace": "ns",
            }
        )
    processed = oracle.batch(requests)
    assert all(r["ok"] for r in processed)
    substituted = [r["template"]["memoize"]["key"] for r in processed]
    verdicts = oracle.batch([{"op": "cacheKey", "key": k} for k in substituted])
    taken = [key for key, verdict in zip(keys, verdicts, strict=True) if verdict["ok"]]
    assert taken == HASHED_KEYS


def test_hashed_memoize_key_too_long_is_an_error() -> None:
    key = "k" * 190 + HASH
    assert _findings(_memoized(key), "4.1", warnings=True) == [
        (
            f"{T0}.memoize.key",
            "error",
            "memoize key has 254 characters once substituted; at most 253 fit",
        )
    ]


# ---------------------------------------------------------------- the parsers


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("0", None),
        ("-0.5", None),
        ("1Ei", None),
        ("123456789012345678901234567890", None),  # inf.Dec path
        ("1e-3", None),
        ("1E+3", None),
        ("\u00a01Gi\u3000", None),  # trimmed as Go's TrimSpace (not JSON-escaped)
        ("\t1Gi", "unexpected '\\t'"),  # JSON escapes a tab: not trimmed
        ("", "empty quantity"),
        ("1e3.5", "unexpected '.'"),
        ("1e99999999999999999999", "unknown suffix 'e99999999999999999999'"),
        ("1..0", "unexpected '.'"),
        ("0x10", "unexpected 'x'"),
        ("1Ki1", "unknown suffix 'Ki1'"),
        (".Ei", "no digits in the number"),
    ],
)
def test_quantity_error(text: str, problem: str | None) -> None:
    assert quantity_error(text) == problem


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("0 0 29 2 *", None),
        ("0,30 9-17/2 * * 1-5", None),
        ("0 0 * * 0", None),
        ("TZ= 0 0 * * *", None),  # an empty zone is UTC
        ("0\t0\u3000* * *", None),  # Go's white space
        ("0 0 * * 9223372036854775808", "'9223372036854775808' is out of range"),
        ("0 0 * * 0x1", "'0x1' is not a number or a name"),
        ("0 0 * * 1_0", "'1_0' is not a number or a name"),
        ("TZ=../x 0 * * * *", "unknown time zone '../x'"),
        # What the controller parses for "CRON_TZ=UTC 0 * * * *" with a timezone.
        (
            "CRON_TZ=Europe/Paris CRON_TZ=UTC 0 * * * *",
            "expected exactly 5 fields, found 6",
        ),
    ],
)
def test_cron_error(spec: str, problem: str | None) -> None:
    assert cron_error(spec) == problem
