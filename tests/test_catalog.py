"""`Catalog`: lookups by id or alias, and JSON snapshots that round-trip (diffs: test_diff.py).

Decoding takes ownership of the dicts it is given, so every catalog here is built from freshly
decoded example bodies (`support.example` reads the file again on each call).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest

from support import example
from xai_models import (
    Catalog,
    ImageGenerationModel,
    ImagePriceTier,
    InvalidCatalogError,
    LanguageModel,
    Model,
    UnknownModelError,
    VideoGenerationModel,
    XAIError,
)
from xai_models._model.families import (
    IMAGE_GENERATION_MODELS,
    LANGUAGE_MODELS,
    MODELS,
    VIDEO_GENERATION_MODELS,
)

FETCHED = datetime(2026, 11, 1, 12, 30, 15, 123456, tzinfo=UTC)
Raw = dict[str, list[dict[str, Any]]]


def raw_lists(year: int = 2026) -> Raw:
    """The four example list bodies of one docs revision, freshly decoded, by kind."""
    return {
        "models": example(f"models-list.{year}.json")["data"],
        "language_models": example(f"language-models-list.{year}.json")["models"],
        "image_generation_models": example("image-generation-models-list.json")["models"],
        "video_generation_models": example("video-generation-models-list.json")["models"],
    }


def build(raw: Raw, *, fetched_at: datetime | None = FETCHED, source: str | None = None) -> Catalog:
    """A catalog of raw model dicts (which decoding takes over)."""
    return Catalog.from_lists(
        MODELS.decode_list({"data": raw["models"]}),
        LANGUAGE_MODELS.decode_list({"models": raw["language_models"]}),
        IMAGE_GENERATION_MODELS.decode_list({"models": raw["image_generation_models"]}),
        VIDEO_GENERATION_MODELS.decode_list({"models": raw["video_generation_models"]}),
        fetched_at=fetched_at,
        source=source,
    )


def catalog_2026(**options: Any) -> Catalog:
    return build(raw_lists(2026), **options)


def changed(edit: Callable[[Raw], None]) -> Catalog:
    """The 2026 catalog after `edit` changed its raw lists."""
    raw = raw_lists(2026)
    edit(raw)
    return build(raw)


def by_id(models: list[dict[str, Any]], model_id: str) -> dict[str, Any]:
    return next(model for model in models if model["id"] == model_id)


def by_id_model(models: tuple[Any, ...], model_id: str) -> Any:
    return next(model for model in models if model.id == model_id)


def snapshot_document(catalog: Catalog) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(catalog.to_json())
    return document


class TestCatalog:
    def test_from_lists_holds_tuples_of_each_kind(self) -> None:
        """from_lists keeps every kind in its own tuple, in the API's order."""
        catalog = catalog_2026()
        assert isinstance(catalog.models, tuple)
        assert [m.id for m in catalog.models] == [
            "latest",
            "grok-420-reasoning",
            "grok-imagine-image",
        ]
        assert [m.id for m in catalog.language_models] == ["latest", "grok-420-reasoning"]
        assert [m.id for m in catalog.image_generation_models] == ["grok-imagine-image"]
        assert [m.id for m in catalog.video_generation_models] == ["grok-imagine-video"]
        assert all(isinstance(m, Model) for m in catalog.models)
        assert all(isinstance(m, LanguageModel) for m in catalog.language_models)
        assert all(isinstance(m, ImageGenerationModel) for m in catalog.image_generation_models)
        assert all(isinstance(m, VideoGenerationModel) for m in catalog.video_generation_models)

    def test_catalog_is_frozen(self) -> None:
        """A catalog cannot be changed after it is built."""
        catalog = catalog_2026()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            catalog.models = ()  # type: ignore[misc]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            catalog.fetched_at = FETCHED  # type: ignore[misc]

    def test_fetched_at_defaults_to_now_in_utc(self) -> None:
        """Without fetched_at, the catalog is dated now, in UTC."""
        before = datetime.now(UTC)
        catalog = catalog_2026(fetched_at=None)
        after = datetime.now(UTC)
        assert catalog.fetched_at.utcoffset() == timedelta(0)
        assert before <= catalog.fetched_at <= after

    def test_iterates_every_model_kind_by_kind(self) -> None:
        """Iterating yields every model of every kind, and len counts them all."""
        catalog = catalog_2026()
        models = list(catalog)
        assert models == [
            *catalog.models,
            *catalog.language_models,
            *catalog.image_generation_models,
            *catalog.video_generation_models,
        ]
        assert len(catalog) == 7

    def test_family_returns_the_kind_asked_for(self) -> None:
        """family() gives the tuple of the kind it is given."""
        catalog = catalog_2026()
        assert catalog.family(LANGUAGE_MODELS) is catalog.language_models
        assert catalog.family(VIDEO_GENERATION_MODELS) is catalog.video_generation_models

    def test_equal_lists_make_equal_catalogs(self) -> None:
        """Two catalogs built from equal bodies and dates are equal."""
        assert catalog_2026() == catalog_2026()
        assert catalog_2026() != build(raw_lists(2025))


