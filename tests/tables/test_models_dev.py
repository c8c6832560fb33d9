"""`_tables/models_dev.py`: models.dev TOML files, one per model."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tables.helpers import (
    CATALOG,
    write,
)
from xai_models import audit_prices, export_prices


class TestModelsDev:
    def test_toml_by_hand(self) -> None:
        written = export_prices(CATALOG, "models-dev")
        assert isinstance(written, dict)
        grok = tomllib.loads(written["grok-4.3.toml"])
        assert grok["cost"]["input"] == 1.25
        assert (grok["cost"]["output"], grok["cost"]["cache_read"]) == (2.5, 0.2)
        (tier,) = grok["cost"]["tiers"]
        assert tier == {"tier": {"type": "context", "size": 200000}, "input": 2.5, "output": 5.0,
                        "cache_read": 0.4}  # fmt: skip
        assert "[[cost.tiers]]" in written["grok-4.3.toml"]
        assert grok["limit"]["context"] == 1000000
        assert grok["modalities"] == {"input": ["image", "text"], "output": ["text"]}
        video = tomllib.loads(written["grok-imagine-video.toml"])
        assert "cost" not in video
        assert video["modalities"]["output"] == ["video"]

    def test_reads_the_older_context_min_schema(self, tmp_path: Path) -> None:
        folder = write(tmp_path, "models-dev")
        path = folder / "grok-4.3.toml"
        path.write_text(
            path.read_text().replace('tier = { type = "context", size = 200000 }',
                                     "context = { min = 200000 }"),
            encoding="utf-8",
        )  # fmt: skip
        assert audit_prices(CATALOG, folder) == []
        assert audit_prices(CATALOG, path, table="models-dev")[-1].kind == "missing-model"
