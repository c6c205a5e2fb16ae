"""argo_spec, hera and the argo-workflows SDK behind one set of calls.

Used by ``bench_libraries.py``; each ``*_library()`` function imports only its
own library, so a worker process that measures one of them loads nothing else.
For each library the calls are the quickest way it offers that gives back a
complete, typed Workflow (nested objects typed too) and dumps it back to the
data it was given.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ARGO_SPEC_SHARED", REPO_ROOT.parent / "shared"))
CORPUS = SHARED / "argo-examples" / "v4.1.2"
BIG_COUNT = 2000


@dataclass(frozen=True)
class Library:
    """The calls a benchmark makes on one library."""

    name: str
    from_yaml: Callable[[str], Any]
    from_dict: Callable[[Any], Any]
    from_json: Callable[[bytes], Any]
    to_dict: Callable[[Any], Any]
    to_json: Callable[[Any], Any]
    to_yaml: Callable[[Any], str]
    build_big: Callable[[int], Any]
    #: Whether ``from_dict`` writes into the data it is given.
    writes_input: bool = False


@dataclass(frozen=True)
class Document:
    """One Workflow document of the corpus, as YAML text, data and JSON."""

    id: str
    text: str
    data: dict[str, Any]
    raw: bytes


def corpus() -> Iterator[Document]:
    """Every Workflow document under CORPUS, one YAML text per document."""
    for path in sorted(CORPUS.rglob("*.yaml")):
        chunks = _split_documents(path.read_text(encoding="utf-8"))
        for index, text in enumerate(chunks):
            data = yaml.load(text, Loader=yaml.CSafeLoader)
            if isinstance(data, dict) and data.get("kind") == "Workflow":
                raw = json.dumps(
                    data, ensure_ascii=False, separators=(",", ":")
                ).encode()
                yield Document(f"{path.relative_to(CORPUS)}#{index}", text, data, raw)


def _split_documents(text: str) -> list[str]:
    chunks: list[list[str]] = [[]]
    for line in text.splitlines(keepends=True):
        if line.rstrip() == "---":
            chunks.append([])
        else:
            chunks[-1].append(line)
    return ["".join(chunk) for chunk in chunks if "".join(chunk).strip()]


def _yaml_data(text: str) -> Any:
    return yaml.load(text, Loader=yaml.CSafeLoader)


def _yaml_text(data: Any) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False)


def argo_spec_library() -> Library:
    """argo_spec through its public load and dump functions."""
    from argo_spec import dump_json, dump_yaml, from_dict, load, to_dict

    def from_json(raw: bytes) -> Any:
        return load(raw, format="json")

    return Library(
        "argo_spec", load, from_dict, from_json, to_dict, dump_json, dump_yaml, big_argo
    )


def argo_spec_direct_json() -> Callable[[bytes], Any]:
    """``msgspec.json.decode`` straight into the Workflow Struct (not public API)."""
    import msgspec

    from argo_spec.v4_1 import Workflow

    decoder = msgspec.json.Decoder(Workflow)
    return decoder.decode


def big_argo(count: int) -> Any:
    """The 2,000-template workflow of ``bench_yaml.py``, built from Structs."""
    from bench_yaml import big_workflow

    return big_workflow(count)


def hera_library() -> Library:
    """hera's pydantic models (``hera.workflows.models``), validated by pydantic.

    YAML is read with PyYAML's C loader; hera's own ``from_yaml`` uses the
    slower pure-Python ``yaml.safe_load``.
    """
    from hera.workflows.models import Workflow

    options = {"by_alias": True, "exclude_none": True}

    def to_dict(obj: Any) -> Any:
        return obj.model_dump(**options)

    return Library(
        "hera",
        lambda text: Workflow.model_validate(_yaml_data(text)),
        Workflow.model_validate,
        Workflow.model_validate_json,
        to_dict,
        lambda obj: obj.model_dump_json(**options),
        lambda obj: _yaml_text(to_dict(obj)),
        big_hera,
    )


def big_hera(count: int) -> Any:
    """The same workflow as ``big_argo``, built from hera's models."""
    from hera.workflows import models as m

    templates = [
        m.Template(
            name=f"step-{i}",
            memoize=m.Memoize(
                key=f"step-{i}-v1",
                max_age="24h",
                cache=m.Cache(config_map=m.LocalObjectReference(name="runnable-cache")),
            ),
            container=m.Container(
                image="python:3.12",
                command=["python", "-c"],
                args=[f"print('step {i}')\nprint('done')\n"],
            ),
        )
        for i in range(count)
    ]
    return m.Workflow(
        api_version="argoproj.io/v1alpha1",
        kind="Workflow",
        metadata=m.ObjectMeta(generate_name="big-"),
        spec=m.WorkflowSpec(entrypoint="step-0", templates=templates),
    )


