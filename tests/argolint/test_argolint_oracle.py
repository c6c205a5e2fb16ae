"""The oracle answers with Argo's own code: these pin what it says.

Each fact here was first observed by running the oracle; if an Argo upgrade
changes one, the test names what moved.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import zlib
from pathlib import Path

import pytest

from tests._shared import examples_dir
from tests.argolint.oracle import NEWER_THAN_V405

EXAMPLES_V4 = examples_dir("4.1")
EXAMPLES_V3 = examples_dir("3.7")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _memoize_workflow(key: str, cache_extra: str = "") -> str:
    return f"""\
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: memo-
spec:
  entrypoint: main
  templates:
  - name: main
    memoize:
      key: {json.dumps(key)}
      cache:
        configMap:
          name: cache-config{cache_extra}
    container:
      image: busybox
"""


# ---------------------------------------------------------------- lint


def test_version(argolint, argolint_v3):
    assert argolint.version() == "github.com/argoproj/argo-workflows/v4 v4.0.5"
    assert argolint_v3.version() == "github.com/argoproj/argo-workflows/v3 v3.7.18"


@pytest.mark.parametrize(
    "name", ["hello-world.yaml", "dag-diamond.yaml", "memoize-simple.yaml"]
)
def test_examples_pass(argolint, name):
    ok, out = argolint.lint([EXAMPLES_V4 / name])
    assert ok, out
    assert "no linting errors found" in out


def test_v4_corpus_passes_except_fields_added_in_4_1(argolint):
    files = sorted(EXAMPLES_V4.rglob("*.yaml"))
    assert len(files) > 150
    ok, out = argolint.lint([EXAMPLES_V4], output="simple")
    assert not ok
    failing = {line.split(":", 1)[0].rsplit("/", 1)[-1] for line in out.splitlines()}
    assert failing == NEWER_THAN_V405, out


def test_v3_corpus_passes(argolint_v3):
    ok, out = argolint_v3.lint([EXAMPLES_V3])
    assert ok, out


def test_unknown_field_fails_in_strict_mode(argolint, argolint_v3, tmp_path):
    wf = _write(
        tmp_path,
        "bad.yaml",
        _memoize_workflow("k").replace(
            "  - name: main\n", "  - name: main\n    foo: 1\n"
        ),
    )
    for oracle in (argolint, argolint_v3):
        ok, out = oracle.lint([wf])
        assert not ok
        assert 'strict decoding error: unknown field "spec.templates[0].foo"' in out
        assert oracle.lint([wf], strict=False)[0]


def test_memoize_cache_configmap_key(argolint, argolint_v3, tmp_path):
    """v4 made memoize.cache.configMap a LocalObjectReference (name only)."""
    wf = _write(
        tmp_path, "memo.yaml", _memoize_workflow("k", "\n          key: some-key")
    )
    ok, out = argolint.lint([wf])
    assert not ok
    assert 'unknown field "spec.templates[0].memoize.cache.configMap.key"' in out
    ok, out = argolint_v3.lint([wf])  # v3: ConfigMapKeySelector, key allowed
    assert ok, out


def test_lint_checks_memoize_key_references_but_not_expressions(argolint, tmp_path):
    bad_ref = _write(
        tmp_path, "a.yaml", _memoize_workflow("{{inputs.parameters.nope}}")
    )
    bad_fn = _write(
        tmp_path, "b.yaml", _memoize_workflow("{{=sprig.nope(workflow.name)}}")
    )
    item = _write(tmp_path, "c.yaml", _memoize_workflow("{{item}}"))
    (r_ref, r_fn, r_item) = argolint.lint_many([[bad_ref], [bad_fn], [item]])
    assert not r_ref[0]
    assert "failed to resolve {{inputs.parameters.nope}}" in r_ref[1]
    # lint does not evaluate {{=...}}: an unknown function passes
    assert r_fn[0]
    # lint accepts {{item}} in any template; only items expansion substitutes it
    assert r_item[0]


def test_cli_exit_codes(argolint, tmp_path):
    good = EXAMPLES_V4 / "hello-world.yaml"
    bad = _write(tmp_path, "bad.yaml", _memoize_workflow("k") + "  foo: 1\n")

    def run(*args: object) -> subprocess.CompletedProcess[str]:
        cmd = [str(argolint.binary), *map(str, args)]
        return subprocess.run(cmd, capture_output=True, text=True, check=False)

    assert run("lint", good).returncode == 0
    assert run("lint", bad).returncode == 1
    assert run("lint").returncode == 2
    assert run("lint", tmp_path / "missing.yaml").returncode == 2
    assert run("nope").returncode == 2
    res = run(
        "resolve",
        "--param",
        "workflow.name=x",
        "--param",
        "inputs.parameters.foo=y",
        "{{workflow.name}}-{{inputs.parameters.foo}}",
    )
    assert (res.returncode, res.stdout) == (0, "x-y\n")
    assert run("resolve", "{{workflow.name}}").returncode == 1


# ---------------------------------------------------------------- substitution


@pytest.mark.parametrize("line", ["v4", "v3"])
def test_resolve(request, line):
    oracle = request.getfixturevalue("argolint" if line == "v4" else "argolint_v3")
    x = "Hello World/_x " * 3
    p = {
        "workflow.name": "wf-1",
        "workflow.parameters.x": x,
        "inputs.parameters.foo": "y",
    }
    got = oracle.resolve(
        [
            ("{{workflow.name}}-x", p),
            ("{{=sprig.trunc(10, workflow.parameters.x)}}", p),
            ("{{=sprig.sha256sum(workflow.parameters.x)}}", p),
            ("{{=sprig.sha1sum(workflow.parameters.x)}}", p),
            ("{{=sprig.adler32sum(workflow.parameters.x)}}", p),
            (
                '{{=sprig.regexReplaceAll("[^a-z0-9-]+", '
                'sprig.lower(workflow.parameters.x), "-")}}',
                p,
            ),
            ("{{=toJson(inputs.parameters.foo)}}", p),
            ("{{=toJson(inputs.parameters)}}", p),
            ("{{=sprig.sha256sum(toJson(inputs.parameters))}}", p),
            ('{{=lower(workflow.name) + "-" + upper("a")}}', p),
        ]
    )
    assert got == [
        "wf-1-x",
        x[:10],
        hashlib.sha256(x.encode()).hexdigest(),
        hashlib.sha1(x.encode()).hexdigest(),
        str(zlib.adler32(x.encode())),
        "hello-world-x-hello-world-x-hello-world-x-",
        '"y"',
        '{"foo":"y"}',
        hashlib.sha256(b'{"foo":"y"}').hexdigest(),
        "wf-1-A",
    ]


def test_resolve_errors(argolint):
    res = argolint.resolve_results(
        [
            ("{{workflow.name}}", {}),
            ('{{=sprig.env("HOME")}}', {}),  # Argo deletes env/expandenv from sprig
            ("{{=sprig.nope(workflow.name)}}", {"workflow.name": "x"}),
            {"s": "{{workflow.name}}", "params": {}, "allowUnresolved": True},
            {
                "op": "replaceStrict",
                "s": "{{inputs.parameters.a}} {{workflow.x}}",
                "params": {},
                "strictPrefixes": ["workflow"],
            },
        ]
    )
    assert [r["ok"] for r in res] == [False, False, False, True, False]
    assert res[0]["error"] == "failed to resolve {{workflow.name}}"
    assert res[1]["error"] == "failed to evaluate expression: sprig.env is missing"
    assert res[3]["result"] == "{{workflow.name}}"
    assert res[4]["error"] == "failed to resolve {{workflow.x}}"


def test_memoize_key_as_the_controller_substitutes_it(argolint):
    """workflow/common.ProcessArgs: globals+locals, then inputs; {{item}} stays."""
    template = {
        "name": "t",
        "inputs": {"parameters": [{"name": "foo"}, {"name": "bar", "value": "B"}]},
        "memoize": {
            "key": "{{workflow.name}}-{{inputs.parameters.foo}}"
            "-{{workflow.parameters.g}}-{{workflow.uid}}"
            "-{{=sprig.sha256sum(toJson(inputs.parameters))}}"
            "-{{node.name}}-{{item}}",
            "cache": {"configMap": {"name": "c"}},
        },
        "container": {"image": "busybox"},
    }
    out = argolint.process_args(
        template,
        arguments={"parameters": [{"name": "foo", "value": "F"}]},
        global_params={
            "workflow.name": "wf1",
            "workflow.parameters.g": "G",
            "workflow.uid": "U",
        },
        local_params={"node.name": "wf1.s"},
    )
    digest = hashlib.sha256(b'{"bar":"B","foo":"F"}').hexdigest()
    assert out["memoize"]["key"] == f"wf1-F-G-U-{digest}-wf1.s-{{{{item}}}}"


def test_memoize_key_failures_stay_verbatim(argolint):
    """Replace(..., allowUnresolved=true): a tag or expression that cannot be
    resolved is left as written, not reported; the cache then rejects the key."""
    keys = [
        "{{inputs.parameters.bar}}-{{workflow.nope}}",
        "{{=sprig.nope(inputs.parameters.foo)}}",
        # workflow.name is not given:
        "{{=sprig.sha256sum(inputs.parameters.foo + workflow.name)}}",
    ]
    reqs = [
        {
            "op": "processArgs",
            "template": {
                "name": "t",
                "inputs": {"parameters": [{"name": "foo"}]},
                "memoize": {"key": key, "cache": {"configMap": {"name": "c"}}},
                "container": {"image": "busybox"},
            },
            "arguments": {"parameters": [{"name": "foo", "value": "F"}]},
        }
        for key in keys
    ]
    got = [r["template"]["memoize"]["key"] for r in argolint.batch(reqs)]
    assert got == keys
    checks = argolint.batch([{"op": "cacheKey", "key": k} for k in got])
    assert [c["error"] for c in checks] == [f"invalid cache key: {k}" for k in keys]


@pytest.mark.parametrize("line", ["v4", "v3"])
def test_cache_key_rule(request, line):
    """workflow/controller/cache: keys must match ^[a-zA-Z0-9][-a-zA-Z0-9]*$."""
    oracle = request.getfixturevalue("argolint" if line == "v4" else "argolint_v3")
    good = ["abc-123", "A", hashlib.sha256(b"x").hexdigest()]
    bad = ["-abc", "a.b", "a_b", "", "{{item}}", "a b"]
    res = oracle.batch([{"op": "cacheKey", "key": k} for k in good + bad])
    assert [r["ok"] for r in res] == [True] * len(good) + [False] * len(bad)
