"""``python -m codegen``: pull specs, generate models, check they are current."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from codegen.corrections import CorrectionError
from codegen.fetch import FetchError, mirror_from_env, pull
from codegen.generate import GenerateError, generate, stale_files
from codegen.pins import MODELS_DIR, REPO_ROOT, PinError, load_pins, select_pins
from codegen.render import RenderError
from codegen.schema import SchemaError

_ERRORS = (
    PinError,
    FetchError,
    CorrectionError,
    SchemaError,
    RenderError,
    GenerateError,
)


def main(argv: list[str] | None = None) -> int:
    """Run one codegen command and return its exit code."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except _ERRORS as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1


def _pull(args: argparse.Namespace) -> int:
    mirror = mirror_from_env(args.mirror)
    for pin in select_pins(args.versions, load_pins()):
        target = pull(pin, mirror, args.timeout)
        print(f"Argo {pin.version}: {target.relative_to(REPO_ROOT)} (sha256 ok)")
    return 0


def _generate(args: argparse.Namespace) -> int:
    pins = load_pins()
    chosen = select_pins(args.versions, pins)
    written = generate(pins, chosen, mirror_from_env(args.mirror))
    lines = ", ".join(f"Argo {pin.version} ({pin.package})" for pin in chosen)
    print(f"wrote {len(written)} files under src/argo_spec: {lines}")
    return 0


def _check(args: argparse.Namespace) -> int:
    pins = load_pins()
    chosen = select_pins(args.versions, pins)
    problems = stale_files(pins, chosen, mirror_from_env(args.mirror))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(
            "Error: generated models are not what the codegen produces; "
            "run `python -m codegen generate` and commit the result",
            file=sys.stderr,
        )
        return 1
    print(f"generated models are current ({MODELS_DIR.relative_to(REPO_ROOT)})")
    return 0


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a positive number of seconds"
        )
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    pull_command = commands.add_parser("pull", help="download and verify specs")
    pull_command.add_argument(
        "--timeout",
        type=_seconds,
        default=30.0,
        metavar="SECONDS",
        help="the whole download must finish in this time (default 30)",
    )
    pull_command.set_defaults(run=_pull)

    generate_command = commands.add_parser("generate", help="write the models")
    generate_command.set_defaults(run=_generate)

    check_command = commands.add_parser("check", help="fail if models are stale")
    check_command.set_defaults(run=_check)

    for command in (pull_command, generate_command, check_command):
        command.add_argument(
            "versions", nargs="*", metavar="VERSION", help="4.1.2 or 4.1; all if none"
        )
        command.add_argument(
            "--mirror",
            type=Path,
            help="read specs from this folder (laid out like shared/openapi)",
        )
    return parser


if __name__ == "__main__":
    sys.exit(main())
