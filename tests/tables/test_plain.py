"""`_tables/plain.py`: csv, markdown and jsonl rows under the keys of a model row."""

from __future__ import annotations

import csv
import io
import json

from tables.helpers import (
    CATALOG,
)
from xai_models import export_prices


class TestPlainRows:
    def test_csv(self) -> None:
        records = list(csv.DictReader(io.StringIO(str(export_prices(CATALOG, "csv")))))
        grok = next(r for r in records if r["id"] == "grok-4.3")
        assert grok["usd_per_million_prompt_tokens"] == "1.25"
        assert grok["usd_per_million_cached_prompt_tokens_long_context"] == "0.4"
        assert grok["long_context_threshold"] == "200000"
        assert (
            next(r for r in records if r["id"] == "grok-imagine-image")["usd_per_image"] == "0.02"
        )

    def test_markdown_and_jsonl(self) -> None:
        lines = str(export_prices(CATALOG, "markdown")).splitlines()
        assert lines[1] == "|" + "|".join(["---"] * 17) + "|"  # the 17 keys of a model row
        assert len({line.count(" | ") for line in lines[:1] + lines[2:]}) == 1
        records = [json.loads(line) for line in str(export_prices(CATALOG, "jsonl")).splitlines()]
        assert (
            next(r for r in records if r["id"] == "grok-4.5")["usd_per_million_completion_tokens"]
            == "6"
        )
