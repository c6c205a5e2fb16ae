"""Plain scalars resolve as go-yaml v2 (kubectl, Argo) resolves them."""

from __future__ import annotations

import math

import pytest

from argo_spec._load import load, load_all, read_source
from argo_spec._yaml_load import MAX_ALIAS_NODES, read_yaml, resolve_plain
from argo_spec.errors import ManifestError

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
    # Past 64 bits a hexadecimal, 0o or 0b integer has no float form: a string.
    ("0xFFFFFFFFFFFFFFFFFF", "0xFFFFFFFFFFFFFFFFFF"),
    ("0o7777777777777777777777", "0o7777777777777777777777"),
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


def test_read_yaml_special_floats_and_big_integers_are_fine_as_keys() -> None:
    # Go turns any key into a string; only values must fit JSON and int64.
    assert read_yaml(".nan: a\n99999999999999999999: b\n") == [
        {".nan": "a", "1e+20": "b"}
    ]


# One document whose aliases expand to 172,403 nodes, under the budget alone.
ALIASES = (
    "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
)


def test_read_yaml_alias_budget_spans_the_whole_stream() -> None:
    assert MAX_ALIAS_NODES == 400_000
    assert len(read_yaml("---\n".join([ALIASES] * 2))) == 2
    with pytest.raises(ManifestError) as caught:
        read_yaml("---\n".join([ALIASES] * 600))
    assert str(caught.value) == (
        "<string>:13:4: document 3: aliases expand to more than 400,000 nodes; "
        "write the repeated content out or use fewer aliases"
    )


FLOW = (
    "{apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {generateName: "
    "x-}, spec: {entrypoint: m, templates: [{name: m, container: {image: a}}]}}\n"
)
JSON_DOCUMENT = (
    '{"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": '
    '{"name": "x"}, "spec": {"entrypoint": "m", "templates": [{"name": "m", '
    '"container": {"image": "a"}}]}}\n'
)


def test_text_starting_with_a_brace_may_be_flow_yaml() -> None:
    manifest = load(FLOW)
    assert manifest.spec.templates[0].container.image == "a"  # type: ignore[attr-defined]
    assert read_source(FLOW, None).format == "auto"


def test_json_documents_separated_by_dashes_are_read_as_yaml() -> None:
    manifests = load_all(JSON_DOCUMENT + "---\n" + JSON_DOCUMENT)
    assert [m.metadata.name for m in manifests] == ["x", "x"]  # type: ignore[attr-defined]


def test_text_that_is_json_is_read_as_json() -> None:
    source = read_source(JSON_DOCUMENT, None)
    assert [index for index, _ in source.documents()] == [0]
    assert source.format == "json"


def test_json_file_stays_strict_json(tmp_path) -> None:
    path = tmp_path / "flow.json"
    path.write_text(FLOW)
    with pytest.raises(ManifestError) as caught:
        load(path)
    assert (
        str(caught.value) == f"{path}:1:2: not valid JSON: object keys must be strings"
    )


def test_json_depth_limit_matches_yaml() -> None:
    [data] = read_source("[" * 100 + "]" * 100, None).documents()
    assert data[0] == 0
    with pytest.raises(
        ManifestError, match=r"^<string>:1:101: nesting deeper than 100 levels$"
    ):
        list(read_source("[" * 101 + "]" * 101, None).documents())
    with pytest.raises(
        ManifestError, match=r"^<string>:1:101: nesting deeper than 100 levels$"
    ):
        read_yaml("[" * 101 + "]" * 101)
