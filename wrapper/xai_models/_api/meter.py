"""`Meter`: every response of xAI's inference API costed to the tick as it passes, with budgets.

    meter = Meter(catalog, budget=Decimal("5"), ledger="costs.jsonl")
    client = openai.OpenAI(base_url="https://api.x.ai/v1",
                           http_client=httpx.Client(transport=meter.transport()))

The meter sits in an httpx transport (`metered`); this module holds what it knows: the
records, their totals, the budget, the catalog in force. One `MeterRecord` is made per successful
response of a metered endpoint, when its body ends or is closed; everything else passes and is
counted in `unmetered`. Costing uses `Catalog.bill`, the same rules as `cost --usage`, and every
cost is checked against `usage.cost_in_usd_ticks` when xAI reports it.

Thread-safe, and safe under asyncio: the state changes under one lock, never across an `await`.
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import math
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import ROUND_CEILING, Decimal
from os import PathLike
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs

from .._model.records import MeterRecord, Tallies, Totals
from .._model.usage import InvalidUsageError, read_usage
from .._schema.errors import XAIError
from .._schema.public import publish
from .._schema.units import UNIT_PRICE_PLACES, usd
from .metered import AsyncMeteredTransport, MeteredTransport

if TYPE_CHECKING:
    import httpx

    from .._model.catalog import Catalog
    from .._model.ledger import Ledger
    from .client import Client

__all__ = ["BudgetExceededError", "Meter", "key_fingerprint"]

log = logging.getLogger("xai_models.meter")

FETCH_RETRY: Final = 60.0
"""Seconds before a failed catalog fetch is tried again."""


class BudgetExceededError(XAIError):
    """The meter's total reached its budget, so this request was not sent.

    Deliberately not an httpx exception: HTTP clients (the openai SDK among them) would take it
    for a connection failure and retry it.
    """

    def __init__(self, spent: Decimal, budget: Decimal) -> None:
        super().__init__(f"the budget of ${budget:f} is spent (${spent:f} metered): not sent")
        self.spent = spent
        self.budget = budget


def key_fingerprint(authorization: str | None) -> str | None:
    """The first 8 hex digits of the SHA-256 of a bearer key (an `Authorization` header value)."""
    if not authorization:
        return None
    scheme, _, key = authorization.partition(" ")
    secret = key.strip() if scheme.lower() == "bearer" else authorization
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()[:8]


_NO_TAGS: Mapping[str, str] = MappingProxyType({})
_TAGS: contextvars.ContextVar[Mapping[str, str]] = contextvars.ContextVar(
    "xai_models_meter_tags", default=_NO_TAGS
)


class Meter:
    """Costs every response of xAI's inference endpoints that passes its transports.

    `catalog` is a `Catalog` (a snapshot, `catalog_at(...)`, or `client.catalog()`); or a `Client`
    whose catalog is fetched when first needed and again once older than `refresh` seconds; or any
    function that returns the catalog in force, called the same way (`lambda: catalog_at(DIR,
    datetime.now(UTC))` follows a history of snapshots from day to day).
    `budget` (USD) stops new inference requests once the metered total reaches it: they raise
    `BudgetExceededError` before anything is sent. Requests already in flight then still finish and
    count, so the total can pass the budget by what those cost. `ledger` is a path (or a `Ledger`)
    that gets one JSON line per record. `tags` label every record; `tagged()` adds more for the
    requests made inside it. `on_record` is called with each record (from the thread or task
    that closed the response; its exceptions are logged, never raised). `spent` (USD) counts
    toward the budget as already spent, as a ledger's total from earlier runs does. `records`
    keeps the newest `keep` records (a long-running meter must not grow); totals count them all.
    `warn_at` (USD) logs one warning (logger `xai_models.meter`) when the total first reaches it.
    """

    def __init__(
        self,
        catalog: Catalog | Client | Callable[[], Catalog],
        *,
        budget: Decimal | int | str | None = None,
        ledger: str | PathLike[str] | Ledger | None = None,
        tags: Mapping[str, str] | None = None,
        on_record: Callable[[MeterRecord], object] | None = None,
        refresh: float = 3600.0,
        spent: Decimal | int | str = 0,
        keep: int = 10_000,
        warn_at: Decimal | int | str | None = None,
    ) -> None:
        from .._model.catalog import Catalog  # noqa: PLC0415 - the meter's users have it loaded already
        from .._model.ledger import Ledger  # noqa: PLC0415
        from .client import Client  # noqa: PLC0415

        self._fetch: Callable[[], Catalog] | None = None
        self._catalog: Catalog | None = None
        if isinstance(catalog, Catalog):
            self._catalog = catalog
        elif isinstance(catalog, Client):
            self._fetch = catalog.catalog
        elif callable(catalog) and not isinstance(catalog, type):
            self._fetch = catalog
        else:
            raise TypeError(
                f"Meter needs a Catalog, a Client or a function returning a Catalog, not "
                f"{type(catalog).__name__} (an async meter fetches with a Client too, in a "
                "worker thread)"
            )
        self._fetched = -math.inf
        self._source: tuple[Catalog, str] | None = None
        self.refresh = refresh
        self.budget = None if budget is None else _usd(budget, "budget")
        self._budget_ticks = None if self.budget is None else _ticks(self.budget)
        self._spent_ticks = _ticks(_usd(spent, "spent"))
        self._warn_ticks = None if warn_at is None else _ticks(_usd(warn_at, "warn_at"))
        self.ledger = Ledger(ledger) if isinstance(ledger, str | PathLike) else ledger
        self.tags: Mapping[str, str] = dict(tags or {})
        self.on_record = on_record
        self._lock = threading.Lock()
        self._catalog_lock = threading.Lock()
        if isinstance(keep, bool) or not isinstance(keep, int) or keep < 0:
            raise ValueError(f"keep must be a whole number of records >= 0, got {keep!r}")
        self._records: deque[MeterRecord] = deque(maxlen=keep)
        self._tallies = Tallies()
        self._unmetered = 0

    def transport(self, inner: httpx.BaseTransport | None = None) -> httpx.BaseTransport:
        """An httpx transport that meters what passes through `inner` (default: a new
        `httpx.HTTPTransport()`)."""
        return MeteredTransport(self, inner)

    def async_transport(
        self, inner: httpx.AsyncBaseTransport | None = None
    ) -> httpx.AsyncBaseTransport:
        """The async twin of `transport()` (default inner: `httpx.AsyncHTTPTransport()`)."""
        return AsyncMeteredTransport(self, inner)

    @contextmanager
    def tagged(self, **tags: str) -> Iterator[None]:
        """Label the records of the requests made inside this block (per thread and task)."""
        token = _TAGS.set({**_TAGS.get(), **tags})
        try:
            yield
        finally:
            _TAGS.reset(token)

    @property
    def records(self) -> tuple[MeterRecord, ...]:
        """The newest records (at most `keep`), oldest first."""
        with self._lock:
            return tuple(self._records)

    @property
    def total_ticks(self) -> int:
        """The sum of every record's `ticks`."""
        return self._tallies.all.ticks

    @property
    def total(self) -> Decimal:
        """`total_ticks` in USD, exactly."""
        value = usd(self.total_ticks, UNIT_PRICE_PLACES)
        assert value is not None
        return value

    @property
    def summary(self) -> Totals:
        """The totals of every record so far."""
        with self._lock:
            return self._tallies.all.totals()

    @property
    def unmetered(self) -> int:
        """Responses that passed without a record: other endpoints, and error statuses."""
        return self._unmetered

    @property
    def disagreements(self) -> int:
        """Records whose exact estimate differs from what xAI billed."""
        return self._tallies.all.disagreements

    def totals(self, by: str = "model") -> dict[str, Totals]:
        """Totals of every record so far by "model", "tag", "key", "day" or "endpoint"."""
        with self._lock:
            return self._tallies.by(by)

    def close(self) -> None:
        """Close the ledger, if the meter opened it."""
        if self.ledger is not None:
            self.ledger.close()

    def _check_budget(self) -> None:
        """Raise BudgetExceededError once the total has reached the budget."""
        spent = self._spent_ticks + self._tallies.all.ticks
        if self._budget_ticks is not None and spent >= self._budget_ticks:
            assert self.budget is not None
            raise BudgetExceededError(usd(spent, UNIT_PRICE_PLACES) or Decimal(0), self.budget)

    def _count_unmetered(self) -> None:
        with self._lock:
            self._unmetered += 1

    def _start(self, request: httpx.Request, endpoint: str) -> Watch:
        """What the meter knows of a request when it is sent."""
        return Watch(
            meter=self,
            endpoint=endpoint,
            key=key_fingerprint(request.headers.get("authorization")),
            tags={**self.tags, **_TAGS.get()},
            request=request,
        )

    def _current_catalog(self) -> Catalog:
        """The catalog in force (fetched when due, for a meter given a Client or a function).

        A failed fetch never reaches the caller's request: the older catalog stays in force, and
        the next try waits `FETCH_RETRY` seconds (or `refresh`, if shorter). With no catalog at all
        it raises XAIError, which the record takes as its reason for being unpriced."""
        if self._fetch is None:
            assert self._catalog is not None
            return self._catalog
        with self._catalog_lock:
            if self._catalog_due():
                try:
                    self._catalog = self._fetch()
                except Exception as exc:  # noqa: BLE001 - a price source failing must not fail calls
                    kept = "keeping the older one" if self._catalog else "responses stay unpriced"
                    log.warning("cannot fetch the catalog (%s); %s", exc, kept)
                    self._fetched = time.monotonic() - self.refresh + min(FETCH_RETRY, self.refresh)
                else:
                    self._fetched = time.monotonic()
            if self._catalog is None:
                raise XAIError("no catalog to price with: fetching it failed")
            return self._catalog

    def _source_of(self, catalog: Catalog) -> str:
        """Where a catalog's prices come from and when, worked out once per catalog."""
        if self._source is None or self._source[0] is not catalog:
            self._source = (catalog, _price_source(catalog))
        return self._source[1]

    def _catalog_due(self) -> bool:
        """Whether costing the next record will fetch the catalog first (a blocking call)."""
        return self._fetch is not None and time.monotonic() - self._fetched >= self.refresh

    def _add(self, record: MeterRecord) -> None:
        with self._lock:
            self._records.append(record)
            self._tallies.add(record)
            spent = self._spent_ticks + self._tallies.all.ticks
            warn = self._warn_ticks is not None and spent >= self._warn_ticks
            if warn:
                self._warn_ticks = None  # once
        if warn:
            log.warning("metered spending reached $%s (budget: %s)", usd(spent, UNIT_PRICE_PLACES),
                        "none" if self.budget is None else f"${self.budget:f}")  # fmt: skip
        if record.agrees is False:
            log.warning(
                "%s %s: estimate %s ticks, xAI billed %s ticks",
                record.model, record.response_id, record.ticks, record.billed_ticks,
            )  # fmt: skip
        if self.ledger is not None:
            self.ledger.append(record)
        if self.on_record is not None:
            try:
                self.on_record(record)
            except Exception:
                log.exception("on_record failed for %s", record.response_id)


