"""Dumped YAML reads back as the same data, by PyYAML and by go-yaml's rules."""

from __future__ import annotations

import math
import random

import pytest
import yaml

from argo_spec._yaml_dump import emit_yaml
from argo_spec._yaml_load import read_yaml

TRICKY = [
    *[
        "y",
        "Y",
        "n",
        "N",
        "yes",
        "Yes",
        "no",
        "NO",
        "on",
        "On",
        "off",
        "OFF",
        "true",
        "True",
        "false",
        "FALSE",
        "~",
        "null",
        "Null",
        "NULL",
    ],
    *[
        "1e3",
        "1E3",
        "0x1F",
        "0o17",
        "0b101",
        "012",
        "08",
        "1_000",
        "+1",
        "-1",
        "+.5",
        "-.5",
        ".5",
        "1.",
        "3.14",
        "1:30",
        "190:20:30",
    ],
    *[
        ".inf",
        "-.inf",
        "+.INF",
        ".nan",
        ".NaN",
        "2024-01-01",
        "2001-12-14t21:59:43.10-05:00",
    ],
    *[
        "<<",
        "=",
        "-",
        "--",
        "---",
        "...",
        "?",
        ":",
        ",",
        "[",
        "]",
        "{",
        "}",
        "#",
        "&",
        "*",
        "!",
        "|",
        ">",
        "'",
        '"',
        "%",
        "@",
        "`",
    ],
    "",
    " ",
    "  ",
    "a: b",
    "a:",
    "a #b",
    "a#b",
    "#x",
    "- x",
    "-x",
    "x-",
    "? x",
    "x?",
    "a,b",
    "[x]",
    "{x}",
    "x: {y}",
    "docker/whalesay:latest",
    "http://x.y/z?q=1#f",
    "hello world",
    " lead",
    "trail ",
    "tab\there",
    "a\\b",
    "\\n",
    "line1\nline2",
    "line1\nline2\n",
    "l\n\n",
    "  lead\nx",
    "\nlead",
    "\n",
    "\n\n",
    "x\n  y\n",
    " \n",
    "a\r\nb",
    "\r",
    "x\x00y",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeffbom",
    "é",
    "ünïcode",
    "日本語",
    "emoji 😀",
    "\U0001f600",
    "{{inputs.parameters.x}}",
    "{{=sprig.date('x')}}",
    "$(echo hi)",
    "x" * 500,
    "1.5h",
    "24h",
    "cpu: 1",
    "100Mi",
    "0.5",
    "-0",
    "0",
    "00",
]


def _both_readers(text: str) -> tuple[object, object]:
    return yaml.load(text, Loader=yaml.CSafeLoader), read_yaml(text)[0]


@pytest.mark.parametrize("value", TRICKY)
def test_tricky_string_reads_back_as_itself(value: str) -> None:
    data = {"v": value, value: "key", "l": [value]}
    by_pyyaml, by_go = _both_readers(emit_yaml(data))
    assert by_pyyaml == data
    assert by_go == data


def test_random_strings_read_back_as_themselves() -> None:
    rng = random.Random(20250101)
    pieces = [*TRICKY, "a", "Z", "9", " ", "\n", "\t", ":", "#", "-", ".", "'", '"']
    values = [
        "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        for _ in range(3000)
    ]
    data = {"values": values, "keys": {v: i for i, v in enumerate(values)}}
    by_pyyaml, by_go = _both_readers(emit_yaml(data))
    assert by_pyyaml == data
    assert by_go == data


def test_numbers_booleans_and_nulls_keep_their_types() -> None:
    data = {
        "ints": [0, -1, 2**63 - 1, -(2**63)],
        "floats": [0.5, -0.0, 1e20, 1e-05, 1.5e300, 123456789.125],
        "other": [True, False, None, {}, []],
    }
    by_pyyaml, by_go = _both_readers(emit_yaml(data))
    assert by_pyyaml == data
    assert by_go == data
    assert [type(x) for x in by_go["floats"]] == [float] * 6


def test_special_floats() -> None:
    text = emit_yaml({"f": [math.inf, -math.inf, math.nan]})
    assert text == "f:\n  - .inf\n  - -.inf\n  - .nan\n"


def test_block_style_and_key_order() -> None:
    data = {"z": 1, "a": {"m": [{"k": "v", "b": ["x", ["y", "w"]]}], "e": []}}
    assert emit_yaml(data) == (
        "z: 1\n"
        "a:\n"
        "  m:\n"
        "    - k: v\n"
        "      b:\n"
        "        - x\n"
        '        - - "y"\n'
        "          - w\n"
        "  e: []\n"
    )


def test_multiline_strings_are_literal_blocks() -> None:
    data = {"script": "echo one\necho two\n", "args": ["a\nb"], "keep": "x\n\n"}
    assert emit_yaml(data) == (
        "script: |\n  echo one\n  echo two\n"
        "args:\n  - |-\n    a\n    b\n"
        "keep: |+\n  x\n\n"
    )


def test_literal_block_with_leading_space_gets_an_indentation_indicator() -> None:
    data = {"a": {"b": "  indented\nnot\n"}}
    text = emit_yaml(data)
    assert text == "a:\n  b: |2\n      indented\n    not\n"
    assert _both_readers(text) == (data, data)
