"""Memoize keys of compiled pipelines, resolved by Argo's own code.

runnable_ext writes each key as an Argo expression
(``<template>-{{=sprig.sha256sum(...)}}``). Tests never work a key out
themselves: the oracle (tests/argolint) runs the controller's
``workflow/common.ProcessArgs`` on the template, as ``executeTemplate`` does
before it reads ``memoize.key``, and then asks the controller's ConfigMap cache
whether it takes the result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tests.argolint import oracle

#: The ConfigMap cache refuses any other key (workflow/controller/cache).
CONTROLLER_KEY = re.compile(r"^[a-zA-Z0-9][-a-zA-Z0-9]*$")
#: A ConfigMap data key is at most this long.
MAX_KEY_LENGTH = 253
#: Run ids a user may submit that are not valid keys themselves.
RUN_IDS = ("run_1", "2024.01.02", "Ü-x", "r" * 200, "a b/c:{{x}}", "-lead")
#: Map iteration values: paths, JSON, long text, empty, quotes and a tag.
ITEMS = (
    "/data/in/file name.csv",
    '{"a": [1, 2], "b": "x y"}',
    "long text " * 200,
    "",
    "'; } ]] {{item}}",
)
#: runnable_ext's ``argo_version`` -> the oracle line (Argo module) judging it.
LINES = {"4.1": "v4", "3.7": "v3"}

ResolvedKey = tuple[str, str | None]


def memoized(doc: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The memoized templates of a Workflow or CronWorkflow, by name."""
    spec = doc["spec"].get("workflowSpec", doc["spec"])
    return {t["name"]: t for t in spec["templates"] if "memoize" in t}


def input_names(template: Mapping[str, Any]) -> list[str]:
    """Names of a template's input parameters."""
    return [p["name"] for p in template.get("inputs", {}).get("parameters", [])]


def key_request(
    template: Mapping[str, Any],
    global_params: Mapping[str, str],
    inputs: str | Mapping[str, str] = "",
) -> dict[str, Any]:
    """A ``processArgs`` request: ``template`` called with ``inputs``.

    ``inputs`` is one value for every input parameter (a map iteration value),
    or a value per parameter name. ``global_params`` are the controller's
    globals, such as ``workflow.parameters.run_id`` and ``workflow.name``.
    """
    if isinstance(inputs, str):
        inputs = dict.fromkeys(input_names(template), inputs)
    parameters = [{"name": name, "value": value} for name, value in inputs.items()]
    return {
        "op": "processArgs",
        "template": dict(template),
        "arguments": {"parameters": parameters},
        "globalParams": dict(global_params),
    }


def resolve_keys(
    argo: oracle.Oracle, requests: Sequence[Mapping[str, Any]]
) -> list[ResolvedKey]:
    """Each request's memoize key as the controller substitutes it, with the
    ConfigMap cache's refusal (``None`` when it takes the key).

    Two oracle runs in all, however many requests.
    """
    processed = argo.batch(requests)
    failed = [r.get("error") for r in processed if not r["ok"]]
    if failed:
        raise oracle.OracleError(f"ProcessArgs failed: {failed}")
    keys = [r["template"]["memoize"]["key"] for r in processed]

    checks = argo.batch([{"op": "cacheKey", "key": key} for key in keys])
    return [
        (key, None if check["ok"] else check["error"])
        for key, check in zip(keys, checks, strict=True)
    ]


def resolve_grid(
    argo: oracle.Oracle,
    templates: Iterable[Mapping[str, Any]],
    run_ids: Iterable[str] = RUN_IDS,
    items: Iterable[str] = ITEMS,
) -> dict[tuple[str, str, str], ResolvedKey]:
    """Every template's key for every run id and iteration value, in one go.

    Returns ``{(template name, run id, item): (key, cache refusal or None)}``.
    The run id is both ``workflow.parameters.run_id`` and ``workflow.name``.
    """
    cells = [(t, r, i) for t in templates for r in run_ids for i in items]
    requests = [
        key_request(t, {"workflow.parameters.run_id": r, "workflow.name": r}, i)
        for t, r, i in cells
    ]
    resolved = resolve_keys(argo, requests)
    return {(t["name"], r, i): k for (t, r, i), k in zip(cells, resolved, strict=True)}