def _usd(value: Decimal | int | str, name: str) -> Decimal:
    try:
        amount = Decimal(value)
    except ArithmeticError:
        raise ValueError(f"{name} must be an amount of USD, got {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{name} must be a finite amount of USD >= 0, got {value!r}")
    return amount


def _ticks(amount: Decimal) -> int:
    """USD as whole ticks, a fraction of a tick rounded up (a budget is never exceeded by it)."""
    return int(amount.scaleb(UNIT_PRICE_PLACES).to_integral_value(rounding=ROUND_CEILING))


_MODEL_IN_REQUEST = re.compile(rb'(?<!\\)"model"\s*:\s*"([^"\\]{1,256})"')


@attrs.define(kw_only=True)
class Watch:
    """One metered request, from sending to its record (made once)."""

    meter: Meter
    endpoint: str
    key: str | None
    tags: Mapping[str, str]
    request: httpx.Request
    done: bool = False

    def finish(self, http_status: int, body: Mapping[str, Any] | None, *, streamed: bool,
               state: str, note: str | None = None) -> None:  # fmt: skip
        """Make the record: `state` is "ended" (the body ended), "closed" (closed before its
        end), "broken" (the upstream failed) or "unreadable"."""
        if self.done:
            return
        self.done = True
        fields: dict[str, Any] = {"note": note}
        if body is None or state != "ended":
            fields["status"] = {"ended": "no-usage", "unreadable": "unreadable"}.get(
                state, "incomplete"
            )
            fields["model"] = self._requested_model()
        else:
            fields.update(self._costed(body))
        self.meter._add(
            MeterRecord(
                time=datetime.now(UTC),
                endpoint=self.endpoint,
                streamed=streamed,
                http_status=http_status,
                key=self.key,
                tags=self.tags,
                **fields,
            )
        )

    def _costed(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The record's fields that a body with a usage gives."""
        response_id = body.get("id") if isinstance(body.get("id"), str) else None
        try:
            usage = read_usage(body)
        except InvalidUsageError as exc:
            model = body.get("model") if isinstance(body.get("model"), str) else None
            return {"status": "no-usage", "model": model or self._requested_model(),
                    "response_id": response_id, "note": str(exc)}  # fmt: skip
        model = usage.model or self._requested_model()
        fields = {"status": "unpriced", "model": model, "response_id": response_id,
                  "usage": usage.usage, "ticks": usage.billed_ticks,
                  "billed_ticks": usage.billed_ticks}  # fmt: skip
        if model is None:
            return {**fields, "note": "the response names no model"}
        try:
            catalog = self.meter._current_catalog()
            cost = catalog.bill(model, usage.usage, billed_ticks=usage.billed_ticks)
        except (XAIError, ValueError) as exc:
            return {**fields, "note": str(exc)}
        source = self.meter._source_of(catalog)
        return {**fields, "status": "costed", "model": cost.model_id, "ticks": cost.total_ticks,
                "tier": cost.tier, "price_source": source, "cost": cost}  # fmt: skip

    def _requested_model(self) -> str | None:
        """The model the request named, read from its body only when the response did not say."""
        try:
            content = self.request.content
        except Exception:  # noqa: BLE001 - a streamed request body is not kept: no model then
            return None
        match = _MODEL_IN_REQUEST.search(content)
        return None if match is None else match.group(1).decode("utf-8", "replace")


def _price_source(catalog: Catalog) -> str:
    return f"{catalog.source or 'catalog'} at {catalog.fetched_at.isoformat(timespec='seconds')}"


publish(BudgetExceededError, Meter)
