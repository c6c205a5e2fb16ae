"""Write the compiled files: every one is written before any is renamed into place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ._errors import ConfigError

__all__ = ["Output", "write_all"]

#: What to write: the setting that names the file, its path and its text.
Output = tuple[str, str, str]
_FIX = "name a file in a directory you can write to"
# Code the pipeline may import: a manifest never goes there.
_SOURCE_SUFFIXES = (".py", ".ipynb")


def write_all(outputs: list[Output], inputs: dict[str, str]) -> None:
    """Write every output; a failure before the renames leaves nothing behind.

    ``inputs`` maps a description ("pipeline") to a file that no output may
    replace. Each text goes to a temporary file beside its target first; only
    when all of them are written are they renamed into place.

    Raises
    ------
    ConfigError
        Naming the setting whose file would replace an input, clash with
        another output, or cannot be written; nothing is left behind.

    """
    _check_targets(outputs, inputs)
    temps: list[Path] = []
    try:
        for setting, path, text in outputs:
            temps.append(_write_temp(setting, Path(path), text))
        for tmp, (setting, path, _) in zip(temps, outputs, strict=True):
            _rename(setting, tmp, Path(path))
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


def _check_targets(outputs: list[Output], inputs: dict[str, str]) -> None:
    taken = {Path(path).resolve(): f"the {kind} file" for kind, path in inputs.items()}
    for setting, path, _ in outputs:
        target = Path(path).resolve()
        if target in taken:
            raise ConfigError(
                setting,
                f"{path} is {taken[target]}; writing would overwrite it",
                "name another file",
            )
        if target.suffix in _SOURCE_SUFFIXES:
            raise ConfigError(
                setting,
                f"{path} is a {target.suffix} file; a manifest would replace code",
                "name a .yaml file",
            )
        taken[target] = f"the file {setting.rsplit('.', 1)[-1]} names"
        _check_writable(setting, target)


def _check_writable(setting: str, target: Path) -> None:
    if target.is_dir():
        raise ConfigError(setting, f"{target} is a directory", _FIX)
    parent = target.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise ConfigError(setting, f"{parent} is not a directory", _FIX)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ConfigError(setting, f"directory {parent} is not writable", _FIX)


def _write_temp(setting: str, target: Path, text: str) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as exc:
        raise _cannot(setting, target, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a manifest is not
    except OSError as exc:
        os.unlink(tmp)
        raise _cannot(setting, target, exc) from None
    return Path(tmp)


def _rename(setting: str, tmp: Path, target: Path) -> None:
    try:
        os.replace(tmp, target)
    except OSError as exc:
        raise _cannot(setting, target, exc) from None


def _cannot(setting: str, target: Path, exc: OSError) -> ConfigError:
    return ConfigError(setting, f"cannot write {target}: {exc.strerror}", _FIX)
