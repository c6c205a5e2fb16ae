"""Small pieces: Go durations, names, and runnable's pod commands."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from runnable_fixtures.helpers import PIPELINE, in_tests, write_config

from argo_spec._kube import is_dns1123_subdomain
from runnable_ext._commands import Invocation, fan_command, node_command
from runnable_ext._names import Names, slug
from runnable_ext._pipeline import pipeline_context, resolve_pipeline

__all__ = ["in_tests"]


def test_names_slug_hash_and_uniqueness() -> None:
    names = Names(reserved=("runnable-dag",))

    assert slug("Map Step.map_variable_placeholder._x_") == (
        "map-step-map-variable-placeholder-x"
    )
    assert names.claim("a", "Train Model") == "train-model"
    again = names.claim("b", "train model")
    assert again.startswith("train-model-")
    assert len(again) == len("train-model-") + 8
    long = names.claim("c", "x" * 100)
    assert len(long) == 63
    assert long == Names().claim("c", "x" * 100)
    assert names.claim("d", "runnable-dag") != "runnable-dag"
    assert names.claim("e", "ÜÜ") == "step"


def test_is_dns1123_subdomain() -> None:
    assert is_dns1123_subdomain("runnable-x7k9m2")
    assert is_dns1123_subdomain("a.b-c")
    assert not is_dns1123_subdomain("Runnable")
    assert not is_dns1123_subdomain("-a")
    assert not is_dns1123_subdomain("a" * 254)


@pytest.mark.usefixtures("in_tests")
@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning")
def test_commands_match_runnables_own(tmp_path: Path) -> None:
    from runnable.defaults import IterableParameterModel, MapVariableModel

    cfg = write_config(tmp_path)
    ref = resolve_pipeline(PIPELINE, "all_kinds")
    with pipeline_context(ref, str(cfg), parameters_file="p.yaml") as run:
        inv = Invocation(ref.definition, True, str(cfg), "p.yaml")
        node = run.dag.get_node_by_name("make items")
        composite = run.dag.get_node_by_name("outer map")
        iv = IterableParameterModel()
        iv.map_variable["chunk"] = MapVariableModel(value="{{inputs.parameters.chunk}}")

        theirs = run.get_node_callable_command(
            node, iter_variable=iv, over_write_run_id="R", log_level="L"
        )
        fan = run.get_fan_command(composite, "out", "R", IterableParameterModel(), "L")

        assert node_command(inv, "make%items", "R", "L", ["chunk"]) == shlex.split(
            theirs
        )
        assert fan_command(inv, "outer%map", "out", "R", "L", []) == shlex.split(fan)


def test_write_all_writes_both_or_neither(tmp_path: Path) -> None:
    from runnable_ext._dump import write_all
    from runnable_ext._errors import ConfigError

    good = str(tmp_path / "sub" / "wf.yaml")
    write_all([("o", good, "a: 1\n"), ("c", str(tmp_path / "cm.yaml"), "b\n")], {})
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["cm.yaml", "sub", "wf.yaml"]
    assert Path(good).stat().st_mode & 0o777 == 0o644

    with pytest.raises(ConfigError) as caught:
        write_all([("o", good, "new\n"), ("c", "/proc/cm.yaml", "x\n")], {})

    assert str(caught.value) == (
        "c: cannot write /proc/cm.yaml: No such file or directory; "
        "fix: name a file in a directory you can write to"
    )
    assert Path(good).read_text() == "a: 1\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["cm.yaml", "sub", "wf.yaml"]
