"""Order generated definitions so that annotations need no string lookups.

msgspec resolves string annotations the first time a type is decoded, and that
lookup dominated the cost of a first decode. Emitting each class after the
classes it uses lets Python evaluate the annotations once, at import; only the
references that close a cycle (a template that holds steps that hold an inline
template) stay strings.
"""

from __future__ import annotations

import ast
import heapq
from dataclasses import dataclass


@dataclass
class Definition:
    """One top-level class or type alias of the generated module."""

    name: str
    source: str
    uses: set[str]
    is_class: bool = True


def definitions_of(
    module: ast.Module, source: str, names: set[str]
) -> list[Definition]:
    """The classes and aliases of ``module``, in source order."""
    found = []
    for node in module.body:
        if isinstance(node, ast.ClassDef):
            name = node.name
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name = node.target.id
        else:
            continue
        segment = ast.get_source_segment(source, node)
        assert segment is not None
        uses = _used_names(node, names) - {name}
        found.append(Definition(name, segment, uses, isinstance(node, ast.ClassDef)))
    return found


def dependency_order(definitions: list[Definition]) -> list[Definition]:
    """Sort definitions so each follows what it uses, breaking cycles by name.

    Among the definitions that are ready, the first by name goes first, so the
    order depends only on the definitions, not on the generator's order.
    """
    by_name = {definition.name: definition for definition in definitions}
    waiting_on = {d.name: set(d.uses) for d in definitions}
    ready = [name for name, uses in waiting_on.items() if not uses]
    heapq.heapify(ready)
    emitted: list[Definition] = []
    done: set[str] = set()

    while len(emitted) < len(definitions):
        if not ready:
            # A cycle: emit the first pending name; its uses of names not yet
            # emitted become forward references.
            heapq.heappush(
                ready, min(waiting_on, key=lambda n: _cycle_rank(by_name[n]))
            )
        name = heapq.heappop(ready)
        if name in done:
            continue
        waiting_on.pop(name, None)
        done.add(name)
        emitted.append(by_name[name])
        for other, uses in waiting_on.items():
            if name in uses:
                uses.discard(name)
                if not uses:
                    heapq.heappush(ready, other)
    return emitted


def _cycle_rank(definition: Definition) -> tuple[bool, str]:
    # Break a cycle at a class: its annotations can be strings, an alias's
    # value would have to be one.
    return not definition.is_class, definition.name


def _used_names(node: ast.AST, names: set[str]) -> set[str]:
    used = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and child.id in names:
            used.add(child.id)
        elif isinstance(child, ast.Constant) and child.value in names:
            used.add(str(child.value))
    return used
