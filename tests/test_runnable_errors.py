"""Errors from the pipeline, runnable's services or their files: one line, exit 2.

Everything here used to end in a Python traceback (or, for a syntax error, in
a misleading "function not defined").
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
import yaml
from runnable_fixtures.helpers import PIPELINE, compile_error, in_tests, write_config

from runnable_ext._cli import main

pytestmark = [
    pytest.mark.usefixtures("in_tests"),
    pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning"),
]
__all__ = ["in_tests"]

FIX_THERE = "fix: fix it there (add --traceback to see where it was raised)"
_modules = itertools.count()


def _with_section(tmp_path: Path, section: str, body: object) -> Path:
    cfg = write_config(tmp_path)
    data = yaml.safe_load(cfg.read_text())
    data[section] = body
    cfg.write_text(yaml.safe_dump(data))
    return cfg


def _pipeline_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> str:
    """Write ``text`` as a fresh module in ``tmp_path`` and work from there."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / f"user_pipeline_{next(_modules)}.py"
    path.write_text(text)
    return path.name


def test_unknown_executor_type_lists_the_known_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path, executor="argo-specc")

    err = compile_error(capsys, PIPELINE, "-c", str(cfg), "-f", "all_kinds")

    assert err.startswith(
        f"Error: {cfg}: pipeline-executor.type: unknown type 'argo-specc'; "
        "fix: use one of "
    )
    assert "argo, argo-spec, " in err
    assert err.count(" argo-spec,") == 1  # listed once, however installed


def test_unknown_catalog_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = _with_section(tmp_path, "catalog", {"type": "nope"})

    err = compile_error(capsys, PIPELINE, "-c", str(cfg), "-f", "all_kinds")

    assert err.startswith(f"Error: {cfg}: catalog.type: unknown type 'nope'; fix: ")
    assert "file-system" in err


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (
            {"type": "file-system", "config": {"bogus_option": 1}},
            "catalog.config: runnable's file-system catalog refused it: "
            "bogus_option: Extra inputs are not permitted; fix: fix that "
            "section's config",
        ),
        (
            "file-system",
            "catalog: expected a mapping, found a string; fix: give its type: "
            "and config:",
        ),
    ],
)
def test_bad_catalog_section_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], section: object, expected: str
) -> None:
    cfg = _with_section(tmp_path, "catalog", section)

    err = compile_error(capsys, PIPELINE, "-c", str(cfg), "-f", "all_kinds")

    assert err == f"Error: {cfg}: {expected}"


def test_configuration_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_bytes(b"pipeline-executor:\n  type: \xff\n")

    err = compile_error(capsys, PIPELINE, "-c", str(cfg), "-f", "all_kinds")

    assert err == f"Error: {cfg}: configuration: not UTF-8 text; fix: save it as UTF-8"


def test_module_function_with_unknown_module(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path)

    err = compile_error(capsys, "runnable_fixtures.nothing_here.main", "-c", str(cfg))

    assert err == (
        "Error: runnable_fixtures.nothing_here.main: pipeline: module "
        "'runnable_fixtures.nothing_here' not found; fix: give module.function, "
        "importable from the working directory"
    )


def test_module_function_with_unknown_function(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path)

    err = compile_error(capsys, "runnable_fixtures.pipelines.nothing", "-c", str(cfg))

    assert err == (
        f"Error: {PIPELINE}: function 'nothing': not defined at the top level of "
        "the file; fix: pass the name of the function that returns the Pipeline "
        "with -f"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "dag:\n  start_at: [\n",
            "line 3: not valid YAML: expected the node content, but found "
            "'<stream end>'; fix: fix the syntax",
        ),
        (
            "dag: 3\n",
            "pipeline: AttributeError: 'int' object has no attribute 'get'; "
            + FIX_THERE,
        ),
    ],
)
def test_broken_yaml_pipeline_is_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    text: str,
    expected: str,
) -> None:
    cfg = write_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    Path("p.yaml").write_text(text)

    err = compile_error(capsys, "p.yaml", "-c", str(cfg))

    assert err == f"Error: p.yaml: {expected}"


