"""The catalog cache (`cache_ttl`): lookups without requests; AsyncClient.catalog() overlaps."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from bench_data import DATASETS, Dataset
from bench_report import Section, Target, format_table
from bench_server import Server
from bench_stats import Summary, async_timer, interleave, summarize, sync_timer

import xai_models

__all__ = ["run"]

API_KEY = "xai-benchmark-key"
LOOKUP_PASSES = 100
"""Each sample looks every name of the data set up this many times."""
LOOKUP_ROUNDS = 15
CATALOG_ROUNDS = 15
MAX_LOOKUP_US = 10.0
MAX_CATALOG_RATIO = 1.3
SHORT_TTL = 0.2


def _lookup_timer(lookup: Callable[[str], Any], names: list[str]) -> Callable[[], float]:
    """A timer whose 'duration' is the mean seconds per lookup over LOOKUP_PASSES passes."""
    batch = names * LOOKUP_PASSES

    def timed() -> float:
        started = time.perf_counter()
        for name in batch:
            lookup(name)
        return (time.perf_counter() - started) / len(batch)

    return timed


def _check_lookups(client: xai_models.Client, catalog: xai_models.Catalog, data: Dataset) -> None:
    """Aliases must lead to the canonical model, by get() and by find()."""
    index = data.language_models // 2
    model_id, alias = data.language_model_id(index), data.language_model_alias(index)
    assert client.language_models.get(alias).id == model_id
    assert [model.id for model in catalog.find(alias)] == [model_id]
    assert client.models.get(data.model_alias(index)).id == data.model_id(index)


def _lookup_timers(
    client: xai_models.Client, catalog: xai_models.Catalog, data: Dataset
) -> dict[str, tuple[Callable[[], float], bool]]:
    """Each lookup's timer, and whether the target applies to it (get() and find())."""
    language_ids = [data.language_model_id(i) for i in range(data.language_models)]
    language_aliases = [data.language_model_alias(i) for i in range(data.language_models)]
    model_ids = [data.model_id(i) for i in range(data.models)]
    model_aliases = [data.model_alias(i) for i in range(data.models)]
    language, models = client.language_models, client.models
    return {
        "language_models.get(id)": (_lookup_timer(language.get, language_ids), True),
        "language_models.get(alias)": (_lookup_timer(language.get, language_aliases), True),
        "models.get(id)": (_lookup_timer(models.get, model_ids), True),
        "models.get(alias)": (_lookup_timer(models.get, model_aliases), True),
        "catalog.find(id)": (_lookup_timer(catalog.find, language_ids), True),
        "catalog.find(alias)": (_lookup_timer(catalog.find, language_aliases), True),
        "language_models.list() (cached)": (
            _lookup_timer(lambda _: language.list(), ["list"]),
            False,
        ),
        "client.catalog() (cached)": (_lookup_timer(lambda _: client.catalog(), ["c"]), False),
    }


def _requests_after_ttl(server: Server, data: Dataset) -> int:
    """Requests made by a get() once the TTL has run out (expected: 1)."""
    with xai_models.Client(
        API_KEY, base_url=server.url(data.prefix), cache_ttl=SHORT_TTL
    ) as client:
        client.language_models.list()
        time.sleep(SHORT_TTL * 1.5)
        before = server.stats()["requests"]
        client.language_models.get(data.language_model_id(0))
        return server.stats()["requests"] - before


