"""`_model/offline.py`: the catalog shipped in the package says where each part came from and
when, and holds every family (its freshness: test_mock.py, against build-offline-catalog)."""

from __future__ import annotations

from datetime import UTC, datetime

from xai_models._model.families import FAMILIES
from xai_models._model.offline import offline_catalog


def test_it_says_what_it_is() -> None:
    catalog = offline_catalog()
    assert catalog.fetched_at == datetime(2026, 7, 25, tzinfo=UTC)
    assert catalog.source is not None
    assert "live responses captured 2026-07-25" in catalog.source
    assert "EXAMPLE DATA" in catalog.source


def test_every_family_is_there_and_each_call_is_a_fresh_catalog() -> None:
    one, other = offline_catalog(), offline_catalog()
    assert one == other
    assert one is not other
    for family in FAMILIES:
        assert one.family(family), family.name
    assert one.find("grok-latest")[0].id == "grok-4.3"
