"""Kubernetes resource quantities, as the Go client accepts them.

A Quantity string is read by ``Quantity.UnmarshalJSON`` in
k8s.io/apimachinery (v0.33.1, the release Argo 4.0.5 and 3.7.18 build with),
``pkg/api/resource/quantity.go``: it trims white space, then
``ParseQuantity`` scans it with ``parseQuantityString`` and looks the suffix
up with the suffixer of ``suffix.go``. What this module accepts is what that
code accepts, including its quirks:

- the number is an optional sign, digits, an optional ``.`` and digits; all
  parts may be empty (``"+"``, ``"."`` and ``"Ki"`` read as zero);
- the suffix is one of ``n u m "" k M G T P E`` (decimal), ``Ki Mi Gi Ti Pi
  Ei`` (binary), or ``e``/``E`` and a signed base-10 integer that fits 64 bits;
- when the exact (``int64``) path cannot hold the value, Kubernetes reads the
  number with ``inf.Dec``, which needs at least one digit (``".e-10"`` fails).

The string reaches ``UnmarshalJSON`` still JSON-escaped, so only the white
space Go's JSON encoder leaves as is gets trimmed: tabs and newlines do not.
"""

from __future__ import annotations

__all__ = ["quantity_error"]

# unicode.IsSpace, less what encoding/json escapes (\t \n \v \f \r U+2028 U+2029).
_TRIMMED = " \u0085\u00a0\u1680\u202f\u205f\u3000" + "".join(
    chr(code) for code in range(0x2000, 0x200B)
)
_DIGITS = "0123456789"
_SUFFIX_LETTERS = "eEinumkKMGTP"
# suffix -> exponent, and whether it is a binary (power of two) suffix
_DECIMAL = {"": 0, "n": -9, "u": -6, "m": -3, "k": 3, "M": 6, "G": 9, "T": 12}
_DECIMAL |= {"P": 15, "E": 18}
_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_INT64_MAX = 2**63 - 1
_MAX_INT64_FACTORS = 18  # quantity.go: maxInt64Factors
_NANO = -9


def quantity_error(text: str) -> str | None:
    """Return why Kubernetes refuses ``text`` as a Quantity, or None."""
    text = text.strip(_TRIMMED)
    if not text:
        return "empty quantity"
    if text == "0":
        return None
    scanned = _scan(text)
    if isinstance(scanned, str):
        return scanned
    value, num, denom, suffix = scanned
    kind = _interpret(suffix)
    if kind is None:
        return f"unknown suffix {suffix!r}"
    binary, exponent = kind
    if not _fast_path(num, denom, binary, exponent) and not any(
        char in _DIGITS for char in value
    ):
        return "no digits in the number"
    return None


def _scan(text: str) -> tuple[str, str, str, str] | str:
    """Split ``text`` as parseQuantityString does: (value, num, denom, suffix)."""
    end = len(text)
    pos = 1 if text[0] in "+-" else 0
    while pos < end and text[pos] == "0":  # leading zeros
        pos += 1
    if pos >= end:
        return "0", "0", "", ""
    start = pos
    while pos < end and text[pos] in _DIGITS:
        pos += 1
    num = text[start:pos] or "0"
    if pos >= end:
        return text, num, "", ""
    denom = ""
    if text[pos] == ".":
        pos += 1
        start = pos
        while pos < end and text[pos] in _DIGITS:
            pos += 1
        denom = text[start:pos]
        if pos >= end:
            return text, num, denom, ""
    value, suffix_start = text[:pos], pos
    while pos < end and text[pos] in _SUFFIX_LETTERS:
        pos += 1
    if pos < end and text[pos] in "+-":
        pos += 1
    while pos < end and text[pos] in _DIGITS:
        pos += 1
    if pos < end:
        return f"unexpected {text[pos]!r}"
    return value, num, denom, text[suffix_start:]


def _interpret(suffix: str) -> tuple[bool, int] | None:
    """Return (binary, exponent) for ``suffix``, or None (suffixHandler.interpret)."""
    if suffix in _DECIMAL:
        return False, _DECIMAL[suffix]
    if suffix in _BINARY:
        return True, _BINARY[suffix]
    if len(suffix) > 1 and suffix[0] in "eE":
        exponent = _go_int64(suffix[1:])
        if exponent is None:
            return None
        # Go keeps the low 32 bits: int32(parsed).
        return False, (exponent + 2**31) % 2**32 - 2**31
    return None


def _go_int64(text: str) -> int | None:
    """strconv.ParseInt(text, 10, 64): an optional sign and digits, in range."""
    digits = text[1:] if text[:1] in "+-" else text
    if not digits or any(char not in _DIGITS for char in digits):
        return None
    value = int(text)
    return value if -(2**63) <= value <= _INT64_MAX else None


def _fast_path(num: str, denom: str, binary: bool, exponent: int) -> bool:
    """Whether ParseQuantity returns from its int64 path (no inf.Dec parse)."""
    if binary:
        if exponent < 0 or denom:
            return False
        precision = 15 - len(num) - int(exponent * 3 / 10) - 1
        scale = 0
    else:
        precision = _MAX_INT64_FACTORS - (len(num) + len(denom))
        scale = exponent
    if precision < 0:
        return False
    scale -= len(denom)
    if scale < _NANO:
        return False
    mantissa = 1 << exponent if binary else 1
    value = int(num + denom)  # fits: precision >= 0 bounds the digits
    return abs(value * mantissa) <= _INT64_MAX
