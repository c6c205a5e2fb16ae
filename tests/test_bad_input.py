"""Bad input: each case pins the exact message, JSON path and line."""

# The expected messages are pinned whole, one per line, so they exceed 88.
# ruff: noqa: E501

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from argo_spec._dump import dump_json, dump_yaml, to_dict
from argo_spec._load import from_dict, load, load_all, read_source
from argo_spec._validate import validate
from argo_spec.errors import ManifestError

# The inputs, built from small valid manifests.
BASE = """apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      container:
        image: alpine
"""
MEMO = """apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      memoize:
        key: {key}
        maxAge: {age}
        cache:
          configMap:
            name: {cm}
      container:
        image: alpine
"""
DAG = """apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      dag:
        tasks:
{tasks}
    - name: work
      container:
        image: alpine
"""


# A Workflow whose plugin value nests 5 levels deep before "x".
JSON_PLUGIN = (
    '{{"apiVersion": "argoproj.io/v1alpha1", "kind": "WorkflowTemplate", '
    '"metadata": {{"name": "p"}}, "spec": '
    '{{"templates": [{{"name": "p", "plugin": {{"x": {x}}}}}]}}}}'
)


def memo(key='"k"', age='"1h"', cm="cache"):
    return MEMO.format(key=key, age=age, cm=cm)


bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
LOAD_INPUTS = [
    ("malformed", "kind: Workflow\nmetadata: {name: [x\n"),
    ("tab", "kind: Workflow\nmetadata:\n\tname: x\n"),
    ("duplicate_top", BASE + "spec: {}\n"),
    ("duplicate_nested", BASE.replace("  name: wf\n", "  name: wf\n  name: other\n")),
    ("alias_bomb", bomb),
    ("deep_flow", "[" * 10000 + "]" * 10000),
    ("deep_block", "".join(" " * i + "a:\n" for i in range(10000))),
    ("recursive_alias", "kind: Workflow\nmetadata: &m\n  labels: *m\n"),
    ("python_tag", "kind: !!python/object:os.system Workflow\n"),
    ("int_for_str", BASE.replace("entrypoint: main", "entrypoint: 5")),
    ("yes_for_str", BASE.replace("image: alpine", "image: yes")),
    (
        "str_for_int",
        BASE.replace(
            "  entrypoint: main\n", "  entrypoint: main\n  activeDeadlineSeconds: ten\n"
        ),
    ),
    ("list_for_mapping", BASE.replace("metadata:\n  name: wf\n", "metadata: []\n")),
    ("unknown_near_entrypoint", BASE.replace("entrypoint:", "entrypont:")),
    ("unknown_near_maxage", memo().replace("maxAge:", "maxage:")),
    (
        "unknown_listed",
        memo().replace(
            "            name: cache\n", "            name: cache\n            key: k\n"
        ),
    ),
    ("missing_required", memo().replace('        key: "k"\n', "")),
    ("kind_near_miss", BASE.replace("kind: Workflow", "kind: Workflw")),
    ("kind_other", BASE.replace("kind: Workflow", "kind: Pod")),
    ("kind_missing", BASE.replace("kind: Workflow\n", "")),
    ("api_version", BASE.replace("argoproj.io/v1alpha1", "argoproj.io/v1")),
    ("empty", ""),
    ("comments_only", "# nothing here\n---\n"),
    ("not_mapping", "- kind: Workflow\n"),
    (
        "second_document",
        BASE + "---\n" + BASE.replace("image: alpine", "image: [alpine]"),
    ),
    ("null_key", BASE.replace("  name: wf\n", "  name: wf\n  labels:\n    ~: x\n")),
    ("label_int", BASE.replace("  name: wf\n", "  name: wf\n  labels:\n    app: 5\n")),
    (
        "label_dotted",
        BASE.replace(
            "  name: wf\n", "  name: wf\n  labels:\n    app.kubernetes.io/name: true\n"
        ),
    ),
    ("merge_not_mapping", "kind: Workflow\nmetadata:\n  <<: [x]\n"),
    (
        "sexagesimal_int",
        BASE.replace(
            "  entrypoint: main\n",
            "  entrypoint: main\n  activeDeadlineSeconds: 1:30\n",
        ),
    ),
    ("api_version_missing", BASE.replace("apiVersion: argoproj.io/v1alpha1\n", "")),
    (
        "api_version_null",
        BASE.replace("apiVersion: argoproj.io/v1alpha1", "apiVersion: ~"),
    ),
    ("nan_value", BASE.replace("image: alpine", "image: alpine\n        args: [.nan]")),
    (
        "inf_value",
        BASE.replace(
            "  entrypoint: main\n",
            "  entrypoint: main\n  activeDeadlineSeconds: -.Inf\n",
        ),
    ),
    ("control_char", BASE.replace("name: wf", "name: wf\x1b[0m")),
    ("lone_surrogate", BASE.replace("name: wf", "name: wf\ud800")),
    (
        "unknown_field_newline",
        BASE.replace("  name: wf\n", '  name: wf\n  "a\\nb": x\n'),
    ),
    (
        "duplicate_key_newline",
        BASE.replace(
            "  name: wf\n", '  name: wf\n  labels:\n    "a\\nb": x\n    "a\\nb": y\n'
        ),
    ),
    (
        "int_tag_newline",
        BASE.replace(
            "  entrypoint: main\n", '  entrypoint: main\n  parallelism: !!int "1\\n2"\n'
        ),
    ),
    (
        "int_past_int64",
        BASE.replace(
            "  entrypoint: main\n",
            "  entrypoint: main\n  parallelism: 99999999999999999999\n",
        ),
    ),
    (
        "uint64",
        BASE.replace(
            "  entrypoint: main\n",
            "  entrypoint: main\n  parallelism: 0xFFFFFFFFFFFFFFFF\n",
        ),
    ),
    ("file_name_as_text", "wf.yaml"),
    (
        "flow_yaml_syntax",
        "{apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {name: [x}}",
    ),
]
JSON_INPUTS = [
    ("json_trailing", '{"kind": "Workflow"} x'),
    ("json_truncated", '{"kind": "Workflow", "metadata": {'),
    (
        "json_wrong_type",
        '{"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow",\n "metadata": {"name": 7},\n "spec": {}}',
    ),
    (
        "json_api_version_missing",
        '{"kind": "Workflow", "metadata": {"name": "wf"},\n "spec": {"entrypoint": "main"}}',
    ),
    (
        "json_huge_float",
        '{"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow",\n "spec": {"activeDeadlineSeconds": 1e999}}',
    ),
    (
        "json_int_past_int64",
        '{"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow",\n "spec": {"parallelism": 99999999999999999999}}',
    ),
    (
        "json_int_below_int64",
        '[{"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow"},\n {"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "spec": {"parallelism": -9223372036854775809}}]',
    ),
    ("json_deep", JSON_PLUGIN.format(x="[" * 96 + "]" * 96)),
]
VALIDATE_INPUTS = [
    ("key_chars", memo(key='"a b"')),
    ("key_long", memo(key="k" * 254)),
    ("key_template_literal", memo(key='"{{inputs.parameters.x}}_v1"')),
    ("maxage_days", memo(age="1d")),
    ("maxage_bare_number", memo(age='"10"')),
    ("maxage_words", memo(age="7 days")),
    ("maxage_unit_only", memo(age="h")),
    ("maxage_missing", memo().replace('        maxAge: "1h"\n', "")),
    ("configmap_upper", memo(cm="Cache")),
    ("configmap_long", memo(cm="c" * 254)),
    ("entrypoint_dangling", BASE.replace("entrypoint: main", "entrypoint: mian")),
    (
        "onexit_dangling",
        BASE.replace("  entrypoint: main\n", "  entrypoint: main\n  onExit: cleanup\n"),
    ),
    (
        "step_dangling",
        BASE.replace(
            "      container:\n        image: alpine\n",
            "      steps:\n        - - name: one\n            template: missing\n",
        ),
    ),
    (
        "task_dangling",
        DAG.format(tasks="          - name: a\n            template: nowhere\n"),
    ),
    (
        "dependencies_dangling",
        DAG.format(
            tasks="          - name: a\n            template: work\n            dependencies: [b]\n"
        ),
    ),
    (
        "depends_dangling",
        DAG.format(
            tasks="          - name: a\n            template: work\n            depends: b.Succeeded\n"
        ),
    ),
    (
        "depends_bad_result",
        DAG.format(
            tasks="          - name: a\n            template: work\n          - name: b\n            template: work\n            depends: a.Done\n"
        ),
    ),
    (
        "dag_cycle",
        DAG.format(
            tasks="          - name: a\n            template: work\n            depends: c\n          - name: b\n            template: work\n            depends: a\n          - name: c\n            template: work\n            depends: b && a\n"
        ),
    ),
    (
        "template_duplicate",
        BASE + "    - name: main\n      container:\n        image: alpine\n",
    ),
    (
        "template_name_chars",
        BASE.replace("entrypoint: main", "entrypoint: my_main").replace(
            "- name: main", "- name: my_main"
        ),
    ),
    (
        "template_upper_pod",
        BASE.replace("entrypoint: main", "entrypoint: Main").replace(
            "- name: main", "- name: Main"
        ),
    ),
    (
        "task_digit",
        DAG.format(
            tasks="          - name: a\n            template: work\n          - name: 1b\n            template: work\n            depends: a\n"
        ),
    ),
    ("workflow_name_long", BASE.replace("name: wf", "name: " + "w" * 64)),
    ("template_name_missing", BASE + "    - container:\n        image: alpine\n"),
    (
        "template_name_null",
        BASE + "    - name: ~\n      container:\n        image: alpine\n",
    ),
    (
        "step_name_missing",
        BASE.replace(
            "      container:\n        image: alpine\n",
            "      steps:\n        - - template: main\n",
        ),
    ),
    (
        "both_depends_kinds",
        DAG.format(
            tasks="          - name: a\n            template: work\n          - name: b\n            template: work\n            depends: a\n          - name: c\n            template: work\n            dependencies: [a]\n"
        ),
    ),
]


