"""The one exception the public API raises for bad input."""

from __future__ import annotations

__all__ = ["ManifestError"]

# Line breaks that reach a message (a file name holding one, say) are shown
# escaped, so that str() stays one line.
_ONE_LINE = str.maketrans({"\n": "\\n", "\r": "\\r"})


class ManifestError(ValueError):
    """A manifest could not be read: where, what was expected, what was found.

    Every field is optional because not every failure has every coordinate: a
    file that is not UTF-8 has no JSON path, a Struct built in Python has no
    file. ``str()`` joins what is known into one line a person can act on::

        wf.yaml:14:17: $.spec.templates[0].memoize.maxAge: expected a Go
        duration such as "24h" or "90m", found "1d"

    Attributes
    ----------
    message
        What is wrong and, when there is one, how to fix it.
    file
        The path the input came from, ``"<stdin>"``, or None for text.
    document
        0-based index of the YAML document within a multi-document stream.
    path
        JSON path of the offending value, such as ``$.spec.templates[3].name``.
    line, column
        1-based position in the YAML or JSON text, when the input was text.
    expected, found
        Short descriptions of the expected and the actual value, when the
        error is a mismatch.

    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        document: int | None = None,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.document = document
        self.path = path
        self.line = line
        self.column = column
        self.expected = expected
        self.found = found

    def __str__(self) -> str:
        return (format_location(self) + self.message).translate(_ONE_LINE)

    def __repr__(self) -> str:
        return f"ManifestError({str(self)!r})"


def format_location(err: ManifestError) -> str:
    """Return the ``file:line:col: [document N] path: `` prefix of a message."""
    parts = []
    if err.file is not None or err.line is not None:
        where = err.file if err.file is not None else "<string>"
        if err.line is not None:
            where += f":{err.line}"
            if err.column is not None:
                where += f":{err.column}"
        parts.append(where + ": ")
    if err.document:
        parts.append(f"document {err.document + 1}: ")
    if err.path:
        parts.append(err.path + ": ")
    return "".join(parts)
