"""What the tests of the table formats share: the embedded catalog (the captures of 2026-07-25),
the golden exports, a table written to a file, and prices worked out by hand from raw integers
(ticks, 1e-10 USD): grok-4.3 12500 / 2000 / 25000 a token, long context from 200000 prompt tokens
at 25000 / 4000 / 50000; grok-imagine-image 200000000 an image."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from xai_models import PriceFinding, export_prices
from xai_models._model.offline import offline_catalog

CATALOG = offline_catalog()
GOLDEN = Path(__file__).parents[1] / "data" / "golden"
SUFFIX = {"litellm": ".json", "genai-prices": ".yml", "openrouter": ".json", "csv": ".csv",
          "markdown": ".md", "jsonl": ".jsonl"}  # fmt: skip
TICK = Decimal("1e-10")


def per_token(raw: int) -> Decimal:
    """USD per token of a raw price, by hand: ticks x 1e-10."""
    return Decimal(raw) * TICK


def per_million(raw: int) -> Decimal:
    return (Decimal(raw) * TICK * 1_000_000).normalize()


def write(tmp_path: Path, table: str, **options: Any) -> Path:
    written = export_prices(CATALOG, table, **options)
    if isinstance(written, dict):
        folder = tmp_path / "models"
        folder.mkdir(exist_ok=True)
        for name, text in written.items():
            (folder / name).write_text(text, encoding="utf-8")
        return folder
    path = tmp_path / f"table{SUFFIX[table]}"
    path.write_text(written, encoding="utf-8")
    return path


def found(findings: list[PriceFinding]) -> list[tuple[str, str | None, str | None]]:
    return sorted((f.kind, f.model or f.their_id, f.field) for f in findings)


def plant_litellm(path: Path) -> None:
    table = json.loads(path.read_text())
    table["xai/grok-4.3"]["input_cost_per_token"] = 2e-06  # wrong base price
    table["xai/grok-4.3"]["cache_read_input_token_cost"] = 1.25e-06  # cached billed as uncached
    for key in [k for k in table["xai/grok-4.5"] if "above_200k" in k]:
        del table["xai/grok-4.5"][key]  # missing tier
    table["xai/grok-4.20-0309-reasoning"]["output_cost_per_token_above_200k_tokens"] = 2.5e-06
    for key in [k for k in table["xai/grok-4.20-multi-agent-0309"] if "above_200k" in k]:
        value = table["xai/grok-4.20-multi-agent-0309"].pop(key)
        table["xai/grok-4.20-multi-agent-0309"][key.replace("200k", "128k")] = value
    table["xai/grok-2-1212"] = {"litellm_provider": "xai", "mode": "chat"}  # retired id
    table["xai/grok-code-fast-1"] = table.pop("xai/grok-build-0.1")  # alias as the id
    del table["xai/grok-imagine-image-quality"]  # missing model
    table["xai/grok-4.20-0309-non-reasoning"]["output_cost_per_token"] = 25000.0  # 10^4 off
    table["xai/grok-imagine-image"]["max_input_tokens"] = 32000  # wrong context
    path.write_text(json.dumps(table))


EXPECTED_LITELLM = sorted([
    ("price", "grok-4.3", "prompt"),
    ("price", "grok-4.3", "cached_prompt"),
    ("missing-tier", "grok-4.5", "long_context_threshold"),
    ("tier-price", "grok-4.20-0309-reasoning", "completion_long_context"),
    ("tier-threshold", "grok-4.20-multi-agent-0309", "long_context_threshold"),
    ("not-served", "xai/grok-2-1212", None),
    ("alias-as-id", "grok-build-0.1", None),
    ("missing-model", "grok-imagine-image-quality", None),
    ("price", "grok-4.20-0309-non-reasoning", "completion"),
    ("context", "grok-imagine-image", "context_length"),
])  # fmt: skip
