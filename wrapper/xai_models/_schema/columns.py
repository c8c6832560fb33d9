"""The keys of a model row, declared once: `list`, `get`, the plain exports and the audit of
them use these keys, in this order; the price keys come from the price declarations."""

from __future__ import annotations

from typing import Final

import attrs

from .prices import PRICE_FIELDS

__all__ = ["CHANGE_TYPES", "COLUMNS", "CONTEXT", "DESCRIBED", "ROW_KEYS", "Column"]


@attrs.frozen
class Column:
    """One key of a row: its table header, whether `list` shows it by default, and the name
    `list --sort` orders by it under."""

    key: str
    header: str
    table: bool = False
    sort: str | None = None


COLUMNS: Final = (
    Column("id", "ID", table=True, sort="id"),
    Column("kinds", "KINDS", table=True),
    Column("aliases", "ALIASES", table=True),
    Column("created", "CREATED", table=True, sort="created"),
    Column("context_length", "CONTEXT", table=True, sort="context"),
    Column("input_modalities", "INPUT"),
    Column("output_modalities", "OUTPUT"),
    *(Column(field.key, field.header, field.table, field.sort) for field in PRICE_FIELDS),
)
"""Every key of a row, in order: what the models say of themselves, then each declared price."""
ROW_KEYS: Final = tuple(column.key for column in COLUMNS)
DESCRIBED: Final = ROW_KEYS[: len(ROW_KEYS) - len(PRICE_FIELDS)]
"""The keys of a row that are not prices."""
CONTEXT: Final = "context_length"
"""The context window's field: its changes are `context` changes, its cells token counts."""
CHANGE_TYPES: Final = (
    "added", "removed", "retired", "price-up", "price-down", "alias", "context", "kinds",
)  # fmt: skip
"""What a `Change` of a catalog diff can be; `--fail-on` names them."""
