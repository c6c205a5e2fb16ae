"""Kubernetes object-name rules shared by validation and the runnable adapter."""

from __future__ import annotations

import re

__all__ = ["DNS1123_SUBDOMAIN", "DNS1123_SUBDOMAIN_MAX", "is_dns1123_subdomain"]

DNS1123_SUBDOMAIN = re.compile(
    r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
)
DNS1123_SUBDOMAIN_MAX = 253


def is_dns1123_subdomain(name: str) -> bool:
    """Whether ``name`` is a valid name for most Kubernetes objects."""
    return (
        len(name) <= DNS1123_SUBDOMAIN_MAX
        and DNS1123_SUBDOMAIN.fullmatch(name) is not None
    )
