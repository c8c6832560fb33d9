"""`_tables/registry.py` and `export_prices`: each registered format writes the embedded
catalog as the committed golden file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tables.helpers import (
    CATALOG,
    GOLDEN,
    SUFFIX,
    write,
)
from xai_models import InvalidTableError, export_prices
from xai_models._tables.registry import AUDITED, FORMATS, NAMES, detect, load


class TestGoldenFiles:
    """Each format's output from the embedded catalog, as reviewed and committed."""

    @pytest.mark.parametrize("table", sorted(SUFFIX))
    def test_single_file_formats(self, table: str) -> None:
        golden = (GOLDEN / f"{table}{SUFFIX[table]}").read_text("utf-8")
        assert export_prices(CATALOG, table) == golden

    def test_models_dev(self) -> None:
        written = export_prices(CATALOG, "models-dev")
        assert isinstance(written, dict)
        golden = {p.name: p.read_text("utf-8") for p in (GOLDEN / "models-dev").glob("*.toml")}
        assert written == golden


class TestDetectAndLoad:
    @pytest.mark.parametrize("table", ["litellm", "genai-prices", "openrouter", "csv", "jsonl"])
    def test_each_export_is_detected_as_its_format(self, tmp_path: Path, table: str) -> None:
        path = write(tmp_path, table)
        assert detect(path).name == table
        fmt, entries = load(path)
        assert fmt.name == table
        assert entries

    def test_a_directory_is_a_models_dev_table(self, tmp_path: Path) -> None:
        assert detect(write(tmp_path, "models-dev")).name == "models-dev"

    def test_every_name_is_registered(self) -> None:
        assert set(NAMES) == set(FORMATS)
        assert set(AUDITED) <= set(NAMES)

    def test_what_no_format_recognises(self, tmp_path: Path) -> None:
        path = tmp_path / "notes.txt"
        path.write_text("nothing here\n", encoding="utf-8")
        with pytest.raises(InvalidTableError, match="not recognised"):
            detect(path)
        with pytest.raises(InvalidTableError, match="no such file"):
            load(tmp_path / "absent.json")
