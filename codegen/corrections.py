"""Apply the corrections listed in ``openapi/corrections.yaml`` to a spec."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from codegen.pins import CORRECTIONS_FILE, Pin


class CorrectionError(Exception):
    """A correction is malformed or its target is missing from a spec."""


@dataclass(frozen=True)
class Correction:
    """One edit of the spec, with the reason it is needed."""

    definition: str
    reason: str
    evidence: str
    property_name: str | None = None
    schema: dict[str, Any] | None = None
    optional: tuple[str, ...] = ()
    lines: tuple[str, ...] = field(default=())

    def applies_to(self, pin: Pin) -> bool:
        """Whether this correction is for the pin's Argo line."""
        return not self.lines or pin.line in self.lines

    @property
    def target(self) -> str:
        """The definition, or ``definition.property``, that it edits."""
        return (
            f"{self.definition}.{self.property_name}"
            if self.property_name
            else self.definition
        )


def load_corrections(path: Path = CORRECTIONS_FILE) -> list[Correction]:
    """Read every correction and check that each has one operation and a reason."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CorrectionError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise CorrectionError(f"{path}: not UTF-8; save it as UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise CorrectionError(f"{where}: not valid YAML; fix the file") from None
    if not isinstance(raw, list):
        raise CorrectionError(f"{path}: expected a list of corrections")
    return [_correction_from(path, index, entry) for index, entry in enumerate(raw)]


def check_lines(corrections: list[Correction], pins: list[Pin]) -> None:
    """Refuse a correction that names a line no pin has, or applies to none."""
    pinned = {pin.line for pin in pins}
    for correction in corrections:
        unknown = [line for line in correction.lines if line not in pinned]
        if unknown or not any(correction.applies_to(pin) for pin in pins):
            raise CorrectionError(
                f"{CORRECTIONS_FILE.name}: the correction of {correction.target} "
                f"names lines {', '.join(unknown or correction.lines)} that no pin "
                f"has (pinned: {', '.join(sorted(pinned))}); fix its `lines`"
            )


def apply_corrections(
    definitions: dict[str, Any], corrections: list[Correction], pin: Pin
) -> dict[str, Any]:
    """Return a corrected copy of ``definitions`` for ``pin``'s line."""
    corrected = copy.deepcopy(definitions)
    for correction in corrections:
        if correction.applies_to(pin):
            _apply(corrected, correction, pin)
    return corrected


def _apply(definitions: dict[str, Any], correction: Correction, pin: Pin) -> None:
    definition = definitions.get(correction.definition)
    if definition is None:
        raise _missing(correction, pin)

    if correction.optional:
        required = definition.get("required", [])
        absent = [name for name in correction.optional if name not in required]
        if absent:
            raise _missing(correction, pin, f"required {', '.join(absent)}")
        definition["required"] = [n for n in required if n not in correction.optional]
        if not definition["required"]:
            del definition["required"]
        return

    assert correction.schema is not None
    if correction.property_name is None:
        definitions[correction.definition] = copy.deepcopy(correction.schema)
        return
    properties = definition.get("properties", {})
    if correction.property_name not in properties:
        raise _missing(correction, pin)
    properties[correction.property_name] = copy.deepcopy(correction.schema)


def _missing(correction: Correction, pin: Pin, what: str = "") -> CorrectionError:
    target = f"{correction.target} ({what})" if what else correction.target
    return CorrectionError(
        f"{CORRECTIONS_FILE.name}: Argo {pin.version} has no {target}; "
        "remove the correction or narrow its `lines`"
    )


def _correction_from(path: Path, index: int, entry: object) -> Correction:
    where = f"{path}: correction {index}"
    if not isinstance(entry, dict):
        raise CorrectionError(f"{where}: expected a mapping")
    unknown = entry.keys() - {
        "definition",
        "property",
        "schema",
        "optional",
        "lines",
        "reason",
        "evidence",
    }
    if unknown:
        raise CorrectionError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    for key in ("definition", "reason", "evidence"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise CorrectionError(f"{where}: `{key}` must be a non-empty string")
    if ("schema" in entry) == ("optional" in entry):
        raise CorrectionError(f"{where}: give exactly one of `schema` or `optional`")
    if "optional" in entry and "property" in entry:
        raise CorrectionError(f"{where}: `optional` edits a definition, not a property")
    if "schema" in entry and not isinstance(entry["schema"], dict):
        raise CorrectionError(f"{where}: `schema` must be a JSON Schema mapping")
    for key in ("optional", "lines"):
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CorrectionError(
                f'{where}: `{key}` must be a list of strings, like ["3.7"]'
            )
    if "property" in entry and not isinstance(entry["property"], str):
        raise CorrectionError(f"{where}: `property` must be a string")
    return Correction(
        definition=entry["definition"],
        property_name=entry.get("property"),
        schema=entry.get("schema"),
        optional=tuple(entry.get("optional", ())),
        lines=tuple(str(line) for line in entry.get("lines", ())),
        reason=entry["reason"],
        evidence=entry["evidence"],
    )
