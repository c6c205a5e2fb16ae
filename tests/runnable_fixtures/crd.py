"""Validate manifests against Argo's full CRD schemas, unknown fields rejected.

``kubectl apply --validate=strict`` refuses fields a CRD schema does not list;
jsonschema only does so where a schema says ``additionalProperties: false``.
So every object schema with ``properties`` gets that, unless Kubernetes keeps
unknown fields there (``x-kubernetes-preserve-unknown-fields``).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from tests._shared import SHARED

REPO = Path(__file__).resolve().parents[2]
VERSIONS = {"4.1": "v4.1.2", "3.7": "v3.7.18"}
FILES = {"Workflow": "workflows", "CronWorkflow": "cronworkflows"}


def shared_dir() -> Path:
    return SHARED


def _strict(schema: Any) -> Any:
    if isinstance(schema, list):
        return [_strict(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _strict(v) for k, v in schema.items()}
    if (
        "properties" in out
        and "additionalProperties" not in out
        and not out.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


@functools.cache
def validator(line: str, kind: str) -> jsonschema.protocols.Validator:
    path = (
        shared_dir()
        / "crds"
        / f"argo-workflows-{VERSIONS[line]}"
        / f"argoproj.io_{FILES[kind]}.yaml"
    )
    crd = yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
    schema = _strict(crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"])
    cls = jsonschema.validators.validator_for(
        schema, default=jsonschema.Draft7Validator
    )
    return cls(schema)


def crd_errors(line: str, doc: dict[str, Any]) -> list[str]:
    """Return every CRD schema violation of ``doc`` as ``path: message``."""
    check = validator(line, doc["kind"])
    return [
        f"{'.'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in check.iter_errors(doc)
    ]
