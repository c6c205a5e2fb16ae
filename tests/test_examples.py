"""Argo's own examples validate with no finding, and dump back to the same data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from argo_spec._dump import dump_yaml, to_dict
from argo_spec._load import load_all
from argo_spec._validate import validate
from argo_spec.cli import main
from tests._shared import examples_dir

LINES = {"4.1.2": "4.1", "3.7.18": "3.7"}


def _folder(version: str) -> Path:
    return examples_dir(LINES[version])


# Examples Argo itself got wrong, each with the reason; everything else passes.
KNOWN_BAD = {
    "4.1.2/k8s-patch-json-workflow.yaml": (
        "metadata.annotations appears twice; strict decoding (kubectl, Argo) "
        "rejects duplicate keys"
    ),
    "3.7.18/template-on-exit.yaml": (
        'container template "exitContainer" makes an upper-case pod name; Argo '
        'renamed it "exit-container" in 4.1.2'
    ),
    "3.7.18/workflow-event-binding/github-path-filter-workflowtemplate.yaml": (
        'parameter value is a list ([]); Argo takes a scalar and wrote "[]" in 4.1.2'
    ),
}
OTHER_KINDS = {"ConfigMap", "PersistentVolumeClaim", "ResourceQuota"}


def _examples(version: str) -> list[Path]:
    return sorted(_folder(version).rglob("*.yaml"))


def _cases() -> list[tuple[str, Path]]:
    return [(version, path) for version in LINES for path in _examples(version)]


def _key(version: str, path: Path) -> str:
    return f"{version}/{path.relative_to(_folder(version))}"


def _argo_documents(path: Path) -> list[object]:
    documents = list(yaml.safe_load_all(path.read_text()))
    return [
        d for d in documents if isinstance(d, dict) and d["kind"] not in OTHER_KINDS
    ]


@pytest.mark.parametrize(("version", "path"), _cases(), ids=lambda v: str(v)[-60:])
def test_example_validates_with_no_finding(version: str, path: Path) -> None:
    if _key(version, path) in KNOWN_BAD:
        return
    if not _argo_documents(path):
        return
    for manifest in load_all(path, argo_version=LINES[version]):
        assert validate(manifest) == []


# What argo-spec says about each of them: the reason above, and no other.
KNOWN_BAD_ERRORS = {
    "4.1.2/k8s-patch-json-workflow.yaml": '13:3: duplicate key "annotations"',
    "3.7.18/template-on-exit.yaml": (
        '40:13: $.spec.templates[2].name: template name "exitContainer" becomes '
        "part of its pod name, which must be lower case"
    ),
    "3.7.18/workflow-event-binding/github-path-filter-workflowtemplate.yaml": (
        "10:16: $.spec.arguments.parameters[0].value: expected a boolean, an "
        "integer, a number or a string, found a list"
    ),
}


@pytest.mark.parametrize("key", sorted(KNOWN_BAD))
def test_known_bad_examples_fail_for_their_reason(
    key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    version, _, name = key.partition("/")
    path = _folder(version) / name

    code = main(["validate", "--argo-version", LINES[version], str(path)])

    out = capsys.readouterr().out.strip()
    assert code == 1
    assert out.startswith(f"{path}:{KNOWN_BAD_ERRORS[key]}"), out
    assert "\n" not in out


@pytest.mark.parametrize(("version", "path"), _cases(), ids=lambda v: str(v)[-60:])
def test_example_dumps_back_to_the_same_data(version: str, path: Path) -> None:
    if _key(version, path) in KNOWN_BAD or not _argo_documents(path):
        return
    manifests = load_all(path, argo_version=LINES[version])
    text = dump_yaml(manifests)
    again = load_all(text, argo_version=LINES[version])
    assert [to_dict(m) for m in again] == [to_dict(m) for m in manifests]
    assert list(yaml.safe_load_all(text)) == [to_dict(m) for m in manifests]


def test_cli_validates_each_example_folder(capsys: pytest.CaptureFixture[str]) -> None:
    for version, line in LINES.items():
        paths = [p for p in _examples(version) if _key(version, p) not in KNOWN_BAD]
        code = main(["validate", "--argo-version", line, *map(str, paths)])
        out, err = capsys.readouterr()
        assert (code, out) == (0, ""), out
        assert err == (
            "skipped 3 document(s) of other kinds: "
            "1 ConfigMap, 1 PersistentVolumeClaim, 1 ResourceQuota\n"
        )
