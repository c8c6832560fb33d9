"""`_model/history.py`: a directory of dated snapshots: which are there, writing only a change,
the snapshot in force at a moment, and the changes from one to the next (the command `history`
on top of it: test_cli_data.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs
import pytest

from xai_models import Catalog, InvalidCatalogError, catalog_at
from xai_models._model.history import changes_over, dated_snapshots, write_snapshot
from xai_models._model.offline import offline_catalog

CATALOG = offline_catalog()  # fetched 2026-07-25


def on(day: date, catalog: Catalog = CATALOG) -> Catalog:
    return attrs.evolve(catalog, fetched_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC))


def cheaper(catalog=CATALOG):  # type: ignore[no-untyped-def]
    """grok-4.3 at 10000 ticks a prompt token instead of 12500, in every family."""

    def edit(models):  # type: ignore[no-untyped-def]
        return tuple(attrs.evolve(m, prompt_text_token_price=10000) if m.id == "grok-4.3" else m
                     for m in models)  # fmt: skip

    return attrs.evolve(catalog, models=edit(catalog.models),
                        language_models=edit(catalog.language_models))  # fmt: skip


def test_only_dated_json_files_count_in_date_order(tmp_path: Path) -> None:
    for name in ("2026-08-02.json", "2026-08-01.json", "notes.json", "2026-8-3.json", "x.txt"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [day.isoformat() for day, _ in dated_snapshots(tmp_path)] == ["2026-08-01", "2026-08-02"]


def test_a_snapshot_is_written_only_when_the_models_change(tmp_path: Path) -> None:
    first = write_snapshot(on(date(2026, 8, 1)), tmp_path)
    assert first == tmp_path / "2026-08-01.json"
    assert write_snapshot(on(date(2026, 8, 2)), tmp_path) is None
    assert write_snapshot(on(date(2026, 8, 3), cheaper()), tmp_path) == tmp_path / "2026-08-03.json"
    assert [p.name for _, p in dated_snapshots(tmp_path)] == ["2026-08-01.json", "2026-08-03.json"]


def test_the_snapshot_in_force_at_a_moment(tmp_path: Path) -> None:
    write_snapshot(on(date(2026, 8, 1)), tmp_path)
    write_snapshot(on(date(2026, 8, 3), cheaper()), tmp_path)
    moment = datetime(2026, 8, 2, 23, 59, tzinfo=UTC)
    assert catalog_at(tmp_path, moment).prices("grok-4.3").prompt_text_token_price == 12500
    later = moment + timedelta(minutes=1)
    assert catalog_at(tmp_path, later).prices("grok-4.3").prompt_text_token_price == 10000
    with pytest.raises(InvalidCatalogError, match="no snapshot dated on or before 2026-07-31"):
        catalog_at(tmp_path, datetime(2026, 7, 31, tzinfo=UTC))


def test_changes_over_a_history() -> None:
    dated = [(date(2026, 8, 1), CATALOG), (date(2026, 8, 3), cheaper())]
    (first_day, baseline), (second_day, change) = list(changes_over(dated))
    assert first_day == date(2026, 8, 1)
    assert {c.type for model in baseline.models for c in model.changes} == {"added"}
    assert {model.id for model in baseline.models} == {model.id for model in CATALOG}
    assert second_day == date(2026, 8, 3)
    assert [
        (m.id, [(c.type, c.field, c.old, c.new) for c in m.changes]) for m in change.models
    ] == [("grok-4.3", [("price-down", "prompt_text_token_price", 12500, 10000)])]
