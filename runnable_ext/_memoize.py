"""The memoization cache: its ConfigMap name and the key of every template.

The controller looks an entry up by key alone inside one ConfigMap, refuses a
key that does not match ``^[a-zA-Z0-9][-a-zA-Z0-9]*$`` or is longer than 253
characters, and only learns the run id and the iteration values at run time.
So a key is the (unique, already valid) template name followed by an Argo
expression that hashes the run id and every input parameter of the template:
whatever those values are, the substituted key is the template name, a dash
and 64 hexadecimal digits.
"""

from __future__ import annotations

import re
import secrets
import string

__all__ = [
    "CACHE_LABEL",
    "KEY_PATTERN",
    "key_expression",
    "memoize_key",
    "new_cache_name",
]

CACHE_LABEL = {"workflows.argoproj.io/configmap-type": "Cache"}
KEY_PATTERN = r"^[a-zA-Z0-9][-a-zA-Z0-9]*$"
_ALPHABET = string.ascii_lowercase + string.digits
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def new_cache_name() -> str:
    """Draw a fresh cache ConfigMap name: ``runnable-`` and 6 of [a-z0-9]."""
    return "runnable-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def _hashed(variable: str) -> str:
    return f"sprig.sha256sum({variable})"


def _input(name: str) -> str:
    # Parameter names may hold '-', which an expression would read as minus.
    if _IDENTIFIER.match(name):
        return f"inputs.parameters.{name}"
    return f"inputs.parameters['{name}']"


def key_expression(run_id_variable: str, inputs: list[str]) -> str:
    """Return the Argo expression whose value is the hash part of a key.

    ``run_id_variable`` is an expression variable such as
    ``workflow.parameters.run_id``; ``inputs`` are the template's input
    parameter names. With inputs, each value is hashed on its own and the
    concatenation is hashed again, so no choice of values can make two
    different tuples collide by shifting characters between them.
    """
    if not inputs:
        return _hashed(run_id_variable)
    parts = [_hashed(run_id_variable)]
    parts += [_hashed(_input(name)) for name in sorted(inputs)]
    return _hashed(" + ".join(parts))


def memoize_key(template_name: str, run_id_variable: str, inputs: list[str]) -> str:
    """Return the memoize key of one template, ready for the manifest."""
    return f"{template_name}-{{{{={key_expression(run_id_variable, inputs)}}}}}"