def _cached_lookups(server: Server, section: Section) -> None:
    data = DATASETS["/n100"]
    with xai_models.Client(API_KEY, base_url=server.url(data.prefix), cache_ttl=600) as client:
        catalog = client.catalog()  # the four lists: fills the cache
        catalog.find(data.language_model_id(0))  # builds the catalog's index once
        before = server.stats()["requests"]
        _check_lookups(client, catalog, data)
        timers = _lookup_timers(client, catalog, data)
        samples = interleave({name: timer for name, (timer, _) in timers.items()}, LOOKUP_ROUNDS)
        requests = server.stats()["requests"] - before
    summaries = {name: summarize(values) for name, values in samples.items()}
    rows = [
        [name, f"{s.median * 1e6:.2f}", f"{s.p90 * 1e6:.2f}", "yes" if timers[name][1] else "info"]
        for name, s in summaries.items()
    ]
    lookups = LOOKUP_ROUNDS * LOOKUP_PASSES * (4 * data.language_models + 2 * data.models)
    section.tables.append(
        f"Client(cache_ttl=600) after one catalog() ({data.language_models} language models, "
        f"{data.models} models; {LOOKUP_ROUNDS} interleaved rounds of {LOOKUP_PASSES} passes over "
        f"every name)\n"
        + format_table(["lookup", "median us/lookup", "p90 us/lookup", "target"], rows)
    )
    after_ttl = _requests_after_ttl(server, data)
    section.notes.append(
        f"Requests counted at the server during {lookups:,} cached get()/find() lookups "
        f"and the cached list()/catalog() calls: {requests}. After the TTL ({SHORT_TTL} s) ran "
        f"out, one get() made {after_ttl} request(s) (expected 1)."
    )
    targeted = [s.median * 1e6 for name, s in summaries.items() if timers[name][1]]
    slowest = max(targeted)
    section.targets.append(
        Target(
            name="cached get()/find() by id or alias: requests",
            goal="0 requests",
            measured=f"{requests} requests",
            passed=requests == 0,
            miss="" if requests == 0 else f"{requests} requests",
        )
    )
    section.targets.append(
        Target(
            name="cached get()/find() by id or alias: time",
            goal=f"microseconds (<= {MAX_LOOKUP_US:.0f} us each)",
            measured=f"slowest median {slowest:.2f} us",
            passed=slowest <= MAX_LOOKUP_US,
            miss="" if slowest <= MAX_LOOKUP_US else f"{slowest - MAX_LOOKUP_US:.2f} us",
        )
    )
    section.data["cached_lookups_us"] = {
        name: {"median_us": s.median * 1e6, "p90_us": s.p90 * 1e6} for name, s in summaries.items()
    }
    section.data["requests_during_cached_lookups"] = requests
    section.data["requests_after_ttl"] = after_ttl


async def _async_client(base_url: str) -> xai_models.AsyncClient:
    return xai_models.AsyncClient(API_KEY, base_url=base_url, max_retries=0)


def _catalog_overlap(server: Server, section: Section) -> None:
    data = DATASETS["/slow"]
    base_url = server.url(data.prefix)
    with asyncio.Runner() as runner, xai_models.Client(API_KEY, base_url=base_url) as sync:
        client = runner.run(_async_client(base_url))
        try:
            runner.run(client.catalog())  # opens the four connections it keeps
            sync.catalog()
            before = server.stats()
            samples = interleave(
                {
                    "AsyncClient: one request (models.list())": async_timer(
                        runner, client.models.list
                    ),
                    "AsyncClient.catalog(): four lists": async_timer(runner, client.catalog),
                    "Client.catalog() (sync, one after another)": sync_timer(sync.catalog),
                },
                CATALOG_ROUNDS,
            )
            after = server.stats()
        finally:
            runner.run(client.close())
    summaries = {name: summarize(values) for name, values in samples.items()}
    one, concurrent = (summaries[name] for name in list(summaries)[:2])
    _report_overlap(section, data, summaries, one, concurrent, before, after)


def _report_overlap(
    section: Section,
    data: Dataset,
    summaries: dict[str, Summary],
    one: Summary,
    concurrent: Summary,
    before: dict[str, int],
    after: dict[str, int],
) -> None:
    rows = [
        [name, f"{s.median * 1000:.1f}", f"{s.p90 * 1000:.1f}", f"{s.median / one.median:.2f}x"]
        for name, s in summaries.items()
    ]
    section.tables.append(
        f"A server that waits {data.delay * 1000:.0f} ms before each response "
        f"({CATALOG_ROUNDS} interleaved rounds)\n"
        + format_table(["call", "median ms", "p90 ms", "x one request"], rows)
    )
    requests = after["requests"] - before["requests"]
    section.notes.append(
        f"Requests while timing: {requests} (expected {CATALOG_ROUNDS * 9}: 1 + 4 + 4 a round); "
        f"new connections: {after['connections'] - before['connections']} (expected 0)."
    )
    ratio = concurrent.median / one.median
    section.targets.append(
        Target(
            name="AsyncClient.catalog() with 50 ms per response",
            goal=f"<= {MAX_CATALOG_RATIO:.2f}x one request",
            measured=f"{ratio:.2f}x",
            passed=ratio <= MAX_CATALOG_RATIO,
            miss="" if ratio <= MAX_CATALOG_RATIO else f"{ratio - MAX_CATALOG_RATIO:.2f}x",
        )
    )
    section.data["catalog_with_delay"] = {
        "delay_s": data.delay,
        "calls": {name: s.as_dict() for name, s in summaries.items()},
        "ratio_async_catalog_to_one_request": ratio,
        "requests": requests,
    }


def run(server: Server) -> Section:
    section = Section("cache", "Catalog cache and concurrent catalog()")
    _cached_lookups(server, section)
    _catalog_overlap(server, section)
    return section
