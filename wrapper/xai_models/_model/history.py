"""A history of the catalog: a directory of dated snapshots, `<UTC date>.json` each.

`write_snapshot` adds one only when the catalog differs from the newest already there, so a daily
cron job builds a history without duplicates; `catalog_at` reads the snapshot in force at a
moment (the newest one dated on or before it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs

from .._schema.public import publish
from .catalog import Catalog, InvalidCatalogError
from .codec import encode
from .diff import CatalogDiff
from .families import FAMILIES
from .input import read_input

__all__ = [
    "catalog_at",
    "changes_over",
    "dated_snapshots",
    "read_snapshot",
    "same_models",
    "write_snapshot",
]

_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")


def dated_snapshots(directory: Path) -> list[tuple[date, Path]]:
    """The snapshots of a history directory, oldest first (other files are ignored)."""
    if not directory.is_dir():
        raise InvalidCatalogError(f"{directory}: not a directory of snapshots")
    found = []
    for path in directory.iterdir():
        match = _NAME.match(path.name)
        if match and path.is_file():
            try:
                found.append((date.fromisoformat(match.group(1)), path))
            except ValueError:
                continue  # a name like 2026-13-40.json is not a date
    return sorted(found)


def read_snapshot(path: Path, label: str = "") -> Catalog:
    """A snapshot file; InvalidCatalogError names the file for anything wrong with it (`label`
    prefixes what is wrong with its content)."""
    data = read_input(path, InvalidCatalogError)
    try:
        return Catalog.from_json(data)
    except InvalidCatalogError as exc:
        raise InvalidCatalogError(f"{path}: {label}{exc}") from None


def same_models(one: Catalog, other: Catalog) -> bool:
    """Whether two catalogs hold the same models with the same fields (dates and sources aside)."""

    def content(catalog: Catalog) -> list[list[dict[str, object]]]:
        return [
            sorted((encode(model) for model in catalog.family(family)), key=lambda m: str(m["id"]))
            for family in FAMILIES
        ]

    return content(one) == content(other)


def write_snapshot(catalog: Catalog, directory: Path) -> Path | None:
    """Write `DIR/<UTC date of fetched_at>.json` unless the newest snapshot there holds the same
    models; returns the path written, or None. A snapshot of the same day is replaced."""
    directory.mkdir(parents=True, exist_ok=True)
    snapshots = dated_snapshots(directory)
    if snapshots:
        try:
            newest = read_snapshot(snapshots[-1][1])
        except InvalidCatalogError:
            newest = None
        if newest is not None and same_models(newest, catalog):
            return None
    day = catalog.fetched_at.astimezone(UTC).date()
    path = directory / f"{day.isoformat()}.json"
    path.write_text(catalog.to_json() + "\n", encoding="utf-8")
    return path


def catalog_at(directory: Path, moment: datetime) -> Catalog:
    """The snapshot in force at `moment`: the newest dated on or before its UTC date."""
    day = moment.astimezone(UTC).date()
    snapshots = [(dated, path) for dated, path in dated_snapshots(directory) if dated <= day]
    if not snapshots:
        raise InvalidCatalogError(f"{directory} has no snapshot dated on or before {day}")
    return read_snapshot(snapshots[-1][1])


publish(catalog_at)


def changes_over(dated: Sequence[tuple[date, Catalog]]) -> Iterator[tuple[date, CatalogDiff]]:
    """Each snapshot's changes from the one before it, by date; the first snapshot's models come
    as added (the baseline of the history)."""
    previous: Catalog | None = None
    for day, catalog in dated:
        if previous is None:
            nothing: dict[str, Any] = {family.name: () for family in FAMILIES}
            empty = attrs.evolve(catalog, **nothing)
            baseline = empty.diff(catalog)
            added = tuple(
                attrs.evolve(model, changes=tuple(c for c in model.changes if c.type == "added"))
                for model in baseline.models
            )
            yield day, attrs.evolve(baseline, models=added)
        else:
            yield day, previous.diff(catalog)
        previous = catalog