LOAD_EXPECTED = {
    "malformed": (
        "<string>:3:1: not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
        None,
        3,
    ),
    "tab": (
        "<string>:3:1: a tab character where YAML allows only spaces; indent with spaces",
        None,
        3,
    ),
    "duplicate_top": (
        '<string>:11:1: duplicate key "spec"; each key may appear once in a mapping',
        None,
        11,
    ),
    "duplicate_nested": (
        '<string>:5:3: duplicate key "name"; each key may appear once in a mapping',
        None,
        5,
    ),
    "alias_bomb": (
        "<string>:1:4: aliases expand to more than 400,000 nodes; write the repeated content out or use fewer aliases",
        None,
        1,
    ),
    "deep_flow": ("<string>:1:101: nesting deeper than 100 levels", None, 1),
    "deep_block": ("<string>:101:101: nesting deeper than 100 levels", None, 101),
    "recursive_alias": (
        "<string>:2:11: an alias refers to the node that contains it",
        None,
        2,
    ),
    "python_tag": (
        "<string>:1:7: unsupported tag !!python/object:os.system; Kubernetes manifests use plain YAML",
        None,
        1,
    ),
    "int_for_str": (
        '<string>:6:15: $.spec.entrypoint: expected a string, found the integer 5; write "5" in quotes to keep it a string',
        "$.spec.entrypoint",
        6,
    ),
    "yes_for_str": (
        '<string>:10:16: $.spec.templates[0].container.image: expected a string, found the boolean true; write "yes" in quotes to keep it a string',
        "$.spec.templates[0].container.image",
        10,
    ),
    "str_for_int": (
        '<string>:7:26: $.spec.activeDeadlineSeconds: expected an integer, found the string "ten"',
        "$.spec.activeDeadlineSeconds",
        7,
    ),
    "list_for_mapping": (
        "<string>:3:11: $.metadata: expected a mapping, found a list",
        "$.metadata",
        3,
    ),
    "unknown_near_entrypoint": (
        '<string>:6:3: $.spec.entrypont: unknown field "entrypont" in WorkflowSpec; did you mean "entrypoint"?',
        "$.spec.entrypont",
        6,
    ),
    "unknown_near_maxage": (
        '<string>:11:9: $.spec.templates[0].memoize.maxage: unknown field "maxage" in Memoize; did you mean "maxAge"?',
        "$.spec.templates[0].memoize.maxage",
        11,
    ),
    "unknown_listed": (
        '<string>:15:13: $.spec.templates[0].memoize.cache.configMap.key: unknown field "key" in LocalObjectReference; valid fields: name',
        "$.spec.templates[0].memoize.cache.configMap.key",
        15,
    ),
    "missing_required": (
        '<string>:10:9: $.spec.templates[0].memoize: missing required field "key"',
        "$.spec.templates[0].memoize",
        10,
    ),
    "kind_near_miss": (
        '<string>:2:7: $.kind: unknown kind "Workflw"; did you mean "Workflow"?',
        "$.kind",
        2,
    ),
    "kind_other": (
        '<string>:2:7: $.kind: unknown kind "Pod"; expected one of Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow, WorkflowEventBinding',
        "$.kind",
        2,
    ),
    "kind_missing": (
        "<string>:1:1: $: missing kind; expected one of Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow, WorkflowEventBinding",
        "$",
        1,
    ),
    "api_version": (
        '<string>:1:13: $.apiVersion: expected "argoproj.io/v1alpha1", found "argoproj.io/v1"',
        "$.apiVersion",
        1,
    ),
    "empty": (
        "empty input: no manifest found; expected a document with a kind",
        None,
        None,
    ),
    "comments_only": (
        "empty input: no manifest found; expected a document with a kind",
        None,
        None,
    ),
    "not_mapping": (
        "<string>:1:1: $: a manifest must be a mapping, found a list",
        "$",
        1,
    ),
    "second_document": (
        "<string>:21:16: document 2: $.spec.templates[0].container.image: expected a string, found a list",
        "$.spec.templates[0].container.image",
        21,
    ),
    "null_key": ("<string>:6:5: a mapping key must be a string, found null", None, 6),
    "label_int": (
        '<string>:6:10: $.metadata.labels.app: expected a string, found the integer 5; write "5" in quotes to keep it a string',
        "$.metadata.labels.app",
        6,
    ),
    "label_dotted": (
        '<string>:6:29: $.metadata.labels["app.kubernetes.io/name"]: expected a string, found the boolean true; write "true" in quotes to keep it a string',
        '$.metadata.labels["app.kubernetes.io/name"]',
        6,
    ),
    "merge_not_mapping": ("<string>:3:8: a merge key (<<) takes a mapping", None, 3),
    "sexagesimal_int": (
        '<string>:7:26: $.spec.activeDeadlineSeconds: expected an integer, found the string "1:30"',
        "$.spec.activeDeadlineSeconds",
        7,
    ),
    "api_version_missing": (
        "<string>:1:1: $: missing apiVersion; add apiVersion: argoproj.io/v1alpha1",
        "$",
        1,
    ),
    "api_version_null": (
        "<string>:1:13: $.apiVersion: missing apiVersion; add apiVersion: argoproj.io/v1alpha1",
        "$.apiVersion",
        1,
    ),
    "nan_value": (
        '<string>:11:16: .nan is not allowed: kubectl and Argo pass manifests on as JSON, which has no NaN or infinity; write ".nan" in quotes to keep it a string',
        None,
        11,
    ),
    "inf_value": (
        '<string>:7:26: -.Inf is not allowed: kubectl and Argo pass manifests on as JSON, which has no NaN or infinity; write "-.Inf" in quotes to keep it a string',
        None,
        7,
    ),
    "control_char": (
        '<string>:4:11: not valid YAML: control character U+001B is not allowed; remove it, or write it as "\\u001b" inside a double-quoted string',
        None,
        4,
    ),
    "lone_surrogate": (
        "<string>:4:11: not valid YAML: character U+D800 is not allowed; remove it",
        None,
        4,
    ),
    "unknown_field_newline": (
        '<string>:5:3: $.metadata["a\\nb"]: unknown field "a\\nb" in ObjectMeta',
        '$.metadata["a\\nb"]',
        5,
    ),
    "duplicate_key_newline": (
        '<string>:7:5: duplicate key "a\\nb"; each key may appear once in a mapping',
        None,
        7,
    ),
    "int_tag_newline": ('<string>:7:16: "1\\n2" is not a valid !!int', None, 7),
    "int_past_int64": (
        "<string>:7:16: integer 99999999999999999999 does not fit in 64 bits; Kubernetes and Argo accept -9223372036854775808 to 9223372036854775807",
        None,
        7,
    ),
    "uint64": (
        "<string>:7:16: integer 0xFFFFFFFFFFFFFFFF does not fit in 64 bits; Kubernetes and Argo accept -9223372036854775808 to 9223372036854775807",
        None,
        7,
    ),
    "file_name_as_text": (
        '<string>:1:1: $: a manifest must be a mapping, found the string "wf.yaml"; to read a file, pass a pathlib.Path',
        "$",
        1,
    ),
    "flow_yaml_syntax": (
        "<string>:1:71: not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
        None,
        1,
    ),
    "json_api_version_missing": (
        "<string>:1:1: $: missing apiVersion; add apiVersion: argoproj.io/v1alpha1",
        "$",
        1,
    ),
    "json_huge_float": (
        "<string>:2:36: $.spec.activeDeadlineSeconds: number 1e999 is too large for a 64-bit float",
        "$.spec.activeDeadlineSeconds",
        2,
    ),
    "json_int_past_int64": (
        "<string>:2:26: $.spec.parallelism: integer 99999999999999999999 does not fit in 64 bits; Kubernetes and Argo accept -9223372036854775808 to 9223372036854775807",
        "$.spec.parallelism",
        2,
    ),
    "json_int_below_int64": (
        "<string>:2:85: document 2: $.spec.parallelism: integer -9223372036854775809 does not fit in 64 bits; Kubernetes and Argo accept -9223372036854775808 to 9223372036854775807",
        "$.spec.parallelism",
        2,
    ),
    "json_deep": ("<string>:1:243: nesting deeper than 100 levels", None, 1),
    "json_trailing": ("<string>:1:22: not valid JSON: trailing characters", None, 1),
    "json_truncated": (
        "<string>:1:35: not valid JSON: the input ends before the JSON document does",
        None,
        1,
    ),
    "json_wrong_type": (
        '<string>:2:23: $.metadata.name: expected a string, found the integer 7; write "7" in quotes to keep it a string',
        "$.metadata.name",
        2,
    ),
}
VALIDATE_EXPECTED = {
    "key_chars": (
        "$.spec.templates[0].memoize.key",
        10,
        "memoize key \"a b\" is invalid: use letters, digits and '-', starting with a letter or digit",
    ),
    "key_long": (
        "$.spec.templates[0].memoize.key",
        10,
        "memoize key has 254 characters; at most 253 fit",
    ),
    "key_template_literal": (
        "$.spec.templates[0].memoize.key",
        10,
        'memoize key "{{inputs.parameters.x}}_v1" has "_" outside {{...}}; a key may hold only letters, digits and \'-\', and so must the values substituted into it',
    ),
    "maxage_days": (
        "$.spec.templates[0].memoize.maxAge",
        11,
        'maxAge "1d" is not a Go duration (unknown unit "d"); write it like "24h", "90m" or "1h30m" with units ns, us, ms, s, m, h',
    ),
    "maxage_bare_number": (
        "$.spec.templates[0].memoize.maxAge",
        11,
        'maxAge "10" is not a Go duration (missing unit); write it like "24h", "90m" or "1h30m" with units ns, us, ms, s, m, h',
    ),
    "maxage_words": (
        "$.spec.templates[0].memoize.maxAge",
        11,
        'maxAge "7 days" is not a Go duration (unknown unit " days"); write it like "24h", "90m" or "1h30m" with units ns, us, ms, s, m, h',
    ),
    "maxage_unit_only": (
        "$.spec.templates[0].memoize.maxAge",
        11,
        'maxAge "h" is not a Go duration (expected a number at "h"); write it like "24h", "90m" or "1h30m" with units ns, us, ms, s, m, h',
    ),
    "maxage_missing": (
        "$.spec.templates[0].memoize.maxAge",
        10,
        'memoize has no maxAge; Argo\'s full CRDs require it (the API server refuses the manifest); write one, such as "24h"',
    ),
    "configmap_upper": (
        "$.spec.templates[0].memoize.cache.configMap.name",
        14,
        "ConfigMap name \"Cache\" is invalid: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit",
    ),
    "configmap_long": (
        "$.spec.templates[0].memoize.cache.configMap.name",
        14,
        "ConfigMap name has 254 characters; at most 253 fit",
    ),
    "entrypoint_dangling": (
        "$.spec.entrypoint",
        6,
        'template "mian" is not defined in this manifest',
    ),
    "onexit_dangling": (
        "$.spec.onExit",
        7,
        'template "cleanup" is not defined in this manifest',
    ),
    "step_dangling": (
        "$.spec.templates[0].steps[0][0].template",
        11,
        'template "missing" is not defined in this manifest',
    ),
    "task_dangling": (
        "$.spec.templates[0].dag.tasks[0].template",
        12,
        'template "nowhere" is not defined in this manifest',
    ),
    "dependencies_dangling": (
        "$.spec.templates[0].dag.tasks[0].dependencies[0]",
        13,
        'task "b" is not defined in this DAG',
    ),
    "depends_dangling": (
        "$.spec.templates[0].dag.tasks[0].depends",
        13,
        'task "b" is not defined in this DAG',
    ),
    "depends_bad_result": (
        "$.spec.templates[0].dag.tasks[1].depends",
        15,
        'unknown task result "a.Done"; use one of AllFailed, AnySucceeded, Daemoned, Errored, Failed, Omitted, Skipped, Succeeded',
    ),
    "dag_cycle": (
        "$.spec.templates[0].dag.tasks[0].depends",
        13,
        "dependency cycle: a -> c -> b -> a",
    ),
    "template_duplicate": (
        "$.spec.templates[1].name",
        11,
        'template name "main" is not unique',
    ),
    "template_name_chars": (
        "$.spec.templates[0].name",
        8,
        "template name \"my_main\" is invalid: use letters, digits and '-', starting with a letter or digit",
    ),
    "template_upper_pod": (
        "$.spec.templates[0].name",
        8,
        'template name "Main" becomes part of its pod name, which must be lower case; rename it "main"',
    ),
    "task_digit": (
        "$.spec.templates[0].dag.tasks[1].name",
        13,
        'task name "1b" starts with a digit, which Argo rejects in a DAG that uses depends or dependencies',
    ),
    "workflow_name_long": (
        "$.metadata.name",
        4,
        "Workflow name has 64 characters; Argo allows 63",
    ),
    "template_name_missing": (
        "$.spec.templates[1].name",
        11,
        "template name is required",
    ),
    "template_name_null": ("$.spec.templates[1].name", 11, "template name is required"),
    "step_name_missing": (
        "$.spec.templates[0].steps[0][0].name",
        10,
        "step name is required",
    ),
    "both_depends_kinds": (
        "$.spec.templates[0].dag",
        10,
        "a DAG may use depends or dependencies, not both",
    ),
}


