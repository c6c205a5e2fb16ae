"""Download pinned specs, verify them, and find them for generation."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import requests
import urllib3

from codegen.pins import CACHE_DIR, REPO_ROOT, Pin

MIRROR_ENV = "ARGO_SPEC_OPENAPI_MIRROR"
DEFAULT_MIRROR = REPO_ROOT.parent / "shared" / "openapi"
MAX_SPEC_BYTES = 64 * 1024 * 1024


class FetchError(Exception):
    """A spec could not be had, or is not the pinned file."""


def pull(
    pin: Pin, mirror: Path | None, timeout: float, cache_dir: Path = CACHE_DIR
) -> Path:
    """Fetch one pinned spec, verify it, and write it atomically to the cache."""
    if mirror is not None:
        path = mirror / pin.spec_name / "swagger.json"
        source, body = str(path), _read_mirror(pin, path)
    else:
        source, body = pin.url, _download(pin, timeout)
    verify(pin, body, source)
    target = cache_dir / pin.spec_name / "swagger.json"
    try:
        _write_atomically(target, body)
    except OSError as exc:
        raise FetchError(
            f"{exc.filename or target}: cannot write the spec ({exc.strerror}); "
            "check the folder's permissions"
        ) from None
    return target


def verify(pin: Pin, body: bytes, source: str) -> dict[str, Any]:
    """Check that ``body`` is the pinned spec: its sha256 first, then its JSON."""
    digest = hashlib.sha256(body).hexdigest()
    if digest != pin.sha256:
        received = "" if body.lstrip()[:1] == b"{" else ", and it is not JSON"
        raise FetchError(
            f"{source}: sha256 {digest} does not match the pin {pin.sha256} "
            f"for Argo {pin.version}{received}; refusing a changed or tampered spec"
        )
    try:
        spec = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise FetchError(f"{source}: the pinned Argo spec is not JSON") from None
    if not isinstance(spec, dict) or "definitions" not in spec:
        raise FetchError(f"{source}: no `definitions` in the Argo spec")
    return spec


def read_spec(pin: Pin, mirror: Path | None) -> dict[str, Any]:
    """Return the verified spec from the mirror, the cache or ``../shared``."""
    for folder in _spec_folders(mirror):
        path = folder / pin.spec_name / "swagger.json"
        if path.is_file():
            return verify(pin, _read_mirror(pin, path), source=str(path))
    raise FetchError(
        f"no spec for Argo {pin.version}: run `python -m codegen pull "
        f"{pin.version}` or set {MIRROR_ENV} to a folder laid out like "
        "shared/openapi"
    )


def mirror_from_env(explicit: Path | None) -> Path | None:
    """The mirror named on the command line, else in the environment."""
    if explicit is not None:
        return explicit
    value = os.environ.get(MIRROR_ENV)
    return Path(value) if value else None


def _spec_folders(mirror: Path | None) -> list[Path]:
    if mirror is not None:
        return [mirror]
    return [CACHE_DIR, DEFAULT_MIRROR]


def _read_mirror(pin: Pin, path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FetchError(
            f"{path}: cannot read the Argo {pin.version} spec ({exc.strerror}); "
            "check the mirror folder"
        ) from None


def _download(pin: Pin, timeout: float) -> bytes:
    deadline = time.monotonic() + timeout
    try:
        with requests.get(pin.url, timeout=timeout, stream=True) as response:
            if response.status_code != 200:
                raise FetchError(
                    f"{pin.url}: HTTP {response.status_code} for the Argo "
                    f"{pin.version} spec; check the pinned url"
                )
            return _read_body(pin, response, deadline)
    except (requests.Timeout, urllib3.exceptions.TimeoutError):
        raise _timeout_error(pin) from None
    except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:
        raise FetchError(
            f"{pin.url}: download of the Argo {pin.version} spec failed "
            f"({type(exc).__name__}); check the network and retry"
        ) from None


def _read_body(pin: Pin, response: requests.Response, deadline: float) -> bytes:
    # read1 returns what one socket read brings, so a server that trickles
    # bytes cannot hold the download open past the deadline.
    chunks: list[bytes] = []
    size = 0
    while chunk := response.raw.read1(65536, decode_content=True):
        size += len(chunk)
        if size > MAX_SPEC_BYTES:
            raise FetchError(f"{pin.url}: body larger than {MAX_SPEC_BYTES} bytes")
        if time.monotonic() > deadline:
            raise _timeout_error(pin)
        chunks.append(chunk)
    return b"".join(chunks)


def _timeout_error(pin: Pin) -> FetchError:
    return FetchError(
        f"{pin.url}: the Argo {pin.version} spec did not arrive in time; "
        "retry, or raise --timeout"
    )


def _write_atomically(target: Path, body: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".swagger-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(body)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
