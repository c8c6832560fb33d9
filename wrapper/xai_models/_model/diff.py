"""What changed between two catalogs, model by model, as a user of the API feels it."""

from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Final, Protocol

import attrs

from .._schema.columns import CHANGE_TYPES, CONTEXT
from .._schema.prices import PRICE_FIELDS, THRESHOLD, price_field
from .._schema.public import publish
from .._schema.units import percent
from .families import FAMILIES, Family
from .types import AnyModel

__all__ = [
    "CHANGE_TYPES",
    "AliasChange",
    "CatalogDiff",
    "Change",
    "ModelChanges",
    "ModelRef",
    "PriceChange",
    "diff_catalogs",
]

PRICE_NAMES: Final = tuple(field.name for field in PRICE_FIELDS)
"""The fields a diff reports as price changes (the threshold decides which prices apply)."""


class Listing(Protocol):
    """What a diff reads of a catalog."""

    def family(self, family: Family[Any]) -> tuple[AnyModel, ...]: ...

    def __iter__(self) -> Iterator[AnyModel]: ...


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
        return price_field(self.field).usd(self.old)

    @property
    def new_usd(self) -> Decimal | None:
        return price_field(self.field).usd(self.new)


@attrs.frozen(kw_only=True)
class Change:
    """One change to one model, as a user of the API feels it.

    `type` is one of `CHANGE_TYPES`: `retired` (the id is gone but is now an alias of `new`:
    requests for it go to that model, at its prices), `alias` (`field` names the alias; `old` and
    `new` the models it belonged to, `None` for none), `price-up` / `price-down` (`field` a raw
    price field, `old` and `new` raw integers, `None` for absent; a lower
    long-context threshold counts as up), `context` (the context window), `kinds` (the endpoint
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
            declared = price_field(self.field)
            relative = None if declared.unit == THRESHOLD else self.relative
            change = "" if relative is None else f" ({percent(relative)})"
            old, new = declared.describe(self.old), declared.describe(self.new)
            return f"{self.field}: {old} -> {new}{change}"
        if self.type == "context":
            return f"{self.field}: {_tokens(self.old)} -> {_tokens(self.new)}"
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


def diff_catalogs(old: Listing, new: Listing) -> CatalogDiff:
    """What changed from `old` to `new` (`Catalog.diff`)."""
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
            for field in PRICE_NAMES:
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


def _by_id(catalog: Listing) -> dict[str, list[tuple[str, AnyModel]]]:
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


def _owners(catalog: Listing) -> dict[str, str]:
    """Each alias to the id of the model that has it."""
    return {alias: model.id for model in catalog for alias in model.aliases}


def _model_changes(old: Listing, new: Listing) -> tuple[ModelChanges, ...]:
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
            for field in (CONTEXT, *PRICE_NAMES):
                for old_value, new_value in _field_changes(was, now, field):
                    kind = (
                        "context"
                        if field == CONTEXT
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
    if price_field(field).unit == THRESHOLD:
        higher = not higher
    return "price-up" if higher else "price-down"


publish(AliasChange, CatalogDiff, Change, ModelChanges, ModelRef, PriceChange)
