"""`Catalog`: every model of every kind at one moment; lookups by id or alias, JSON, costs."""

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, Final

import attrs

from .._schema.errors import XAIError
from .._schema.public import publish
from .codec import InvalidBody, encode
from .diff import CatalogDiff, diff_catalogs
from .families import (
    FAMILIES,
    Family,
)
from .input import parse_json
from .pricing import CostBreakdown, RawPrices, ToolPrice, Usage, bill
from .types import AnyModel, ImageGenerationModel, LanguageModel, Model, VideoGenerationModel
from .usage import InvalidUsageError, read_usage

__all__ = ["Catalog", "InvalidCatalogError", "UnknownModelError"]

FORMAT: Final = "xai-models.catalog"
FORMAT_VERSION: Final = 1


class UnknownModelError(XAIError, LookupError):
    """No model in the catalog has this id or alias; `suggestions` holds close names."""

    name: str
    suggestions: tuple[str, ...]

    def __init__(self, name: str, suggestions: Sequence[str]) -> None:
        hint = f"; did you mean {' or '.join(map(repr, suggestions))}?" if suggestions else ""
        super().__init__(f"no model has the id or alias {name!r}{hint}")
        self.name = name
        self.suggestions = tuple(suggestions)


class InvalidCatalogError(XAIError, ValueError):
    """Text that is not a catalog written by `Catalog.to_json()`."""


