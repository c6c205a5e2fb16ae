"""The codegen commands: pull from a real local HTTP server, check, corrections."""

from __future__ import annotations

import hashlib
import http.server
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from codegen.corrections import (
    Correction,
    CorrectionError,
    apply_corrections,
    check_lines,
    load_corrections,
)
from codegen.fetch import FetchError, pull, read_spec
from codegen.pins import Pin, load_pins
from codegen.schema import short_names
from tests._shared import OPENAPI_MIRROR, REPO_ROOT

SPEC_BODY = b'{"swagger": "2.0", "definitions": {}}'


class SpecHandler(http.server.BaseHTTPRequestHandler):
    """Serves one spec body in the ways a download can go wrong."""

    def do_GET(self) -> None:
        if self.path == "/missing.json":
            self.send_error(404)
            return
        if self.path == "/slow.json":
            time.sleep(1.5)
        if self.path == "/trickle.json":
            self.send_response(200)
            self.send_header("Content-Length", str(len(SPEC_BODY)))
            self.end_headers()
            for byte in SPEC_BODY:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)
            return
        body = b"<html>not json</html>" if self.path == "/html.json" else SPEC_BODY
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.path == "/truncated.json":
            self.wfile.write(body[:10])
            return
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SpecHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def local_pin(url: str, body: bytes = SPEC_BODY) -> Pin:
    sha = hashlib.sha256(body).hexdigest()
    return Pin(version="9.9.9", package="v9_9", url=url, sha256=sha)


def test_pull_writes_the_verified_spec(server: str, tmp_path: Path) -> None:
    target = pull(local_pin(f"{server}/good.json"), None, 5.0, cache_dir=tmp_path)

    assert target == tmp_path / "argo-workflows-v9.9.9" / "swagger.json"
    assert target.read_bytes() == SPEC_BODY


@pytest.mark.parametrize(
    ("path", "body", "timeout", "message"),
    [
        ("good.json", b"{}", 5.0, r"sha256 [0-9a-f]{64} does not match the pin"),
        ("missing.json", SPEC_BODY, 5.0, r"HTTP 404 for the Argo 9\.9\.9 spec"),
        ("slow.json", SPEC_BODY, 0.3, r"spec did not arrive in time; retry"),
        ("trickle.json", SPEC_BODY, 0.5, r"spec did not arrive in time; retry"),
        ("truncated.json", SPEC_BODY, 5.0, r"download of the Argo 9\.9\.9 spec failed"),
        ("html.json", SPEC_BODY, 5.0, r"does not match the pin .*, and it is not JSON"),
    ],
)
def test_pull_refuses_a_bad_download(
    server: str, tmp_path: Path, path: str, body: bytes, timeout: float, message: str
) -> None:
    pin = local_pin(f"{server}/{path}", body)

    with pytest.raises(FetchError, match=message):
        pull(pin, None, timeout, cache_dir=tmp_path)

    assert list(tmp_path.rglob("*")) == []


def test_pull_command_rejects_a_tampered_mirror(tmp_path: Path) -> None:
    spec = tmp_path / "mirror" / "argo-workflows-v4.1.2" / "swagger.json"
    spec.parent.mkdir(parents=True)
    spec.write_bytes(
        (OPENAPI_MIRROR / "argo-workflows-v4.1.2" / "swagger.json").read_bytes() + b" "
    )

    result = run_codegen("pull", "4.1", "--mirror", str(tmp_path / "mirror"))

    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: {spec}: sha256 ")
    assert "refusing a changed or tampered spec" in lines[0]


def test_pull_gives_up_on_a_trickling_server_at_the_deadline(
    server: str, tmp_path: Path
) -> None:
    started = time.monotonic()

    with pytest.raises(FetchError, match="did not arrive in time"):
        pull(local_pin(f"{server}/trickle.json"), None, 0.5, cache_dir=tmp_path)

    # One byte per 0.1 s would take 3.7 s; the deadline plus one read stops it.
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_pull_timeout_must_be_a_positive_number(value: str) -> None:
    result = run_codegen("pull", "--timeout", value)

    assert result.returncode == 2
    assert f"argument --timeout: {value!r} is not a positive number of seconds" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_read_spec_verifies_the_pinned_checksum() -> None:
    pin = next(p for p in load_pins() if p.version == "4.1.2")
    spec = read_spec(pin, OPENAPI_MIRROR)

    assert "io.argoproj.workflow.v1alpha1.Workflow" in spec["definitions"]
    with pytest.raises(FetchError, match="does not match the pin"):
        read_spec(Pin(pin.version, pin.package, pin.url, "0" * 64), OPENAPI_MIRROR)


