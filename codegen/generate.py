"""Render the pinned lines' subpackages, write them, or list how the disk differs."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from codegen.corrections import apply_corrections, check_lines, load_corrections
from codegen.fetch import read_spec
from codegen.pins import MODELS_DIR, REPO_ROOT, Pin
from codegen.render import render, render_registry
from codegen.schema import build_schema


class GenerateError(Exception):
    """The generated files could not be written."""


def render_all(
    pins: list[Pin], chosen: list[Pin], mirror: Path | None
) -> dict[str, str]:
    """Render the chosen lines and the line registry, keyed by path under argo_spec.

    ``pins`` are all pinned lines (the registry lists them all); ``chosen`` are
    the ones whose models are rendered. Nothing is written here, so a failure in
    any line leaves the tree as it was.
    """
    corrections = load_corrections()
    check_lines(corrections, pins)
    files = render_registry(pins)
    for pin in chosen:
        spec = read_spec(pin, mirror)
        definitions = apply_corrections(spec["definitions"], corrections, pin)
        files.update(render(pin, build_schema(definitions, pin.line)))
    return files


def generate(pins: list[Pin], chosen: list[Pin], mirror: Path | None) -> list[Path]:
    """Write the chosen lines, replacing files and packages no pin produces."""
    files = render_all(pins, chosen, mirror)
    try:
        for package in _orphan_packages(pins):
            shutil.rmtree(package)
        for pin in chosen:
            package = MODELS_DIR / pin.package
            package.mkdir(parents=True, exist_ok=True)
            for orphan in set(_files_on_disk(package)) - set(files):
                (MODELS_DIR / orphan).unlink()
        for relative, content in sorted(files.items()):
            _write_atomically(MODELS_DIR / relative, content)
    except OSError as exc:
        raise GenerateError(f"{exc.filename}: cannot write ({exc.strerror})") from None
    return [MODELS_DIR / relative for relative in sorted(files)]


def stale_files(pins: list[Pin], chosen: list[Pin], mirror: Path | None) -> list[str]:
    """Describe each generated file that is stale, missing or orphaned."""
    files = render_all(pins, chosen, mirror)
    problems = []
    for relative, content in sorted(files.items()):
        problems.extend(_compare(MODELS_DIR / relative, content))
    for pin in chosen:
        for relative in _files_on_disk(MODELS_DIR / pin.package):
            if relative not in files:
                problems.append(f"orphaned: {_shown(MODELS_DIR / relative)}")
    problems.extend(f"orphaned: {_shown(p)}/" for p in _orphan_packages(pins))
    return problems


def _compare(path: Path, content: str) -> list[str]:
    if not path.is_file():
        return [f"missing: {_shown(path)}"]
    if path.read_text(encoding="utf-8") != content:
        return [f"stale: {_shown(path)}"]
    return []


def _orphan_packages(pins: list[Pin]) -> list[Path]:
    """Generated line packages that no pin produces any more."""
    pinned = {pin.package for pin in pins}
    return [
        package
        for package in sorted(MODELS_DIR.glob("v[0-9]*_[0-9]*"))
        if package.is_dir() and package.name not in pinned
    ]


def _files_on_disk(package: Path) -> list[str]:
    return sorted(
        str(path.relative_to(MODELS_DIR))
        for path in package.rglob("*.py")
        if "__pycache__" not in path.parts
    )


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO_ROOT))


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