@pytest.mark.parametrize(("name", "text"), LOAD_INPUTS + JSON_INPUTS)
def test_load_bad_input(name: str, text: str) -> None:
    message, path, line = LOAD_EXPECTED[name]
    with pytest.raises(ManifestError) as caught:
        load(text)
    assert str(caught.value) == message
    assert caught.value.path == path
    assert caught.value.line == line


@pytest.mark.parametrize(("name", "text"), VALIDATE_INPUTS)
def test_validate_bad_input(name: str, text: str) -> None:
    path, line, message = VALIDATE_EXPECTED[name]
    source = read_source(text, None)
    [(index, data)] = source.documents()
    [finding] = validate(source.decode(index, data, "4.1"))
    assert (finding.path, finding.message, finding.severity) == (path, message, "error")
    assert source.position(index, list(finding.segments)) is not None
    assert source.position(index, list(finding.segments))[0] == line


def test_bad_input_count() -> None:
    assert len(LOAD_INPUTS) + len(JSON_INPUTS) + len(VALIDATE_INPUTS) >= 40


def test_non_utf8_bytes() -> None:
    with pytest.raises(ManifestError) as caught:
        load(b"kind: Workflow\nmetadata:\n  name: caf\xe9\n")
    assert str(caught.value) == (
        "<string>:3:12: not UTF-8: byte 0xe9 at offset 36 cannot be decoded; "
        "save the file as UTF-8"
    )
    assert (caught.value.line, caught.value.column) == (3, 12)


