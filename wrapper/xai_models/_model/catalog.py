"""`Catalog`: every model of every kind at one moment; lookups by id or alias, JSON, and diffs."""

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any, Final, TypeAlias

import attrs

from .._schema.errors import XAIError
from .._schema.public import publish
from .._schema.units import TOKEN_PRICE_PLACES, UNIT_PRICE_PLACES, usd
from .codec import InvalidBody, encode
from .families import (
    FAMILIES,
    IMAGE_GENERATION_MODELS,
    LANGUAGE_MODELS,
    MODELS,
    VIDEO_GENERATION_MODELS,
    Family,
)
from .input import parse_json
from .pricing import CostBreakdown, RawPrices, ToolPrice, Usage, bill, money, percent
from .types import (
    PER_UNIT,
    PRICE,
    THRESHOLD,
    ImageGenerationModel,
    LanguageModel,
    Model,
    VideoGenerationModel,
)
from .usage import InvalidUsageError, read_usage

__all__ = [
    "CHANGE_TYPES",
    "AliasChange",
    "AnyModel",
    "Catalog",
    "CatalogDiff",
    "Change",
    "InvalidCatalogError",
    "ModelChanges",
    "ModelRef",
    "PriceChange",
    "UnknownModelError",
]

AnyModel: TypeAlias = Model | LanguageModel | ImageGenerationModel | VideoGenerationModel

