"""The pinned Argo releases, read from ``openapi/pins.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
OPENAPI_DIR = REPO_ROOT / "openapi"
PINS_FILE = OPENAPI_DIR / "pins.yaml"
CORRECTIONS_FILE = OPENAPI_DIR / "corrections.yaml"
CACHE_DIR = OPENAPI_DIR / ".cache"
MODELS_DIR = REPO_ROOT / "src" / "argo_spec"

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PinError(Exception):
    """The pins file is missing, malformed, or names an unknown release."""


@dataclass(frozen=True)
class Pin:
    """One supported Argo release and where its generated models go."""

    version: str
    package: str
    url: str
    sha256: str

    @property
    def line(self) -> str:
        """The ``major.minor`` line, such as ``4.1``."""
        major, minor, _ = self.version.split(".")
        return f"{major}.{minor}"

    @property
    def spec_name(self) -> str:
        """The folder name of the spec in a mirror or the cache."""
        return f"argo-workflows-v{self.version}"


def load_pins(path: Path = PINS_FILE) -> list[Pin]:
    """Read and check every pin, newest line first as the file lists them."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PinError(f"{path}: cannot read ({exc.strerror})") from None
    except (UnicodeDecodeError, yaml.YAMLError):
        raise PinError(f"{path}: not valid UTF-8 YAML; fix the file") from None
    if not isinstance(raw, list) or not raw:
        raise PinError(f"{path}: expected a list of pins")
    pins = [_pin_from(path, index, entry) for index, entry in enumerate(raw)]
    packages = [pin.package for pin in pins]
    if len(set(packages)) != len(packages):
        raise PinError(f"{path}: two pins generate the same package")
    return pins


def select_pins(versions: list[str], pins: list[Pin]) -> list[Pin]:
    """Return the pins named by version (``4.1.2``) or line (``4.1``)."""
    if not versions:
        return pins
    chosen = []
    for version in versions:
        match = [pin for pin in pins if version in (pin.version, pin.line)]
        if not match:
            known = ", ".join(pin.version for pin in pins)
            raise PinError(
                f"no pin for Argo {version!r} (pinned: {known}); "
                f"add it to {PINS_FILE.relative_to(REPO_ROOT)}"
            )
        chosen.extend(match)
    return chosen


def _pin_from(path: Path, index: int, entry: object) -> Pin:
    where = f"{path}: pin {index}"
    if not isinstance(entry, dict):
        raise PinError(f"{where}: expected a mapping")
    missing = {"version", "package", "url", "sha256"} - entry.keys()
    if missing:
        raise PinError(f"{where}: missing {', '.join(sorted(missing))}")
    pin = Pin(
        **{key: str(entry[key]) for key in ("version", "package", "url")},
        sha256=str(entry["sha256"]).lower(),
    )
    if not re.fullmatch(r"\d+\.\d+\.\d+", pin.version):
        raise PinError(f"{where}: version {pin.version!r} is not X.Y.Z")
    if not _SHA256.match(pin.sha256):
        raise PinError(f"{where}: sha256 must be 64 hex digits")
    if not pin.url.startswith("https://"):
        raise PinError(f"{where}: url must use https")
    return pin
