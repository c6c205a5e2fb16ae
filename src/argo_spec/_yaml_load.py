"""Read YAML text into JSON-like data the way Kubernetes reads it.

kubectl and Argo turn YAML into JSON with ``sigs.k8s.io/yaml``, which sits on
go-yaml v2, a YAML 1.1 reader. PyYAML is YAML 1.1 as well but resolves plain
scalars differently, so this module resolves them itself, following go-yaml
v2's rules (facts read from its ``resolve.go`` and ``decode.go``):

- ``y Y yes Yes YES true True TRUE on On ON`` are true, the ``n``/``no``/
  ``false``/``off`` family false; ``~ null Null NULL`` and the empty value null.
- Integers are Go ``strconv.ParseInt`` with base prefix after removing every
  ``_``: ``0x1F``, ``0o17``, ``0b101``, ``012`` (octal). A decimal integer
  beyond 64 bits, and ``08``, become floats; a hexadecimal, ``0o`` or ``0b``
  integer beyond 64 bits stays a string; ``1e3`` is a float (PyYAML keeps it a
  string). ``.inf``, ``-.inf`` and ``.nan`` are floats.
- Sexagesimal numbers (``1:30``) are not numbers: they stay strings.
- Timestamps (``2024-01-01``) stay the strings they were written as; go-yaml
  v2 returns them as strings when the target is untyped, as it is on the way to
  JSON. Nothing here produces a ``datetime``.
- Mapping keys become strings: ``true``/``false`` for booleans, the decimal
  text for integers, as ``sigs.k8s.io/yaml`` converts them.

Everything a plain scalar does not resolve to stays a ``str``; quoted scalars
are always strings. Reading is safe (no Python object tags), rejects duplicate
keys, bounds nesting depth and the number of nodes aliases may expand to in the
whole stream. It also rejects what go-yaml reads but JSON cannot carry on to
the API server: NaN and infinity (``json: unsupported value``), and integers
outside int64, which Kubernetes fields and Go's JSON decoder refuse.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, cast

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from argo_spec.errors import ManifestError

try:  # the C parser (libyaml) when PyYAML was built with it
    from yaml._yaml import CParser as _Parser

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    HAVE_LIBYAML = False

__all__ = [
    "HAVE_LIBYAML",
    "INT64_MAX",
    "INT64_MIN",
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "compose",
    "deep_flow_offset",
    "int64_message",
    "locate",
    "quote",
    "read_yaml",
    "too_deep",
]

#: Deepest nesting of mappings and sequences accepted. Kubernetes manifests
#: rarely pass 20; libyaml itself stops at 1,000.
MAX_DEPTH = 100
#: Most nodes that aliases may expand to in one stream, all documents together
#: (go-yaml v2 allows about 400,000 alias-driven decodes in one document before
#: it calls aliasing excessive; counting per stream keeps a file of many small
#: bombs bounded too).
MAX_ALIAS_NODES = 400_000
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
# Our own tag for plain scalars that go-yaml may resolve to something else.
_PLAIN = "tag:argo-spec,2025:plain"
_TYPED = {
    "tag:yaml.org,2002:null": type(None),
    "tag:yaml.org,2002:bool": bool,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
}

_HINT_CHARS = frozenset("0123456789+-.yYnNtTfFoO~")
_CONSTANTS: dict[str, Any] = {
    **dict.fromkeys(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"], True),
    **dict.fromkeys(["true", "True", "TRUE"], True),
    **dict.fromkeys(["n", "N", "no", "No", "NO", "off", "Off", "OFF"], False),
    **dict.fromkeys(["false", "False", "FALSE"], False),
    **dict.fromkeys(["", "~", "null", "Null", "NULL"], None),
    **dict.fromkeys([".nan", ".NaN", ".NAN"], math.nan),
    **dict.fromkeys([".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"], math.inf),
    **dict.fromkeys(["-.inf", "-.Inf", "-.INF"], -math.inf),
}
_MISSING = object()
_GO_INT = re.compile(
    r"([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]*)|([1-9][0-9]*))"
)
_GO_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_DOT_FLOAT = re.compile(r"\.[0-9]+(?:[eE][-+]?[0-9]+)?")
_UINT64_MAX = 2**64 - 1
# What YAML 1.1 allows in a stream (its "printable" set); libyaml stops at
# anything else with a multi-line message that this module replaces. Compiled
# on first use: the pattern costs milliseconds, and only errors need it.
_NOT_PRINTABLE = r"[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


def resolve_plain(text: str) -> Any:
    """Return what go-yaml v2 reads for the plain (unquoted) scalar ``text``."""
    value = _CONSTANTS.get(text, _MISSING)
    if value is not _MISSING:
        return value
    if text[0] == ".":
        return _float_or_text(text, text) if _DOT_FLOAT.fullmatch(text) else text
    if text[0] not in "0123456789+-":
        return text
    plain = text.replace("_", "")
    match = _GO_INT.fullmatch(plain)
    if match:
        number = _go_int(match)
        if INT64_MIN <= number <= _UINT64_MAX and not (
            number > INT64_MAX and plain[0] == "+"
        ):
            return number
        if match.group(2) or match.group(3) or match.group(4):
            return text  # hex, 0o or 0b: no float syntax, so Go keeps the string
    if _GO_FLOAT.fullmatch(plain):
        return _float_or_text(plain, text)
    return text


def _go_int(match: re.Match[str]) -> int:
    sign = -1 if match.group(1) == "-" else 1
    hexa, octal, binary, zero_octal, decimal = match.groups()[1:]
    if hexa:
        return sign * int(hexa, 16)
    if octal:
        return sign * int(octal, 8)
    if binary:
        return sign * int(binary, 2)
    if decimal:
        return sign * int(decimal)
    return sign * int(zero_octal or "0", 8)


def _float_or_text(number: str, text: str) -> Any:
    value = float(number)
    # Go's ParseFloat fails on overflow, and go-yaml then keeps the string.
    return text if math.isinf(value) else value


class _Resolver(BaseResolver):
    """Tag plain scalars for :func:`resolve_plain`; everything else is a string."""

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                if value == "<<":
                    return _MERGE
                if not value or value[0] in _HINT_CHARS:
                    return _PLAIN
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


if HAVE_LIBYAML:

    class _Loader(_Parser, _Resolver):
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _Resolver.__init__(self)

else:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Loader(Reader, Scanner, Parser, Composer, _Resolver):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            _Resolver.__init__(self)


def compose(text: str, file: str | None = None) -> list[Node]:
    """Parse ``text`` into one node tree per document, without building data."""
    deep_at = deep_flow_offset(text)
    if deep_at >= 0:
        error = too_deep(text, file, deep_at)
        if error is not None:
            raise error
    loader = _new_loader(text, file)
    nodes: list[Node] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                nodes.append(node)
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):
            raise too_deep(text, file, -1) or _syntax_error(
                exc, text, file, 0
            ) from None
        raise _syntax_error(exc, text, file, len(nodes)) from None
    except yaml.YAMLError as exc:
        raise _unreadable(text, file, exc) from None
    except RecursionError:
        # libyaml's composer recurses in C once per level and gives up near
        # 330 levels of block nesting; say where the limit was passed.
        error = too_deep(text, file, -1)
        raise error or ManifestError("nesting too deep to read", file=file) from None
    finally:
        loader.dispose()
    return nodes


_BRACKETS = re.compile(r"[\[\]{}]")


def deep_flow_offset(text: str) -> int:
    """Return where flow nesting may pass :data:`MAX_DEPTH`, or -1 when it cannot.

    libyaml's composer recurses once per level, and unwinding from Python's
    recursion limit near 1,000 flow levels takes seconds, so deep flow input
    is stopped before it reaches the composer. Brackets inside quoted strings
    count too, which can only raise the estimate; :func:`too_deep` decides.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return -1
    depth = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return match.start()
        else:
            depth -= 1
    return -1


