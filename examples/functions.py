"""The step functions of the example pipeline."""

from __future__ import annotations


def list_shards() -> list[str]:
    """Name the input shards."""
    return ["s3://bucket/shard-0.parquet", "s3://bucket/shard-1.parquet"]


def clean_shard(shard: str) -> int:
    """Clean one shard; return its row count."""
    return len(shard)


def choose_model() -> str:
    """Pick the model family to fit."""
    return "linear"


def train() -> None:
    """Fit the chosen model."""
    return None


def notify() -> None:
    """Tell the team the model is published."""
    return None
