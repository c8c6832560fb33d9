"""`_tables/base.py`: what every format reader shares. A value that is not what it claims to be
becomes a problem of its entry (one `invalid-value` finding) and reads as absent; the rest of the
entry still counts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from xai_models import InvalidTableError
from xai_models._tables.base import Cells, TableEntry, read_json, usd_per_million, usd_per_token


class TestCells:
    @pytest.mark.parametrize(
        ("written", "read"),
        [(3, Decimal(3)), (1.25e-06, Decimal("0.00000125")), ("3e-06", Decimal("0.000003")),
         (" 2_000 ", Decimal(2000)), (Decimal("0.2"), Decimal("0.2")), (0, Decimal(0))],
    )  # fmt: skip
    def test_a_price_is_read_exactly(self, written: object, read: Decimal) -> None:
        cells = Cells()
        assert cells.price(written, "prompt") == read
        assert cells.problems == []

    @pytest.mark.parametrize("written", [-1, "free", True, float("nan"), float("inf"), [], {}])
    def test_a_price_that_is_none_is_a_problem(self, written: object) -> None:
        cells = Cells()
        assert cells.price(written, "prompt") is None
        assert [field for field, _ in cells.problems] == ["prompt"]

    @pytest.mark.parametrize(
        ("written", "read"), [(2000000, 2000000), (2000000.0, 2000000), ("2e6", 2000000)]
    )
    def test_a_count_may_be_written_as_a_whole_float(self, written: object, read: int) -> None:
        cells = Cells()
        assert cells.count(written, "context_length") == read
        assert cells.problems == []

    @pytest.mark.parametrize("written", [2.5, -3, "many", True])
    def test_a_count_that_is_not_whole_is_a_problem(self, written: object) -> None:
        cells = Cells()
        assert cells.count(written, "context_length") is None
        assert cells.problems[0][0] == "context_length"

    def test_absent_is_no_problem(self) -> None:
        cells = Cells()
        assert cells.price(None, "prompt") is None
        assert cells.count(None, "context_length") is None
        assert cells.problems == []


def test_units_convert_exactly() -> None:
    assert usd_per_token(Decimal("1.25")) == Decimal("0.00000125")
    assert usd_per_million(Decimal("0.00000125")) == Decimal("1.25")


def test_an_entry_states_only_the_prices_it_gives() -> None:
    entry = TableEntry(their_id="xai/grok-4.3", model_id="grok-4.3", price={"prompt": Decimal(1)})
    assert entry.price.get("completion") is None
    assert entry.context is None


def test_fractional_json_numbers_are_exact_decimals(tmp_path: Path) -> None:
    path = tmp_path / "table.json"
    path.write_text('{"a": 0.1, "b": 2}', encoding="utf-8")
    assert read_json(path) == {"a": Decimal("0.1"), "b": 2}


def test_a_file_that_is_not_json_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "table.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidTableError, match=r"table\.json"):
        read_json(path)