class TestFind:
    def test_id_in_two_families_gives_both(self) -> None:
        """An id present in /v1/models and /v1/language-models finds both models."""
        found = catalog_2026().find("grok-420-reasoning")
        assert [type(m) for m in found] == [Model, LanguageModel]
        assert {m.id for m in found} == {"grok-420-reasoning"}

    def test_image_model_is_found_in_models_and_its_own_family(self) -> None:
        """An image model is found in /v1/models and /v1/image-generation-models."""
        found = catalog_2026().find("grok-imagine-image")
        assert [type(m) for m in found] == [Model, ImageGenerationModel]

    def test_id_in_one_family_gives_one(self) -> None:
        """A model only in /v1/video-generation-models gives just that model."""
        found = catalog_2026().find("grok-imagine-video")
        assert len(found) == 1
        assert isinstance(found[0], VideoGenerationModel)

    def test_alias_resolves_to_the_model_it_names(self) -> None:
        """An alias finds the canonical model that carries it."""
        found = catalog_2026().find("grok-4.3-latest")
        assert found
        assert {m.id for m in found} == {"latest"}
        assert any(isinstance(m, LanguageModel) for m in found)

    def test_alias_names_its_model_in_every_family(self) -> None:
        """An alias resolves across the families: it finds what its model's id finds."""
        catalog = catalog_2026()
        assert catalog.find("grok-4.3-latest") == catalog.find("latest")

    def test_aliases_of_2025_models(self) -> None:
        """Each alias of a 2025 language model finds that model."""
        catalog = build(raw_lists(2025))
        for alias in ("grok-3-latest", "grok-3-beta"):
            assert {m.id for m in catalog.find(alias)} == {"grok-3"}
        assert [type(m) for m in catalog.find("grok-3")] == [Model, LanguageModel]

    def test_find_works_on_a_catalog_of_constructed_models(self) -> None:
        """Models built with the public constructors are found by id and alias."""
        created = datetime(2026, 1, 1, tzinfo=UTC)
        model = LanguageModel(
            id="grok-5",
            created=created,
            object="model",
            owned_by="xai",
            aliases=("grok-5-latest", "grok-latest"),
        )
        catalog = Catalog.from_lists([], [model], [], [], fetched_at=FETCHED)
        assert catalog.find("grok-5") == (model,)
        assert catalog.find("grok-latest") == (model,)

    def test_unknown_name_raises_a_lookup_error_and_an_xai_error(self) -> None:
        """An unknown name raises UnknownModelError, a LookupError and an XAIError."""
        with pytest.raises(UnknownModelError) as caught:
            catalog_2026().find("grok-9000")
        assert isinstance(caught.value, LookupError)
        assert isinstance(caught.value, XAIError)
        assert caught.value.name == "grok-9000"
        assert "grok-9000" in str(caught.value)

    def test_unknown_name_is_caught_as_lookup_error(self) -> None:
        """Code that catches LookupError handles an unknown model."""
        catalog = catalog_2026()
        with pytest.raises(LookupError):
            catalog.find("nope")

    def test_case_insensitive_equal_name_is_suggested_first(self) -> None:
        """A name that differs only in case is suggested first, and named in the message."""
        with pytest.raises(UnknownModelError) as caught:
            catalog_2026().find("LATEST")
        assert caught.value.suggestions[0] == "latest"
        assert "did you mean 'latest'" in str(caught.value)

    def test_alias_with_other_case_is_suggested(self) -> None:
        """Aliases are suggested too, case-insensitively."""
        with pytest.raises(UnknownModelError) as caught:
            catalog_2026().find("GROK-4.3-Latest")
        assert caught.value.suggestions[0] == "grok-4.3-latest"

    def test_prefix_suggests_the_names_it_starts(self) -> None:
        """A prefix suggests the names that start with it."""
        with pytest.raises(UnknownModelError) as caught:
            catalog_2026().find("grok-imagine")
        assert set(caught.value.suggestions) >= {"grok-imagine-image", "grok-imagine-video"}
        assert "did you mean" in str(caught.value)

    def test_misspelling_suggests_the_similar_name(self) -> None:
        """A misspelt id suggests the id it resembles."""
        with pytest.raises(UnknownModelError) as caught:
            catalog_2026().find("grok-420-reasonning")
        assert "grok-420-reasoning" in caught.value.suggestions
        assert "'grok-420-reasoning'" in str(caught.value)

    def test_suggestions_are_few(self) -> None:
        """At most three suggestions are made, without repeats."""
        with pytest.raises(UnknownModelError) as caught:
            catalog_2026().find("g")
        suggestions = caught.value.suggestions
        assert len(suggestions) <= 3
        assert len(set(suggestions)) == len(suggestions)
        assert isinstance(suggestions, tuple)

    def test_nothing_close_gives_no_suggestion(self) -> None:
        """A name like no other gets no suggestion and no 'did you mean'."""
        with pytest.raises(UnknownModelError) as caught:
            catalog_2026().find("zzzzzzzzzzzz")
        assert caught.value.suggestions == ()
        assert "did you mean" not in str(caught.value)

    def test_find_is_case_sensitive(self) -> None:
        """Ids are exact: another case is not the same model."""
        with pytest.raises(UnknownModelError):
            catalog_2026().find("Grok-420-Reasoning")


