"""`_model/families.py`: the one list of endpoint families, and everything that derives from it:
the catalog's lists, the client's resources, the mock's routes, the embedded catalog."""

from __future__ import annotations

import attrs
import httpx
from test_mock import LIST_PATHS

from xai_models import Catalog, Client
from xai_models._api.mock import MockServer
from xai_models._model.families import FAMILIES
from xai_models._model.offline import offline_catalog

PATHS = LIST_PATHS
"""The four families of the xAI reference (../shared/docs), written out by hand in test_mock."""


def test_the_four_families_of_the_reference() -> None:
    assert [family.name for family in FAMILIES] == list(PATHS)
    assert len({family.label for family in FAMILIES}) == len(FAMILIES)


def test_the_catalog_has_one_list_per_family() -> None:
    lists = [f.name for f in attrs.fields(Catalog) if f.name not in ("fetched_at", "source")]
    assert lists == [family.name for family in FAMILIES]


def test_the_client_has_one_resource_per_family() -> None:
    with Client("xai-test-key") as client:
        for family in FAMILIES:
            assert getattr(client, family.name)._family is family


def test_the_mock_serves_each_family_and_the_embedded_catalog_has_each() -> None:
    catalog = offline_catalog()
    with MockServer(catalog) as server, Client("k", base_url=server.url) as client:
        for name, path in PATHS.items():
            assert httpx.get(server.url + path).status_code == 200, name
        for family in FAMILIES:
            listed = getattr(client, family.name).list()
            assert [m.id for m in listed] == [m.id for m in catalog.family(family)]
            assert listed, f"the embedded catalog has no {family.name}"
