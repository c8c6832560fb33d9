"""`_model/records.py`: a meter's records and their sums, by every grouping (the meter that makes
them: test_meter.py; the ledger that keeps them: test_ledger.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from xai_models import MeterRecord
from xai_models._model.records import GROUPINGS, Tallies, summarize

MONDAY = datetime(2026, 12, 7, 9, tzinfo=UTC)


def record(
    model: str | None, ticks: int | None, billed: int | None, **fields: object
) -> MeterRecord:
    status = fields.pop("status", "costed" if ticks is not None else "unpriced")
    return MeterRecord(time=MONDAY, endpoint="chat/completions", status=status, model=model,
                       ticks=ticks, billed_ticks=billed, **fields)  # type: ignore[arg-type]  # fmt: skip


RECORDS = [
    record("grok-4.3", 1000, 1000, tags={"team": "a"}, key="abcd1234"),
    record("grok-4.3", 2000, 1999, tags={"team": "a", "job": "x"}),
    record("grok-4", None, 500),
    record(None, None, None, status="incomplete"),
]


def test_by_model() -> None:
    totals = summarize(RECORDS)
    assert list(totals) == ["grok-4.3", "grok-4", "(unknown model)"]
    grok = totals["grok-4.3"]
    assert (grok.requests, grok.ticks, grok.billed_ticks, grok.disagreements) == (2, 3000, 2999, 1)
    assert grok.usd == Decimal("0.0000003")
    assert totals["grok-4"].unpriced == 1
    assert totals["(unknown model)"].incomplete == 1


def test_a_record_with_two_tags_counts_under_each() -> None:
    totals = summarize(RECORDS, "tag")
    assert totals["team=a"].requests == 2
    assert totals["job=x"].requests == 1
    assert totals["(no tags)"].requests == 2


def test_running_tallies_equal_the_summary_of_every_grouping() -> None:
    tallies = Tallies()
    for one in RECORDS:
        tallies.add(one)
    for grouping in GROUPINGS:
        assert tallies.by(grouping) == summarize(RECORDS, grouping)
    assert tallies.all.totals().requests == len(RECORDS)
