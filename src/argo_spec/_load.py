"""Load manifests from YAML or JSON into the models of an Argo line."""

from __future__ import annotations

import difflib
import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import msgspec
from yaml.nodes import SequenceNode

from argo_spec import _yaml_load
from argo_spec._explain import describe, explain, format_path
from argo_spec.errors import ManifestError
from argo_spec.versions import API_VERSION, DEFAULT_LINE, KINDS, kind_class, models

__all__ = ["Source", "from_dict", "load", "load_all", "read_source"]

Format = Literal["yaml", "json"]
#: Kinds that share Argo's API group but are not Workflow-controller objects
#: of this library, and so are skipped rather than rejected by ``validate``.
OTHER_ARGO_KINDS = frozenset(
    {
        "WorkflowTaskSet",
        "WorkflowTaskResult",
        "WorkflowArtifactGCTask",
        "EventSource",
        "Sensor",
        "EventBus",
        "Application",
        "ApplicationSet",
        "AppProject",
        "Rollout",
        "AnalysisTemplate",
        "ClusterAnalysisTemplate",
        "AnalysisRun",
        "Experiment",
    }
)


def load(
    source: str | bytes | os.PathLike[str],
    *,
    argo_version: str = DEFAULT_LINE,
    format: Format | None = None,
) -> msgspec.Struct:
    """Load the one manifest in ``source``.

    Parameters
    ----------
    source
        A path (``pathlib.Path`` or any ``os.PathLike``) to read, or the text
        itself as ``str`` or UTF-8 ``bytes``.
    argo_version
        The Argo line whose models to use: ``"4.1"`` (default) or ``"3.7"``.
    format
        ``"yaml"`` or ``"json"``; by default a path ending in ``.json`` or text
        starting with ``{`` or ``[`` is JSON, anything else YAML.

    Returns
    -------
    msgspec.Struct
        A Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow or
        WorkflowEventBinding of the chosen line, chosen by ``kind``.

    Raises
    ------
    ManifestError
        When the input holds no document or several, is not valid YAML or
        JSON, or a document does not fit its model. The error names the file,
        document, JSON path, line and column.
    OSError
        When a path cannot be read.
    ValueError
        When ``argo_version`` is not a supported line.

    """
    manifest = _decode_json_object(source, argo_version, format)
    if manifest is not None:
        return manifest
    manifests = load_all(source, argo_version=argo_version, format=format)
    if len(manifests) > 1:
        src = read_source(source, format)
        raise ManifestError(
            f"expected one document, found {len(manifests)}; use load_all()",
            file=src.file,
        )
    return manifests[0]


def load_all(
    source: str | bytes | os.PathLike[str],
    *,
    argo_version: str = DEFAULT_LINE,
    format: Format | None = None,
) -> list[msgspec.Struct]:
    """Load every manifest of a multi-document YAML stream or a JSON array.

    Takes the same arguments as :func:`load` and raises the same errors;
    empty documents (``---`` with nothing after it) are skipped, but input
    with no document at all is an error.
    """
    models(argo_version)  # fail early on an unknown line
    manifest = _decode_json_object(source, argo_version, format)
    if manifest is not None:
        return [manifest]
    src = read_source(source, format)
    return [src.decode(index, data, argo_version) for index, data in src.documents()]


def from_dict(data: Any, *, argo_version: str = DEFAULT_LINE) -> msgspec.Struct:
    """Build the manifest that ``data`` (JSON-like, as ``json.load`` gives) describes.

    Raises
    ------
    ManifestError
        When ``data`` is not a manifest of ``argo_version``; the error names
        the JSON path.

    """
    models(argo_version)
    return Source("", None, "json").decode(0, data, argo_version)


class _Header(msgspec.Struct):
    """The two fields that choose a model; every other field is skipped."""

    kind: Any = None
    api_version: Any = msgspec.field(name="apiVersion", default=None)


_HEADER = msgspec.json.Decoder(_Header)


@functools.cache
def _decoder(argo_version: str, kind: str) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(kind_class(argo_version, kind))


def _decode_json_object(
    source: str | bytes | os.PathLike[str], argo_version: str, format: Format | None
) -> msgspec.Struct | None:
    """Decode one well-formed JSON manifest in a single typed pass, or return None.

    This is the fast path. Anything it does not handle plainly (YAML, a JSON
    array, an unknown kind, any error) returns None, and the general path reads
    the input again and explains what is wrong with it.
    """
    if type(source) is bytes:
        raw = source
    elif type(source) is str:
        raw = source.encode()
    elif isinstance(source, os.PathLike) and (
        format == "json" or os.fspath(source).endswith(".json")
    ):
        try:
            raw = Path(source).read_bytes()
        except OSError:
            return None
    else:
        return None
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if format == "yaml" or (raw[:1] != b"{" and raw.lstrip()[:1] != b"{"):
        return None
    try:
        header = _HEADER.decode(raw)
        if header.kind not in KINDS or header.api_version not in (None, API_VERSION):
            return None
        manifest: msgspec.Struct = _decoder(argo_version, header.kind).decode(raw)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    return manifest


def read_source(
    source: str | bytes | os.PathLike[str], format: Format | None
) -> Source:
    """Read ``source`` into a :class:`Source`, choosing its format."""
    file = None
    if isinstance(source, os.PathLike):
        file = os.fspath(source)
        raw: str | bytes = Path(file).read_bytes()
    else:
        raw = source
    text = _text(raw, file)
    if format is None:
        json_suffix = file is not None and file.endswith(".json")
        looks_json = file is None and text.lstrip()[:1] in ("{", "[")
        format = "json" if json_suffix or looks_json else "yaml"
    return Source(text, file, format)