class _Response:
    """The one attribute of a REST response that ``ApiClient.deserialize`` reads."""

    def __init__(self, data: bytes) -> None:
        self.data = data


def sdk_library() -> Library:
    """The argo-workflows SDK's OpenAPI-generator models.

    Data is turned into models the way ``ApiClient.deserialize`` does it, with
    type checking on (with it off, nested objects stay plain dicts). The SDK
    writes the models into the lists it is given, so callers pass fresh data.
    """
    from argo_workflows.api_client import ApiClient
    from argo_workflows.model.io_argoproj_workflow_v1alpha1_workflow import (
        IoArgoprojWorkflowV1alpha1Workflow as Workflow,
    )
    from argo_workflows.model_utils import validate_and_convert_types

    client = ApiClient()
    config = client.configuration

    def from_dict(data: Any) -> Any:
        return validate_and_convert_types(
            data, (Workflow,), ["received_data"], True, True, configuration=config
        )

    def from_json(raw: bytes) -> Any:
        return client.deserialize(_Response(raw), (Workflow,), True)

    to_dict = client.sanitize_for_serialization
    return Library(
        "sdk",
        lambda text: from_dict(_yaml_data(text)),
        from_dict,
        from_json,
        to_dict,
        lambda obj: json.dumps(to_dict(obj)),
        lambda obj: _yaml_text(to_dict(obj)),
        big_sdk,
        writes_input=True,
    )


def big_sdk(count: int) -> Any:
    """The same workflow from the SDK's models.

    The SDK's cache ``configMap`` is a ConfigMapKeySelector whose ``key`` is
    required, so each template carries one more field than in the others.
    """
    from argo_workflows.model.config_map_key_selector import ConfigMapKeySelector
    from argo_workflows.model.container import Container
    from argo_workflows.model.io_argoproj_workflow_v1alpha1_cache import (
        IoArgoprojWorkflowV1alpha1Cache as Cache,
    )
    from argo_workflows.model.io_argoproj_workflow_v1alpha1_memoize import (
        IoArgoprojWorkflowV1alpha1Memoize as Memoize,
    )
    from argo_workflows.model.io_argoproj_workflow_v1alpha1_template import (
        IoArgoprojWorkflowV1alpha1Template as Template,
    )
    from argo_workflows.model.io_argoproj_workflow_v1alpha1_workflow import (
        IoArgoprojWorkflowV1alpha1Workflow as Workflow,
    )
    from argo_workflows.model.io_argoproj_workflow_v1alpha1_workflow_spec import (
        IoArgoprojWorkflowV1alpha1WorkflowSpec as WorkflowSpec,
    )
    from argo_workflows.model.object_meta import ObjectMeta

    templates = [
        Template(
            name=f"step-{i}",
            memoize=Memoize(
                key=f"step-{i}-v1",
                max_age="24h",
                cache=Cache(
                    config_map=ConfigMapKeySelector(key="cache", name="runnable-cache")
                ),
            ),
            container=Container(
                image="python:3.12",
                command=["python", "-c"],
                args=[f"print('step {i}')\nprint('done')\n"],
            ),
        )
        for i in range(count)
    ]
    return Workflow(
        api_version="argoproj.io/v1alpha1",
        kind="Workflow",
        metadata=ObjectMeta(generate_name="big-"),
        spec=WorkflowSpec(entrypoint="step-0", templates=templates),
    )


LIBRARIES: dict[str, Callable[[], Library]] = {
    "argo_spec": argo_spec_library,
    "hera": hera_library,
    "sdk": sdk_library,
}
