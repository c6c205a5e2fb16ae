"""Run datamodel-code-generator and shape its output into argo_spec modules."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from codegen.order import Definition, definitions_of, dependency_order
from codegen.pins import Pin

GENERATOR = "datamodel-code-generator"
GENERATOR_VERSION = "0.89.0"
FORMATTER_VERSION = "0.17.6"
API_VERSION = "argoproj.io/v1alpha1"
KINDS = (
    "ClusterWorkflowTemplate",
    "CronWorkflow",
    "Workflow",
    "WorkflowEventBinding",
    "WorkflowTemplate",
)
_GENERATOR_ARGS = [
    "--input-file-type", "jsonschema",
    "--output-model-type", "msgspec.Struct",
    "--snake-case-field",
    "--target-python-version", "3.10",
    "--disable-timestamp",
    "--keyword-only",
    "--use-standard-collections",
    "--use-union-operator",
    "--use-schema-description",
    "--use-double-quotes",
    "--no-formatters",
]  # fmt: skip
_ROOT_ALIAS = "Model"
_CLASS_HEADER = re.compile(r"^class (\w+)\(Struct, kw_only=True\):$", re.MULTILINE)


class RenderError(Exception):
    """The generator or the formatter failed, or is not the pinned version."""


def render(pin: Pin, schema: dict[str, Any]) -> dict[str, str]:
    """Return the generated files of one line, keyed by path under argo_spec."""
    raw = run_generator(schema)
    names, body = shape_module(raw)
    header = _header(pin)
    models = header + _prelude(body) + body
    init = header + _init_module(pin, names)
    return {
        f"{pin.package}/_models.py": format_source(models),
        f"{pin.package}/__init__.py": format_source(init),
    }


def run_generator(schema: dict[str, Any]) -> str:
    """Run the pinned datamodel-code-generator on ``schema``."""
    _require_version(GENERATOR, GENERATOR_VERSION)
    with tempfile.TemporaryDirectory() as folder:
        schema_file = Path(folder) / "schema.json"
        schema_file.write_text(json.dumps(schema, indent=1, sort_keys=True))
        command = [sys.executable, "-m", "datamodel_code_generator"]
        command += ["--input", str(schema_file), *_GENERATOR_ARGS]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise RenderError(f"{GENERATOR} failed: {last}")
    return result.stdout


def shape_module(raw: str) -> tuple[list[str], str]:
    """Turn the generator's module into ours: its public names and body."""
    tree = ast.parse(raw)
    top_names = _top_level_names(tree) - {_ROOT_ALIAS}
    definitions = [
        _shape_definition(definition)
        for definition in definitions_of(tree, raw, top_names)
        if definition.name != _ROOT_ALIAS
    ]
    ordered = dependency_order(definitions)
    position = {definition.name: index for index, definition in enumerate(ordered)}
    blocks = [_quote_forward(d, position, top_names) for d in ordered]
    return sorted(position), "\n\n\n".join(blocks) + "\n"


