"""The ``argo-spec`` command: validate manifests, diff Argo lines, list versions.

Exit codes: 0 all valid, 1 findings, 2 usage or I/O error. Only the requested
output goes to stdout; messages go to stderr as one ``Error: ...`` line.
"""

from __future__ import annotations

import argparse
import enum
import io
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, NoReturn, TextIO

import msgspec

from argo_spec._load import OTHER_ARGO_KINDS, Source, read_source
from argo_spec.errors import ManifestError
from argo_spec.versions import DEFAULT_LINE, KINDS, LINES

__all__ = ["Exit", "main"]

_SUFFIXES = (".yaml", ".yml", ".json")


class Exit(enum.IntEnum):
    """What the process exit code means."""

    OK = 0
    FINDINGS = 1
    USAGE = 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            raise _UsageError("choose a command: validate, diff or versions")
        code: int = args.run(args)
    except _UsageError as exc:
        print(f"Error: {exc} (see argo-spec --help)", file=sys.stderr)
        return Exit.USAGE
    except KeyboardInterrupt:
        return Exit.USAGE
    except BrokenPipeError:  # the reader (| head) went away; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return Exit.OK
    return code


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="argo-spec", description="Check Argo Workflows manifests.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    validate = commands.add_parser(
        "validate", help="check manifests against the schema and Argo's rules"
    )
    validate.add_argument("--argo-version", choices=list(LINES), default=DEFAULT_LINE)
    validate.add_argument("--format", choices=["text", "json"], default="text")
    validate.add_argument(
        "--warnings",
        action="store_true",
        help="also report warnings, such as templated memoize keys whose values "
        "must be valid too; warnings alone exit 0",
    )
    validate.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a file; a directory, searched for *.yaml, *.yml and *.json files "
        "(skipping hidden files and directories, and virtualenvs: directories "
        "holding pyvenv.cfg); or - for stdin",
    )
    validate.set_defaults(run=_validate)

    diff = commands.add_parser("diff", help="what changed between two Argo lines")
    diff.add_argument("old", choices=list(LINES))
    diff.add_argument("new", choices=list(LINES))
    diff.add_argument("--format", choices=["text", "json"], default="text")
    diff.set_defaults(run=_diff)

    versions = commands.add_parser("versions", help="supported lines and their pins")
    versions.set_defaults(run=_versions)
    return parser


def _validate(args: argparse.Namespace) -> int:
    if args.paths.count("-") > 1:
        raise _UsageError("- (stdin) may be given only once")
    report = _Report(sys.stdout, args.format, warnings=args.warnings)
    unreadable: list[str] = []
    for name in args.paths:
        for file in _expand(name, unreadable):
            if not _check_file(file, args.argo_version, report):
                unreadable.append(file)
    report.summary()
    if unreadable:
        return Exit.USAGE
    return Exit.FINDINGS if report.count else Exit.OK


def _expand(name: str, unreadable: list[str]) -> Iterator[str]:
    """Yield the files ``name`` stands for; report and collect what is unread."""
    if name != "-" and os.path.isdir(name):
        yield from _walk(name, unreadable)
    elif name == "-" or os.path.exists(name):
        yield name
    else:
        _cannot_read(name, FileNotFoundError(2, "no such file or directory"))
        unreadable.append(name)


def _walk(directory: str, unreadable: list[str]) -> Iterator[str]:
    """Yield manifest files under ``directory`` in path order.

    Hidden entries and virtualenvs are skipped; symbolic links to directories
    are not followed. A directory that cannot be listed is reported and
    collected, and the walk goes on.
    """
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        _cannot_read(directory, exc)
        unreadable.append(directory)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            if not os.path.exists(os.path.join(entry.path, "pyvenv.cfg")):
                yield from _walk(entry.path, unreadable)
        elif entry.name.endswith(_SUFFIXES) and entry.is_file():
            yield entry.path


def _check_file(name: str, line: str, report: _Report) -> bool:
    """Validate every document of one file; return False on an I/O error."""
    try:
        if name == "-":
            source = read_source(sys.stdin.buffer.read(), None, name="<stdin>")
        else:
            source = read_source(Path(name), None)
    except OSError as exc:
        _cannot_read(name, exc)
        return False
    except ManifestError as exc:
        report.error(exc)
        return True
    try:
        for index, data in source.documents():
            _check_document(source, index, data, line, report)
    except ManifestError as exc:
        report.error(exc)
    return True


