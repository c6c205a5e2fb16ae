"""runnable's ``argo-spec`` pipeline executor.

Compiling replaces the parent's ``execute_graph``; everything that runs inside
the pods (``execute_node``, ``fan_out``, ``fan_in`` and what they call) is
inherited unchanged from runnable's ``argo`` executor.
"""

from __future__ import annotations

import sys
from typing import Any

from extensions.pipeline_executor.argo import (  # type: ignore[import-untyped]
    ArgoExecutor,
)
from pydantic import ConfigDict, Field, model_validator
from runnable import context as _runnable_context  # type: ignore[import-untyped]

from argo_spec import dump_yaml

from ._build import Compiled, compile_graph
from ._commands import Invocation
from ._config import parse_settings
from ._dump import Output, write_all
from ._errors import ROOT, ConfigError
from ._memoize import new_cache_name

__all__ = ["ArgoSpecExecutor"]


# runnable ships no type information, so its base class is Any to mypy.
class ArgoSpecExecutor(ArgoExecutor):  # type: ignore[misc]
    """Compile a runnable pipeline into an Argo manifest built from argo_spec.

    The whole ``config`` mapping is kept as given and checked when the
    pipeline is compiled, by :func:`runnable_ext._config.parse_settings`; pods,
    which only execute steps, never pay for that check.
    """

    service_name: str = "argo-spec"
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    raw_config: dict[str, Any] = Field(default_factory=dict)
    # The parent's typed options, loosened: parse_settings checks them.
    defaults: Any = None
    argo_workflow: Any = None
    overrides: Any = None

    @model_validator(mode="before")
    @classmethod
    def _keep_config(cls, data: Any) -> Any:
        return {"raw_config": dict(data or {})}

    def model_post_init(self, __context: Any) -> None:
        """Draw this instance's cache name once (the parent's setup is not needed)."""
        self._cache_name = new_cache_name()

    def compile(self, dag: Any) -> Compiled:
        """Build the manifest for ``dag`` from this executor's configuration.

        Raises
        ------
        ConfigError
            If the configuration or the pipeline cannot be compiled.

        """
        inv = self._invocation()
        try:
            settings = parse_settings(self.raw_config, self._cache_name)
            exposed = self._exposed() if settings.expose_parameters_as_inputs else {}
            return compile_graph(dag, settings, inv, exposed)
        except ConfigError as exc:
            raise exc.in_file(exc.file or inv.configuration_file or None) from None

    def _invocation(self) -> Invocation:
        run = self._context
        return Invocation(
            pipeline_file=run.pipeline_definition_file or "",
            python_mode=run.execution_mode == _runnable_context.ExecutionMode.PYTHON,
            configuration_file=run.configuration_file or "",
            parameters_file=run.parameters_file or "",
            tag=run.tag or "",
        )

    def _exposed(self) -> dict[str, Any]:
        values = {k: v.get_value() for k, v in self._get_parameters().items()}
        return {k: v for k, v in values.items() if not isinstance(v, (dict, list))}

    def write(self, compiled: Compiled) -> list[str]:
        """Write the manifest (and cache ConfigMap) files; return their paths.

        Raises
        ------
        ConfigError
            If a file would replace one of the inputs or cannot be written;
            then no file is written.

        """
        outputs: list[Output] = [
            (f"{ROOT}.output_file", compiled.output_file, dump_yaml(compiled.manifest))
        ]
        if compiled.cache_configmap is not None and compiled.cache_configmap_file:
            text = dump_yaml(compiled.cache_configmap)
            setting = f"{ROOT}.cache_configmap_file"
            outputs.append((setting, compiled.cache_configmap_file, text))
        try:
            write_all(outputs, self._input_files())
        except ConfigError as exc:
            raise exc.in_file(self._context.configuration_file or None) from None
        return [path for _, path, _ in outputs]

    def _input_files(self) -> dict[str, str]:
        """The files this run reads, which no output may replace."""
        inv = self._invocation()
        files = {
            "pipeline": inv.source_file if inv.pipeline_file else "",
            "configuration": inv.configuration_file,
            "parameters": inv.parameters_file,
        }
        return {kind: path for kind, path in files.items() if path}

    def execute_graph(self, dag: Any, iter_variable: Any = None) -> None:
        """Compile ``dag`` and write the manifest: runnable's traversal hook.

        A configuration error ends the process with its one-line message, as
        runnable would otherwise bury it under its own traceback.
        """
        try:
            self.write(self.compile(dag))
        except ConfigError as exc:
            print(f"Error: {exc}", file=sys.stderr)
            raise SystemExit(2) from None
