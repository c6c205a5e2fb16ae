"""``python -m runnable_ext compile``: a runnable pipeline to an Argo manifest."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

from ._errors import ConfigError

__all__ = ["main"]

EXIT_OK = 0
EXIT_CONFIG = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m runnable_ext",
        description="Compile a runnable pipeline into an Argo Workflow manifest.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    compile_ = sub.add_parser("compile", help="write the manifest the config names")
    compile_.add_argument("pipeline", help="pipeline .py, .yaml, or module.function")
    compile_.add_argument("-c", "--config", required=True, help="runnable config file")
    compile_.add_argument(
        "-f", "--function", default="main", help="function of a .py that builds it"
    )
    compile_.add_argument(
        "-p", "--parameters-file", default="", help="runnable parameters file"
    )
    compile_.add_argument(
        "--traceback",
        action="store_true",
        help="on an error raised in the pipeline or runnable, show its traceback",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = _parser().parse_args(argv)
    # runnable 0.50.0 serialises a step's on_failure pipeline by name and pydantic
    # warns about it on every compile; the output is unaffected (docs/runnable.md).
    warnings.filterwarnings(
        "ignore", message="Pydantic serializer warnings", category=UserWarning
    )
    from ._pipeline import compile_pipeline

    try:
        compiled = compile_pipeline(
            args.pipeline,
            args.config,
            function=args.function,
            parameters_file=args.parameters_file,
        )
    except ConfigError as exc:
        if args.traceback and exc.__cause__ is not None:
            raise exc.__cause__ from None
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if compiled is not None:
        written = [compiled.output_file]
        if compiled.cache_configmap_file:
            written.append(compiled.cache_configmap_file)
        print("wrote " + ", ".join(written))
    return EXIT_OK
