"""Export the catalog as other tools' price tables, and audit such a table against the catalog.

`export_prices(catalog, "litellm")` writes one; `audit_prices(catalog, path)` reads one (its
format detected, or named) and returns a `PriceFinding` per disagreement, comparing exact
decimals in one unit: USD per 1M tokens, or per image.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Final

import attrs

from .._model.catalog import Catalog, UnknownModelError
from .._model.rows import ModelRow
from .._schema.prices import PER_TOKEN, PER_UNIT, PRICE_FIELDS, THRESHOLD, PriceField
from .._schema.public import publish
from .base import InvalidTableError, TableEntry, TableFormat
from .common import kind_of, rows_of
from .registry import FORMATS, NAMES, load

__all__ = ["FINDING_KINDS", "PriceFinding", "audit_entries", "audit_prices", "export_prices"]

FINDING_KINDS: Final = (
    "price", "missing-tier", "tier-price", "tier-threshold", "extra-tier", "context",
    "not-served", "alias-as-id", "alias-target", "missing-model", "invalid-value",
)  # fmt: skip


@attrs.frozen(kw_only=True)
class PriceFinding:
    """One way a third-party table disagrees with the catalog.

    `kind` is one of `FINDING_KINDS`; `model` the catalog's id (None for an id the API does not
    serve), `their_id` the table's name for it (None for a model the table lacks); `field`
    what differs (`prompt`, `cached_prompt`, `completion`, their `*_long_context` forms,
    `long_context_threshold`, `context_length`, `image`); `theirs` and `ours` in USD per 1M
    tokens (per image for `image`, tokens for thresholds and context); `ratio` theirs / ours.
    """

    kind: str
    model: str | None
    their_id: str | None
    field: str | None = None
    theirs: Decimal | int | str | None = None
    ours: Decimal | int | str | None = None

    @property
    def ratio(self) -> Decimal | None:
        if not isinstance(self.theirs, Decimal | int) or not isinstance(self.ours, Decimal | int):
            return None
        if self.ours == 0:
            return None
        return (Decimal(self.theirs) / Decimal(self.ours)).normalize()

    def __str__(self) -> str:
        who = self.their_id or self.model
        if self.kind == "not-served":
            return f"{who}: the API serves no model with this id or alias"
        if self.kind == "alias-target":
            return f"{who}: points to {self.theirs}, but the API sends it to {self.ours}"
        if self.kind == "alias-as-id":
            return f"{who}: {self.theirs} is an alias of {self.ours}, listed as a model of its own"
        if self.kind == "missing-model":
            return f"{self.model}: the API serves it; the table lacks it"
        if self.kind == "missing-tier":
            return f"{who}: no long-context tier (ours from {self.ours:,} prompt tokens)"
        if self.kind == "extra-tier":
            return f"{who}: a long-context tier the API does not have"
        if self.kind == "invalid-value":
            return f"{who}: {self.field} is {self.theirs!r}, not a value it can be"
        ratio = f" (x{self.ratio})" if self.ratio is not None and self.ratio != 1 else ""
        return f"{who}: {self.field} theirs {self.theirs}, ours {self.ours}{ratio}"


def export_prices(catalog: Catalog, table: str, *, aliases: bool = True) -> str | dict[str, str]:
    """The catalog as `table` (one of litellm, genai-prices, models-dev, openrouter, csv,
    markdown, jsonl): its text, or for models-dev a mapping of file name to text. `aliases=False`
    leaves alias entries out. Where the API gives no price, no price is written."""
    if table not in NAMES:
        raise ValueError(f"unknown table format {table!r}; choose from {', '.join(NAMES)}")
    return FORMATS[table].write(catalog, aliases)


def audit_prices(
    catalog: Catalog,
    source: Path | str | None = None,
    *,
    text: str | None = None,
    table: str = "auto",
) -> list[PriceFinding]:
    """Read a price table and compare it with the catalog.

    `source` is the path of a table file, or of a models.dev directory; or give the table itself
    as `text=` with its format named in `table=` (litellm, genai-prices, openrouter, csv,
    markdown, jsonl). Raises InvalidTableError for anything that cannot be read as a table: a
    missing or unreadable path, an empty one, text that is not the format.
    """
    if table != "auto" and table not in NAMES:
        raise ValueError(f"unknown table format {table!r}; choose from auto, {', '.join(NAMES)}")
    if text is not None:
        if source is not None:
            raise TypeError("give a path or text=..., not both")
        return _audit_text(catalog, text, table)
    if source is None or not str(source):
        raise InvalidTableError("no table given: pass a path, or text=... with table=FORMAT")
    if isinstance(source, str) and ("\n" in source or len(source) > 4096):
        raise InvalidTableError(
            "that is not a path (it holds a newline or is too long): pass a table's text as "
            "text=... with table=FORMAT"
        )
    fmt, entries = load(Path(source), table)
    return audit_entries(catalog, fmt, entries)


def _audit_text(catalog: Catalog, text: str, table: str) -> list[PriceFinding]:
    if table == "auto":
        raise InvalidTableError("text=... needs its format: table=litellm, genai-prices, ...")
    if table == "models-dev":
        raise InvalidTableError("a models.dev table is files named <model id>.toml: pass a path")
    import tempfile  # noqa: PLC0415 - only the text form needs it

    with tempfile.TemporaryDirectory(prefix="xai-models-audit-") as folder:
        path = Path(folder) / "table"
        path.write_text(text, encoding="utf-8")
        fmt, entries = load(path, table)
        return audit_entries(catalog, fmt, entries)


def audit_entries(
    catalog: Catalog, fmt: TableFormat, entries: Iterable[TableEntry]
) -> list[PriceFinding]:
    """The findings of a table's entries against the catalog, table order, missing models last."""
    rows = {row.id: row for row in rows_of(catalog, fmt.kinds)}
    entries = list(entries)
    listed = {entry.model_id for entry in entries}
    matched = _first_matches(rows, entries)
    findings: list[PriceFinding] = []
    covered: set[str] = set()
    for index, entry in enumerate(entries):
        if entry.match is not None:
            owned = [rows[model_id] for model_id, owner in matched.items() if owner == index]
            findings += _invalid(entry, owned[0].id if owned else None)
            if not owned:
                if not _serves(catalog, entry.model_id):
                    findings.append(
                        PriceFinding(kind="not-served", model=None, their_id=entry.their_id)
                    )
                continue
            for owned_row in owned:
                covered.add(owned_row.id)
                findings += _compare(fmt, owned_row, entry)
            continue
        try:
            canonical = catalog.find(entry.model_id)[0].id
        except UnknownModelError:
            findings += _invalid(entry, None)
            findings.append(PriceFinding(kind="not-served", model=None, their_id=entry.their_id))
            continue
        row = rows.get(canonical)
        if row is None:
            continue  # a kind of model this format does not list
        findings += _invalid(entry, canonical)
        if entry.alias_of is not None:
            try:
                target = catalog.find(entry.alias_of)[0].id
            except UnknownModelError:
                target = entry.alias_of
            if target != canonical:
                findings.append(
                    PriceFinding(
                        kind="alias-target",
                        model=canonical,
                        their_id=entry.their_id,
                        theirs=entry.alias_of,
                        ours=canonical,
                    )
                )
            covered.add(canonical)
            continue  # its prices are the target entry's
        if canonical != entry.model_id and not (fmt.alias_entries and canonical in listed):
            findings.append(
                PriceFinding(
                    kind="alias-as-id",
                    model=canonical,
                    their_id=entry.their_id,
                    theirs=entry.model_id,
                    ours=canonical,
                )
            )
        covered.add(canonical)
        findings += _compare(fmt, row, entry)
    for model_id in sorted(rows.keys() - covered):
        findings.append(PriceFinding(kind="missing-model", model=model_id, their_id=None))
    return findings