def test_two_documents_for_load() -> None:
    with pytest.raises(
        ManifestError, match=r"^expected one document, found 2; use load_all\(\)$"
    ):
        load(BASE + "---\n" + BASE)


def test_error_in_file_names_the_file(tmp_path) -> None:
    path = tmp_path / "wf.yaml"
    path.write_text(memo().replace("maxAge:", "maxage:"))
    with pytest.raises(ManifestError) as caught:
        load(path)
    assert str(caught.value) == (
        f"{path}:11:9: $.spec.templates[0].memoize.maxage: "
        'unknown field "maxage" in Memoize; did you mean "maxAge"?'
    )
    assert caught.value.file == str(path)


def test_json_limits_hold_for_text_bytes_and_files(tmp_path) -> None:
    # The typed JSON fast path must refuse what the general path refuses.
    path = tmp_path / "wf.json"
    for name in ("json_int_past_int64", "json_deep", "json_api_version_missing"):
        text = dict(JSON_INPUTS)[name]
        path.write_text(text)
        expected = LOAD_EXPECTED[name][0]
        for source in (text, text.encode()):
            with pytest.raises(ManifestError) as caught:
                load(source)
            assert str(caught.value) == expected
        with pytest.raises(ManifestError) as caught:
            load(path, format="json")
        assert str(caught.value) == expected.replace("<string>", str(path))