@attrs.frozen(kw_only=True)
class Catalog:
    """Every model of every kind available to a key, as fetched at `fetched_at` (UTC).

    `source` says where the data came from (a base URL, or a note for example data).
    """

    models: tuple[Model, ...]
    language_models: tuple[LanguageModel, ...]
    image_generation_models: tuple[ImageGenerationModel, ...]
    video_generation_models: tuple[VideoGenerationModel, ...]
    fetched_at: datetime
    source: str | None = None

    @classmethod
    def from_lists(
        cls,
        models: Sequence[Model],
        language_models: Sequence[LanguageModel],
        image_generation_models: Sequence[ImageGenerationModel],
        video_generation_models: Sequence[VideoGenerationModel],
        *,
        fetched_at: datetime | None = None,
        source: str | None = None,
    ) -> "Catalog":
        """A catalog of the four lists, fetched now unless `fetched_at` says otherwise."""
        return cls(
            models=tuple(models),
            language_models=tuple(language_models),
            image_generation_models=tuple(image_generation_models),
            video_generation_models=tuple(video_generation_models),
            fetched_at=fetched_at or datetime.now(UTC),
            source=source,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> "Catalog":
        """Read a catalog written by `to_json()`; raises InvalidCatalogError on anything else."""
        data = parse_json(text, "", InvalidCatalogError)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise InvalidCatalogError(f"not an {FORMAT} document (no matching 'format' field)")
        version = data.get("version")
        if isinstance(version, bool) or version != FORMAT_VERSION:
            raise InvalidCatalogError(f"catalog format version {version!r} is not {FORMAT_VERSION}")
        try:
            fetched_at = datetime.fromisoformat(data["fetched_at"])
            lists = [
                family.decode_list({family.list_key: data[family.name]}) for family in FAMILIES
            ]
        except (KeyError, TypeError, ValueError, InvalidBody) as exc:
            raise InvalidCatalogError(f"malformed catalog: {exc}") from None
        if fetched_at.tzinfo is None:
            fetched_at = fetched_at.replace(tzinfo=UTC)
        source = data.get("source")
        return cls.from_lists(
            *lists,
            fetched_at=fetched_at,
            source=source if isinstance(source, str) else None,
        )

    def to_json(self, *, indent: int | None = 2) -> str:
        """The catalog as JSON, models as the API sends them (unknown fields included)."""
        document: dict[str, Any] = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "fetched_at": self.fetched_at.isoformat(),
        }
        if self.source is not None:
            document["source"] = self.source
        for family in FAMILIES:
            document[family.name] = [encode(model) for model in self.family(family)]
        return json.dumps(document, indent=indent, ensure_ascii=False)

    def family(self, family: Family[Any]) -> tuple[AnyModel, ...]:
        """The models of one kind (`FAMILIES` names the kinds)."""
        models: tuple[AnyModel, ...] = getattr(self, family.name)
        return models

    def __iter__(self) -> Iterator[AnyModel]:
        """Every model, kind by kind."""
        for family in FAMILIES:
            yield from self.family(family)

    def __len__(self) -> int:
        return sum(len(self.family(family)) for family in FAMILIES)

    @cached_property
    def _index(self) -> dict[str, tuple[AnyModel, ...]]:
        """Each id to the models of every kind with that id; each alias to the models its
        model's id names (an id wins over another model's alias)."""
        by_id: dict[str, list[AnyModel]] = {}
        for model in self:
            by_id.setdefault(model.id, []).append(model)
        index = {model_id: tuple(models) for model_id, models in by_id.items()}
        by_alias: dict[str, dict[int, AnyModel]] = {}
        for model in self:
            for alias in model.aliases:
                if alias not in by_id:
                    named = by_alias.setdefault(alias, {})
                    named.update((id(m), m) for m in by_id[model.id])
        index.update((alias, tuple(named.values())) for alias, named in by_alias.items())
        return index

    def names(self) -> frozenset[str]:
        """Every id and alias the catalog knows."""
        return frozenset(self._index)

    def find(self, name: str) -> tuple[AnyModel, ...]:
        """The models, of any kind, whose id or one of whose aliases is `name`; no request is made.

        Raises UnknownModelError, with close matches as suggestions, when there is none.
        """
        found = self._index.get(name)
        if found is None:
            raise UnknownModelError(name, self._suggestions(name))
        return found

    def _suggestions(self, name: str) -> list[str]:
        """Up to three known names close to `name`: same letters, a prefix, or similar spelling."""
        import difflib  # noqa: PLC0415 - only a failed lookup needs it

        wanted = name.lower()
        known = sorted(self._index)
        same = [k for k in known if k.lower() == wanted]
        prefixed = [k for k in known if wanted and k.lower().startswith(wanted)]
        similar = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        return list(dict.fromkeys([*same, *prefixed, *similar]))[:3]

    def prices(self, name: str) -> RawPrices:
        """The raw prices of the model an id or alias names, joining what every endpoint family
        says of it (the canonical id in `model_id`); raises UnknownModelError."""
        known = self._prices.get(name)
        if known is not None:
            return known
        found = self.find(name)
        merged = RawPrices.of(found[0])
        for model in found[1:]:
            merged = merged.merged(RawPrices.of(model))
        self._prices[name] = merged
        return merged

    @cached_property
    def _prices(self) -> dict[str, RawPrices]:
        """The prices found so far, by the name asked (a catalog never changes)."""
        return {}

    def cost_of(
        self,
        response: Mapping[str, Any] | str | bytes,
        *,
        model: str | None = None,
        tool_prices: Mapping[str, ToolPrice | int] | None = None,
    ) -> CostBreakdown:
        """What a response of the chat completions, responses or image generation API cost, to the
        tick, at this catalog's prices, and how that compares with what xAI billed.

        `response` is the body (a mapping or JSON text), or a bare usage object with `model`
        naming the model. The model billed is the response's own `model` (a request for an alias
        bills at the canonical model's prices). `tool_prices` (ticks per call, by the name
        `server_side_tool_usage_details` gives a tool) overrides `TOOL_PRICES`. Raises
        InvalidUsageError for a body it cannot read or price, UnknownModelError for a model the
        catalog lacks.
        """
        record = read_usage(response)
        name = record.model or model
        if name is None:
            raise InvalidUsageError("the usage names no model: pass model=...")
        return self.bill(
            name, record.usage, tool_prices=tool_prices, billed_ticks=record.billed_ticks
        )

    def bill(
        self,
        model: str,
        usage: Usage,
        *,
        tool_prices: Mapping[str, ToolPrice | int] | None = None,
        billed_ticks: int | None = None,
    ) -> CostBreakdown:
        """What `usage` costs at this catalog's prices for the model an id or alias names (a
        ledger's records re-cost this way). Raises UnknownModelError, or InvalidUsageError when a
        count needs a price the model lacks."""
        prices = self.prices(model)
        try:
            return bill(prices, usage, tool_prices=tool_prices, billed_ticks=billed_ticks)
        except ValueError as exc:
            raise InvalidUsageError(str(exc)) from None

    def diff(self, other: "Catalog") -> CatalogDiff:
        """What changed from this catalog (the older) to `other` (the newer)."""
        return diff_catalogs(self, other)


publish(Catalog, InvalidCatalogError, UnknownModelError)