class TestJson:
    def test_round_trip_gives_an_equal_catalog(self) -> None:
        """from_json(to_json()) equals the catalog it was written from."""
        catalog = catalog_2026(source="https://api.x.ai")
        assert Catalog.from_json(catalog.to_json()) == catalog

    def test_round_trip_of_2025_examples(self) -> None:
        """The older docs' bodies round-trip as well."""
        catalog = build(raw_lists(2025))
        assert Catalog.from_json(catalog.to_json()) == catalog

    def test_round_trip_reads_bytes(self) -> None:
        """from_json accepts the UTF-8 bytes of a snapshot."""
        catalog = catalog_2026()
        assert Catalog.from_json(catalog.to_json().encode()) == catalog

    def test_document_names_its_format_and_version(self) -> None:
        """The document says what it is: format, version, date, and the four lists."""
        document = snapshot_document(catalog_2026(source="https://api.x.ai"))
        assert document["format"] == "xai-models.catalog"
        assert document["version"] == 1
        assert document["fetched_at"] == "2026-11-01T12:30:15.123456+00:00"
        assert document["source"] == "https://api.x.ai"
        assert [m["id"] for m in document["language_models"]] == ["latest", "grok-420-reasoning"]
        assert document["models"][0]["prompt_text_token_price"] == 12500

    def test_models_are_written_as_the_api_sends_them(self) -> None:
        """Each model is written in the API's JSON shape."""
        document = snapshot_document(catalog_2026())
        assert document["video_generation_models"] == [
            {
                "id": "grok-imagine-video",
                "created": 1743724800,
                "object": "model",
                "owned_by": "xai",
                "fingerprint": "fp_898ae9f31c",
                "version": "1.0.0",
                "input_modalities": ["text", "image"],
                "output_modalities": ["video"],
            }
        ]

    def test_fetched_at_and_source_are_preserved(self) -> None:
        """The date (to the microsecond, in UTC) and the source survive the round trip."""
        catalog = catalog_2026(source="EXAMPLE DATA: a note")
        again = Catalog.from_json(catalog.to_json())
        assert again.fetched_at == FETCHED
        assert again.fetched_at.utcoffset() == timedelta(0)
        assert again.source == "EXAMPLE DATA: a note"

    def test_missing_source_stays_none(self) -> None:
        """A catalog without a source reads back without one."""
        document = snapshot_document(catalog_2026())
        assert "source" not in document
        assert Catalog.from_json(json.dumps(document)).source is None

    def test_other_time_zone_keeps_its_instant(self) -> None:
        """A fetched_at in another zone reads back as the same instant."""
        moment = datetime(2026, 11, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
        catalog = catalog_2026(fetched_at=moment)
        assert Catalog.from_json(catalog.to_json()).fetched_at == moment

    def test_naive_fetched_at_is_read_as_utc(self) -> None:
        """A fetched_at without an offset is taken to be UTC."""
        document = snapshot_document(catalog_2026())
        document["fetched_at"] = "2026-11-01T12:00:00"
        read = Catalog.from_json(json.dumps(document))
        assert read.fetched_at == datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
        assert read.fetched_at.utcoffset() == timedelta(0)

    def test_unknown_fields_are_preserved_with_nested_objects(self) -> None:
        """Fields the spec does not know, nested objects included, survive the round trip."""
        nested = {"tier": "beta", "limits": {"rpm": 60, "windows": [1, {"burst": None}]}}

        def edit(raw: Raw) -> None:
            by_id(raw["language_models"], "latest")["rollout"] = nested
            by_id(raw["models"], "grok-420-reasoning")["deprecated"] = False
            raw["video_generation_models"][0]["max_duration_seconds"] = 15

        catalog = changed(edit)
        document = snapshot_document(catalog)
        assert by_id(document["language_models"], "latest")["rollout"] == nested
        again = Catalog.from_json(catalog.to_json())
        assert again == catalog
        assert dict(by_id_model(again.language_models, "latest").extra) == {"rollout": nested}
        assert dict(by_id_model(again.models, "grok-420-reasoning").extra) == {"deprecated": False}
        assert dict(again.video_generation_models[0].extra) == {"max_duration_seconds": 15}

    def test_image_price_tiers_are_preserved(self) -> None:
        """A model's image price tiers, with their unknown fields, survive the round trip."""
        tiers = [
            {"price_per_image": 200000000, "quality": "standard", "resolution": "1024x1024"},
            {"price_per_image": 700000000, "quality": "hd", "resolution": "2048x2048", "x": [1]},
        ]

        def edit(raw: Raw) -> None:
            by_id(raw["models"], "grok-imagine-image")["pricing"] = tiers

        catalog = changed(edit)
        again = Catalog.from_json(catalog.to_json())
        assert again == catalog
        model = by_id_model(again.models, "grok-imagine-image")
        assert model.image_price_tiers == (
            ImagePriceTier(
                price_per_image=Decimal("0.02"), quality="standard", resolution="1024x1024"
            ),
            ImagePriceTier(
                price_per_image=Decimal("0.07"),
                quality="hd",
                resolution="2048x2048",
                extra={"x": [1]},
            ),
        )
        assert by_id(snapshot_document(again)["models"], "grok-imagine-image")["pricing"] == tiers

    def test_constructed_models_round_trip(self) -> None:
        """Models built with the public constructors round-trip too."""
        created = datetime(2026, 3, 1, tzinfo=UTC)
        catalog = Catalog.from_lists(
            [Model(id="m", created=created, object="model", owned_by="xai", image_price=5)],
            [
                LanguageModel(
                    id="l",
                    created=created,
                    object="model",
                    owned_by="xai",
                    aliases=("l-latest",),
                    prompt_text_token_price=1,
                    long_context_threshold=0,
                    extra={"new": {"a": 1}},
                )
            ],
            [ImageGenerationModel(id="i", created=created, object="model", owned_by="xai")],
            [VideoGenerationModel(id="v", created=created, object="model", owned_by="xai")],
            fetched_at=FETCHED,
            source="test",
        )
        assert Catalog.from_json(catalog.to_json()) == catalog

    def test_to_json_is_stable(self) -> None:
        """Writing the same catalog twice gives the same text; indent=None gives one line."""
        catalog = catalog_2026()
        assert catalog.to_json() == catalog.to_json()
        compact = catalog.to_json(indent=None)
        assert "\n" not in compact
        assert json.loads(compact) == json.loads(catalog.to_json())


def _valid() -> dict[str, Any]:
    return snapshot_document(catalog_2026(source="x"))


def _with(**changes: Any) -> str:
    document = _valid()
    document.update(changes)
    return json.dumps(document)


def _without(key: str) -> str:
    document = _valid()
    del document[key]
    return json.dumps(document)


def _with_model(kind: str, index: int, **changes: Any) -> str:
    document = _valid()
    document[kind][index].update(changes)
    return json.dumps(document)


def _without_model_field(kind: str, field: str) -> str:
    document = _valid()
    del document[kind][0][field]
    return json.dumps(document)


INVALID: dict[str, str | bytes] = {
    "empty": "",
    "not json": "this is not JSON",
    "truncated": json.dumps(_valid())[:-10],
    "invalid utf-8": b"\xff\xfe{",
    "deeply nested": "[" * 100_000 + "]" * 100_000,
    "array": "[]",
    "string": '"xai-models.catalog"',
    "empty object": "{}",
    "other format": _with(format="something.else"),
    "no format": _without("format"),
    "version 2": _with(version=2),
    "version 0": _with(version=0),
    "version as text": _with(version="1"),
    "version true": _with(version=True),
    "no version": _without("version"),
    "no fetched_at": _without("fetched_at"),
    "fetched_at not a date": _with(fetched_at="yesterday"),
    "fetched_at a number": _with(fetched_at=1767225600),
    "no models": _without("models"),
    "no language_models": _without("language_models"),
    "no image_generation_models": _without("image_generation_models"),
    "no video_generation_models": _without("video_generation_models"),
    "models null": _with(models=None),
    "models an object": _with(language_models={"latest": {}}),
    "model not an object": _with(video_generation_models=["grok-imagine-video"]),
    "model without id": _without_model_field("language_models", "id"),
    "model without created": _without_model_field("models", "created"),
    "id a number": _with_model("models", 0, id=42),
    "created text": _with_model("language_models", 1, created="2026-01-01"),
    "created out of range": _with_model("language_models", 1, created=10**20),
    "price text": _with_model("language_models", 0, prompt_text_token_price="1.25"),
    "aliases of numbers": _with_model("language_models", 0, aliases=[1, 2]),
    "tier not an object": _with_model("models", 2, pricing=["cheap"]),
    "tier price text": _with_model("models", 2, pricing=[{"price_per_image": "0.02"}]),
}


class TestInvalidJson:
    @pytest.mark.parametrize("text", INVALID.values(), ids=INVALID.keys())
    def test_invalid_text_raises_invalid_catalog_error(self, text: str | bytes) -> None:
        """Anything but a valid snapshot raises InvalidCatalogError, never KeyError or the like."""
        with pytest.raises(InvalidCatalogError) as caught:
            Catalog.from_json(text)
        assert type(caught.value) is InvalidCatalogError
        assert isinstance(caught.value, XAIError)
        assert str(caught.value)

    def test_valid_base_document_reads(self) -> None:
        """The document the invalid cases are made from is itself valid."""
        assert Catalog.from_json(json.dumps(_valid())) == catalog_2026(source="x")

    def test_wrong_format_says_what_was_expected(self) -> None:
        """A document of another format is named as not a catalog."""
        with pytest.raises(InvalidCatalogError, match=r"xai-models\.catalog"):
            Catalog.from_json(_with(format="something.else"))

    def test_wrong_version_names_the_versions(self) -> None:
        """A document of another version says which version it has."""
        with pytest.raises(InvalidCatalogError, match="2"):
            Catalog.from_json(_with(version=2))

    def test_invalid_model_says_where(self) -> None:
        """An invalid model is named in the message."""
        with pytest.raises(InvalidCatalogError, match="prompt_text_token_price"):
            Catalog.from_json(_with_model("language_models", 0, prompt_text_token_price="1.25"))
