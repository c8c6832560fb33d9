"""`_model/diff.py`: what changed between two catalogs, model by model and family by family.

The catalogs are built from freshly decoded example bodies (test_catalog's helpers), one edit each.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from test_catalog import (
    FETCHED,
    Raw,
    build,
    by_id,
    catalog_2026,
    changed,
    raw_lists,
)

from xai_models import (
    AliasChange,
    CatalogDiff,
    Change,
    ModelChanges,
    ModelRef,
    PriceChange,
)


def retire(raw: Raw) -> None:
    """grok-420-reasoning leaves /v1/models and /v1/language-models."""
    for kind in ("models", "language_models"):
        raw[kind][:] = [m for m in raw[kind] if m["id"] != "grok-420-reasoning"]


def add_grok_5(raw: Raw) -> None:
    """grok-5 arrives in /v1/language-models."""
    raw["language_models"].append(
        {
            "id": "grok-5",
            "created": 1790000000,
            "object": "model",
            "owned_by": "xai",
            "aliases": ["grok-5-latest"],
            "input_modalities": ["text"],
            "output_modalities": ["text"],
            "prompt_text_token_price": 30000,
            "completion_text_token_price": 150000,
        }
    )


def move_alias(raw: Raw) -> None:
    """'grok-4.3-latest' moves from latest to grok-420-reasoning."""
    by_id(raw["language_models"], "latest")["aliases"] = []
    by_id(raw["language_models"], "grok-420-reasoning")["aliases"] = ["grok-4.3-latest"]


def raise_prompt_price(raw: Raw) -> None:
    """grok-420-reasoning's prompt price goes from $2 to $3 per 1M tokens."""
    by_id(raw["language_models"], "grok-420-reasoning")["prompt_text_token_price"] = 30000


def add_long_context(raw: Raw) -> None:
    """latest gains long-context prices in /v1/models, where it had none."""
    latest = by_id(raw["models"], "latest")
    latest["prompt_text_token_price_long_context"] = 25000
    latest["long_context_threshold"] = 200000


