"""`_model/rows.py`: one row per model, the same keys and values in `list`, `get`, the plain
exports and the audit of them. Expected values are worked out here from the captured raw integers
(ticks, 1e-10 USD), not by the code under test."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from test_cli import offline_json, run

from xai_models import audit_prices, export_prices
from xai_models._model.offline import offline_catalog
from xai_models._model.rows import model_rows, record_of
from xai_models._schema.columns import DESCRIBED, ROW_KEYS
from xai_models._schema.prices import PRICE_FIELDS

CATALOG = offline_catalog()


def test_every_declared_price_has_a_key_in_a_row() -> None:
    assert (*DESCRIBED, *(field.key for field in PRICE_FIELDS)) == ROW_KEYS
    assert len(set(ROW_KEYS)) == len(ROW_KEYS)


def test_effective_prices_by_hand() -> None:
    """grok-4.3: prompt 12500, cached 2000, completion 25000 ticks a token; from 200000 prompt
    tokens 25000 / 4000 / 50000. grok-imagine-image: 200000000 ticks an image, no tier."""
    rows = {row.id: record_of(row) for row in model_rows(CATALOG)}
    grok = rows["grok-4.3"]
    assert grok["usd_per_million_prompt_tokens"] == Decimal(12500) / 10**4
    assert grok["usd_per_million_cached_prompt_tokens"] == Decimal(2000) / 10**4
    assert grok["usd_per_million_completion_tokens_long_context"] == Decimal(50000) / 10**4
    assert grok["long_context_threshold"] == 200000
    image = rows["grok-imagine-image"]
    assert image["usd_per_image"] == Decimal(200000000) / 10**10
    assert image["long_context_threshold"] is None
    assert image["usd_per_million_prompt_tokens_long_context"] is None


def test_a_long_context_price_of_zero_is_the_standard_price() -> None:
    model = CATALOG.language_models[0]
    standard = model.prompt_text_token_price
    zeroed = attrs.evolve(
        CATALOG,
        language_models=(
            attrs.evolve(model, prompt_text_token_price_long_context=0, long_context_threshold=1),
        ),
        models=(),
    )
    row = next(r for r in model_rows(zeroed) if r.id == model.id)
    assert row.price["prompt_long_context"] == Decimal(standard) / 10**4


class TestOneRowEverywhere:
    def test_list_get_and_the_exports_agree(self, capsys: pytest.CaptureFixture[str]) -> None:
        listed = {row["id"]: row for row in offline_json(capsys, "list")}
        exported = [json.loads(line) for line in str(export_prices(CATALOG, "jsonl")).splitlines()]
        assert sorted(record["id"] for record in exported) == sorted(listed)
        for record in exported:
            assert record == listed[record["id"]]
        for model_id in ("grok-4.3", "grok-imagine-image", "grok-imagine-video"):
            got = json.loads(run(capsys, "--offline", "get", model_id, "--json").out)[0]
            got.pop("families")
            assert got == listed[model_id]

    def test_csv_keys_are_the_row_keys(self, capsys: pytest.CaptureFixture[str]) -> None:
        listed = run(capsys, "--offline", "list", "--format", "csv").out
        exported = str(export_prices(CATALOG, "csv"))
        assert next(csv.reader(io.StringIO(listed))) == list(ROW_KEYS)
        assert next(csv.reader(io.StringIO(exported))) == list(ROW_KEYS)


class TestAuditReadsListOutput:
    @pytest.mark.parametrize("fmt", ["csv", "jsonl"])
    def test_no_findings_for_its_own_catalog(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
    ) -> None:
        path = tmp_path / f"list.{fmt}"
        path.write_text(run(capsys, "--offline", "list", "--format", fmt).out, encoding="utf-8")
        assert audit_prices(CATALOG, path) == []

    @pytest.mark.parametrize("fmt", ["csv", "jsonl"])
    def test_the_true_differences_of_a_changed_catalog(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
    ) -> None:
        """The listed file is of the embedded catalog; the catalog audited has grok-4.3 at 15000
        ticks a prompt token (USD 1.5 per 1M) and a context of 2,000,000."""
        path = tmp_path / f"list.{fmt}"
        path.write_text(run(capsys, "--offline", "list", "--format", fmt).out, encoding="utf-8")
        changed = attrs.evolve(
            CATALOG,
            models=tuple(
                attrs.evolve(m, prompt_text_token_price=15000, context_length=2000000)
                if m.id == "grok-4.3" else m
                for m in CATALOG.models
            ),
            language_models=tuple(
                attrs.evolve(m, prompt_text_token_price=15000) if m.id == "grok-4.3" else m
                for m in CATALOG.language_models
            ),
        )  # fmt: skip
        found = {(f.kind, f.model, f.field, f.theirs, f.ours) for f in audit_prices(changed, path)}
        assert found == {
            ("price", "grok-4.3", "prompt", Decimal("1.25"), Decimal("1.5")),
            ("context", "grok-4.3", "context_length", 1000000, 2000000),
        }
