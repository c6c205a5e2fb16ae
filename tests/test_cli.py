"""The argo-spec command, driven as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from argo_spec.cli import main

REPO = Path(__file__).resolve().parent.parent
GOOD = """apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: hello-
spec:
  entrypoint: main
  templates:
    - name: main
      memoize:
        key: hello
        maxAge: 24h
        cache:
          configMap:
            name: hello-cache
      container:
        image: alpine
"""
BAD_AGE = GOOD.replace("maxAge: 24h", "maxAge: 1d")
BAD_KEY = GOOD.replace("key: hello", "key: hello world")


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-m", "argo_spec.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "good.yaml").write_text(GOOD)
    (tmp_path / "sub" / "age.yml").write_text(BAD_AGE)
    (tmp_path / "sub" / "key.json").write_text(
        json.dumps(__import__("yaml").safe_load(BAD_KEY), indent=1)
    )
    (tmp_path / "notes.txt").write_text("not a manifest")
    return tmp_path


def test_validate_good_file_exits_0_and_prints_nothing(tree: Path) -> None:
    result = run("validate", str(tree / "good.yaml"))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_validate_directory_recurses_and_reports_each_finding(tree: Path) -> None:
    result = run("validate", str(tree))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{tree}/sub/age.yml:11:17: $.spec.templates[0].memoize.maxAge: "
        'maxAge "1d" is not a Go duration (unknown unit "d"); write it like "24h", '
        '"90m" or "1h30m" with units ns, us, ms, s, m, h',
        f"{tree}/sub/key.json:13:13: $.spec.templates[0].memoize.key: "
        "memoize key \"hello world\" is invalid: use letters, digits and '-', "
        "starting with a letter or digit",
    ]
    assert result.stderr == ""


def test_validate_json_format_prints_one_object_per_finding(tree: Path) -> None:
    result = run("validate", "--format", "json", str(tree / "sub"))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1
    assert [(r["line"], r["column"], r["path"], r["severity"]) for r in records] == [
        (11, 17, "$.spec.templates[0].memoize.maxAge", "error"),
        (13, 13, "$.spec.templates[0].memoize.key", "error"),
    ]
    assert records[0]["file"] == f"{tree}/sub/age.yml"
    assert records[0]["document"] == 0


def test_validate_reads_stdin() -> None:
    result = run("validate", "-", stdin=BAD_AGE)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "<stdin>:11:17: $.spec.templates[0].memoize.maxAge: "
    )


def test_validate_stdin_json() -> None:
    result = run("validate", "-", stdin='{"kind": "Workflow"} trailing')
    assert (result.returncode, result.stdout) == (
        1,
        "<stdin>:1:22: not valid JSON: trailing characters\n",
    )


def test_validate_syntax_error_is_a_finding_not_a_traceback(tree: Path) -> None:
    path = tree / "broken.yaml"
    path.write_text("kind: Workflow\nmetadata:\n\tname: x\n")
    result = run("validate", str(path))
    assert result.returncode == 1
    assert result.stdout == (
        f"{path}:3:1: a tab character where YAML allows only spaces; "
        "indent with spaces\n"
    )
    assert "Traceback" not in result.stderr


def test_validate_missing_path_is_an_io_error_exit_2(tree: Path) -> None:
    result = run("validate", str(tree / "good.yaml"), str(tree / "missing.yaml"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: cannot read {tree}/missing.yaml: no such file or directory\n"
    )


def test_validate_3_7_rejects_a_4_1_only_field(tree: Path) -> None:
    path = tree / "cron.yaml"
    path.write_text(
        "apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nmetadata:\n  name: c\n"
        "spec:\n  schedules: ['* * * * *']\n  workflowSpec:\n    entrypoint: m\n"
        "    templates:\n      - name: m\n        container:\n          image: a\n"
    )
    assert run("validate", "--argo-version", "4.1", str(path)).returncode == 0
    result = run("validate", "--argo-version", "3.7", str(path))
    assert (result.returncode, result.stdout) == (0, "")


def test_usage_errors_exit_2_with_one_line() -> None:
    for args in (
        ["validate"],
        ["bogus"],
        ["validate", "--argo-version", "9.9", "x"],
        [],
    ):
        result = run(*args)
        assert result.returncode == 2, args
        assert result.stdout == ""
        assert result.stderr.startswith("Error: ")
        assert result.stderr.count("\n") == 1


def test_versions_lists_lines_and_pins() -> None:
    result = run("versions")
    assert result.returncode == 0
    assert result.stdout == (
        "4.1  Argo 4.1.2  argo_spec.v4_1  sha256 "
        "c75ea5e10cbca5a251019c0f5dafef98449551562403e9e903a53db985d5e6b8\n"
        "3.7  Argo 3.7.18  argo_spec.v3_7  sha256 "
        "72b40bc5580085b0198c8973fa78b5b01cd621fcedeef81249521e4b43fb2bdb\n"
    )


def test_diff_text_and_json() -> None:
    text = run("diff", "3.7", "4.1")
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    assert lines[0].startswith("Changes from Argo 3.7 to Argo 4.1: ")
    assert (
        "~ Cache.configMap: type ConfigMapKeySelector -> LocalObjectReference" in lines
    )
    assert "- field CronWorkflowSpec.schedule (str | None)" in lines
    records = json.loads(run("diff", "3.7", "4.1", "--format", "json").stdout)
    assert len(records) == len(lines) - 1
    assert {
        "kind": "type changed",
        "definition": "Cache",
        "field": "configMap",
        "old": "ConfigMapKeySelector",
        "new": "LocalObjectReference",
    } in records


def test_validate_unreadable_directory_is_an_io_error_exit_2(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As root every directory is readable, so the refusal is simulated where
    # the walk lists a directory.
    locked = tree / "locked"
    locked.mkdir()
    (locked / "age.yaml").write_text(BAD_AGE)
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code = main(["validate", str(tree)])
    out, err = capsys.readouterr()
    assert code == 2
    assert err == f"Error: cannot read {locked}: permission denied\n"
    assert [line.split(":")[0] for line in out.splitlines()] == [
        f"{tree}/sub/age.yml",
        f"{tree}/sub/key.json",
    ]


def test_validate_directory_skips_hidden_entries_and_virtualenvs(
    tmp_path: Path,
) -> None:
    for folder in (".git", ".venv", "env", "sub"):
        (tmp_path / folder).mkdir()
    (tmp_path / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    for bad in (".git/x.yaml", ".venv/x.yaml", "env/x.yaml", ".hidden.yaml"):
        (tmp_path / bad).write_text("apiVersion: argoproj.io/v1alpha1\n")
    (tmp_path / "sub" / "good.yaml").write_text(GOOD)
    result = run("validate", str(tmp_path))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert "virtualenvs" in run("validate", "--help").stdout
    # A hidden file named on the command line is still read.
    named = run("validate", str(tmp_path / ".hidden.yaml"))
    assert named.stdout == (
        f"{tmp_path}/.hidden.yaml:1:1: $: missing kind; expected one of "
        "Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow, "
        "WorkflowEventBinding\n"
    )


def test_validate_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"bad\xff.yaml")).write_text(BAD_AGE)
    records = run("validate", "--format", "json", str(tmp_path))
    assert records.returncode == 1
    [record] = [json.loads(line) for line in records.stdout.splitlines()]
    assert record["file"] == f"{tmp_path}/bad\ufffd.yaml"
    assert record["line"] == 11
    text = subprocess.run(
        [sys.executable, "-m", "argo_spec.cli", "validate", str(tmp_path)],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        check=False,
        timeout=60,
    )
    assert text.returncode == 1
    assert text.stdout.startswith(os.fsencode(tmp_path) + b"/bad\xff.yaml:11:17: ")
    assert text.stderr == b""


def test_validate_stdin_flow_yaml_and_json_stream() -> None:
    flow = (
        "{apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {generateName: "
        "x-}, spec: {entrypoint: m, templates: [{name: m, container: {image: a}}]}}\n"
    )
    assert run("validate", "-", stdin=flow).returncode == 0
    document = json.dumps(__import__("yaml").safe_load(GOOD))
    stream = run("validate", "-", stdin=f"{document}\n---\n{document}\n")
    assert (stream.returncode, stream.stdout, stream.stderr) == (0, "", "")


def test_validate_stdin_that_is_not_utf8_is_named_stdin() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "argo_spec.cli", "validate", "-"],
        input=b"kind: caf\xe9\n",
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == (
        b"<stdin>:1:10: not UTF-8: byte 0xe9 at offset 9 cannot be decoded; "
        b"save the file as UTF-8\n"
    )


def test_validate_stdin_twice_is_a_usage_error() -> None:
    result = run("validate", "-", "-", stdin=GOOD)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: - (stdin) may be given only once (see argo-spec --help)\n"
    )


def test_validate_skips_files_that_are_no_kubernetes_object(tmp_path: Path) -> None:
    (tmp_path / "workflow.yaml").write_text(GOOD)
    (tmp_path / "pre-commit-config.yaml").write_text("repos:\n  - repo: local\n")
    (tmp_path / "runnable.yaml").write_text("pipeline-executor:\n  type: argo-spec\n")
    (tmp_path / "no-kind.yaml").write_text(GOOD.replace("kind: Workflow\n", ""))
    headless = GOOD.split("metadata:", 1)[1]  # an Argo spec, without its header
    (tmp_path / "no-header.yaml").write_text("metadata:" + headless)
    (tmp_path / "other-spec.yaml").write_text("spec:\n  replicas: 2\n")

    result = run("validate", str(tmp_path))

    assert result.returncode == 1
    missing_kind = (
        "$: missing kind; expected one of Workflow, WorkflowTemplate, "
        "ClusterWorkflowTemplate, CronWorkflow, WorkflowEventBinding\n"
    )
    assert result.stdout == (
        f"{tmp_path / 'no-header.yaml'}:1:1: {missing_kind}"
        f"{tmp_path / 'no-kind.yaml'}:1:1: {missing_kind}"
    )
    assert "skipped 3 document(s) of other kinds: 3 non-manifest" in result.stderr


def test_validate_shows_warnings_only_when_asked_and_they_exit_0(
    tmp_path: Path,
) -> None:
    path = tmp_path / "templated.yaml"
    path.write_text(GOOD.replace("key: hello", 'key: "k-{{workflow.name}}"'))

    quiet = run("validate", str(path))
    loud = run("validate", "--warnings", str(path))
    records = run("validate", "--warnings", "--format", "json", str(path))

    assert (quiet.returncode, quiet.stdout) == (0, "")
    assert (loud.returncode, loud.stdout) == (
        0,
        f"{path}:10:14: $.spec.templates[0].memoize.key: warning: memoize key "
        '"k-{{workflow.name}}" is templated; the substituted values must also '
        "hold only letters, digits and '-'\n",
    )
    [record] = [json.loads(line) for line in records.stdout.splitlines()]
    assert (records.returncode, record["severity"], record["line"]) == (
        0,
        "warning",
        10,
    )
    assert record["message"].startswith('memoize key "k-{{workflow.name}}"')