def too_deep(text: str, file: str | None, offset: int) -> ManifestError | None:
    """Return the error for the first collection nested past the limit, if any.

    ``offset`` is the estimate of :func:`deep_flow_offset`, used when libyaml
    stops at its own limit before yielding the event past ours.
    """
    loader = _new_loader(text, file)
    document, depth = -1, 0
    try:
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                document += 1
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return _deep_error(event.start_mark, file, document)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.StreamEndEvent):
                return None
    except yaml.MarkedYAMLError as exc:
        if offset >= 0 and "maximum nesting depth" in str(exc.problem):
            line = text.count("\n", 0, offset)
            column = offset - (text.rfind("\n", 0, offset) + 1)
            return _deep_error(yaml.Mark("", offset, line, column, "", 0), file, 0)
        return _syntax_error(exc, text, file, max(document, 0))
    except yaml.YAMLError as exc:
        return _unreadable(text, file, exc)
    finally:
        loader.dispose()


def _new_loader(text: str, file: str | None) -> _Loader:
    """Return a loader of ``text``; libyaml refuses a lone surrogate up front."""
    try:
        return _Loader(text)
    except UnicodeEncodeError:
        raise _unreadable(text, file, None) from None


def _unreadable(text: str, file: str | None, exc: Exception | None) -> ManifestError:
    """Return the one-line error for a stream libyaml's reader refused.

    libyaml reports a character YAML does not allow with a byte offset and a
    second line; this names the character and its line and column instead.
    """
    bad = re.search(_NOT_PRINTABLE, text)
    if bad is None:
        reason = " ".join(str(exc).split()) if exc is not None else "unreadable"
        return ManifestError(f"not valid YAML: {reason}", file=file)
    code = ord(bad.group())
    what = "control character" if code < 0xA0 else "character"
    line = text.count("\n", 0, bad.start()) + 1
    column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
    fix = "remove it"
    if not 0xD800 <= code <= 0xDFFF:  # a lone surrogate has no escape either
        fix += f', or write it as "\\u{code:04x}" inside a double-quoted string'
    return ManifestError(
        f"not valid YAML: {what} U+{code:04X} is not allowed; {fix}",
        file=file,
        line=line,
        column=column,
        found=f"U+{code:04X}",
    )


