"""`Catalog`: every model of every kind at one moment; lookups by id or alias, JSON, and diffs."""

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any, Final, TypeAlias

import attrs

from ._codec import InvalidBody, encode
from ._exceptions import XAIError
from ._pricing import TOKEN_PRICE_PLACES, UNIT_PRICE_PLACES, usd
from ._public import publish
from ._resources import (
    FAMILIES,
    IMAGE_GENERATION_MODELS,
    LANGUAGE_MODELS,
    MODELS,
    VIDEO_GENERATION_MODELS,
    Family,
)
from ._types import (
    PER_UNIT,
    PRICE,
    THRESHOLD,
    ImageGenerationModel,
    LanguageModel,
    Model,
    VideoGenerationModel,
)

__all__ = [
    "AliasChange",
    "AnyModel",
    "Catalog",
    "CatalogDiff",
    "InvalidCatalogError",
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
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise InvalidCatalogError(f"not JSON: {exc}") from None
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


@attrs.frozen(kw_only=True)
class CatalogDiff:
    """Models added and removed, alias changes and price changes between two catalogs."""

    added: tuple[ModelRef, ...]
    removed: tuple[ModelRef, ...]
    alias_changes: tuple[AliasChange, ...]
    price_changes: tuple[PriceChange, ...]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.alias_changes or self.price_changes)

    def __str__(self) -> str:
        if not self.changed:
            return "No changes."
        lines = [f"+ {ref} (added)" for ref in self.added]
        lines += [f"- {ref} (removed)" for ref in self.removed]
        for change in self.alias_changes:
            parts = [f"+{alias}" for alias in change.added] + [f"-{a}" for a in change.removed]
            lines.append(f"~ {change.model} aliases: {' '.join(parts)}")
        for price in self.price_changes:
            lines.append(
                f"~ {price.model} {price.field}: {_describe_price(price.field, price.old)} -> "
                f"{_describe_price(price.field, price.new)}"
            )
        return "\n".join(lines)


def _field_usd(field: str, raw: int | None) -> Decimal | None:
    unit = PRICE_UNITS[field]
    if unit == THRESHOLD:
        return None
    return usd(raw, UNIT_PRICE_PLACES if unit == PER_UNIT else TOKEN_PRICE_PLACES)


def _describe_price(field: str, raw: int | None) -> str:
    if raw is None:
        return "none"
    if PRICE_UNITS[field] == THRESHOLD:
        return f"{raw} tokens"
    unit = {"search_price": "search", "image_price": "image"}.get(field, "1M tokens")
    return f"${_field_usd(field, raw)} per {unit} ({raw})"


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
        added=tuple(sorted(added, key=str)),
        removed=tuple(sorted(removed, key=str)),
        alias_changes=tuple(sorted(alias_changes, key=lambda c: str(c.model))),
        price_changes=tuple(sorted(price_changes, key=lambda c: (str(c.model), c.field))),
    )


publish(
    AliasChange, Catalog, CatalogDiff, InvalidCatalogError, ModelRef, PriceChange, UnknownModelError
)