def _text(raw: str | bytes, file: str | None) -> str:
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        byte = raw[exc.start]
        raise ManifestError(
            f"not UTF-8: byte 0x{byte:02x} at offset {exc.start} cannot be decoded; "
            "save the file as UTF-8",
            file=file,
            line=line,
            column=column,
            expected="UTF-8",
            found=f"0x{byte:02x}",
        ) from None


@dataclass
class Source:
    """The text of one input, with what is needed to point into it."""

    text: str
    file: str | None
    format: Format
    _nodes: list[Any] | None = field(default=None, repr=False)

    def documents(self) -> Iterator[tuple[int, Any]]:
        """Yield ``(index, data)`` for every non-empty document."""
        if self.format == "json":
            data = _read_json(self.text, self.file)
            items = data if isinstance(data, list) else [data]
        else:
            items = _yaml_load.read_yaml(self.text, self.file)
        found = False
        for index, item in enumerate(items):
            if item is not None:
                found = True
                yield index, item
        if not found:
            raise ManifestError(
                "empty input: no manifest found; expected a document with a kind",
                file=self.file,
            )

    def decode(self, index: int, data: Any, argo_version: str) -> msgspec.Struct:
        """Return document ``index`` (already read as ``data``) as its model."""
        cls = kind_class(argo_version, self.check_header(index, data))
        try:
            return msgspec.convert(data, cls)
        except msgspec.ValidationError as exc:
            explained = explain(exc, data, cls)
            raise self.error(
                index,
                explained.segments,
                explained.message,
                at_key=explained.at_key,
                expected=explained.expected,
                found=explained.found,
                quote_hint=explained.quote_hint,
            ) from None

    def check_header(self, index: int, data: Any) -> str:
        """Return the kind of document ``data``; raise if it is not one we model."""
        if not isinstance(data, dict):
            raise self.error(
                index, [], f"a manifest must be a mapping, found {describe(data)}"
            )
        api_version = data.get("apiVersion")
        if api_version is not None and api_version != API_VERSION:
            raise self.error(
                index,
                ["apiVersion"],
                f'expected "{API_VERSION}", found {_json(api_version)}',
                expected=API_VERSION,
                found=str(api_version),
            )
        kind = data.get("kind")
        if kind in KINDS:
            return str(kind)
        return self._bad_kind(index, kind)

    def _bad_kind(self, index: int, kind: Any) -> str:
        kinds = ", ".join(KINDS)
        if kind is None:
            raise self.error(index, [], f"missing kind; expected one of {kinds}")
        close = difflib.get_close_matches(str(kind), KINDS, n=1, cutoff=0.6)
        hint = f'did you mean "{close[0]}"?' if close else f"expected one of {kinds}"
        message = f"unknown kind {_json(kind)}; {hint}"
        raise self.error(index, ["kind"], message, found=str(kind))

    def error(
        self,
        index: int,
        segments: list[str | int],
        message: str,
        *,
        at_key: bool = False,
        expected: str | None = None,
        found: str | None = None,
        quote_hint: bool = False,
    ) -> ManifestError:
        """Build the error for ``segments`` of document ``index``, with its position."""
        node = self.node(index, segments, at_key)
        if quote_hint and node is not None and node.tag == "tag:argo-spec,2025:plain":
            message += f'; write "{node.value}" in quotes to keep it a string'
        mark = node.start_mark if node is not None else None
        return ManifestError(
            message,
            file=self.file,
            document=index,
            path=format_path(segments),
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            expected=expected,
            found=found,
        )

    def position(self, index: int, segments: list[str | int]) -> tuple[int, int] | None:
        """Return the 1-based line and column of ``segments`` in document ``index``."""
        node = self.node(index, segments, False)
        if node is None:
            return None
        return node.start_mark.line + 1, node.start_mark.column + 1

    def node(self, index: int, segments: list[str | int], at_key: bool) -> Any:
        """Return the YAML node at ``segments``, composing the text on first use."""
        if not self.text:
            return None
        if self._nodes is None:
            try:
                self._nodes = _yaml_load.compose(self.text, self.file)
            except ManifestError:  # JSON that YAML cannot read: no positions
                self._nodes = []
        if self.format == "json" and len(self._nodes) == 1:
            root = self._nodes[0]
            if isinstance(root, SequenceNode):
                return _yaml_load.locate(root, [index, *segments], at_key)
            return _yaml_load.locate(root, segments, at_key)
        if index < len(self._nodes):
            return _yaml_load.locate(self._nodes[index], segments, at_key)
        return None


def _json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


def _read_json(text: str, file: str | None) -> Any:
    data = text.encode()
    try:
        return msgspec.json.decode(data)
    except msgspec.DecodeError as exc:
        raise _json_error(str(exc), data, file) from None
    except RecursionError:
        offset = _yaml_load.deep_flow_offset(text)
        error = _yaml_load.too_deep(text, file, offset)
        raise error or ManifestError("nesting too deep to read", file=file) from None


def _json_error(message: str, data: bytes, file: str | None) -> ManifestError:
    reason, _, rest = message.partition(" (byte ")
    reason = reason.removeprefix("JSON is malformed: ")
    if reason == "Input data was truncated":
        reason = "the input ends before the JSON document does"
    offset = int(rest.rstrip(")")) if rest.rstrip(")").isdigit() else len(data)
    if reason == "trailing characters":  # msgspec counts one past the first one
        offset -= 1
    before = data[:offset].decode("utf-8", "replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return ManifestError(
        f"not valid JSON: {reason}", file=file, line=line, column=column
    )