class TestDiff:
    def test_equal_catalogs_show_no_changes(self) -> None:
        """Two equal catalogs differ in nothing: empty data and 'No changes.'."""
        diff = catalog_2026().diff(catalog_2026(fetched_at=FETCHED + timedelta(days=1)))
        assert diff == CatalogDiff(added=(), removed=(), alias_changes=(), price_changes=())
        assert diff.changed is False
        assert str(diff) == "No changes."

    def test_retired_model_is_removed_from_each_kind(self) -> None:
        """A retired model shows as removed from every kind it was in."""
        diff = catalog_2026().diff(changed(retire))
        assert diff.removed == (
            ModelRef("language_models", "grok-420-reasoning"),
            ModelRef("models", "grok-420-reasoning"),
        )
        assert diff.added == ()
        assert diff.alias_changes == ()
        assert diff.price_changes == ()
        assert diff.changed is True
        assert diff.models == (
            ModelChanges(
                id="grok-420-reasoning",
                kinds=("models", "language_models"),
                changes=(Change(type="removed"),),
            ),
        )
        assert str(diff).splitlines() == ["grok-420-reasoning (model, language)", "  - removed"]

    def test_new_model_is_added(self) -> None:
        """A new model shows as added to its kind, with the aliases it arrives with."""
        diff = catalog_2026().diff(changed(add_grok_5))
        assert diff.added == (ModelRef("language_models", "grok-5"),)
        assert diff.removed == ()
        assert diff.price_changes == ()
        assert diff.alias_changes == (
            AliasChange(
                model=ModelRef("language_models", "grok-5"), added=("grok-5-latest",), removed=()
            ),
        )
        assert diff.changed is True
        assert str(diff).splitlines() == [
            "grok-5 (language)",
            "  + added",
            "  ~ alias grok-5-latest added",
        ]

    def test_alias_moving_between_ids_is_removed_on_one_and_added_on_the_other(self) -> None:
        """An alias that moved shows as removed from its old id and added to its new one."""
        diff = catalog_2026().diff(changed(move_alias))
        assert diff.alias_changes == (
            AliasChange(
                model=ModelRef("language_models", "grok-420-reasoning"),
                added=("grok-4.3-latest",),
                removed=(),
            ),
            AliasChange(
                model=ModelRef("language_models", "latest"),
                added=(),
                removed=("grok-4.3-latest",),
            ),
        )
        assert diff.added == ()
        assert diff.removed == ()
        assert diff.price_changes == ()
        assert diff.models[0].changes == (
            Change(type="alias", field="grok-4.3-latest", old="latest", new="grok-420-reasoning"),
        )
        assert str(diff).splitlines() == [
            "latest (model, language)",
            "  ~ alias grok-4.3-latest moved latest -> grok-420-reasoning",
        ]

    def test_alias_moving_to_a_new_model_shows_where_it_went(self) -> None:
        """An alias that moved to a newly added model shows as added on that model."""

        def edit(raw: Raw) -> None:
            add_grok_5(raw)
            by_id(raw["language_models"], "latest")["aliases"] = []
            by_id(raw["language_models"], "grok-5")["aliases"] = ["grok-4.3-latest"]

        diff = catalog_2026().diff(changed(edit))
        assert ModelRef("language_models", "grok-5") in diff.added
        assert (
            AliasChange(
                model=ModelRef("language_models", "latest"), added=(), removed=("grok-4.3-latest",)
            )
            in diff.alias_changes
        )
        assert "  ~ alias grok-4.3-latest moved latest -> grok-5" in str(diff).splitlines()

    def test_price_change_is_reported_per_field(self) -> None:
        """A changed price shows raw old and new integers and their dollar values."""
        diff = catalog_2026().diff(changed(raise_prompt_price))
        assert diff.price_changes == (
            PriceChange(
                model=ModelRef("language_models", "grok-420-reasoning"),
                field="prompt_text_token_price",
                old=20000,
                new=30000,
            ),
        )
        change = diff.price_changes[0]
        assert change.old_usd == Decimal("2")
        assert change.new_usd == Decimal("3")
        assert isinstance(change.new_usd, Decimal)
        assert str(diff).splitlines() == [
            "grok-420-reasoning (model, language)",
            "  ~ prompt_text_token_price: $2.00 per 1M tokens -> $3.00 per 1M tokens (+50%)",
        ]
        assert diff.models[0].changes[0].type == "price-up"
        assert diff.models[0].changes[0].relative == Decimal("0.5")

    def test_long_context_price_appearing(self) -> None:
        """A long-context price and threshold that appear show as changes from none."""
        diff = catalog_2026().diff(changed(add_long_context))
        ref = ModelRef("models", "latest")
        assert diff.price_changes == (
            PriceChange(model=ref, field="long_context_threshold", old=None, new=200000),
            PriceChange(
                model=ref, field="prompt_text_token_price_long_context", old=None, new=25000
            ),
        )
        threshold, price = diff.price_changes
        assert threshold.old_usd is None
        assert threshold.new_usd is None
        assert price.old_usd is None
        assert price.new_usd == Decimal("2.5")
        assert str(diff).splitlines() == [
            "latest (model, language)",
            "  ~ prompt_text_token_price_long_context: none -> $2.50 per 1M tokens",
            "  ~ long_context_threshold: none -> 200,000 tokens",
        ]

    def test_image_and_search_prices_are_in_dollars_per_unit(self) -> None:
        """Image and search prices convert per image and per search, not per 1M tokens."""

        def edit(raw: Raw) -> None:
            by_id(raw["models"], "grok-imagine-image")["image_price"] = 300000000
            by_id(raw["language_models"], "latest")["search_price"] = 250000000

        diff = catalog_2026().diff(changed(edit))
        search, image = sorted(diff.price_changes, key=lambda c: c.field, reverse=True)
        assert (image.field, image.old, image.new) == ("image_price", 200000000, 300000000)
        assert (image.old_usd, image.new_usd) == (Decimal("0.02"), Decimal("0.03"))
        assert (search.field, search.old, search.new) == ("search_price", 0, 250000000)
        assert (search.old_usd, search.new_usd) == (Decimal(0), Decimal("0.025"))
        lines = str(diff).splitlines()
        assert "  ~ image_price: $0.02 per image -> $0.03 per image (+50%)" in lines
        assert "  ~ search_price: $0.00 per search -> $0.025 per search" in lines

    def test_realistic_release_day(self) -> None:
        """Retirement, arrival, alias move and price changes are all reported together."""

        def edit(raw: Raw) -> None:
            raw["video_generation_models"].clear()
            add_grok_5(raw)
            move_alias(raw)
            raise_prompt_price(raw)
            add_long_context(raw)

        diff = catalog_2026().diff(changed(edit))
        assert diff.removed == (ModelRef("video_generation_models", "grok-imagine-video"),)
        assert diff.added == (ModelRef("language_models", "grok-5"),)
        assert [c.model.id for c in diff.alias_changes] == [
            "grok-420-reasoning",
            "grok-5",
            "latest",
        ]
        assert [(str(c.model), c.field) for c in diff.price_changes] == [
            ("language_models/grok-420-reasoning", "prompt_text_token_price"),
            ("models/latest", "long_context_threshold"),
            ("models/latest", "prompt_text_token_price_long_context"),
        ]
        assert [(model.id, [c.type for c in model.changes]) for model in diff.models] == [
            ("grok-420-reasoning", ["price-up"]),
            ("grok-5", ["added", "alias"]),
            ("grok-imagine-video", ["removed"]),
            ("latest", ["price-up", "price-up", "alias"]),
        ]

    def test_diff_between_docs_revisions(self) -> None:
        """The 2025 and 2026 example catalogs differ as their bodies do."""
        diff = build(raw_lists(2025)).diff(catalog_2026())
        assert ModelRef("models", "grok-4-0709") in diff.removed
        assert ModelRef("language_models", "grok-3") in diff.removed
        assert ModelRef("models", "latest") in diff.added
        assert ModelRef("language_models", "grok-420-reasoning") in diff.added
        video = ModelRef("video_generation_models", "grok-imagine-video")
        assert video not in diff.added
        assert video not in diff.removed

    def test_reversed_diff_swaps_added_and_removed(self) -> None:
        """Diffing the other way round swaps additions with removals and old with new."""

        def edit(raw: Raw) -> None:
            retire(raw)
            add_grok_5(raw)

        old, new = catalog_2026(), changed(edit)
        forward, backward = old.diff(new), new.diff(old)
        assert forward.added == backward.removed
        assert forward.removed == backward.added

        old, new = catalog_2026(), changed(raise_prompt_price)
        (forward_change,), (backward_change,) = (
            old.diff(new).price_changes,
            new.diff(old).price_changes,
        )
        assert (forward_change.old, forward_change.new) == (
            backward_change.new,
            backward_change.old,
        )

    def test_model_ref_prints_kind_and_id(self) -> None:
        """A ModelRef prints as kind/id."""
        assert str(ModelRef("image_generation_models", "grok-imagine-image")) == (
            "image_generation_models/grok-imagine-image"
        )