def _first_matches(rows: dict[str, ModelRow], entries: list[TableEntry]) -> dict[str, int]:
    """For a table that finds models by rules: each served model id and the index of the first
    entry whose rule matches it (the entry that table would price it by); xAI's responses name
    the canonical id, so that is what is looked up."""
    owners: dict[str, int] = {}
    for model_id in rows:
        for index, entry in enumerate(entries):
            if entry.match is not None and entry.match(model_id.lower()):
                owners[model_id] = index
                break
    return owners


def _serves(catalog: Catalog, name: str) -> bool:
    try:
        catalog.find(name)
    except UnknownModelError:
        return False
    return True


def _invalid(entry: TableEntry, model: str | None) -> list[PriceFinding]:
    return [
        PriceFinding(
            kind="invalid-value", model=model, their_id=entry.their_id, field=field, theirs=shown
        )
        for field, shown in entry.problems
    ]


_AUDITED = tuple(field for field in PRICE_FIELDS if field.audited)
_STANDARD = tuple(f for f in _AUDITED if f.unit == PER_TOKEN and f.standard is None)
_LONG_CONTEXT = tuple(f for f in _AUDITED if f.unit == PER_TOKEN and f.standard is not None)
_PER_UNIT = tuple(f for f in _AUDITED if f.unit == PER_UNIT)
_THRESHOLD = next(f for f in _AUDITED if f.unit == THRESHOLD)


def _compare(fmt: TableFormat, row: ModelRow, entry: TableEntry) -> list[PriceFinding]:
    """Each declared price the table states differently from the row: a language model's
    standard token prices always; another model's when the table gives it token prices; the
    long-context tier of a language model, where the format can state one; per-unit prices
    (image) where the format can; the context window where both give one."""
    found: list[PriceFinding] = []
    invalid = {field for field, _ in entry.problems}

    def differ(kind: str, field: str, theirs: object, ours: object) -> None:
        if theirs != ours and field not in invalid:
            found.append(PriceFinding(kind=kind, model=row.id, their_id=entry.their_id,
                                      field=field, theirs=theirs, ours=ours))  # type: ignore[arg-type]  # fmt: skip

    def compare(kind: str, fields: tuple[PriceField, ...]) -> None:
        for field in fields:
            differ(kind, field.short, entry.price.get(field.short), row.price[field.short])

    language = kind_of(row) == "language"
    if language or any(entry.price.get(f.short) is not None for f in _STANDARD):
        compare("price", _STANDARD)
    if fmt.tiers and language:
        ours, theirs = row.price[_THRESHOLD.short], entry.price.get(_THRESHOLD.short)
        if ours and theirs is None:
            found.append(PriceFinding(kind="missing-tier", model=row.id, their_id=entry.their_id,
                                      field=_THRESHOLD.short, ours=ours))  # fmt: skip
        elif not ours and theirs is not None:
            found.append(PriceFinding(kind="extra-tier", model=row.id, their_id=entry.their_id,
                                      field=_THRESHOLD.short, theirs=theirs))  # fmt: skip
        elif ours:
            compare("tier-threshold", (_THRESHOLD,))
            compare("tier-price", _LONG_CONTEXT)
    if fmt.context and entry.context is not None and row.context_length is not None:
        differ("context", "context_length", entry.context, row.context_length)
    if fmt.images:
        stated = [f for f in _PER_UNIT if entry.price.get(f.short) is not None]
        compare(
            "price", tuple(f for f in _PER_UNIT if f in stated or row.price[f.short] is not None)
        )
    return found


publish(PriceFinding, audit_prices, export_prices)
