"""The catalog shipped in the package (`_data/offline_catalog.json`, built by
scripts/build-offline-catalog): captures of live responses where they exist, docs examples else."""

from __future__ import annotations

from importlib import resources

from .catalog import Catalog

__all__ = ["offline_catalog"]


def offline_catalog() -> Catalog:
    """The embedded catalog; its `source` says which part came from where, and of when."""
    text = (
        resources.files("xai_models").joinpath("_data", "offline_catalog.json").read_text("utf-8")
    )
    return Catalog.from_json(text)
