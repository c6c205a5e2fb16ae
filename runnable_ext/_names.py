"""Deterministic, unique RFC 1123 label names for templates and DAG tasks."""

from __future__ import annotations

import hashlib
import re

__all__ = ["MAX_LABEL", "Names", "slug"]

# Template and task names end up in pod names and node labels, so they are kept
# to one RFC 1123 label even though Argo itself allows 128 characters.
MAX_LABEL = 63
_HASH_LEN = 8
_NOT_LABEL = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case ``text`` and turn every run of other characters into one dash."""
    return _NOT_LABEL.sub("-", text.lower()).strip("-")


def _digest(identity: str) -> str:
    return hashlib.sha256(identity.encode()).hexdigest()[:_HASH_LEN]


class Names:
    """Hands out names that are unique within one workflow.

    A name is the slug of its parts when that fits and is free; otherwise the
    slug is cut and followed by a hash of ``identity``, which is what makes the
    name stable across renders of the same pipeline.
    """

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self._taken: set[str] = set(reserved)

    def claim(self, identity: str, *parts: str) -> str:
        """Return a fresh name for ``identity``, built from ``parts``."""
        base = slug("-".join(parts)) or "step"
        name = base
        if len(name) > MAX_LABEL or name in self._taken:
            name = self._hashed(base, identity)
        self._taken.add(name)
        return name

    def _hashed(self, base: str, identity: str) -> str:
        for attempt in range(1000):
            tag = _digest(identity if attempt == 0 else f"{identity}#{attempt}")
            head = base[: MAX_LABEL - _HASH_LEN - 1].rstrip("-")
            name = f"{head}-{tag}" if head else tag
            if name not in self._taken:
                return name
        raise RuntimeError(f"cannot find a free name for {identity!r}")
