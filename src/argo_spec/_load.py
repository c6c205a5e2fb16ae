"""Load manifests from YAML or JSON into the models of an Argo line."""

from __future__ import annotations

import difflib
import functools
import math
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import msgspec
from yaml.nodes import SequenceNode

from argo_spec import _yaml_load
from argo_spec._explain import describe, explain, format_path
from argo_spec._yaml_load import INT64_MAX, INT64_MIN, MAX_DEPTH, int64_message
from argo_spec.errors import ManifestError
from argo_spec.versions import API_VERSION, DEFAULT_LINE, KINDS, kind_class, models

__all__ = ["Source", "from_dict", "load", "load_all", "read_source"]

Format = Literal["yaml", "json"]
_FORMATS = (None, "yaml", "json")
_MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
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
        ``"yaml"`` or ``"json"``. By default a path ending in ``.json`` is
        JSON and any other path YAML; text starting with ``{`` or ``[`` is read
        as JSON when it is valid JSON and as YAML otherwise (flow-style YAML,
        or JSON documents separated by ``---``), anything else as YAML.

    Returns
    -------
    msgspec.Struct
        A Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow or
        WorkflowEventBinding of the chosen line, chosen by ``kind``.

    Raises
    ------
    ManifestError
        When the input holds no document or several, is not valid YAML or
        JSON, a document lacks ``kind`` or ``apiVersion``, or does not fit its
        model. The error names the file, document, JSON path, line and column.
    OSError
        When a path cannot be read.
    ValueError
        When ``argo_version`` or ``format`` is not a supported value.
    TypeError
        When ``source`` is not a path, ``str`` or ``bytes``.

    """
    manifests, name = _load(source, argo_version, format)
    if len(manifests) > 1:
        raise ManifestError(
            f"expected one document, found {len(manifests)}; use load_all()",
            file=name,
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
    return _load(source, argo_version, format)[0]


def _load(
    source: str | bytes | os.PathLike[str], argo_version: str, format: Format | None
) -> tuple[list[msgspec.Struct], str | None]:
    """Return the manifests in ``source`` and the file name for messages."""
    models(argo_version)  # fail early on an unknown line
    if format not in _FORMATS:
        raise _bad_format(format)
    raw, name, format = _read_once(source, format)
    manifest = _decode_json_object(raw, argo_version, format)
    if manifest is not None:
        return [manifest], name
    return _decode_all(raw, name, argo_version, format), name


def _read_once(
    source: str | bytes | os.PathLike[str], format: Format | None
) -> tuple[str | bytes, str | None, Format | None]:
    """Read a path's bytes once, so the fast and the general path see the same.

    Returns the text or bytes, the file name for messages, and the format (a
    path's suffix picks one when none is given).
    """
    if not isinstance(source, os.PathLike):
        return source, None, format
    path = os.fspath(source)
    return Path(path).read_bytes(), path, format or _suffix_format(path)


def _suffix_format(path: str) -> Format:
    return "json" if path.endswith(".json") else "yaml"


def _decode_all(
    raw: str | bytes, name: str | None, argo_version: str, format: Format | None
) -> list[msgspec.Struct]:
    src = read_source(raw, format, name=name)
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


def _bad_format(format: object) -> ValueError:
    return ValueError(f'format must be "yaml", "json" or None, not {format!r}')


class _Header(msgspec.Struct):
    """The two fields that choose a model; every other field is skipped."""

    kind: Any = None
    api_version: Any = msgspec.field(name="apiVersion", default=None)


_HEADER = msgspec.json.Decoder(_Header)


@functools.cache
def _decoder(argo_version: str, kind: str) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(kind_class(argo_version, kind))


def _decode_json_object(
    source: str | bytes, argo_version: str, format: Format | None
) -> msgspec.Struct | None:
    """Decode one well-formed JSON manifest in a single typed pass, or return None.

    This is the fast path. Anything it does not handle plainly (YAML, a JSON
    array, an unknown kind, any error) returns None, and the general path reads
    the input again and explains what is wrong with it.
    """
    if type(source) is bytes:
        raw = source
    elif type(source) is str:
        try:
            raw = source.encode()
        except UnicodeEncodeError:  # a lone surrogate: the general path says so
            return None
    else:
        return None
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if format == "yaml" or (raw[:1] != b"{" and raw.lstrip()[:1] != b"{"):
        return None
    if _may_break_limits(raw):
        return None
    try:
        header = _HEADER.decode(raw)
        if header.kind not in KINDS or header.api_version != API_VERSION:
            return None
        manifest: msgspec.Struct = _decoder(argo_version, header.kind).decode(raw)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    return manifest


# Only nesting needs a look before the fast path: the models bound every integer
# field to int64 themselves, so msgspec refuses a larger one while decoding.
_ONE_BRACKET = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKET = bytes(set(range(256)) - set(b'[]{}"'))


def _may_break_limits(raw: bytes) -> bool:
    """Whether JSON ``raw`` may nest past MAX_DEPTH: a cheap check, then an exact one.

    A false alarm only sends the input to the general path, which decides.
    """
    return raw.count(b"[") + raw.count(b"{") > MAX_DEPTH and _json_depth_above_limit(
        raw
    )


def _json_depth_above_limit(raw: bytes) -> bool:
    """Whether the brackets of JSON ``raw`` outside strings nest past MAX_DEPTH."""
    if b"\\" in raw:  # drop escaped quotes (and escaped backslashes first)
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    # Quotes alternate opening and closing a string; dropping two adjacent ones
    # keeps that so, and leaves quotes only around strings that hold brackets.
    marks = raw.translate(_ONE_BRACKET, _NOT_BRACKET).replace(b'""', b"")
    brackets = b"".join(marks.split(b'"')[::2]) if b'"' in marks else marks
    for _ in range(MAX_DEPTH):  # each pass removes the innermost level
        if not brackets:
            return False
        brackets = brackets.replace(b"[]", b"")
    return bool(brackets)


def read_source(
    source: str | bytes | os.PathLike[str],
    format: Format | None,
    *,
    name: str | None = None,
) -> Source:
    """Read ``source`` into a :class:`Source`, choosing its format.

    ``name`` stands for the file in messages when ``source`` is text or bytes
    (the CLI passes ``"<stdin>"``).
    """
    if format not in _FORMATS:
        raise _bad_format(format)
    if isinstance(source, os.PathLike):
        path = os.fspath(source)
        text = _text(Path(path).read_bytes(), path)
        return Source(text, path, format or _suffix_format(path))
    if not isinstance(source, (str, bytes, bytearray)):
        raise TypeError(
            "expected a pathlib.Path to read, or the manifest as str or bytes; "
            f"got {type(source).__name__}"
        )
    text = _text(source if isinstance(source, str) else bytes(source), name)
    if format is not None:
        return Source(text, name, format)
    return Source(text, name, "auto" if text.lstrip()[:1] in ("{", "[") else "yaml")


def _text(raw: str | bytes, file: str | None) -> str:
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        line, column = _line_column(good, len(good))
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
    """The text of one input, with what is needed to point into it.

    ``format`` is ``"auto"`` for text that starts like JSON: it is read as JSON
    when it is valid JSON, else as YAML, and then set to what it turned out to be.
    """

    text: str
    file: str | None
    format: Literal["yaml", "json", "auto"]
    _nodes: list[Any] | None = field(default=None, repr=False)

    def documents(self) -> Iterator[tuple[int, Any]]:
        """Yield ``(index, data)`` for every non-empty document."""
        found = False
        for index, item in enumerate(self._items()):
            if item is not None:
                found = True
                yield index, item
        if not found:
            raise ManifestError(
                "empty input: no manifest found; expected a document with a kind",
                file=self.file,
            )

    def _items(self) -> list[Any]:
        if self.format == "yaml":
            return _yaml_load.read_yaml(self.text, self.file)
        if self.format == "json":
            return self._json_items(_read_json(self.text, self.file))
        try:
            data = _read_json(self.text, self.file)
        except ManifestError as json_error:
            self.format = "yaml"
            try:
                return _yaml_load.read_yaml(self.text, self.file)
            except ManifestError as yaml_error:
                raise _further(json_error, yaml_error, self.text) from None
        self.format = "json"
        return self._json_items(data)

    def _json_items(self, data: Any) -> list[Any]:
        """Return the manifests of JSON ``data``, once it is checked for limits."""
        problem = _json_problem(data, 0)
        if problem is None:
            return data if isinstance(data, list) else [data]
        segments, message = problem
        index = 0
        if isinstance(data, list):
            index, segments = int(segments[0]), segments[1:]
        if not message.startswith("nesting"):
            raise self.error(index, segments, message)
        # YAML cannot compose text this deep, so find the place in the JSON;
        # like YAML input, the error gives the position and no (long) path.
        line, column = _line_column(self.text, _json_deep_offset(self.text))
        raise ManifestError(
            message, file=self.file, document=index, line=line, column=column
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
            raise self.error(index, [], self._not_mapping(data))
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
        if kind not in KINDS:
            self._bad_kind(index, kind)
        if api_version is None:
            at: list[str | int] = ["apiVersion"] if "apiVersion" in data else []
            message = f"missing apiVersion; add apiVersion: {API_VERSION}"
            raise self.error(index, at, message, expected=API_VERSION)
        return str(kind)

    def _not_mapping(self, data: Any) -> str:
        message = f"a manifest must be a mapping, found {describe(data)}"
        if isinstance(data, str) and self.file is None and _looks_like_path(data):
            message += "; to read a file, pass a pathlib.Path"
        return message

    def _bad_kind(self, index: int, kind: Any) -> None:
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
        """Return the 1-based line and column of ``segments`` in document ``index``.

        For a path the text does not hold (a missing field), the position is
        that of the nearest enclosing value that it does hold.
        """
        node = self.node(index, segments, False)
        if node is None:
            return None
        return node.start_mark.line + 1, node.start_mark.column + 1

    def node(self, index: int, segments: list[str | int], at_key: bool) -> Any:
        """Return the YAML node at ``segments`` (or the nearest one that exists)."""
        for end in range(len(segments), -1, -1):
            node = self._exact_node(index, segments[:end], at_key and end > 0)
            if node is not None:
                return node
        return None

    def _exact_node(self, index: int, segments: list[str | int], at_key: bool) -> Any:
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


def _looks_like_path(text: str) -> bool:
    """Whether one-line ``text`` is more likely a file name than a manifest."""
    if "\n" in text.strip() or len(text) > 4096:
        return False
    return text.endswith(_MANIFEST_SUFFIXES) or os.path.isfile(text)


def _further(
    json_error: ManifestError, yaml_error: ManifestError, text: str
) -> ManifestError:
    """Return the error of the reader that got further into ``text``.

    On a tie, and when both stop at the end (YAML's mark may point past it),
    the JSON error wins: the text started like JSON.
    """
    yaml_at = min((yaml_error.line or 0, yaml_error.column or 0), _end(text))
    json_at = (json_error.line or 0, json_error.column or 0)
    return yaml_error if yaml_at > json_at else json_error


def _end(text: str) -> tuple[int, int]:
    return _line_column(text, len(text))


def _json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


@dataclass(frozen=True)
class _HugeNumber:
    """A JSON number past the float range (``1e999``), kept as written."""

    text: str


def _json_float(text: str) -> float | _HugeNumber:
    value = float(text)
    return value if math.isfinite(value) else _HugeNumber(text)


_JSON = msgspec.json.Decoder(float_hook=_json_float)


def _read_json(text: str, file: str | None) -> Any:
    try:
        data = text.encode()
    except UnicodeEncodeError as exc:
        line, column = _line_column(text, exc.start)
        code = ord(text[exc.start])
        message = f"not valid JSON: character U+{code:04X} is not allowed; remove it"
        raise ManifestError(message, file=file, line=line, column=column) from None
    try:
        return _JSON.decode(data)
    except msgspec.DecodeError as exc:
        raise _json_error(str(exc), data, file) from None
    except RecursionError:
        line, column = _line_column(text, _json_deep_offset(text))
        message = f"nesting deeper than {MAX_DEPTH} levels"
        raise ManifestError(message, file=file, line=line, column=column) from None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _json_problem(value: Any, depth: int) -> tuple[list[str | int], str] | None:
    """Find what YAML input could not hold: deep nesting, huge numbers.

    Returns the path to the first such value and the message, or None.
    """
    children: Iterable[tuple[str | int, Any]]
    if isinstance(value, dict):
        children = value.items()
    elif isinstance(value, list):
        children = enumerate(value)
    elif type(value) is int and not INT64_MIN <= value <= INT64_MAX:
        return [], int64_message(str(value))
    elif isinstance(value, _HugeNumber):
        return [], f"number {value.text} is too large for a 64-bit float"
    else:
        return None
    if depth >= MAX_DEPTH:
        return [], f"nesting deeper than {MAX_DEPTH} levels"
    for key, child in children:
        problem = _json_problem(child, depth + 1)
        if problem is not None:
            problem[0].insert(0, key)
            return problem
    return None


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_deep_offset(text: str) -> int:
    """Return the offset of the first bracket nested past MAX_DEPTH, or 0."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                return match.start()
        elif token in ("]", "}"):
            depth -= 1
    return 0


def _json_error(message: str, data: bytes, file: str | None) -> ManifestError:
    reason, _, rest = message.partition(" (byte ")
    reason = reason.removeprefix("JSON is malformed: ")
    if reason == "Input data was truncated":
        reason = "the input ends before the JSON document does"
    offset = int(rest.rstrip(")")) if rest.rstrip(")").isdigit() else len(data)
    if reason == "trailing characters":  # msgspec counts one past the first one
        offset -= 1
    before = data[:offset].decode("utf-8", "replace")
    line, column = _line_column(before, len(before))
    return ManifestError(
        f"not valid JSON: {reason}", file=file, line=line, column=column
    )
