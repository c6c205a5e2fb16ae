"""The command lines runnable's CLI expects inside each pod.

runnable builds these as strings (logging each one to its console) and splits
them with ``shlex``; here the same argument lists are built directly. The
tests check every one against runnable's own ``get_node_callable_command`` and
``get_fan_command``, so a change in runnable's CLI shows up as a failure.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Invocation", "fan_command", "module_file", "node_command"]


@dataclass(frozen=True)
class Invocation:
    """How the pipeline was started: repeated in every pod's command."""

    pipeline_file: str
    python_mode: bool
    configuration_file: str = ""
    parameters_file: str = ""
    tag: str = ""

    @property
    def source_file(self) -> str:
        """The file that defines the pipeline, to name in error messages.

        In python mode ``pipeline_file`` is ``package.module.function``; pods
        import it from the working directory, so the file is the module's path.
        """
        if not self.python_mode:
            return self.pipeline_file
        return module_file(self.pipeline_file)


def module_file(reference: str) -> str:
    """Return the file of ``package.module.function``, relative to the project."""
    module = reference.split(".")[:-1] or [reference]
    return str(Path(*module).with_suffix(".py"))


def iter_variable(inputs: list[str]) -> str:
    """Serialise runnable's IterableParameterModel for the given map inputs."""
    variables = {
        name: {"value": f"{{{{inputs.parameters.{name}}}}}"} for name in inputs
    }
    model = {"map_variable": variables, "loop_variable": []}
    return json.dumps(model, separators=(",", ":"), ensure_ascii=False)


def node_command(
    inv: Invocation, step: str, run_id: str, log_level: str, inputs: list[str]
) -> list[str]:
    """Return ``runnable execute-single-node ...`` for the node named ``step``."""
    argv = ["runnable", "execute-single-node", run_id, inv.pipeline_file, step]
    argv += ["--log-level", log_level]
    if inv.python_mode:
        argv += ["--mode", "python"]
    argv += ["--iter-variable", iter_variable(inputs)]
    if inv.configuration_file:
        argv += ["--config", inv.configuration_file]
    if inv.parameters_file:
        argv += ["--parameters-file", inv.parameters_file]
    if inv.tag:
        argv += ["--tag", inv.tag]
    return argv


def fan_command(
    inv: Invocation,
    step: str,
    mode: str,
    run_id: str,
    log_level: str,
    inputs: list[str],
) -> list[str]:
    """Return ``runnable fan ...`` for composite node ``step``, ``mode`` in/out."""
    argv = ["runnable", "fan", run_id, step, inv.pipeline_file, mode]
    argv += ["--log-level", log_level]
    if inv.configuration_file:
        argv += ["--config-file", inv.configuration_file]
    if inv.parameters_file:
        argv += ["--parameters-file", inv.parameters_file]
    argv += ["--iter-variable", iter_variable(inputs)]
    if inv.python_mode:
        argv += ["--mode", "python"]
    if inv.tag:
        argv += ["--tag", inv.tag]
    return argv