def test_python_syntax_error_names_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path)
    name = _pipeline_module(tmp_path, monkeypatch, "def main():\n    x = (\n")

    err = compile_error(capsys, name, "-c", str(cfg))

    assert err == (
        f"Error: {name}: line 2: Python syntax error: '(' was never closed; "
        "fix: fix the syntax"
    )


RAISES = """\
from runnable import Pipeline, Stub


def main():
    steps = [Stub(name="a")]
    return steps[3]
"""


def test_error_raised_by_the_pipeline_names_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path)
    name = _pipeline_module(tmp_path, monkeypatch, RAISES)

    err = compile_error(capsys, name, "-c", str(cfg))

    assert err == (
        f"Error: {name}: line 6: IndexError: list index out of range; {FIX_THERE}"
    )
    assert not (tmp_path / "argo-spec-out.yaml").exists()


def test_traceback_flag_shows_the_pipeline_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = write_config(tmp_path)
    name = _pipeline_module(tmp_path, monkeypatch, RAISES)

    with pytest.raises(IndexError) as caught:
        main(["compile", name, "-c", str(cfg), "--traceback"])

    frames = [f.name for f in caught.traceback]
    assert "main" in frames


def test_runnable_configuration_file_variable_does_not_override_c(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = write_config(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = write_config(elsewhere)
    monkeypatch.setenv("RUNNABLE_CONFIGURATION_FILE", str(other))

    assert main(["compile", PIPELINE, "-c", str(cfg), "-f", "all_kinds"]) == 0

    assert (tmp_path / "argo-spec-out.yaml").is_file()
    assert not (elsewhere / "argo-spec-out.yaml").exists()
    assert os.environ["RUNNABLE_CONFIGURATION_FILE"] == str(other)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- 1\n",
            "parameters: expected a mapping of names to values, found a list; "
            "fix: write name: value lines",
        ),
        ("1: a\n", "parameter 1: names must be strings, found an integer"),
        ("a: [\n", "line 2: not valid YAML: expected the node content"),
        (
            "log_level: DEBUG\n",
            "log_level: parameter 'log_level' clashes with the workflow parameter "
            "runnable adds itself (run_id, retry_run_id, retry_indicator, "
            "log_level); fix: rename the parameter",
        ),
        (
            '"my param": 1\n',
            "my param: parameter name 'my param' is not one Argo accepts; fix: use "
            "only letters, digits, '-' and '_'",
        ),
    ],
)
def test_bad_parameters_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    params = tmp_path / "params.yaml"
    params.write_text(text)
    cfg = write_config(tmp_path)

    err = compile_error(
        capsys, PIPELINE, "-f", "all_kinds", "-c", str(cfg), "-p", str(params)
    )

    assert err.startswith(f"Error: {params}: {expected}")


MISSING_NEXT = """\
dag:
  start_at: a
  steps:
    a: {type: stub, next: zz}
    success: {type: success}
    fail: {type: fail}
"""


def test_runnable_graph_error_is_one_line_without_its_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    Path("p.yaml").write_text(MISSING_NEXT)

    assert main(["compile", "p.yaml", "-c", str(cfg)]) == 2

    err = capfd.readouterr().err
    assert err == (
        "Error: p.yaml: pipeline: Exception: The graph has references to nodes "
        "(next, on_failure), these nodes are missing from the DAG: zz; "
        f"{FIX_THERE}\n"
    )


RETURNS_NONE = """\
from runnable import Pipeline, Stub


def main():
    Pipeline(steps=[Stub(name="a")])
"""


def test_pipeline_function_returning_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path)
    name = _pipeline_module(tmp_path, monkeypatch, RETURNS_NONE)

    err = compile_error(capsys, name, "-c", str(cfg))

    assert err == (
        f"Error: {name}: pipeline: the pipeline function returned None, not a "
        f"runnable Pipeline; {FIX_THERE}"
    )


def test_pipeline_that_is_a_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    Path("p.py").mkdir()

    err = compile_error(capsys, "p.py", "-c", str(cfg))

    assert err == "Error: p.py: pipeline: is a directory; fix: name the file"