def test_json_nesting_of_100_levels_loads() -> None:
    manifest = load(JSON_PLUGIN.format(x="[" * 95 + "]" * 95))
    assert type(manifest).__name__ == "WorkflowTemplate"


def test_json_nesting_past_the_limit_in_a_json_array() -> None:
    text = "[" + JSON_PLUGIN.format(x="[" * 95 + "]" * 95) + "]"
    with pytest.raises(ManifestError) as caught:
        load(text)
    assert str(caught.value) == "<string>:1:243: nesting deeper than 100 levels"


def test_from_dict_requires_api_version() -> None:
    data = {"kind": "Workflow", "metadata": {"name": "wf"}}
    with pytest.raises(
        ManifestError,
        match=r"^\$: missing apiVersion; add apiVersion: argoproj\.io/v1alpha1$",
    ):
        from_dict(data)


@pytest.mark.parametrize(
    ("metadata", "spec", "message"),
    [
        (
            {"labels": {1: "a"}},
            {},
            "$.metadata.labels: mapping keys must be strings, found the integer 1",
        ),
        (
            {},
            {"parallelism": 2**70},
            "$.spec.parallelism: integer 1180591620717411303424 does not fit in 64 "
            "bits; Kubernetes and Argo accept -9223372036854775808 to "
            "9223372036854775807",
        ),
    ],
)
def test_from_dict_explains_keys_and_integer_bounds(
    metadata: dict[object, object], spec: dict[str, object], message: str
) -> None:
    data = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Workflow",
        "metadata": metadata,
        "spec": spec,
    }
    with pytest.raises(ManifestError) as caught:
        from_dict(data)
    assert str(caught.value) == message


