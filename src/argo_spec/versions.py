"""The supported Argo lines, their pinned releases and their manifest kinds."""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from types import ModuleType

import msgspec

from argo_spec import _lines

__all__ = [
    "API_VERSION",
    "DEFAULT_LINE",
    "KINDS",
    "LINES",
    "LineInfo",
    "kind_class",
    "line_info",
    "models",
]

#: Argo line -> the generated subpackage that models it, as openapi/pins.yaml
#: lists them; the newest line is the default.
LINES: dict[str, str] = _lines.LINES
DEFAULT_LINE = _lines.NEWEST
#: The kinds a manifest may be; other kinds are not Argo Workflows objects.
KINDS = (
    "Workflow",
    "WorkflowTemplate",
    "ClusterWorkflowTemplate",
    "CronWorkflow",
    "WorkflowEventBinding",
)
API_VERSION = "argoproj.io/v1alpha1"


@dataclass(frozen=True)
class LineInfo:
    """One supported line: ``"4.1"``, its package, Argo release and spec sha256."""

    line: str
    package: str
    argo_version: str
    spec_sha256: str


@functools.cache
def models(line: str) -> ModuleType:
    """Return the generated models of ``line`` (``"4.1"`` or ``"3.7"``).

    Raises
    ------
    ValueError
        When ``line`` is not a supported line; the message lists them.

    """
    package = LINES.get(line)
    if package is None:
        supported = ", ".join(LINES)
        raise ValueError(f'unknown Argo line "{line}"; supported lines: {supported}')
    return importlib.import_module(package)


@functools.cache
def kind_class(line: str, kind: str) -> type[msgspec.Struct]:
    """Return the model of manifest ``kind`` in ``line``."""
    cls: type[msgspec.Struct] = getattr(models(line), kind)
    return cls


def line_info() -> list[LineInfo]:
    """Return every supported line, newest first, with its pinned facts."""
    infos = []
    for line, package in LINES.items():
        module = models(line)
        infos.append(LineInfo(line, package, module.ARGO_VERSION, module.SPEC_SHA256))
    return infos
