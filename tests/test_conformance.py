"""Conformance (issue 5): what Argo's own lint and full CRDs say about our output.

Four sources, each judged by Argo v4.0.5 (for 4.1) and v3.7.18 (for 3.7), see
tests/argolint: the example pipeline compiled by runnable_ext; Argo's example
corpus round-tripped through argo_spec; memoize manifests built from argo_spec
Structs; and runnable's own ``argo`` executor on the same pipelines, whose
verdicts are pinned here and tabled in docs/conformance.md.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import msgspec
import pytest
import yaml
from runnable_fixtures.crd import crd_errors
from runnable_fixtures.helpers import PIPELINE, TESTS, compile_doc, write_config
from runnable_fixtures.keys import (
    CONTROLLER_KEY,
    ITEMS,
    LINES,
    MAX_KEY_LENGTH,
    ResolvedKey,
    key_request,
    resolve_keys,
)
from test_examples import KNOWN_BAD

import argo_spec
from argo_spec import v3_7, v4_1
from runnable_ext import compile_pipeline
from tests._shared import KINDS, LINES as RELEASES, corpus_documents, examples_dir
from tests.argolint.oracle import NEWER_THAN_V405, Oracle

pytestmark = pytest.mark.filterwarnings(
    "ignore:Pydantic serializer warnings:UserWarning"
)

REPO = TESTS.parent
EXAMPLE_CONFIG = REPO / "examples" / "argo-spec.yaml"
DOC = REPO / "docs" / "conformance.md"
MODELS = {"4.1": v4_1, "3.7": v3_7}
EXECUTORS = ("argo", "argo-spec")
FUNCTIONS = ("all_kinds", "failing", "with_override")
# The fixtures' configuration for runnable's ``argo``, which requires a spec.
RUNNABLE_CONFIG: dict[str, Any] = {
    "secret_from_k8s": "s",
    "overrides": {"gpu": {"timeout": "1m"}, "small": {"image": "i:2"}},
    "argoWorkflow": {"metadata": {"generateName": "demo-"}, "spec": {}},
}
# Argo's lint reads these kinds; it passes over a WorkflowEventBinding.
LINTED_KINDS = KINDS - {"WorkflowEventBinding"}
RUN_ID = "run_1"
CACHE = "memo-cache"
PASSED = "no linting errors found!"
# How runnable's ``argo`` writes a key: the run id, then a fixed suffix.
RUNNABLE_KEY = re.compile(r"\{\{workflow\.parameters\.run_id\}\}(-[-a-z0-9]+)")

ArgoOracle = Callable[[str], Oracle]


class Verdict(NamedTuple):
    """What Argo says about one compiled manifest, judged for one line."""

    doc: dict[str, Any]
    lint_ok: bool
    lint: list[str]  # Argo's lint messages, file names left out
    crd: list[str]
    keys: list[ResolvedKey]  # resolved key, cache error or None


# ---------------------------------------------------------------- helpers


def _example_config(tmp: Path, executor: str, line: str) -> Path:
    """examples/argo-spec.yaml, writing into ``tmp``, for ``executor``."""
    document = yaml.safe_load(EXAMPLE_CONFIG.read_text())
    config = document["pipeline-executor"]["config"]
    config["output_file"] = str(tmp / f"{executor}-{line}.yaml")
    if executor == "argo":
        _as_runnable_argo(document)
    else:
        config["argo_version"] = line
        config["cache_configmap_file"] = str(tmp / f"cache-{line}.yaml")
    path = tmp / f"{executor}-{line}-config.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def _as_runnable_argo(document: dict[str, Any]) -> None:
    """The nearest configuration runnable's ``argo`` executor accepts.

    Its models forbid unknown fields: the argo-spec options go, Argo's spellings
    become runnable's, and defaults.securityContext (no such field there) goes.
    """
    document["pipeline-executor"]["type"] = "argo"
    config = document["pipeline-executor"]["config"]
    for option in ("argo_version", "memoize", "cache_configmap_file"):
        del config[option]
    defaults = config["defaults"]
    del defaults["securityContext"]
    defaults["retryStrategy"]["backOff"] = defaults["retryStrategy"].pop("backoff")
    spec = config["argoWorkflow"]["spec"]
    spec["podGc"] = spec.pop("podGC")


def _load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text())
    return loaded


def _lint_messages(output: str) -> dict[str, list[str]]:
    """Argo's ``simple`` lint output as {file: [message, ...]}."""
    if output.strip() == PASSED:
        return {}
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        file, _, message = line.partition(": ")
        found.setdefault(file, []).append(message)
    return found


