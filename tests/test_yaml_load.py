"""Plain scalars resolve as go-yaml v2 (kubectl, Argo) resolves them."""

from __future__ import annotations

import math

import pytest

from argo_spec._yaml_load import read_yaml, resolve_plain

GO_READS = [
    ("y", True),
    ("Y", True),
    ("yes", True),
    ("On", True),
    ("TRUE", True),
    ("n", False),
    ("NO", False),
    ("off", False),
    ("false", False),
    ("~", None),
    ("null", None),
    ("NULL", None),
    ("1e3", 1000.0),
    ("0x1F", 31),
    ("-0x1F", -31),
    ("0o17", 15),
    ("0b101", 5),
    ("-0b101", -5),
    ("012", 10),
    ("08", 8.0),
    ("1_000", 1000),
    ("+12", 12),
    ("-.5", -0.5),
    (".5", 0.5),
    ("1.", 1.0),
    (".inf", math.inf),
    ("-.Inf", -math.inf),
    ("18446744073709551615", 18446744073709551615),
    ("99999999999999999999", 1e20),
    ("0xFFFFFFFFFFFFFFFFFF", 0xFFFFFFFFFFFFFFFFFF),
    # Strings in go-yaml v2, unlike PyYAML:
    ("2024-01-01", "2024-01-01"),
    ("2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
    ("1:30", "1:30"),
    ("1e999", "1e999"),
    ("yEs", "yEs"),
    ("_1", "_1"),
    ("-", "-"),
    ("1.5h", "1.5h"),
]


@pytest.mark.parametrize(("text", "value"), GO_READS)
def test_resolve_plain_follows_go_yaml(text: str, value: object) -> None:
    got = resolve_plain(text)
    assert got == value
    assert type(got) is type(value)


def test_resolve_plain_nan() -> None:
    assert math.isnan(resolve_plain(".nan"))


def test_read_yaml_quoted_scalars_stay_strings() -> None:
    assert read_yaml("a: 'yes'\nb: \"1e3\"\nc: yes\n") == [
        {"a": "yes", "b": "1e3", "c": True}
    ]


def test_read_yaml_keys_become_strings_as_kubernetes_converts_them() -> None:
    assert read_yaml("1: a\ntrue: b\n0x10: d\n") == [{"1": "a", "true": "b", "16": "d"}]


def test_read_yaml_duplicate_key_after_string_conversion() -> None:
    with pytest.raises(ValueError, match=r'^<string>:2:1: duplicate key "true"'):
        read_yaml("true: a\non: b\n")


def test_read_yaml_null_is_unset_value() -> None:
    assert read_yaml("a:\nb: null\nc: ~\n") == [{"a": None, "b": None, "c": None}]


def test_read_yaml_merge_key_explicit_keys_win() -> None:
    text = "base: &b {p: 1, q: 2}\nother:\n  <<: *b\n  q: 3\n"
    [data] = read_yaml(text)
    assert data["other"] == {"q": 3, "p": 1}


def test_read_yaml_anchors_are_expanded_copies() -> None:
    [data] = read_yaml("a: &x [1, 2]\nb: *x\n")
    assert data == {"a": [1, 2], "b": [1, 2]}


def test_read_yaml_multiple_documents_keep_empty_ones() -> None:
    assert read_yaml("a: 1\n---\n---\nb: 2\n") == [{"a": 1}, None, {"b": 2}]


def test_read_yaml_depth_100_is_accepted() -> None:
    [data] = read_yaml("[" * 100 + "]" * 100)
    depth = 0
    while data:
        data, depth = data[0], depth + 1
    assert depth == 99
