"""Generate each pinned line's subpackage, or list how it differs on disk."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from codegen.corrections import apply_corrections, load_corrections
from codegen.fetch import read_spec
from codegen.pins import MODELS_DIR, REPO_ROOT, Pin
from codegen.render import render
from codegen.schema import build_schema


class GenerateError(Exception):
    """The generated files could not be written."""


def render_line(pin: Pin, mirror: Path | None) -> dict[str, str]:
    """Render one line's files in memory, keyed by path under argo_spec."""
    spec = read_spec(pin, mirror)
    definitions = apply_corrections(spec["definitions"], load_corrections(), pin)
    return render(pin, build_schema(definitions, pin.line))


def generate(pin: Pin, mirror: Path | None) -> list[Path]:
    """Write one line's subpackage, replacing files it no longer produces."""
    files = render_line(pin, mirror)
    package = MODELS_DIR / pin.package
    package.mkdir(parents=True, exist_ok=True)
    for orphan in set(_files_on_disk(package)) - set(files):
        (MODELS_DIR / orphan).unlink()
    written = []
    for relative, content in sorted(files.items()):
        target = MODELS_DIR / relative
        _write_atomically(target, content)
        written.append(target)
    return written


def stale_files(pins: list[Pin], mirror: Path | None, check_orphans: bool) -> list[str]:
    """Describe each generated file that is stale, missing or orphaned."""
    problems = []
    expected: set[str] = set()
    for pin in pins:
        for relative, content in sorted(render_line(pin, mirror).items()):
            expected.add(relative)
            problems.extend(_compare(MODELS_DIR / relative, content))
    if check_orphans:
        problems.extend(_orphans(expected))
    return problems


def _compare(path: Path, content: str) -> list[str]:
    shown = path.relative_to(REPO_ROOT)
    if not path.is_file():
        return [f"missing: {shown}"]
    if path.read_text(encoding="utf-8") != content:
        return [f"stale: {shown}"]
    return []


def _orphans(expected: set[str]) -> list[str]:
    """Generated-looking files that no pinned line produces."""
    found = []
    for package in sorted(MODELS_DIR.glob("v[0-9]*_[0-9]*")):
        for relative in _files_on_disk(package):
            if relative not in expected:
                found.append(
                    f"orphaned: {(MODELS_DIR / relative).relative_to(REPO_ROOT)}"
                )
    return found


def _files_on_disk(package: Path) -> list[str]:
    return sorted(
        str(path.relative_to(MODELS_DIR))
        for path in package.rglob("*.py")
        if "__pycache__" not in path.parts
    )


def _write_atomically(target: Path, content: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".gen-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