def _check_document(
    source: Source, index: int, data: Any, line: str, report: _Report
) -> None:
    from argo_spec._validate import validate

    if _other_kind(data):
        kind = data.get("kind") if isinstance(data, dict) else None
        report.skipped[str(kind) if kind else "non-manifest"] += 1
        return
    try:
        manifest = source.decode(index, data, line)
    except ManifestError as exc:
        report.error(exc)
        return
    for finding in validate(manifest, warnings=report.warnings):
        segments = list(finding.segments)
        where = source.position(index, segments)
        shown = finding.message
        if finding.severity != "error" and report.format == "text":
            shown = f"{finding.severity}: {shown}"
        report.finding(
            ManifestError(
                shown,
                file=source.file,
                document=index,
                path=finding.path,
                line=where[0] if where else None,
                column=where[1] if where else None,
            ),
            finding.severity,
        )


_ARGO_SPEC = ("templates", "entrypoint", "workflowSpec", "workflowTemplateRef")


def _other_kind(data: Any) -> bool:
    """Tell whether a document is some other API's object, to skip, not reject.

    A mapping with neither ``apiVersion`` nor ``kind`` is no Kubernetes object
    at all (a tool's own config, found by a directory walk or the pre-commit
    hook), so it is skipped too, unless its ``spec`` has what only an Argo
    workflow's has: then it is a manifest that lost its header.
    """
    if not isinstance(data, dict) or data.get("kind") in KINDS:
        return False
    if "apiVersion" not in data and "kind" not in data:
        spec = data.get("spec")
        return not (isinstance(spec, dict) and any(k in spec for k in _ARGO_SPEC))
    group = str(data.get("apiVersion", "")).partition("/")[0]
    kind = data.get("kind")
    return isinstance(kind, str) and (
        group != "argoproj.io" or kind in OTHER_ARGO_KINDS
    )


class _Report:
    """Print findings as text lines or JSON objects, and count them."""

    def __init__(self, out: TextIO, fmt: str, *, warnings: bool = False) -> None:
        self.out = out
        self.format = fmt
        self.warnings = warnings
        self.count = 0  # errors only: they decide the exit code
        self.skipped: Counter[str] = Counter()
        if fmt == "text" and isinstance(out, io.TextIOWrapper):
            # A file name that is not UTF-8 is printed as the bytes it is.
            out.reconfigure(errors="surrogateescape")

    def error(self, exc: ManifestError) -> None:
        self.finding(exc, "error")

    def finding(self, exc: ManifestError, severity: str) -> None:
        self.count += severity == "error"
        if self.format == "text":
            print(str(exc), file=self.out)
            return
        record = {
            "file": _utf8(exc.file),
            "document": exc.document,
            "line": exc.line,
            "column": exc.column,
            "path": exc.path,
            "severity": severity,
            "message": exc.message,
        }
        print(msgspec.json.encode(record).decode(), file=self.out)

    def summary(self) -> None:
        if self.skipped:
            kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.skipped.items()))
            total = sum(self.skipped.values())
            print(
                f"skipped {total} document(s) of other kinds: {kinds}", file=sys.stderr
            )


def _diff(args: argparse.Namespace) -> int:
    from argo_spec.diff import diff_lines

    changes = diff_lines(args.old, args.new)
    if args.format == "json":
        records = [asdict(change) for change in changes]
        print(msgspec.json.encode(records).decode())
        return Exit.OK
    print(f"Changes from Argo {args.old} to Argo {args.new}: {len(changes)}")
    for change in changes:
        print(_change_line(change))
    return Exit.OK


def _change_line(change: Any) -> str:
    where = change.definition + (f".{change.field}" if change.field else "")
    if change.kind == "type changed":
        return f"~ {where}: type {change.old} -> {change.new}"
    if change.kind.startswith("now"):
        return f"~ {where}: {change.kind}"
    sign = "+" if change.kind.endswith("added") else "-"
    detail = change.new or change.old
    what = "definition" if change.field is None else "field"
    return f"{sign} {what} {where}" + (f" ({detail})" if detail else "")


def _versions(args: argparse.Namespace) -> int:
    from argo_spec.versions import line_info

    for info in line_info():
        pin = f"Argo {info.argo_version}  {info.package}  sha256 {info.spec_sha256}"
        print(f"{info.line}  {pin}")
    return Exit.OK


def _utf8(name: str | None) -> str | None:
    """Return a file name fit for JSON: bytes that are not UTF-8 become U+FFFD."""
    if name is None:
        return None
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _cannot_read(name: str, exc: OSError) -> None:
    reason = exc.strerror or str(exc) or type(exc).__name__
    _error(f"cannot read {name}: {reason[:1].lower()}{reason[1:]}")


def _error(message: str) -> None:
    print(f"Error: {message}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