def _deep_error(mark: Any, file: str | None, document: int) -> ManifestError:
    return ManifestError(
        f"nesting deeper than {MAX_DEPTH} levels",
        file=file,
        document=document,
        line=mark.line + 1,
        column=mark.column + 1,
    )


def read_yaml(text: str, file: str | None = None) -> list[Any]:
    """Return the data of every document in ``text``, read as Kubernetes reads it.

    Raises
    ------
    ManifestError
        On a syntax error, a duplicate key, an unsupported tag, nesting deeper
        than :data:`MAX_DEPTH`, or aliases expanding past
        :data:`MAX_ALIAS_NODES`; the error carries the line and column.

    """
    documents = []
    builder = _Builder(file)
    for index, node in enumerate(compose(text, file)):
        builder.document = index
        try:
            documents.append(builder.build(node, 0))
        except RecursionError:
            raise builder.error(node, "nesting too deep to read") from None
    return documents


def _syntax_error(
    exc: yaml.MarkedYAMLError, text: str, file: str | None, doc: int
) -> ManifestError:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or exc.context or "syntax error").strip()
    if mark and text[mark.index : mark.index + 1] == "\t":
        message = "a tab character where YAML allows only spaces; indent with spaces"
    elif "maximum nesting depth" in problem:
        message = f"nesting deeper than {MAX_DEPTH} levels"
    else:
        message = f"not valid YAML: {problem}"
        if exc.context and exc.problem:
            message += f" ({exc.context.strip()})"
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    return ManifestError(message, file=file, document=doc, line=line, column=column)


