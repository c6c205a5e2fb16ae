"""Argo Workflows' own lint and template substitution, as a test oracle.

The answers come from a small Go program (``v4/main.go``, ``v3/main.go``)
linked against Argo's Go module; ``build.sh`` builds it once into a cache
outside the repository. This module finds or builds that binary and talks to
it, one process per call, many requests per process (``argolint batch``).

    from tests.argolint.oracle import Oracle
    o = Oracle("v4")
    ok, out = o.lint(["wf.yaml"])
    [key] = o.resolve([("{{workflow.name}}-x", {"workflow.name": "wf"})])

When no Go toolchain is found, :class:`OracleUnavailable` is raised; the
pytest fixtures in ``tests/conftest.py`` turn that, and only that, into a skip.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BUILD_SH = HERE / "build.sh"
LINES = ("v4", "v3")
_FALLBACK_GO = Path("/usr/local/go/bin/go")

#: Argo 4.1.2's examples that use fields added in 4.1 (``spec.podResources``,
#: ``resourceClaims``, ``executorPlugins``): the v4 line's module, v4.0.5, fails
#: them in strict lint. Drop this when go.mod moves to a 4.1 module.
NEWER_THAN_V405 = frozenset(
    {
        "pod-resources-template-override.yaml",
        "pod-resources.yaml",
        "resource-claims-template-override.yaml",
        "resource-claims.yaml",
        "workflow-level-executor-plugin.yaml",
    }
)

#: Seconds allowed for one build; a cold build (empty Go module cache) took
#: about 5 minutes on the project's 2-core machine.
BUILD_TIMEOUT = 40 * 60
#: Seconds allowed for one batch run.
RUN_TIMEOUT = 10 * 60


class OracleUnavailable(RuntimeError):  # noqa: N818 (a reason to skip, not a failure)
    """No Go toolchain on this machine: the oracle cannot be built."""


class OracleError(RuntimeError):
    """The oracle failed to build or to run, or answered with an error."""


def find_go() -> str | None:
    """Path of the ``go`` command, or None."""
    found = shutil.which("go")
    if found:
        return found
    if _FALLBACK_GO.is_file() and os.access(_FALLBACK_GO, os.X_OK):
        return str(_FALLBACK_GO)
    return None


@functools.cache
def binary(line: str = "v4") -> Path:
    """Path of the argolint binary for ``line``, built by build.sh if needed."""
    if line not in LINES:
        raise ValueError(f"line must be one of {LINES}, not {line!r}")
    go = find_go()
    if go is None:
        raise OracleUnavailable(
            "Argo's lint oracle needs the Go toolchain (>= 1.25.7) "
            "and `go` is not on PATH"
        )
    env = dict(os.environ)
    env["PATH"] = f"{Path(go).parent}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.run(
        ["bash", str(BUILD_SH), line],
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    if proc.returncode != 0:
        raise OracleError(
            f"build.sh {line} failed (exit {proc.returncode}):\n{proc.stderr}"
        )
    path = Path(proc.stdout.strip().splitlines()[-1])
    if not path.is_file():
        raise OracleError(f"build.sh {line} printed {path}, which is not a file")
    return path


def batch(
    requests: Sequence[Mapping[str, Any]], line: str = "v4"
) -> list[dict[str, Any]]:
    """Send requests to ``argolint batch``; one response dict per request.

    Request ops (see README.md): ``replace``, ``replaceStrict``,
    ``processArgs``, ``cacheKey``, ``lint``. Every response has ``ok``; a
    failed one has ``error`` (or, for lint, ``output``).
    """
    if not requests:
        return []
    proc = subprocess.run(
        [str(binary(line)), "batch"],
        input=json.dumps(list(requests)),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    if proc.returncode != 0:
        raise OracleError(f"argolint batch exited {proc.returncode}:\n{proc.stderr}")
    responses = json.loads(proc.stdout)
    if len(responses) != len(requests):
        raise OracleError(
            f"sent {len(requests)} requests, got {len(responses)} responses"
        )
    return responses


def lint_many(
    groups: Iterable[Sequence[str | os.PathLike[str]]],
    line: str = "v4",
    *,
    strict: bool = True,
    output: str = "pretty",
    kinds: Sequence[str] | None = None,
) -> list[tuple[bool, str]]:
    """Lint several groups of files in one process; ``(ok, output)`` per group.

    Each group is linted as one ``argo lint --offline`` run: templates that
    its files reference resolve from that group's files only.
    """
    reqs = []
    for group in groups:
        req: dict[str, Any] = {
            "op": "lint",
            "files": [os.fspath(p) for p in group],
            "strict": strict,
            "output": output,
        }
        if kinds:
            req["kinds"] = list(kinds)
        reqs.append(req)
    out = []
    for resp in batch(reqs, line):
        if "output" not in resp:  # usage error: no file, bad option
            raise OracleError(resp.get("error", "lint failed"))
        out.append((bool(resp["ok"]), resp["output"]))
    return out


def lint(
    paths: Sequence[str | os.PathLike[str]],
    line: str = "v4",
    *,
    strict: bool = True,
    output: str = "pretty",
    kinds: Sequence[str] | None = None,
) -> tuple[bool, str]:
    """Argo's offline lint of ``paths`` (strict by default): ``(ok, output)``."""
    [result] = lint_many([paths], line, strict=strict, output=output, kinds=kinds)
    return result