FORMAT: Final = "xai-models.catalog"
FORMAT_VERSION: Final = 1
PRICE_UNITS: Final[dict[str, str]] = {
    field.name: field.metadata[PRICE]
    for cls in (Model, LanguageModel, ImageGenerationModel, VideoGenerationModel)
    for field in attrs.fields(cls)
    if PRICE in field.metadata
}
"""Each raw price field of any kind of model, and its unit (`_types` declares them)."""
PRICE_FIELDS: Final = tuple(PRICE_UNITS)
"""The fields a diff reports as price changes (the threshold decides which prices apply)."""


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
            models = MODELS.decode_list({"data": data[MODELS.name]})
            language_models = LANGUAGE_MODELS.decode_list({"models": data[LANGUAGE_MODELS.name]})
            image_models = IMAGE_GENERATION_MODELS.decode_list(
                {"models": data[IMAGE_GENERATION_MODELS.name]}
            )
            video_models = VIDEO_GENERATION_MODELS.decode_list(
                {"models": data[VIDEO_GENERATION_MODELS.name]}
            )
        except (KeyError, TypeError, ValueError, InvalidBody) as exc:
            raise InvalidCatalogError(f"malformed catalog: {exc}") from None
        if fetched_at.tzinfo is None:
            fetched_at = fetched_at.replace(tzinfo=UTC)
        source = data.get("source")
        return cls.from_lists(
            models,
            language_models,
            image_models,
            video_models,
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

    def diff(self, other: "Catalog") -> "CatalogDiff":
        """What changed from this catalog (the older) to `other` (the newer)."""
        return _diff(self, other)


@attrs.frozen
class ModelRef:
    """A model named by its kind (`"language_models"`, ...) and id."""

    kind: str
    id: str

    def __str__(self) -> str:
        return f"{self.kind}/{self.id}"


@attrs.frozen(kw_only=True)
class AliasChange:
    """Aliases a model gained and lost."""

    model: ModelRef
    added: tuple[str, ...]
    removed: tuple[str, ...]


@attrs.frozen(kw_only=True)
class PriceChange:
    """One price field that changed, as raw API integers (`None`: absent)."""

    model: ModelRef
    field: str
    old: int | None
    new: int | None

    @property
    def old_usd(self) -> Decimal | None:
        return _field_usd(self.field, self.old)

    @property
    def new_usd(self) -> Decimal | None:
        return _field_usd(self.field, self.new)


CHANGE_TYPES: Final = (
    "added", "removed", "retired", "price-up", "price-down", "alias", "context", "kinds",
)  # fmt: skip
"""What a `Change` can be; `--fail-on` names them."""


@attrs.frozen(kw_only=True)
class Change:
    """One change to one model, as a user of the API feels it.

    `type` is one of `CHANGE_TYPES`: `retired` (the id is gone but is now an alias of `new`:
    requests for it go to that model, at its prices), `alias` (`field` names the alias; `old` and
    `new` the models it belonged to, `None` for none), `price-up` / `price-down` (`field` a raw
    price field, `old` and `new` raw integers, `None` for absent; a lower
    `long_context_threshold` counts as up), `context` (`context_length`), `kinds` (the endpoint
    families it is listed in).
    """

    type: str
    field: str | None = None
    old: Any = None
    new: Any = None

    @property
    def relative(self) -> Decimal | None:
        """The relative change of a price, (new - old) / old, exactly; None where undefined."""
        if not isinstance(self.old, int) or not isinstance(self.new, int) or self.old == 0:
            return None
        return (Decimal(self.new) - Decimal(self.old)) / Decimal(self.old)

    def __str__(self) -> str:
        if self.type == "retired":
            return f"retired, now an alias of {self.new} (billed at {self.new}'s prices)"
        if self.type == "alias":
            if self.old is not None and self.new is not None:
                return f"alias {self.field} moved {self.old} -> {self.new}"
            return f"alias {self.field} {'added' if self.old is None else 'removed'}"
        if self.type in ("price-up", "price-down") and self.field is not None:
            relative = None if PRICE_UNITS[self.field] == THRESHOLD else self.relative
            change = "" if relative is None else f" ({percent(relative)})"
            old, new = _describe_price(self.field, self.old), _describe_price(self.field, self.new)
            return f"{self.field}: {old} -> {new}{change}"
        if self.type == "context":
            return f"context_length: {_tokens(self.old)} -> {_tokens(self.new)}"
        if self.type == "kinds":
            return f"listed in {', '.join(self.old)} -> {', '.join(self.new)}"
        return self.type


@attrs.frozen(kw_only=True)
class ModelChanges:
    """Everything that changed for one model id, across the endpoint families (`kinds`: those it
    is listed in now, or was listed in when it is gone)."""

    id: str
    kinds: tuple[str, ...]
    changes: tuple[Change, ...]


@attrs.frozen(kw_only=True)
class CatalogDiff:
    """What changed between two catalogs: `models`, one entry per model id with its changes; and,
    per endpoint family, models added and removed, alias changes and price changes."""

    added: tuple[ModelRef, ...]
    removed: tuple[ModelRef, ...]
    alias_changes: tuple[AliasChange, ...]
    price_changes: tuple[PriceChange, ...]
    models: tuple[ModelChanges, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.models or self.added or self.removed or self.alias_changes
                    or self.price_changes)  # fmt: skip

    def types(self) -> frozenset[str]:
        """The `CHANGE_TYPES` present."""
        return frozenset(change.type for model in self.models for change in model.changes)

    def __str__(self) -> str:
        if not self.changed:
            return "No changes."
        lines = []
        labels = {family.name: family.label for family in FAMILIES}
        for model in self.models:
            lines.append(f"{model.id} ({', '.join(labels[kind] for kind in model.kinds)})")
            lines += [f"  {_MARKS.get(change.type, '~')} {change}" for change in model.changes]
        return "\n".join(lines)


_MARKS = {"added": "+", "removed": "-", "retired": "-"}


def _tokens(value: int | None) -> str:
    return "none" if value is None else f"{value:,} tokens"


def _field_usd(field: str, raw: int | None) -> Decimal | None:
    unit = PRICE_UNITS[field]
    if unit == THRESHOLD:
        return None
    return usd(raw, UNIT_PRICE_PLACES if unit == PER_UNIT else TOKEN_PRICE_PLACES)


def _describe_price(field: str, raw: int | None) -> str:
    if raw is None:
        return "none"
    if PRICE_UNITS[field] == THRESHOLD:
        return f"{raw:,} tokens"
    unit = {"search_price": "search", "image_price": "image"}.get(field, "1M tokens")
    return f"{money(_field_usd(field, raw))} per {unit}"


def _diff(old: Catalog, new: Catalog) -> CatalogDiff:
    added: list[ModelRef] = []
    removed: list[ModelRef] = []
    alias_changes: list[AliasChange] = []
    price_changes: list[PriceChange] = []
    for family in FAMILIES:
        before = {model.id: model for model in old.family(family)}
        after = {model.id: model for model in new.family(family)}
        for model_id, model in after.items():
            if model_id not in before:
                added.append(ModelRef(family.name, model_id))
                if model.aliases:  # so an alias that moved to a new model shows where it went
                    alias_changes.append(
                        AliasChange(model=added[-1], added=model.aliases, removed=())
                    )
        for model_id, model in before.items():
            if model_id not in after:
                removed.append(ModelRef(family.name, model_id))
                if model.aliases:
                    alias_changes.append(
                        AliasChange(model=removed[-1], added=(), removed=model.aliases)
                    )
        for model_id in before.keys() & after.keys():
            ref, was, now = ModelRef(family.name, model_id), before[model_id], after[model_id]
            gained = tuple(a for a in now.aliases if a not in was.aliases)
            lost = tuple(a for a in was.aliases if a not in now.aliases)
            if gained or lost:
                alias_changes.append(AliasChange(model=ref, added=gained, removed=lost))
            for field in PRICE_FIELDS:
                old_price, new_price = getattr(was, field, None), getattr(now, field, None)
                if old_price != new_price:
                    price_changes.append(
                        PriceChange(model=ref, field=field, old=old_price, new=new_price)
                    )
    return CatalogDiff(
        models=_model_changes(old, new),
        added=tuple(sorted(added, key=str)),
        removed=tuple(sorted(removed, key=str)),
        alias_changes=tuple(sorted(alias_changes, key=lambda c: str(c.model))),
        price_changes=tuple(sorted(price_changes, key=lambda c: (str(c.model), c.field))),
    )


def _by_id(catalog: Catalog) -> dict[str, list[tuple[str, AnyModel]]]:
    found: dict[str, list[tuple[str, AnyModel]]] = {}
    for family in FAMILIES:
        for model in catalog.family(family):
            found.setdefault(model.id, []).append((family.name, model))
    return found


def _field_changes(
    was: list[tuple[str, AnyModel]], now: list[tuple[str, AnyModel]], field: str
) -> list[tuple[Any, Any]]:
    """(old, new) of a field in each family that lists the model in both catalogs and has the
    field, each distinct change once (the families usually agree)."""
    before = dict(was)
    found: list[tuple[Any, Any]] = []
    for kind, model in now:
        previous = before.get(kind)
        if previous is None or not hasattr(model, field):
            continue
        pair = (getattr(previous, field), getattr(model, field))
        if pair[0] != pair[1] and pair not in found:
            found.append(pair)
    return found


def _owners(catalog: Catalog) -> dict[str, str]:
    """Each alias to the id of the model that has it."""
    return {alias: model.id for model in catalog for alias in model.aliases}


def _model_changes(old: Catalog, new: Catalog) -> tuple[ModelChanges, ...]:
    before, after = _by_id(old), _by_id(new)
    old_owner, new_owner = _owners(old), _owners(new)
    result = []
    for model_id in sorted(before.keys() | after.keys()):
        was, now = before.get(model_id, []), after.get(model_id, [])
        kinds = tuple(kind for kind, _ in (now or was))
        changes: list[Change] = []
        if not was:
            changes.append(Change(type="added"))
        elif not now:
            target = new_owner.get(model_id)
            changes.append(Change(type="retired", new=target) if target else Change(type="removed"))
        else:
            old_kinds, new_kinds = tuple(k for k, _ in was), tuple(k for k, _ in now)
            if old_kinds != new_kinds:
                changes.append(Change(type="kinds", old=old_kinds, new=new_kinds))
            for field in ("context_length", *PRICE_FIELDS):
                for old_value, new_value in _field_changes(was, now, field):
                    kind = (
                        "context"
                        if field == "context_length"
                        else _price_direction(field, old_value, new_value)
                    )
                    changes.append(Change(type=kind, field=field, old=old_value, new=new_value))
        old_aliases = {alias for _, m in was for alias in m.aliases}
        new_aliases = {alias for _, m in now for alias in m.aliases}
        for alias in sorted(new_aliases - old_aliases):
            source = old_owner.get(alias)
            if alias in before:
                continue  # a retired id: told as its retirement
            if source is None or source == model_id:  # a moved alias is told at its old model
                changes.append(Change(type="alias", field=alias, old=None, new=model_id))
        for alias in sorted(old_aliases - new_aliases):
            target = new_owner.get(alias)
            if target != alias:  # an alias that became an id shows as that id's addition
                changes.append(Change(type="alias", field=alias, old=model_id, new=target))
        if changes:
            result.append(ModelChanges(id=model_id, kinds=kinds, changes=tuple(changes)))
    return tuple(result)


def _price_direction(field: str, old: int | None, new: int | None) -> str:
    """price-up or price-down; an appearing price is up, a vanishing one down, and a lower
    long-context threshold is up (more requests bill at the long-context prices)."""
    if old is None:
        return "price-up"
    if new is None:
        return "price-down"
    higher = new > old
    if PRICE_UNITS[field] == THRESHOLD:
        higher = not higher
    return "price-up" if higher else "price-down"


publish(
    AliasChange,
    Catalog,
    CatalogDiff,
    Change,
    InvalidCatalogError,
    ModelChanges,
    ModelRef,
    PriceChange,
    UnknownModelError,
)