def format_source(source: str) -> str:
    """Format with the pinned ruff, independent of any project configuration."""
    _require_version("ruff", FORMATTER_VERSION)
    command = [sys.executable, "-m", "ruff", "format", "--isolated"]
    command += ["--line-length", "88", "--stdin-filename", "generated.py", "-"]
    result = subprocess.run(
        command, input=source, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RenderError(f"ruff format failed: {result.stderr.strip()}")
    return result.stdout


def _require_version(distribution: str, wanted: str) -> None:
    try:
        found = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        found = "none"
    if found != wanted:
        raise RenderError(
            f"codegen needs {distribution}=={wanted}, found {found}; "
            "run `pip install -e '.[codegen]'`"
        )


def _top_level_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _shape_definition(definition: Definition) -> Definition:
    source = (
        definition.source.replace("| UnsetType = UNSET", "| None = None")
        .replace("default=UNSET)", "default=None)")
        .replace("| UnsetType", "| None")
    )
    if definition.name in KINDS:
        source = _shape_kind(definition.name, source)
    else:
        source = _CLASS_HEADER.sub(r"class \1(Model, kw_only=True):", source)
    return Definition(definition.name, source, definition.uses, definition.is_class)


def _shape_kind(name: str, source: str) -> str:
    """Check ``apiVersion`` and ``kind`` of a top-level kind and fill them in.

    Both come first, as manifests write them; ``__post_init__`` sets them when a
    caller leaves them out, and a decoded document may carry no other value.
    """
    lines = source.splitlines()
    header_fields = [
        f'    api_version: Literal["{API_VERSION}"] | None = '
        'field(name="apiVersion", default=None)',
        f'    kind: Literal["{name}"] | None = None',
    ]
    kept = [
        line for line in lines if not line.startswith(("    api_version:", "    kind:"))
    ]
    if len(kept) != len(lines) - 2:
        raise RenderError(f"{name} does not have exactly one apiVersion and one kind")
    first_field = next(
        index for index, line in enumerate(kept) if re.match(r"^    \w+: ", line)
    )
    shaped = kept[:first_field] + header_fields + kept[first_field:]
    source = _CLASS_HEADER.sub(r"class \1(Model, kw_only=True):", "\n".join(shaped))
    return source + _POST_INIT.replace("KIND", name)


def _quote_forward(
    definition: Definition, position: dict[str, int], names: set[str]
) -> str:
    """Quote the annotations that name a definition emitted later."""
    tree = ast.parse(definition.source)
    node = tree.body[0]
    here = position[definition.name]
    annotations = _annotations(node)
    source = definition.source
    for annotation in sorted(annotations, key=_start, reverse=True):
        segment = ast.get_source_segment(source, annotation)
        assert segment is not None
        plain = ast.unparse(_unquote_names(annotation, names))
        used = {n.id for n in ast.walk(ast.parse(plain)) if isinstance(n, ast.Name)}
        later = any(position.get(name, -1) > here for name in used)
        replacement = json.dumps(plain) if later else plain
        source = _replace_segment(source, annotation, replacement)
    return source


def _start(node: ast.expr) -> tuple[int, int]:
    return node.lineno, node.col_offset


def _annotations(node: ast.stmt) -> list[ast.expr]:
    if isinstance(node, ast.AnnAssign):
        assert node.value is not None
        return [node.value]
    assert isinstance(node, ast.ClassDef)
    return [
        statement.annotation
        for statement in node.body
        if isinstance(statement, ast.AnnAssign)
    ]


def _unquote_names(annotation: ast.expr, names: set[str]) -> ast.expr:
    class Unquote(ast.NodeTransformer):
        def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
            if isinstance(node.value, ast.Name) and node.value.id == "Literal":
                return node
            return self.generic_visit(node)

        def visit_Constant(self, node: ast.Constant) -> ast.AST:
            if isinstance(node.value, str) and node.value in names:
                return ast.Name(id=node.value, ctx=ast.Load())
            return node

    return Unquote().visit(ast.parse(ast.unparse(annotation), mode="eval").body)  # type: ignore[no-any-return]


def _replace_segment(source: str, node: ast.expr, replacement: str) -> str:
    lines = source.splitlines(keepends=True)
    assert node.end_lineno is not None
    assert node.end_col_offset is not None
    start = sum(len(line) for line in lines[: node.lineno - 1]) + node.col_offset
    end = sum(len(line) for line in lines[: node.end_lineno - 1]) + node.end_col_offset
    return source[:start] + replacement + source[end:]


def _header(pin: Pin) -> str:
    return (
        f"# Generated by `python -m codegen generate {pin.version}` with "
        f"{GENERATOR} {GENERATOR_VERSION}\n"
        f"# from Argo Workflows {pin.version} api/openapi-spec/swagger.json,\n"
        f"# sha256 {pin.sha256},\n"
        "# as corrected by openapi/corrections.yaml.\n"
        "# Do not edit: change codegen/ or openapi/ and regenerate.\n"
    )


def _init_module(pin: Pin, names: list[str]) -> str:
    exported = ["ARGO_VERSION", "SPEC_SHA256", "Model", *names]
    imports = ",\n    ".join(["Model", *names])
    return (
        f'"""Models of the Argo Workflows {pin.line} API, from Argo {pin.version}.\n\n'
        "Field reference: "
        f"https://argo-workflows.readthedocs.io/en/release-{pin.line}/fields/\n"
        '"""\n\n'
        f"from argo_spec.{pin.package}._models import (\n    {imports},\n)\n\n"
        f'ARGO_VERSION = "{pin.version}"\n'
        f'SPEC_SHA256 = "{pin.sha256}"\n\n'
        f"__all__ = {json.dumps(exported)}\n"
    )


def _prelude(body: str) -> str:
    used = set(re.findall(r"\b(Annotated|Any|Literal)\b", body))
    typing_names = [*sorted(used), "TypeAlias"]
    has_meta = re.search(r"\bMeta\(", body) is not None
    msgspec_names = ["Meta", "Struct", "field"] if has_meta else ["Struct", "field"]
    return (
        f"\nfrom typing import {', '.join(typing_names)}\n\n"
        f"from msgspec import {', '.join(msgspec_names)}\n" + _BASE_CLASS
    )


_BASE_CLASS = '''

class Model(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Base of every model: unknown fields are errors, unset fields are omitted."""


'''

_POST_INIT = f'''

    def __post_init__(self) -> None:
        if self.api_version is None:
            self.api_version = "{API_VERSION}"
        if self.kind is None:
            self.kind = "KIND"
'''