class _Builder:
    """Build JSON-like data from the node trees of a stream, with the bounds.

    One builder reads every document of a stream, so the alias budget is
    shared: many documents of small alias expansions cannot add up past it.
    """

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.document = 0
        self.seen: set[int] = set()
        self.expanding: set[int] = set()
        self.alias_budget = MAX_ALIAS_NODES

    def error(self, node: Node, message: str, **fields: str) -> ManifestError:
        mark = node.start_mark
        return ManifestError(
            message,
            file=self.file,
            document=self.document,
            line=mark.line + 1,
            column=mark.column + 1,
            **fields,
        )

    def build(self, node: Node, depth: int) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _PLAIN:
            return self._plain(cast(ScalarNode, node))
        if isinstance(node, ScalarNode):
            return self._tagged_scalar(node)
        if depth >= MAX_DEPTH:
            mark = node.start_mark
            raise _deep_error(mark, self.file, self.document)
        key = id(node)
        if key in self.seen:
            return self._expand_alias(node, depth)
        self.seen.add(key)
        return self._collection(node, depth)

    def _collection(self, node: Node, depth: int) -> Any:
        if self.expanding:
            self.alias_budget -= len(node.value) + 1
            if self.alias_budget < 0:
                raise self.error(
                    node,
                    f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes; "
                    "write the repeated content out or use fewer aliases",
                )
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise self._bad_tag(node)
            return [self.build(child, depth + 1) for child in node.value]
        if node.tag != _MAP or not isinstance(node, MappingNode):
            raise self._bad_tag(node)
        return self._mapping(node, depth)

    def _expand_alias(self, node: Node, depth: int) -> Any:
        key = id(node)
        if key in self.expanding:
            raise self.error(node, "an alias refers to the node that contains it")
        self.expanding.add(key)
        try:
            return self._collection(node, depth)
        finally:
            self.expanding.discard(key)

    def _mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merges = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merges.append(value_node)
                continue
            key = self._key(key_node, depth)
            if key in result:
                message = f"duplicate key {quote(key)}; each key may appear once"
                raise self.error(key_node, message + " in a mapping", found=key)
            result[key] = self.build(value_node, depth + 1)
        for merge_node in merges:
            self._merge(result, merge_node, depth)
        return result

    def _key(self, node: Node, depth: int) -> str:
        # Go turns any scalar key into a string, so NaN or a big integer is
        # fine as a key: resolve it without the checks values get.
        if node.tag == _PLAIN:
            key = resolve_plain(node.value)
        else:
            key = self.build(node, depth + 1)
        if isinstance(key, str):
            return key
        if isinstance(key, bool):
            return "true" if key else "false"
        if isinstance(key, int):
            return str(key)
        if isinstance(key, float):
            return _go_float_text(key)
        what = "null" if key is None else "a mapping or a sequence"
        raise self.error(node, f"a mapping key must be a string, found {what}")

    def _merge(self, result: dict[str, Any], node: Node, depth: int) -> None:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            data = self.build(source, depth + 1)
            if not isinstance(data, dict):
                raise self.error(source, "a merge key (<<) takes a mapping")
            for key, value in data.items():
                result.setdefault(key, value)

    def _tagged_scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _MERGE:
            raise self.error(node, "a merge key (<<) may only be a mapping key")
        expected = _TYPED.get(tag)
        if expected is None:
            raise self._bad_tag(node)
        value: Any = resolve_plain(node.value) if node.value else None
        if type(value) is not expected and not (
            expected is float and type(value) is int
        ):
            name = tag.rsplit(":", 1)[-1]
            raise self.error(node, f"{quote(node.value)} is not a valid !!{name}")
        if expected is float:
            return self._finite(node, float(cast(float, value)))
        if expected is int:
            return self._int64(node, cast(int, value))
        return value

    def _plain(self, node: ScalarNode) -> Any:
        """Resolve a plain scalar; refuse numbers JSON or int64 cannot hold."""
        value = resolve_plain(node.value)
        if type(value) is int:
            return self._int64(node, value)
        if type(value) is float:
            if _GO_INT.fullmatch(node.value.replace("_", "")):
                # go-yaml reads a decimal integer past uint64 as a float.
                raise self.error(node, int64_message(node.value), found=node.value)
            return self._finite(node, value)
        return value

    def _int64(self, node: ScalarNode, value: int) -> int:
        if INT64_MIN <= value <= INT64_MAX:
            return value
        raise self.error(node, int64_message(node.value), found=node.value)

    def _finite(self, node: ScalarNode, value: float) -> float:
        if math.isfinite(value):
            return value
        text = node.value
        raise self.error(
            node,
            f"{text} is not allowed: kubectl and Argo pass manifests on as JSON, "
            f'which has no NaN or infinity; write "{text}" in quotes to keep it a '
            "string",
            found=text,
        )

    def _bad_tag(self, node: Node) -> ManifestError:
        short = node.tag.replace("tag:yaml.org,2002:", "!!")
        return self.error(
            node,
            f"unsupported tag {short}; Kubernetes manifests use plain YAML",
            found=short,
        )


def int64_message(text: str) -> str:
    """Say that the integer written as ``text`` does not fit Go's int64."""
    return (
        f"integer {text} does not fit in 64 bits; Kubernetes and Argo accept "
        f"{INT64_MIN} to {INT64_MAX}"
    )


def quote(text: str) -> str:
    """Return ``text`` in double quotes with control characters escaped (JSON)."""
    return json.dumps(text, ensure_ascii=False)


def _go_float_text(value: float) -> str:
    """Approximate Go's ``FormatFloat(f, 'g', -1, 32)`` used for float map keys."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    return format(value, "g")


def locate(root: Node, segments: list[str | int], at_key: bool = False) -> Node | None:
    """Return the node at ``segments`` under ``root``, or its key node.

    Used only after an error, on a tree from :func:`compose`, to give the line
    and column of a JSON path. Returns None when the path leaves the tree.
    """
    node: Node | None = root
    for position, segment in enumerate(segments):
        last = position == len(segments) - 1
        if isinstance(node, SequenceNode) and isinstance(segment, int):
            node = node.value[segment] if segment < len(node.value) else None
        elif isinstance(node, MappingNode):
            pair = _find_pair(node, str(segment))
            if pair is None:
                return None
            node = pair[0] if last and at_key else pair[1]
        else:
            return None
    return node


def _find_pair(node: MappingNode, key: str) -> tuple[Node, Node] | None:
    merges = []
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE:
            merges.append(value_node)
        elif isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node, value_node
    for merge in merges:
        for source in merge.value if isinstance(merge, SequenceNode) else [merge]:
            if isinstance(source, MappingNode):
                pair = _find_pair(source, key)
                if pair is not None:
                    return pair
    return None