def _fields(node: Any, at: str = "") -> Iterator[tuple[str, Any]]:
    """Every mapping entry as (path, value), paths as Argo's lint writes them.

    Keys go in sorted order: Go decodes YAML into maps and re-encodes them as
    JSON with sorted keys before the strict decode that reports them.
    """
    if isinstance(node, dict):
        for key, value in sorted(node.items()):
            path = f"{at}.{key}" if at else key
            yield path, value
            yield from _fields(value, path)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _fields(value, f"{at}[{index}]")


def _unknown_to_argo(doc: dict[str, Any], line: str) -> list[str]:
    """Fields of runnable's output that the line's Argo types do not have."""
    suffixes = [".retryStrategy.backOff"]  # Argo's field is ``backoff``
    if line == "4.1":  # 4.x made memoize.cache.configMap a LocalObjectReference
        suffixes.append(".memoize.cache.configMap.key")
    return [path for path, _ in _fields(doc) if path.endswith(tuple(suffixes))]


def _strict_error(doc: dict[str, Any], fields: list[str]) -> str:
    """Argo's strict-lint message for ``fields`` of ``doc``."""
    name = doc["metadata"].get("name") or doc["metadata"]["generateName"]
    unknown = ", ".join(f'unknown field "{field}"' for field in fields)
    return f'in "{name}" ({doc["kind"]}): strict decoding error: {unknown}'


def _crd_path(path: str) -> str:
    return re.sub(r"\[(\d+)\]", r".\1", path)


def _expected_crd(doc: dict[str, Any], line: str) -> list[str]:
    """The full CRD's errors on runnable's output: its unknown fields, and
    ``maxAge`` missing on every memoize."""
    errors = []
    for field in _unknown_to_argo(doc, line):
        parent, _, name = _crd_path(field).rpartition(".")
        errors.append(
            f"{parent}: Additional properties are not allowed ('{name}' was unexpected)"
        )
    for path, value in _fields(doc):
        if path.endswith(".memoize") and "maxAge" not in value:
            errors.append(f"{_crd_path(path)}: 'maxAge' is a required property")
    return sorted(errors)


def _shapes(messages: list[str]) -> set[str]:
    """Messages or field paths with list indices replaced by N."""
    return {re.sub(r"(?<=[\[.])\d+(?=[\].])", "N", m) for m in messages}


def _containers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in doc["spec"]["templates"] if "container" in t]


def _key_requests(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """processArgs requests resolving every memoize key for run id ``run_1``.

    Only the fields a key can refer to are sent: the oracle decodes a template
    with Go's encoding/json, which reads runnable's ``backOff`` as ``backoff``
    (it matches names case-insensitively) and then fails on its ``factor: 2.0``.
    """
    arguments = doc["spec"].get("arguments", {}).get("parameters", [])
    globals_ = {
        f"workflow.parameters.{p['name']}": p.get("value", "") for p in arguments
    }
    globals_ |= {"workflow.parameters.run_id": RUN_ID, "workflow.name": "wf-x7k2p"}
    fields = ("name", "inputs", "memoize", "container")
    return [
        key_request({k: t[k] for k in fields if k in t}, globals_, ITEMS[0])
        for t in _containers(doc)
        if "memoize" in t
    ]


def _judge_keys(docs: list[dict[str, Any]], argo: Oracle) -> list[list[ResolvedKey]]:
    """Resolve each doc's memoize keys as the controller does, then ask its cache."""
    requests = [_key_requests(doc) for doc in docs]
    judged = iter(resolve_keys(argo, [r for group in requests for r in group]))
    return [[next(judged) for _ in group] for group in requests]


def _compile_example(tmp: Path, executor: str, line: str) -> Path:
    config = _example_config(tmp, executor, line)
    compile_pipeline("examples/pipeline.py", str(config))
    return Path(_load(config)["pipeline-executor"]["config"]["output_file"])


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """examples/pipeline.py compiled by both executors, once per module.

    runnable's ``argo`` has no Argo line: its one output is judged for both.
    """
    tmp = tmp_path_factory.mktemp("example")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)  # pods import examples.pipeline from the project root
        patch.delenv("RUNNABLE_CONFIGURATION_FILE", raising=False)
        theirs = _compile_example(tmp, "argo", "any")
        return {
            ("argo-spec", "4.1"): _compile_example(tmp, "argo-spec", "4.1"),
            ("argo-spec", "3.7"): _compile_example(tmp, "argo-spec", "3.7"),
            ("argo", "4.1"): theirs,
            ("argo", "3.7"): theirs,
        }


