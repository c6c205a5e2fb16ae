"""Bad configuration: one line naming file, setting and fix; nothing written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from runnable_fixtures.helpers import (
    PIPELINE,
    compile_doc,
    compile_error,
    in_tests,
    write_config,
)

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
    (
        {"mock": "banana"},
        f"{ROOT}.mock: expected true or false, found a string 'banana'; "
        "fix: use a bool",
    ),
    (
        {"expose_parameters_as_inputs": 1},
        f"{ROOT}.expose_parameters_as_inputs: expected true or false, found an "
        "integer 1",
    ),
    (
        {
            "pvc_for_runnable": "r",
            "custom_volumes": [
                {"mount_path": "/tmp", "persistent_volume_claim": {"claim_name": "c"}}
            ],
        },
        f"{ROOT}.custom_volumes[0].mount_path: /tmp is already mounted by "
        f"{ROOT}.pvc_for_runnable; fix: mount each volume at its own path",
    ),
    (
        {
            "custom_volumes": [
                {"mount_path": "/data", "persistent_volume_claim": {"claim_name": "c"}}
            ],
            "defaults": {
                "image": "i",
                "volumeMounts": [{"name": "x", "mountPath": "/data"}],
            },
        },
        f"{ROOT}.defaults.volumeMounts[0].mountPath: /data is already mounted by "
        f"{ROOT}.custom_volumes[0].mount_path",
    ),
    (
        {
            "pvc_for_runnable": "r",
            "argoWorkflow": {
                "spec": {"volumes": [{"name": "runnable", "emptyDir": {}}]}
            },
        },
        f"{ROOT}.argo_workflow.spec.volumes[0].name: volume name 'runnable' is the "
        f"one {ROOT}.pvc_for_runnable adds; fix: rename the volume",
    ),
    (
        {"defaults": {"image": "i", "timeout": "5"}},
        f"{ROOT}.defaults.timeout: the compiled manifest is not valid at "
        "$.spec.templates[",
    ),
    (
        {"defaults": {"image": "i", "parallelism": -1, "podSpecPatch": 3}},
        f"{ROOT}.defaults.podSpecPatch: expected a string, found the integer 3",
    ),
    (
        {"cron_schedule": {"schedules": ["not a cron"]}},
        f"{ROOT}.cron_schedule.schedules[0]: the compiled manifest is not valid at "
        "$.spec.schedules[0]",
    ),
    (
        {"argoWorkflow": {"spec": {"podGC": {"strategy": "Sometimes"}}}},
        f"{ROOT}.argo_workflow.spec.podGC.strategy: the compiled manifest",
    ),
    ({"log_level": None}, f"{ROOT}.log_level: unknown level null; fix: use DEBUG"),
    ({"log_level": 10}, f"{ROOT}.log_level: unknown level 10; fix: use DEBUG"),
    ({"log_level": "loud"}, f"{ROOT}.log_level: unknown level 'loud'; fix: use"),
    ({"outputfile_typo": "x"}, f"{ROOT}.outputfile_typo: unknown option"),
    (
        {"output_file": "a.yaml", "outputFile": "b.yaml"},
        f"{ROOT}.outputFile: output_file is given twice, in two spellings; "
        "fix: keep one of them",
    ),
    (
        {"argoWorkflow": {"spec": {"arguments": {"parameters": [{"name": "a b"}]}}}},
        f"{ROOT}.argo_workflow.spec.arguments.parameters[0].name: parameter name "
        "'a b' is not one Argo accepts; fix: use only letters, digits, '-' and '_'",
    ),
    (
        {"defaults": {"image": "i", "afinity": {}}},
        f"{ROOT}.defaults.afinity: is not a field of an Argo Template or Container",
    ),
    (
        {"defaults": {"image": "i", "affinity": {"nodeAffinty": {}}}},
        f'{ROOT}.defaults.affinity.nodeAffinty: unknown field "nodeAffinty" in '
        'Affinity; did you mean "nodeAffinity"?',
    ),
    (
        {"defaults": {"image": "i", "tolerations": [{"tolerationSeconds": "x"}]}},
        f"{ROOT}.defaults.tolerations[0].tolerationSeconds: expected an integer, "
        'found the string "x"',
    ),
    (
        {"defaults": {"imagePullPolicy": "Always"}},
        f"{ROOT}.defaults.image: no container image",
    ),
    ({"defaults": {"image": "i", "command": ["x"]}}, "is written by runnable_ext"),
    (
        {"argoWorkflow": {"spec": {"templateDefaults": {"memoize": {"key": "k"}}}}},
        f"{ROOT}.argo_workflow.spec.templateDefaults.memoize: is written by "
        "runnable_ext; fix: remove it",
    ),
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
    (
        {"custom_volumes": ["x"]},
        f"{ROOT}.custom_volumes[0]: expected a mapping, found a string; "
        "fix: give mount_path and persistent_volume_claim",
    ),
    ({"custom_volumes": [1]}, f"{ROOT}.custom_volumes[0]: expected a mapping"),
    (
        {"argoWorkflow": {"metadata": "x"}},
        f"{ROOT}.argo_workflow.metadata: expected a mapping, found a string",
    ),
    (
        {"argoWorkflow": {"spec": "x"}},
        f"{ROOT}.argo_workflow.spec: expected a mapping, found a string",
    ),
    (
        {"argo_version": 4.10},
        f"{ROOT}.argo_version: expected a string, found a number 4.1; "
        'fix: write argo_version as a string, "4.1"',
    ),
    (
        {"argoWorkflow": {"spec": {"arguments": {"parameters": [{"name": "run_id"}]}}}},
        f"{ROOT}.argo_workflow.spec.arguments.parameters[0].name: parameter "
        "'run_id' clashes with the workflow parameter runnable adds itself "
        "(run_id, retry_run_id, retry_indicator, log_level); "
        "fix: rename the parameter",
    ),
    (
        {
            "argoWorkflow": {
                "spec": {"arguments": {"parameters": [{"name": "a"}, {"name": "a"}]}}
            }
        },
        f"{ROOT}.argo_workflow.spec.arguments.parameters[1].name: 'a' is given "
        "twice; fix: keep one of them",
    ),
    (
        {"argoWorkflow": {"metadata": {"name": "Upper"}}},
        f"{ROOT}.argo_workflow.metadata.name: the compiled manifest is not valid at "
        '$.metadata.name: "Upper" is not a valid name',
    ),
    (
        {"argoWorkflow": {"metadata": {"name": "A" * 300}}},
        f"{ROOT}.argo_workflow.metadata.name: the compiled manifest is not valid at "
        "$.metadata.name: Workflow name has 300 characters; Argo allows 63 "
        "(1 more finding); fix: change the setting that produces it",
    ),
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
    missing = str(tmp_path / "c.yaml")
    assert main(["compile", PIPELINE, "-c", missing, "-f", "all_kinds"]) == 2
    assert "configuration: file not found" in capsys.readouterr().err


def test_config_runnable_spellings_become_argo_spellings(tmp_path: Path) -> None:
    cfg = write_config(
        tmp_path,
        pvcForRunnable="shared",
        defaults={
            "image": "i",
            "image_pull_policy": "IfNotPresent",
            "retry_strategy": {"limit": 1, "back_off": {"duration": "30s"}},
            "timeout": "10m",
            "synchronization": {"mutexes": [{"name": "one-at-a-time"}]},
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
    retry = {
        "backoff": {"duration": "30s", "factor": 2, "maxDuration": "1h"},
        "limit": 1,
        "retryPolicy": "Always",
    }
    # on every pod, and on no DAG, which Argo would retry as a whole
    pods = [t for t in spec["templates"] if "container" in t]
    dags = [t for t in spec["templates"] if "dag" in t]
    assert len(pods) > 10
    assert len(dags) > 3
    mutex = {"mutexes": [{"name": "one-at-a-time"}]}
    for field, value in [
        ("retryStrategy", retry),
        ("timeout", "10m"),
        ("synchronization", mutex),
    ]:
        assert [t.get(field) for t in pods] == [value] * len(pods)
        assert [t.get(field) for t in dags] == [None] * len(dags)
        assert field not in spec.get("templateDefaults", {})
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("config: null", "expected a mapping, found null"),
        ("config: [1]", "expected a mapping, found a list"),
    ],
)
def test_config_executor_config_not_a_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"pipeline-executor:\n  type: argo-spec\n  {text}\n")

    err = compile_error(capsys, PIPELINE, "-c", str(cfg), "-f", "all_kinds")

    assert err == (
        f"Error: {cfg}: pipeline-executor.config: {expected}; fix: give the "
        "executor's options as a mapping, at least defaults.image"
    )


def test_config_duplicate_key_names_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        "pipeline-executor:\n  type: argo-spec\n  config:\n"
        "    defaults: {image: i}\n    output_file: a.yaml\n    output_file: b.yaml\n"
    )

    err = compile_error(capsys, PIPELINE, "-c", str(cfg), "-f", "all_kinds")

    assert err == (
        f"Error: {cfg}: line 6: key 'output_file' is given twice; fix: keep one of them"
    )


def test_config_missing_parameters_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path)

    err = compile_error(
        capsys, PIPELINE, "-c", str(cfg), "-p", "nope.yaml", "-f", "failing"
    )

    assert err == "Error: nope.yaml: parameters: file not found; fix: check the path"


def test_config_missing_function(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path)

    err = compile_error(capsys, PIPELINE, "-c", str(cfg), "-f", "nope_fn")

    assert err == (
        f"Error: {PIPELINE}: function 'nope_fn': not defined at the top level of "
        "the file; fix: pass the name of the function that returns the Pipeline "
        "with -f"
    )


@pytest.mark.parametrize(("function", "seen"), [("happy", "ha"), ("all_kinds.", "")])
def test_config_function_runnable_would_strip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], function: str, seen: str
) -> None:
    cfg = write_config(tmp_path)

    err = compile_error(capsys, PIPELINE, "-c", str(cfg), "-f", function)

    assert err.startswith(
        f"Error: {PIPELINE}: function {function!r}: runnable strips every trailing "
        "'p', 'y' and '.' from the pipeline name (rstrip(\".py\")), so it would "
        f"look for {function.rstrip('.py')!r}; fix: rename the function"
    )


def test_config_undefined_override_names_config_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path, secret_from_k8s="s")

    err = compile_error(capsys, PIPELINE, "-c", str(cfg), "-f", "with_override")

    assert err == (
        f"Error: {cfg}: {ROOT}.overrides: step 'gpu step' asks for override 'gpu', "
        "not defined; fix: add 'gpu' under overrides or change the step"
    )


def test_config_secrets_without_secret_from_k8s_names_config_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overrides = {"gpu": {"nodeSelector": {"a": "b"}}, "small": {"timeout": "5m"}}
    cfg = write_config(tmp_path, overrides=overrides)

    err = compile_error(capsys, PIPELINE, "-c", str(cfg), "-f", "with_override")

    assert err.startswith(f"Error: {cfg}: {ROOT}.secret_from_k8s: step ")
    assert err.endswith("; fix: name the Kubernetes Secret that holds them")


def test_config_argument_values_become_strings(tmp_path: Path) -> None:
    given = [{"name": "n", "value": 3}, {"name": "f", "value": True, "default": 0.5}]
    cfg = write_config(
        tmp_path, argoWorkflow={"spec": {"arguments": {"parameters": given}}}
    )

    doc = compile_doc(PIPELINE, cfg, "failing")

    assert doc["spec"]["arguments"]["parameters"][:2] == [
        {"name": "n", "value": "3"},
        {"default": "0.5", "name": "f", "value": "true"},
    ]


def test_config_argument_artifacts_are_kept(tmp_path: Path) -> None:
    artifact = {"name": "data", "s3": {"key": "in/data.csv"}}
    arguments = {"artifacts": [artifact], "parameters": [{"name": "n", "value": "1"}]}
    cfg = write_config(tmp_path, argoWorkflow={"spec": {"arguments": arguments}})

    doc = compile_doc(PIPELINE, cfg, "failing")

    assert doc["spec"]["arguments"]["artifacts"] == [artifact]
    assert doc["spec"]["arguments"]["parameters"][0] == {"name": "n", "value": "1"}


def test_config_enum_and_value_from_defaults_become_strings(tmp_path: Path) -> None:
    given = [
        {"name": "e", "enum": [1, 2.5, True, "x"], "value": 1},
        {
            "name": "v",
            "valueFrom": {"configMapKeyRef": {"name": "c", "key": "k"}, "default": 7},
        },
    ]
    cfg = write_config(
        tmp_path, argoWorkflow={"spec": {"arguments": {"parameters": given}}}
    )

    doc = compile_doc(PIPELINE, cfg, "failing")

    assert doc["spec"]["arguments"]["parameters"][:2] == [
        {"enum": ["1", "2.5", "true", "x"], "name": "e", "value": "1"},
        {
            "name": "v",
            "valueFrom": {"configMapKeyRef": {"key": "k", "name": "c"}, "default": "7"},
        },
    ]


def test_config_map_iterate_as_argo_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path)

    err = compile_error(capsys, PIPELINE, "-c", str(cfg), "-f", "map_with_spaced_item")

    assert err == (
        f"Error: {PIPELINE}: step 'spread': iterate_as: parameter name 'my item' is "
        "not one Argo accepts; fix: use only letters, digits, '-' and '_'"
    )
    assert not (tmp_path / "argo-spec-out.yaml").exists()


@pytest.mark.parametrize(
    ("setting", "target", "expected"),
    [
        ("output_file", "PIPELINE", f"{PIPELINE} is the pipeline file"),
        ("output_file", "CONFIG", "CONFIG is the configuration file"),
        ("cache_configmap_file", "CONFIG", "CONFIG is the configuration file"),
        ("cache_configmap_file", "OUT", "OUT is the file output_file names"),
    ],
)
def test_config_output_never_replaces_an_input(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    target: str,
    expected: str,
) -> None:
    cfg = tmp_path / "config.yaml"
    out = str(tmp_path / "argo-spec-out.yaml")
    paths = {"PIPELINE": PIPELINE, "CONFIG": str(cfg), "OUT": out}
    cfg = write_config(tmp_path, **{setting: paths[target]})
    before = cfg.read_bytes(), Path(PIPELINE).read_bytes()

    err = compile_error(capsys, PIPELINE, "-c", str(cfg), "-f", "all_kinds")

    message = expected.replace("CONFIG", str(cfg)).replace("OUT", out)
    assert err == (
        f"Error: {cfg}: {ROOT}.{setting}: {message}; writing would overwrite it; "
        "fix: name another file"
    )
    assert (cfg.read_bytes(), Path(PIPELINE).read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]


def test_config_output_never_replaces_code_the_pipeline_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    helper = "runnable_fixtures/helpers.py"  # Python source beside the pipeline
    cfg = write_config(tmp_path, output_file=helper)
    before = Path(helper).read_bytes()

    err = compile_error(capsys, PIPELINE, "-c", str(cfg), "-f", "all_kinds")

    assert err == (
        f"Error: {cfg}: {ROOT}.output_file: {helper} is a .py file; a manifest "
        "would replace code; fix: name a .yaml file"
    )
    assert Path(helper).read_bytes() == before


@pytest.mark.parametrize(
    ("output", "cache", "setting", "message"),
    [
        ("/etc/passwd/wf.yaml", None, "output_file", "/etc/passwd is not a directory"),
        ("/tmp", None, "output_file", "/tmp is a directory"),
        (
            "OUT",
            "/proc/cm.yaml",
            "cache_configmap_file",
            "cannot write /proc/cm.yaml: No such file or directory",
        ),
    ],
)
def test_config_unwritable_target_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    output: str,
    cache: str | None,
    setting: str,
    message: str,
) -> None:
    output = output.replace("OUT", str(tmp_path / "wf.yaml"))
    cfg = write_config(tmp_path, output_file=output, cache_configmap_file=cache)

    err = compile_error(capsys, PIPELINE, "-c", str(cfg), "-f", "all_kinds")

    assert err == (
        f"Error: {cfg}: {ROOT}.{setting}: {message}; "
        "fix: name a file in a directory you can write to"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]
