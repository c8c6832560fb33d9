"""What a meter records: one `MeterRecord` per response, and `Totals` of any group of them.

Plain values, shared by the meter, its ledger and the commands that sum a ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Final

import attrs

from .._schema.public import publish
from .._schema.units import UNIT_PRICE_PLACES, usd
from .pricing import CostBreakdown, Usage

__all__ = ["GROUPINGS", "STATUSES", "MeterRecord", "Tallies", "Tally", "Totals", "summarize"]

STATUSES: Final = {
    "costed": "priced at the catalog's prices",
    "unpriced": "usage read, but the catalog cannot price it (see `note`); never counted as $0",
    "no-usage": "the body ended without a usage",
    "incomplete": "the body was closed or broke before its usage arrived",
    "unreadable": "the body could not be read (see `note`)",
}
"""What `MeterRecord.status` can be."""


@attrs.frozen(kw_only=True)
class MeterRecord:
    """One response of a metered endpoint.

    `ticks` is what it cost in 1e-10 USD: the exact estimate at `price_source`'s prices, or, where
    the catalog could not price it, what xAI billed; `None` when neither is known. `cost` is the
    breakdown (only for `status` "costed", and not kept in a ledger). `billed_ticks` is
    `usage.cost_in_usd_ticks` when xAI reported it. `key` is a fingerprint of the API key (the
    first 8 hex digits of its SHA-256), never the key.
    """

    time: datetime
    endpoint: str
    status: str
    model: str | None = None
    response_id: str | None = None
    streamed: bool = False
    http_status: int = 200
    usage: Usage | None = None
    ticks: int | None = None
    billed_ticks: int | None = None
    tier: str | None = None
    price_source: str | None = None
    key: str | None = None
    tags: Mapping[str, str] = attrs.field(factory=dict)
    note: str | None = None
    cost: CostBreakdown | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def agrees(self) -> bool | None:
        """Whether the estimate equals xAI's bill; `None` when either is missing."""
        if self.status != "costed" or self.billed_ticks is None or self.ticks is None:
            return None
        return self.ticks == self.billed_ticks

    @property
    def usd(self) -> Decimal | None:
        return usd(self.ticks, UNIT_PRICE_PLACES)


@attrs.frozen(kw_only=True)
class Totals:
    """The sums of a group of records; `usd` is `ticks` in USD, exactly."""

    requests: int = 0
    ticks: int = 0
    billed_ticks: int = 0
    disagreements: int = 0
    unpriced: int = 0
    incomplete: int = 0

    @property
    def usd(self) -> Decimal:
        value = usd(self.ticks, UNIT_PRICE_PLACES)
        assert value is not None
        return value


class Tally:
    """Running sums of records, one group's: added to as records come, read as `Totals`."""

    __slots__ = ("billed_ticks", "disagreements", "incomplete", "requests", "ticks", "unpriced")

    def __init__(self) -> None:
        self.requests = self.ticks = self.billed_ticks = 0
        self.disagreements = self.unpriced = self.incomplete = 0

    def add(self, record: MeterRecord) -> None:
        self.requests += 1
        self.ticks += record.ticks or 0
        self.billed_ticks += record.billed_ticks or 0
        self.disagreements += record.agrees is False
        self.unpriced += record.ticks is None
        self.incomplete += record.status == "incomplete"

    def totals(self) -> Totals:
        return Totals(requests=self.requests, ticks=self.ticks, billed_ticks=self.billed_ticks,
                      disagreements=self.disagreements, unpriced=self.unpriced,
                      incomplete=self.incomplete)  # fmt: skip


GROUPINGS: Final[Mapping[str, Callable[[MeterRecord], Iterable[str]]]] = {
    "model": lambda record: (record.model or "(unknown model)",),
    "day": lambda record: (record.time.astimezone(UTC).date().isoformat(),),
    "tag": lambda record: (
        [f"{name}={value}" for name, value in record.tags.items()] or ["(no tags)"]
    ),
    "key": lambda record: (record.key or "(no key)",),
    "endpoint": lambda record: (record.endpoint,),
}
"""How records group: a record with two tags counts once under each."""


class Tallies:
    """Running sums of records under every grouping of `GROUPINGS`, and of all of them."""

    def __init__(self) -> None:
        self.all = Tally()
        self.groups: dict[str, dict[str, Tally]] = {by: {} for by in GROUPINGS}

    def add(self, record: MeterRecord) -> None:
        self.all.add(record)
        for by, group_of in GROUPINGS.items():
            tallies = self.groups[by]
            for group in group_of(record):
                tally = tallies.get(group)
                if tally is None:
                    tally = tallies[group] = Tally()
                tally.add(record)

    def by(self, grouping: str) -> dict[str, Totals]:
        return {group: tally.totals() for group, tally in self.groups[grouping].items()}


def summarize(records: Iterable[MeterRecord], by: str = "model") -> dict[str, Totals]:
    """Totals per group (`GROUPINGS` names the groupings), in order of first appearance."""
    group_of = GROUPINGS[by]
    tallies: dict[str, Tally] = {}
    for record in records:
        for group in group_of(record):
            tallies.setdefault(group, Tally()).add(record)
    return {group: tally.totals() for group, tally in tallies.items()}


publish(MeterRecord, Totals)
