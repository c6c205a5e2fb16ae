"""Compile runnable pipelines into Argo manifests built from argo_spec models.

The ``argo-spec`` executor is registered in runnable's ``pipeline_executor``
entry-point group; ``python -m runnable_ext compile`` drives it directly.
Attributes are imported on first use, since pods import this package too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._build import Compiled
    from ._errors import ConfigError
    from ._pipeline import compile_pipeline
    from .executor import ArgoSpecExecutor

__all__ = ["ArgoSpecExecutor", "Compiled", "ConfigError", "compile_pipeline"]

_HOMES = {
    "ArgoSpecExecutor": "executor",
    "Compiled": "_build",
    "ConfigError": "_errors",
    "compile_pipeline": "_pipeline",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'runnable_ext' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"runnable_ext.{_HOMES[name]}"), name)


def __dir__() -> list[str]:
    return list(__all__)
