"""The generated models against Argo's own examples and the spec's facts."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import msgspec
import pytest

from tests._shared import LINES, corpus_documents, typed

# Argo examples that Argo's own Go code rejects, with the reason. Nothing else
# belongs here.
KNOWN_BAD = {
    (
        "3.7",
        "workflow-event-binding/github-path-filter-workflowtemplate.yaml#0",
    ): "value: [] is a list; Argo 3.7's AnyString takes only scalars "
    '(Argo 4.1\'s copy of the example quotes it as "[]")',
}


def models(line: str) -> ModuleType:
    return importlib.import_module(f"argo_spec.{LINES[line][1]}")


def corpus_cases() -> list[Any]:
    return [
        pytest.param(line, doc_id, document, id=f"{line}:{doc_id}")
        for line in LINES
        for doc_id, document in corpus_documents(line)
    ]


@pytest.mark.parametrize(("line", "doc_id", "document"), corpus_cases())
def test_corpus_document_round_trips(line: str, doc_id: str, document: Any) -> None:
    kind = getattr(models(line), document["kind"])
    if (line, doc_id) in KNOWN_BAD:
        with pytest.raises(msgspec.ValidationError):
            msgspec.convert(document, kind)
        return

    decoded = msgspec.convert(document, kind)

    assert type(decoded) is kind
    assert typed(msgspec.to_builtins(decoded)) == typed(document)
    assert typed(msgspec.json.decode(msgspec.json.encode(decoded))) == typed(document)


def test_corpus_has_every_kind_in_both_lines() -> None:
    for line in LINES:
        kinds = {document["kind"] for _, document in corpus_documents(line)}
        assert kinds >= {"Workflow", "WorkflowTemplate", "CronWorkflow"}, line
        assert len(list(corpus_documents(line))) > 200, line


def test_memoize_encodes_exactly_the_set_fields() -> None:
    from argo_spec.v4_1 import Cache, LocalObjectReference, Memoize

    cache = Cache(config_map=LocalObjectReference(name="runnable-x7k9m2"))

    assert msgspec.to_builtins(Memoize(key="k", cache=cache)) == {
        "key": "k",
        "cache": {"configMap": {"name": "runnable-x7k9m2"}},
    }
    assert msgspec.to_builtins(Memoize(key="k", cache=cache, max_age="24h")) == {
        "key": "k",
        "cache": {"configMap": {"name": "runnable-x7k9m2"}},
        "maxAge": "24h",
    }


def test_memoize_4_1_rejects_a_config_map_key() -> None:
    from argo_spec.v4_1 import Memoize

    document = {"key": "k", "cache": {"configMap": {"name": "c", "key": "x"}}}

    with pytest.raises(
        msgspec.ValidationError,
        match=r"^Object contains unknown field `key` - at `\$\.cache\.configMap`$",
    ):
        msgspec.convert(document, Memoize)


def test_memoize_3_7_uses_config_map_key_selector() -> None:
    from argo_spec.v3_7 import Cache, ConfigMapKeySelector, Memoize

    document = {"key": "k", "cache": {"configMap": {"name": "c", "key": "x"}}}
    decoded = msgspec.convert(document, Memoize)
    bad = {"key": "k", "cache": {"configMap": {"name": "c", "keys": "x"}}}

    assert decoded == Memoize(
        key="k", cache=Cache(config_map=ConfigMapKeySelector(name="c", key="x"))
    )
    with pytest.raises(
        msgspec.ValidationError,
        match=r"^Object contains unknown field `keys` - at `\$\.cache\.configMap`$",
    ):
        msgspec.convert(bad, Memoize)


def test_models_are_keyword_only() -> None:
    from argo_spec.v4_1 import Memoize

    with pytest.raises(TypeError):
        Memoize("k", None)  # type: ignore[misc]


def test_required_fields_are_required() -> None:
    from argo_spec.v4_1 import Memoize

    with pytest.raises(
        msgspec.ValidationError, match=r"^Object missing required field `cache`$"
    ):
        msgspec.convert({"key": "k"}, Memoize)


def test_top_level_kind_fills_and_checks_api_version_and_kind() -> None:
    from argo_spec.v4_1 import ObjectMeta, Workflow, WorkflowSpec

    built = Workflow(metadata=ObjectMeta(name="w"), spec=WorkflowSpec())
    encoded = msgspec.to_builtins(built)

    assert list(encoded) == ["apiVersion", "kind", "metadata", "spec"]
    assert encoded["apiVersion"] == "argoproj.io/v1alpha1"
    assert encoded["kind"] == "Workflow"
    with pytest.raises(msgspec.ValidationError, match=r"at `\$\.kind`$"):
        msgspec.convert({**encoded, "kind": "WorkflowTemplate"}, Workflow)
    with pytest.raises(msgspec.ValidationError, match=r"at `\$\.apiVersion`$"):
        msgspec.convert({**encoded, "apiVersion": "argoproj.io/v1"}, Workflow)


def test_short_name_clash_keeps_both_definitions_importable() -> None:
    from argo_spec.v4_1 import CoreV1HTTPHeader, HTTPHeader

    argo = msgspec.structs.fields(HTTPHeader)
    kubernetes = msgspec.structs.fields(CoreV1HTTPHeader)

    assert {f.encode_name for f in argo} == {"name", "value", "valueFrom"}
    assert {f.encode_name for f in kubernetes} == {"name", "value"}


def test_newest_line_is_re_exported() -> None:
    import argo_spec
    import argo_spec.v4_1

    assert argo_spec.Workflow is argo_spec.v4_1.Workflow
    assert "Workflow" in argo_spec.__all__
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        _ = argo_spec.Nope


def test_line_packages_carry_their_pins() -> None:
    import argo_spec.v3_7
    import argo_spec.v4_1

    assert argo_spec.v4_1.ARGO_VERSION == "4.1.2"
    assert argo_spec.v3_7.ARGO_VERSION == "3.7.18"
    assert len(argo_spec.v4_1.SPEC_SHA256) == 64


def test_loop_items_keep_any_json_value() -> None:
    from argo_spec.v4_1 import DAGTask

    document = {"name": "t", "withItems": [1, 2.5, "a", True, {"k": [1, None]}, [3]]}

    decoded = msgspec.convert(document, DAGTask)

    assert typed(msgspec.to_builtins(decoded)) == typed(document)


def test_times_stay_the_text_they_were_given() -> None:
    from argo_spec.v4_1 import ObjectMeta

    document = {"creationTimestamp": "2024-01-02T03:04:05.120+02:00"}

    decoded = msgspec.convert(document, ObjectMeta)

    assert decoded.creation_timestamp == "2024-01-02T03:04:05.120+02:00"