ResolveItem = tuple[str, Mapping[str, str]] | Mapping[str, Any]


def _replace_request(item: ResolveItem, allow_unresolved: bool) -> dict[str, Any]:
    if isinstance(item, Mapping):
        req = {"op": "replace", "allowUnresolved": allow_unresolved, **item}
    else:
        s, params = item
        req = {
            "op": "replace",
            "s": s,
            "params": dict(params),
            "allowUnresolved": allow_unresolved,
        }
    return req


def resolve_results(
    items: Iterable[ResolveItem], line: str = "v4", *, allow_unresolved: bool = False
) -> list[dict[str, Any]]:
    """Like :func:`resolve`, but returns the raw responses (``ok``, ``result``
    or ``error``) instead of raising on the first failure."""
    return batch([_replace_request(i, allow_unresolved) for i in items], line)


def resolve(
    items: Iterable[ResolveItem], line: str = "v4", *, allow_unresolved: bool = False
) -> list[str]:
    """Substitute each string with Argo's ``util/template`` Replace.

    ``items`` are ``(string, params)`` pairs, or request dicts (``s``,
    ``params``, ``allowUnresolved``, or ``op: replaceStrict`` with
    ``strictPrefixes``). Each string is substituted as one JSON string field,
    as the controller does (it marshals the whole template to JSON first);
    ``{{=...}}`` expressions are evaluated with Argo's expression env.
    Raises :class:`OracleError` naming every string that failed.
    """
    items = list(items)
    responses = resolve_results(items, line, allow_unresolved=allow_unresolved)
    failures = [
        f"{_replace_request(i, allow_unresolved)['s']!r}: {r.get('error')}"
        for i, r in zip(items, responses, strict=True)
        if not r["ok"]
    ]
    if failures:
        raise OracleError("Argo could not substitute:\n" + "\n".join(failures))
    return [r["result"] for r in responses]


def process_args(
    template: Mapping[str, Any],
    arguments: Mapping[str, Any] | None = None,
    global_params: Mapping[str, str] | None = None,
    local_params: Mapping[str, str] | None = None,
    line: str = "v4",
    *,
    namespace: str = "",
) -> dict[str, Any]:
    """Run the controller's ``workflow/common.ProcessArgs`` on one template.

    This is what ``executeTemplate`` does before it reads
    ``memoize.key``: bind ``arguments`` to inputs, then substitute globals
    (``workflow.*``), locals (``pod.name``, ``node.name``, ``steps.name`` /
    ``tasks.name``) and ``inputs.*``. Returns the processed template as a dict.
    """
    req = {
        "op": "processArgs",
        "template": dict(template),
        "arguments": dict(arguments or {}),
        "globalParams": dict(global_params or {}),
        "localParams": dict(local_params or {}),
        "namespace": namespace,
    }
    [resp] = batch([req], line)
    if not resp["ok"]:
        raise OracleError(f"ProcessArgs failed: {resp.get('error')}")
    return resp["template"]


class Oracle:
    """The functions above, bound to one Argo line (``"v4"`` or ``"v3"``)."""

    def __init__(self, line: str = "v4") -> None:
        if line not in LINES:
            raise ValueError(f"line must be one of {LINES}, not {line!r}")
        self.line = line

    @property
    def binary(self) -> Path:
        return binary(self.line)

    def version(self) -> str:
        proc = subprocess.run(
            [str(self.binary), "version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return proc.stdout.strip()

    def batch(self, requests: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return batch(requests, self.line)

    def lint(
        self, paths: Sequence[str | os.PathLike[str]], **kw: Any
    ) -> tuple[bool, str]:
        return lint(paths, self.line, **kw)

    def lint_many(
        self, groups: Iterable[Sequence[str | os.PathLike[str]]], **kw: Any
    ) -> list[tuple[bool, str]]:
        return lint_many(groups, self.line, **kw)

    def resolve(self, items: Iterable[ResolveItem], **kw: Any) -> list[str]:
        return resolve(items, self.line, **kw)

    def resolve_results(
        self, items: Iterable[ResolveItem], **kw: Any
    ) -> list[dict[str, Any]]:
        return resolve_results(items, self.line, **kw)

    def process_args(self, template: Mapping[str, Any], **kw: Any) -> dict[str, Any]:
        return process_args(template, line=self.line, **kw)