CONFIG_MAP_KEYS = """apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: cmk-
spec:
  entrypoint: main
  synchronization:
    semaphores:
      - configMapKeyRef:
          name: my-config
  arguments:
    parameters:
      - name: p
        valueFrom:
          configMapKeyRef:
            name: my-config
  templates:
    - name: main
      memoize:
        key: k
        maxAge: 1h
        cache:
          configMap:
            name: my-cache
      container:
        image: busybox
        env:
          - name: A
            valueFrom:
              configMapKeyRef:
                name: my-config
                key: a
          - name: B
            valueFrom:
              configMapKeyRef:
                name: my-config
"""


def test_config_map_key_required_outside_memoize_cache() -> None:
    source = read_source(CONFIG_MAP_KEYS, None)
    [(index, data)] = source.documents()
    findings = validate(source.decode(index, data, "3.7"))
    message = "configMapKeyRef needs a key: add key: with the ConfigMap key to read"
    assert [(f.path, f.message) for f in findings] == [
        ("$.spec.arguments.parameters[0].valueFrom.configMapKeyRef", message),
        ("$.spec.synchronization.semaphores[0].configMapKeyRef", message),
        ("$.spec.templates[0].container.env[1].valueFrom.configMapKeyRef", message),
    ]
    lines = [source.position(index, list(f.segments)) for f in findings]
    assert lines == [(16, 13), (10, 11), (36, 17)]