def test_check_passes_on_the_committed_models() -> None:
    result = run_codegen("check", "--mirror", str(OPENAPI_MIRROR))

    assert result.returncode == 0, result.stderr
    assert result.stdout == "generated models are current (src/argo_spec)\n"


def test_unknown_version_is_one_line_error() -> None:
    result = run_codegen("generate", "9.9")

    assert result.returncode == 1
    assert result.stderr == (
        "Error: no pin for Argo '9.9' (pinned: 4.1.2, 3.7.18); "
        "add it to openapi/pins.yaml\n"
    )


def test_correction_with_a_missing_target_is_an_error() -> None:
    pin = load_pins()[0]
    ghost = Correction(
        definition="io.argoproj.workflow.v1alpha1.Ghost",
        optional=("x",),
        reason="r",
        evidence="e",
    )

    with pytest.raises(
        CorrectionError, match=r"has no io\.argoproj\.workflow\.v1alpha1\.Ghost"
    ):
        apply_corrections({}, [ghost], pin)


def test_correction_of_a_field_that_is_already_optional_is_an_error() -> None:
    pin = load_pins()[0]
    stale = Correction(
        definition="io.argoproj.workflow.v1alpha1.Memoize",
        optional=("key", "cache", "nope"),
        reason="r",
        evidence="e",
    )
    definitions = read_spec(pin, OPENAPI_MIRROR)["definitions"]

    with pytest.raises(CorrectionError, match=r"\(required nope\)"):
        apply_corrections(definitions, [stale], pin)


def test_every_correction_applies_to_every_line_it_names() -> None:
    corrections = load_corrections()

    for pin in load_pins():
        definitions = read_spec(pin, OPENAPI_MIRROR)["definitions"]
        apply_corrections(definitions, corrections, pin)
    assert all(c.reason and c.evidence for c in corrections)


def test_clashing_short_names_prefix_the_non_argo_definition() -> None:
    names = short_names(
        {
            "io.argoproj.workflow.v1alpha1.HTTPHeader",
            "io.k8s.api.core.v1.HTTPHeader",
            "io.k8s.api.core.v1.Container",
        }
    )

    assert names == {
        "io.argoproj.workflow.v1alpha1.HTTPHeader": "HTTPHeader",
        "io.k8s.api.core.v1.HTTPHeader": "CoreV1HTTPHeader",
        "io.k8s.api.core.v1.Container": "Container",
    }


def run_codegen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "codegen", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_generate_writes_nothing_when_one_line_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from codegen import corrections, generate

    bad = tmp_path / "corrections.yaml"
    text = (REPO_ROOT / "openapi" / "corrections.yaml").read_text()
    bad.write_text(
        text + "\n- definition: io.argoproj.workflow.v1alpha1.ExecutorPlugin\n"
        "  optional: [spec]\n  reason: r\n  evidence: e\n"
    )
    monkeypatch.setattr(corrections, "CORRECTIONS_FILE", bad)
    monkeypatch.setattr(
        generate, "load_corrections", lambda: corrections.load_corrections(bad)
    )
    written: list[Path] = []
    monkeypatch.setattr(generate, "_write_atomically", lambda p, c: written.append(p))
    pins = load_pins()

    with pytest.raises(CorrectionError, match=r"Argo 3\.7\.18 has no .*ExecutorPlugin"):
        generate.generate(pins, pins, OPENAPI_MIRROR)

    assert written == []


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  lines: 3.7\n", r"`lines` must be a list of strings"),
        ('  lines: ["9.9"]\n', r"names lines 9\.9 that no pin has"),
        ("  schema: string\n", r"`schema` must be a JSON Schema mapping"),
    ],
)
def test_malformed_correction_is_one_line_error(
    tmp_path: Path, entry: str, message: str
) -> None:
    path = tmp_path / "corrections.yaml"
    operation = "" if "schema" in entry else "  optional: [maxAge]\n"
    path.write_text(
        "- definition: io.argoproj.workflow.v1alpha1.Memoize\n"
        f"{operation}{entry}  reason: r\n  evidence: e\n"
    )

    with pytest.raises(CorrectionError, match=message):
        check_lines(load_corrections(path), load_pins())
