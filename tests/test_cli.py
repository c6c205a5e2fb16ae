"""The argo-spec command, driven as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