def test_config_map_key_found_in_inline_templates_and_hooks() -> None:
    no_key = {"configMapKeyRef": {"name": "my-config"}}
    inline = {
        "name": "c",
        "container": {"image": "busybox", "env": [{"name": "A", "valueFrom": no_key}]},
    }
    hook = {
        "template": "t",
        "arguments": {"parameters": [{"name": "p", "valueFrom": no_key}]},
    }
    data = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Workflow",
        "metadata": {"generateName": "inline-"},
        "spec": {
            "entrypoint": "main",
            "templates": [
                {
                    "name": "main",
                    "dag": {
                        "tasks": [
                            {"name": "a", "inline": inline, "hooks": {"exit": hook}},
                        ]
                    },
                },
                {"name": "t", "container": {"image": "busybox"}},
            ],
        },
    }
    findings = validate(from_dict(data, argo_version="3.7"))
    task = "$.spec.templates[0].dag.tasks[0]"
    assert [f.path for f in findings] == [
        f"{task}.hooks.exit.arguments.parameters[0].valueFrom.configMapKeyRef",
        f"{task}.inline.container.env[0].valueFrom.configMapKeyRef",
    ]


def test_validate_a_model_built_with_the_wrong_kind_and_api_version() -> None:
    workflow = msgspec.structs.replace(
        load(BASE), kind="CronWorkflow", api_version="v1"
    )
    assert [(f.path, f.message) for f in validate(workflow)] == [
        (
            "$.kind",
            'kind "CronWorkflow" does not match the Workflow model; '
            'set it to "Workflow"',
        ),
        (
            "$.apiVersion",
            'apiVersion "v1" is not Argo\'s; set it to "argoproj.io/v1alpha1"',
        ),
    ]


def test_wrong_argument_types_are_type_errors() -> None:
    with pytest.raises(
        TypeError, match=r"^expected a pathlib\.Path to read, .*; got NoneType$"
    ):
        load(None)  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match=r"^validate\(\) takes a Workflow, .* model, got dict; "
    ):
        validate({})  # type: ignore[arg-type]
    for function in (dump_yaml, dump_json, to_dict):
        with pytest.raises(
            TypeError,
            match=rf"^{function.__name__}\(\) takes a model such as Workflow, or a list of them; got NoneType",
        ):
            function(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"got list \(build a model"):
        dump_yaml([{"kind": "Workflow"}])  # type: ignore[list-item]


def test_unknown_format_is_a_value_error() -> None:
    for function in (load, load_all):
        with pytest.raises(
            ValueError, match=r"""^format must be "yaml", "json" or None, not 'xml'$"""
        ):
            function(BASE, format="xml")  # type: ignore[arg-type]


def test_existing_file_name_as_text_gets_the_path_hint(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "manifest").write_text(BASE)
    with pytest.raises(ManifestError, match=r"; to read a file, pass a pathlib\.Path$"):
        load("manifest")
    with pytest.raises(ManifestError) as caught:
        load("not-a-file")
    assert str(caught.value) == (
        '<string>:1:1: $: a manifest must be a mapping, found the string "not-a-file"'
    )


def test_message_stays_one_line_when_the_file_name_has_a_newline(tmp_path) -> None:
    path = tmp_path / "a\nb.yaml"
    path.write_text(BASE.replace("kind: Workflow\n", ""))
    with pytest.raises(ManifestError) as caught:
        load(path)
    assert str(caught.value) == (
        f"{tmp_path}/a\\nb.yaml:1:1: $: missing kind; expected one of Workflow, "
        "WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow, WorkflowEventBinding"
    )
    assert caught.value.file == str(path)


_DOC = '{"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": {}, "spec": {}}'


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("broken.json", '{"kind": "Workflow", ', "not valid"),
        ("two.yaml", f"{_DOC}\n---\n{_DOC}\n", "expected one document, found 2"),
        ("two.json", f"[{_DOC}, {_DOC}]", "expected one document, found 2"),
    ],
)
def test_load_reads_a_path_once_even_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    reads: list[Path] = []
    read_bytes = Path.read_bytes

    def counted(self: Path) -> bytes:
        reads.append(self)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", counted)
    with pytest.raises(ManifestError) as caught:
        load(path)
    assert reads == [path]
    assert caught.value.file == str(path)
    assert message in str(caught.value)
