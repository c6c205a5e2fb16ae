"""Bad configuration: one line naming file, setting and fix; nothing written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from runnable_fixtures.helpers import PIPELINE, compile_doc, in_tests, write_config

from runnable_ext._cli import main

pytestmark = [
    pytest.mark.usefixtures("in_tests"),
    pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning"),
]
__all__ = ["in_tests"]

ROOT = "pipeline-executor.config"
CASES: list[tuple[dict[str, Any], str]] = [
    (
        {"configmap_cache_name": "Runnable_Cache"},
        f"{ROOT}.configmap_cache_name: 'Runnable_Cache' is not a valid ConfigMap name",
    ),
    (
        {"memoize": {"max_age": "1d"}},
        f"{ROOT}.memoize.max_age: '1d' is not a Go duration",
    ),
    ({"memoize": {"max_age": "0s"}}, "would expire every entry at once"),
    ({"memoize": {"maxAge": 24}}, f"{ROOT}.memoize.max_age: 24 is not a string"),
    ({"argo_version": "3.5"}, f"{ROOT}.argo_version: unsupported Argo line '3.5'"),
    ({"pvc_for_runnable": 3}, f"{ROOT}.pvc_for_runnable: expected a string"),
    ({"outputfile_typo": "x"}, f"{ROOT}.outputfile_typo: unknown option"),
    (
        {"defaults": {"image": "i", "afinity": {}}},
        f"{ROOT}.defaults.afinity: is not a field of an Argo Template or Container",
    ),
    (
        {"defaults": {"image": "i", "affinity": {"nodeAffinty": {}}}},
        f"{ROOT}.defaults.affinity: object contains unknown field `nodeAffinty`",
    ),
    (
        {"defaults": {"image": "i", "tolerations": [{"tolerationSeconds": "x"}]}},
        f"{ROOT}.defaults.tolerations[0].tolerationSeconds: expected `int | null`",
    ),
    (
        {"defaults": {"imagePullPolicy": "Always"}},
        f"{ROOT}.defaults.image: no container image",
    ),
    ({"defaults": {"image": "i", "command": ["x"]}}, "is written by runnable_ext"),
    (
        {"argoWorkflow": {"spec": {"entrypoint": "main"}}},
        f"{ROOT}.argo_workflow.spec.entrypoint: must be runnable-dag",
    ),
    (
        {
            "cron_schedule": {"schedules": ["0 0 * * *"]},
            "argoWorkflow": {"metadata": {"generateName": "x" * 60}},
        },
        "is not a name of at most 52 characters",
    ),
    ({"overrides": {"gpu": {"nodeSelectr": {}}}}, f"{ROOT}.overrides.gpu.nodeSelectr"),
]


@pytest.mark.parametrize(("config", "expected"), CASES)
def test_config_error_is_one_line_and_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    config: dict[str, Any],
    expected: str,
) -> None:
    cfg = write_config(tmp_path, **config)

    code = main(["compile", PIPELINE, "-c", str(cfg), "-f", "all_kinds"])

    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.startswith(f"Error: {cfg}: ")
    assert expected in err
    assert "; fix: " in err
    assert "\n" not in err
    assert not (tmp_path / "argo-spec-out.yaml").exists()


def test_config_missing_override_names_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path, secret_from_k8s="s")

    code = main(["compile", PIPELINE, "-c", str(cfg), "-f", "with_override"])

    err = capsys.readouterr().err.strip()
    assert code == 2
    assert "step 'gpu step' asks for override 'gpu', not defined" in err


def test_config_missing_files_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compile", "nope.py", "-c", str(tmp_path / "c.yaml")]) == 2
    assert capsys.readouterr().err.strip() == (
        "Error: nope.py: pipeline: file not found; fix: check the path"
    )
    assert main(["compile", PIPELINE, "-c", str(tmp_path / "c.yaml")]) == 2
    assert "configuration: file not found" in capsys.readouterr().err


def test_config_runnable_spellings_become_argo_spellings(tmp_path: Path) -> None:
    cfg = write_config(
        tmp_path,
        pvcForRunnable="shared",
        defaults={
            "image": "i",
            "image_pull_policy": "IfNotPresent",
            "retry_strategy": {"limit": 1, "back_off": {"duration": "30s"}},
        },
        argoWorkflow={
            "metadata": {"generate_name": "n-", "namespace": "ml"},
            "spec": {
                "podGc": {"strategy": "OnPodSuccess"},
                "service_account_name": "sa",
            },
        },
    )
    doc = compile_doc(PIPELINE, cfg)

    spec = doc["spec"]
    assert doc["metadata"] == {"generateName": "n-", "namespace": "ml"}
    assert spec["podGC"] == {"deleteDelayDuration": "1h", "strategy": "OnPodSuccess"}
    assert spec["serviceAccountName"] == "sa"
    assert spec["templateDefaults"]["retryStrategy"] == {
        "backoff": {"duration": "30s", "factor": 2, "maxDuration": "1h"},
        "limit": 1,
        "retryPolicy": "Always",
    }
    assert spec["volumes"] == [
        {"name": "runnable", "persistentVolumeClaim": {"claimName": "shared"}}
    ]
    first = spec["templates"][0]["container"]
    assert first["imagePullPolicy"] == "IfNotPresent"
    assert first["volumeMounts"] == [{"mountPath": "/tmp", "name": "runnable"}]


def test_config_exposed_parameters_are_strings(tmp_path: Path) -> None:
    params = tmp_path / "params.yaml"
    params.write_text("rate: 0.5\nflag: true\nname: x\nnested: {a: 1}\n")
    cfg = write_config(tmp_path, configmap_cache_name="c")
    from runnable_ext import compile_pipeline

    compiled = compile_pipeline(
        PIPELINE, str(cfg), function="all_kinds", parameters_file=str(params)
    )

    arguments = compiled.manifest.spec.arguments.parameters
    assert [(p.name, p.value) for p in arguments[:3]] == [
        ("rate", "0.5"),
        ("flag", "true"),
        ("name", "x"),
    ]
