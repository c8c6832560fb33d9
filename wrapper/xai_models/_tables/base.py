"""Price tables of other tools: one small module per format, registered in `FORMATS`.

Each format writes the catalog in its conventions and reads a table back into `TableEntry`s,
which `audit` compares with the catalog; the catalog and the model types import none of this.
Prices in a `TableEntry` are exact `Decimal` USD per 1M tokens (per image for `image`), whatever
unit the table uses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .._model.input import decode, json_type, parse_json, read_input, whole_number
from .._schema.errors import XAIError
from .._schema.public import publish

if TYPE_CHECKING:
    from .._model.catalog import Catalog

__all__ = [
    "Cells",
    "InvalidTableError",
    "TableEntry",
    "TableFormat",
    "need",
    "no_entries",
    "read_json",
    "read_text",
    "usd_per_million",
    "usd_per_token",
]


class InvalidTableError(XAIError, ValueError):
    """A price table that cannot be read as the format asked for; the message says where."""


@attrs.frozen(kw_only=True)
class TableEntry:
    """One model of a third-party table.

    `their_id` is the table's own name for it (`xai/grok-4`), `model_id` the xAI id it names.
    `price` holds what it states of each declared price (`_schema/prices.py`), by the short name
    (`prompt`, `cached_prompt_long_context`, `image`, ...): USD per 1M tokens, per image, and the
    long-context threshold in tokens; a price it does not state is absent. `alias_of` is the
    model id an entry only points to (LiteLLM's `alias_of`), without prices of its own.
    """

    their_id: str
    model_id: str
    price: Mapping[str, Decimal | int | None] = attrs.field(factory=dict)
    context: int | None = None
    alias_of: str | None = None
    problems: tuple[tuple[str, str], ...] = ()
    """Values that are not what they claim to be: (field, the value as written). Each is one
    finding of the audit; the rest of the entry and of the table are still compared."""
    match: Callable[[str], bool] | None = attrs.field(default=None, eq=False)
    """For a table that finds a model by rules (genai-prices' `match`): whether this entry prices
    a model id. The audit then gives each served model the first entry that matches it."""


@attrs.frozen(kw_only=True)
class TableFormat:
    """How to write and read one format, and what it can say.

    `write(catalog, aliases)` gives the text (or, for a format of one file per model, a mapping
    of file name to text); `read(path)` the entries of a table; `sniff(path, text)` whether a
    file looks like this format. `kinds` are the kinds of model the format lists; `tiers`,
    `images` and `context` whether it can state a long-context tier, a price per image, a
    context window; `alias_entries` whether it lists aliases as entries of their own.
    """

    name: str
    write: Callable[[Catalog, bool], str | dict[str, str]]
    read: Callable[[Path], list[TableEntry]]
    sniff: Callable[[Path, str], bool]
    kinds: frozenset[str] = frozenset({"language", "image", "video"})
    tiers: bool = True
    images: bool = True
    context: bool = True
    alias_entries: bool = False
    one_file_per_model: bool = False


def usd_per_token(per_million: Decimal) -> Decimal:
    return (per_million / 1_000_000).normalize()


def usd_per_million(per_token: Decimal) -> Decimal:
    return (per_token * 1_000_000).normalize()


class Cells:
    """Reads the values of one entry: a value that is wrong is kept as a problem of the entry
    (`problems`), named by the audit's field names, and reads as absent."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def price(self, value: Any, field: str) -> Decimal | None:
        """A price as written: a number, or numeric text ("3e-06"), exactly."""
        if value is None:
            return None
        number = _decimal(value)
        if number is None or not number.is_finite() or number < 0:
            self.problems.append((field, _shown(value)))
            return None
        return number

    def count(self, value: Any, field: str) -> int | None:
        """A count: a whole number, a whole-valued float or numeric text (2000000.0, "2e6")."""
        if value is None:
            return None
        if isinstance(value, str):
            value = _decimal(value)
        whole = whole_number(value)
        if whole is None or whole < 0:
            self.problems.append((field, _shown(value)))
        return whole if whole is not None and whole >= 0 else None


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest repr is the decimal the writer meant
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip().replace("_", ""))
        except ArithmeticError:
            return None
    return None


def _shown(value: Any) -> str:
    if isinstance(value, str):
        text = value
    else:
        text = json_type(value) if isinstance(value, dict | list) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def need(module: str) -> Any:
    """Import an optional dependency of the `export` extra, or say how to install it."""
    from importlib import import_module  # noqa: PLC0415 - optional, on first use only

    try:
        return import_module(module)
    except ImportError:
        raise XAIError(
            f"this format needs {module}, which the core install leaves out: "
            "pip install 'xai-models[export]'"
        ) from None


def read_text(path: Path) -> str:
    """A table file's text; InvalidTableError names the file for anything unreadable."""
    return decode(read_input(path, InvalidTableError), str(path), InvalidTableError)


def read_json(path: Path, text: str | None = None) -> Any:
    """A table file's JSON, every fractional number an exact Decimal."""
    return parse_json(read_text(path) if text is None else text, str(path), InvalidTableError,
                      exact=True)  # fmt: skip


def no_entries(path: Path, what: str = "entries") -> InvalidTableError:
    return InvalidTableError(f"{path}: holds no {what}: not a price table")


publish(InvalidTableError)