@pytest.fixture(scope="module")
def runnable_argo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixtures' pipelines compiled by runnable's own ``argo`` executor."""
    outputs = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(TESTS)  # pods import runnable_fixtures.* from tests/
        patch.delenv("RUNNABLE_CONFIGURATION_FILE", raising=False)
        for function in FUNCTIONS:
            tmp = tmp_path_factory.mktemp(function)
            config = write_config(tmp, executor="argo", **RUNNABLE_CONFIG)
            compile_doc(PIPELINE, config, function)
            outputs[function] = tmp / "argo-out.yaml"
    return outputs


@pytest.fixture(scope="module")
def verdicts(
    example: dict[tuple[str, str], Path], argo_oracle: ArgoOracle
) -> dict[tuple[str, str], Verdict]:
    """Lint, CRD and memoize keys of the example, per executor and line."""
    out = {}
    for line in LINES:
        argo = argo_oracle(LINES[line])
        paths = [example[executor, line] for executor in EXECUTORS]
        docs = [_load(path) for path in paths]
        linted = argo.lint_many([[p] for p in paths], output="simple")
        keys = _judge_keys(docs, argo)
        for executor, path, doc, (ok, output), judged in zip(
            EXECUTORS, paths, docs, linted, keys, strict=True
        ):
            messages = _lint_messages(output).get(str(path), [])
            out[executor, line] = Verdict(
                doc, ok, messages, crd_errors(line, doc), judged
            )
    return out


# ---------------------------------------------------------------- 1. example


@pytest.mark.parametrize("line", ["4.1", "3.7"])
def test_example_decodes_strictly_with_no_finding(
    example: dict[tuple[str, str], Path], line: str
) -> None:
    path = example["argo-spec", line]

    [workflow] = argo_spec.load_all(path, argo_version=line)

    assert type(workflow) is MODELS[line].Workflow
    assert argo_spec.validate(workflow) == []
    assert argo_spec.to_dict(workflow) == _load(path)


@pytest.mark.parametrize("line", ["4.1", "3.7"])
def test_example_passes_crd_and_argo_lint(
    verdicts: dict[tuple[str, str], Verdict], line: str
) -> None:
    verdict = verdicts["argo-spec", line]

    assert verdict.crd == []
    assert (verdict.lint_ok, verdict.lint) == (True, [])


@pytest.mark.parametrize("line", ["4.1", "3.7"])
def test_example_every_key_accepted_for_run_1(
    verdicts: dict[tuple[str, str], Verdict], line: str
) -> None:
    verdict = verdicts["argo-spec", line]

    assert len(verdict.keys) == len(_containers(verdict.doc)) == 23
    assert [error for _, error in verdict.keys] == [None] * 23
    assert all(
        CONTROLLER_KEY.match(key) and len(key) <= MAX_KEY_LENGTH
        for key, _ in verdict.keys
    )
    assert len({key for key, _ in verdict.keys}) == 23


# ---------------------------------------------------------------- 2. corpus


def _corpus_files(line: str) -> tuple[list[Path], list[Path]]:
    """Example files holding kinds Argo lints: those argo_spec reads, and those
    it refuses (tests/test_examples.py KNOWN_BAD)."""
    root = examples_dir(line)
    names = {
        ident.partition("#")[0]
        for ident, document in corpus_documents(line)
        if document["kind"] in LINTED_KINDS
    }
    known_bad = {f"{RELEASES[line][0]}/{name}" for name in names} & KNOWN_BAD.keys()
    bad = {key.partition("/")[2] for key in known_bad}
    return [root / n for n in sorted(names - bad)], [root / n for n in sorted(bad)]


def _per_file(response: dict[str, Any], root: Path) -> dict[str, tuple[bool, Any]]:
    """A lint response as {file relative to root: (linted, errors)}."""
    return {
        str(Path(r["file"]).relative_to(root)): (r["linted"], r["errors"])
        for r in response["results"]
    }


@pytest.mark.parametrize("line", ["4.1", "3.7"])
def test_corpus_round_trip_lints_as_the_original(
    tmp_path: Path, argo_oracle: ArgoOracle, line: str
) -> None:
    argo = argo_oracle(LINES[line])
    root = examples_dir(line)
    originals, refused = _corpus_files(line)
    dumped = []
    for path in originals:
        manifests = argo_spec.load_all(path, argo_version=line)
        out = tmp_path / path.relative_to(root)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(argo_spec.dump_yaml(manifests))
        dumped.append(out)

    # lint_many keeps only the joint output, where a file Argo cannot read is
    # silently passed over; the batch's per-file results say "linted".
    groups = [originals, dumped, refused]
    before, after, bad = argo.batch(
        [{"op": "lint", "files": list(map(str, g)), "output": "simple"} for g in groups]
    )

    assert len(originals) > 200
    verdicts = _per_file(before, root)
    assert _per_file(after, tmp_path) == verdicts
    assert all(linted for linted, _ in verdicts.values())
    newer = NEWER_THAN_V405 if line == "4.1" else set()
    assert {Path(f).name for f, (_, errors) in verdicts.items() if errors} == newer
    assert before["ok"] == after["ok"] == (not newer)
    # What argo_spec refuses: on 4.1 (a duplicate key) Argo's lint cannot read
    # the file and skips it; on 3.7 it lints both files clean.
    assert _per_file(bad, root) == {
        str(p.relative_to(root)): (line == "3.7", []) for p in refused
    }
    assert len(refused) == (1 if line == "4.1" else 2)


# ---------------------------------------------------------------- 3. Structs


def _memoized_workflow(
    line: str, max_age: str | None, key: str | None = "cache"
) -> msgspec.Struct:
    """A DAG running one memoized container, built from argo_spec Structs."""
    m = MODELS[line]
    if line == "4.1":
        config_map = m.LocalObjectReference(name=CACHE)
    else:  # the 3.7 CRD requires a key; Argo 3.x reads only the name
        config_map = m.ConfigMapKeySelector(name=CACHE, key=key)
    memoize = m.Memoize(
        key="work-v1", max_age=max_age, cache=m.Cache(config_map=config_map)
    )
    dag = m.DAGTemplate(tasks=[m.DAGTask(name="work", template="work")])
    container = m.Container(image="busybox:1.36", command=["echo", "hi"])
    templates = [
        m.Template(name="main", dag=dag),
        m.Template(name="work", memoize=memoize, container=container),
    ]
    return m.Workflow(
        metadata=m.ObjectMeta(generate_name="memo-"),
        spec=m.WorkflowSpec(entrypoint="main", templates=templates),
    )


def _dump(tmp_path: Path, name: str, workflow: msgspec.Struct) -> Path:
    path = tmp_path / name
    path.write_text(argo_spec.dump_yaml(workflow))
    return path


@pytest.mark.parametrize("line", ["4.1", "3.7"])
def test_struct_memoize_passes_lint_and_crd_needs_max_age(
    tmp_path: Path, argo_oracle: ArgoOracle, line: str
) -> None:
    argo = argo_oracle(LINES[line])
    with_age = _dump(tmp_path, "with.yaml", _memoized_workflow(line, "24h"))
    without = _dump(tmp_path, "without.yaml", _memoized_workflow(line, None))

    linted = argo.lint_many([[with_age], [without]], output="simple")

    assert linted == [(True, PASSED + "\n")] * 2
    assert crd_errors(line, _load(with_age)) == []
    # Why runnable_ext always writes maxAge: the CRD refuses a memoize without it.
    assert crd_errors(line, _load(without)) == [
        "spec.templates.1.memoize: 'maxAge' is a required property"
    ]


def test_struct_memoize_3_7_crd_needs_config_map_key(
    tmp_path: Path, argo_oracle: ArgoOracle
) -> None:
    argo = argo_oracle(LINES["3.7"])
    no_key = _dump(tmp_path, "no-key.yaml", _memoized_workflow("3.7", "24h", None))

    assert argo.lint([no_key], output="simple") == (True, PASSED + "\n")
    assert crd_errors("3.7", _load(no_key)) == [
        "spec.templates.1.memoize.cache.configMap: 'key' is a required property"
    ]


# ---------------------------------------------------------------- 4. runnable


BACK_OFF = "spec.templateDefaults.retryStrategy.backOff"
BACK_OFFS = "spec.templates[N].retryStrategy.backOff"
CONFIG_MAP_KEY = "spec.templates[N].memoize.cache.configMap.key"
# Fields Argo's strict lint does not know, by source and line: the example sets
# a retryStrategy (runnable writes ``backOff``), the fixtures' config does not.
RUNNABLE_LINT = {
    ("example", "4.1"): {BACK_OFF, BACK_OFFS, CONFIG_MAP_KEY},
    ("example", "3.7"): {BACK_OFF, BACK_OFFS},
    ("fixtures", "4.1"): {CONFIG_MAP_KEY},
    ("fixtures", "3.7"): set(),
}
NOT_ALLOWED = "Additional properties are not allowed"
NO_MAX_AGE = "spec.templates.N.memoize: 'maxAge' is a required property"
CRD_BACK_OFF = {
    f"spec.templateDefaults.retryStrategy: {NOT_ALLOWED} ('backOff' was unexpected)",
    f"spec.templates.N.retryStrategy: {NOT_ALLOWED} ('backOff' was unexpected)",
}
CRD_KEY = (
    f"spec.templates.N.memoize.cache.configMap: {NOT_ALLOWED} ('key' was unexpected)"
)
RUNNABLE_CRD = {
    ("example", "4.1"): {NO_MAX_AGE, CRD_KEY, *CRD_BACK_OFF},
    ("example", "3.7"): {NO_MAX_AGE, *CRD_BACK_OFF},
    ("fixtures", "4.1"): {NO_MAX_AGE, CRD_KEY},
    ("fixtures", "3.7"): {NO_MAX_AGE},
}


def _runnable_outputs(
    example: dict[tuple[str, str], Path], fixtures: dict[str, Path]
) -> dict[str, Path]:
    return {"example": example["argo", "4.1"], **fixtures}


def _source(name: str) -> str:
    return "example" if name == "example" else "fixtures"


@pytest.mark.parametrize("line", ["4.1", "3.7"])
def test_runnable_argo_argo_lint(
    example: dict[tuple[str, str], Path],
    runnable_argo: dict[str, Path],
    argo_oracle: ArgoOracle,
    line: str,
) -> None:
    paths = _runnable_outputs(example, runnable_argo)

    linted = argo_oracle(LINES[line]).lint_many(
        [[p] for p in paths.values()], output="simple"
    )

    for (name, path), (ok, output) in zip(paths.items(), linted, strict=True):
        doc = _load(path)
        fields = _unknown_to_argo(doc, line)
        assert _shapes(fields) == RUNNABLE_LINT[_source(name), line], name
        if fields:
            assert not ok
            assert _lint_messages(output) == {str(path): [_strict_error(doc, fields)]}
        else:  # 3.7 takes runnable's output when no retryStrategy is configured
            assert (ok, output) == (True, PASSED + "\n")


@pytest.mark.parametrize("line", ["4.1", "3.7"])
def test_runnable_argo_fails_full_crd(
    example: dict[tuple[str, str], Path], runnable_argo: dict[str, Path], line: str
) -> None:
    for name, path in _runnable_outputs(example, runnable_argo).items():
        doc = _load(path)
        errors = crd_errors(line, doc)

        assert sorted(errors) == _expected_crd(doc, line)
        assert _shapes(errors) == RUNNABLE_CRD[_source(name), line], name


@pytest.mark.parametrize("line", ["4.1", "3.7"])
def test_runnable_argo_keys_refused_for_run_1(
    example: dict[tuple[str, str], Path],
    runnable_argo: dict[str, Path],
    argo_oracle: ArgoOracle,
    line: str,
) -> None:
    paths = _runnable_outputs(example, runnable_argo)
    docs = [_load(p) for p in paths.values()]

    judged = _judge_keys(docs, argo_oracle(LINES[line]))

    for doc, keys in zip(docs, judged, strict=True):
        written = [t["memoize"]["key"] for t in _containers(doc) if "memoize" in t]
        forms = [RUNNABLE_KEY.fullmatch(key) for key in written]
        assert keys
        assert all(forms), written
        assert [key for key, _ in keys] == [RUN_ID + m[1] for m in forms if m]
        assert [error for _, error in keys] == [
            f"invalid cache key: {key}" for key, _ in keys
        ]
    # runnable turns memoization off inside map branches
    not_memoized = [t for t in _containers(docs[0]) if "memoize" not in t]
    assert (len(judged[0]), len(not_memoized)) == (17, 6)
    assert all(
        ".map_variable_placeholder." in t["container"]["command"][4]
        for t in not_memoized
    )


# ---------------------------------------------------------------- the table


def _lint_cell(verdict: Verdict) -> str:
    if verdict.lint_ok:
        return "passes"
    fields = re.findall(r'unknown field "([^"]+)"', " ".join(verdict.lint))
    counts = collections.Counter(
        re.sub(r"^spec\.(templates\[\d+\]|templateDefaults)\.", "", f) for f in fields
    )
    listed = ", ".join(f"{n} `{field}`" for field, n in sorted(counts.items()))
    return f"fails: {len(fields)} unknown fields: {listed}"


def _crd_cell(verdict: Verdict) -> str:
    if not verdict.crd:
        return "valid"
    labels = []
    for error in verdict.crd:
        path, _, message = error.partition(": ")
        parent = path.rsplit(".", 1)[-1]
        if found := re.search(r"'(\w+)' is a required property", message):
            labels.append(f"`{parent}.{found[1]}` required")
        elif found := re.search(r"\('(\w+)' was unexpected\)", message):
            labels.append(f"`{parent}.{found[1]}` not allowed")
        else:
            labels.append(message)
    counts = collections.Counter(labels)
    listed = ", ".join(f"{n} {label}" for label, n in sorted(counts.items()))
    return f"{len(verdict.crd)} errors: {listed}"


def _keys_cell(verdict: Verdict) -> str:
    accepted = sum(error is None for _, error in verdict.keys)
    containers = len(_containers(verdict.doc))
    cell = f"{accepted} of {len(verdict.keys)}"
    if len(verdict.keys) < containers:
        missing = containers - len(verdict.keys)
        cell += f" ({missing} of {containers} container templates not memoized)"
    return cell


def _table(verdicts: dict[tuple[str, str], Verdict]) -> str:
    rows = [
        "| executor | line | Argo lint (strict) | full CRD | memoize keys the "
        "controller accepts for run id `run_1` |",
        "|---|---|---|---|---|",
    ]
    for executor in ("argo", "argo-spec"):
        for line in LINES:
            verdict = verdicts[executor, line]
            name = "runnable `argo`" if executor == "argo" else "`argo-spec`"
            cells = [_lint_cell(verdict), _crd_cell(verdict), _keys_cell(verdict)]
            rows.append(f"| {name} | {line} | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def test_docs_table_is_what_argo_says(
    verdicts: dict[tuple[str, str], Verdict],
) -> None:
    table = _table(verdicts)

    assert table in DOC.read_text(), f"update docs/conformance.md:\n{table}"
