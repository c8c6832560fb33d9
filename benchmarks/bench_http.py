"""Request throughput: the floor, the generated client, openai and xai_models, interleaved."""

from __future__ import annotations

import asyncio
import gc
import json
from collections.abc import Callable, Coroutine, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import httpx
import openai
from bench_data import DATASETS, Dataset
from bench_profile import Profile, profile_async, profile_sync
from bench_report import Section, Target, format_table
from bench_server import Server
from bench_stats import (
    Summary,
    Timer,
    async_timer,
    interleave,
    paired_ratio,
    summarize,
    sync_timer,
)

import xai_models
from xai_models_generated import Client as GenClient
from xai_models_generated.api.models import (
    get_model,
    list_image_generation_models,
    list_language_models,
    list_models,
    list_video_generation_models,
)

__all__ = ["run"]

API_KEY = "xai-benchmark-key"
FLOOR = "floor: httpx.Client.get + json.loads"
ASYNC_FLOOR = "async floor: httpx.AsyncClient.get + json.loads"
GENERATED = "xai_models_generated (raw)"
OPENAI = "openai (models.list/retrieve)"
XAI = "xai_models Client"
XAI_ASYNC = "xai_models AsyncClient"
PROFILE_SECONDS = 1.5


@dataclass(frozen=True)
class Case:
    """One request measured against every contender that can make it."""

    key: str
    title: str
    prefix: str
    endpoint: str
    rounds: int
    warmup: int
    max_ratio: float | None = None
    """The target for xai_models: its median at most this many times the floor's."""
    aim: float | None = None
    openai_factor: float | None = None
    """The target against openai: xai_models at least this many times faster."""

    @property
    def dataset(self) -> Dataset:
        return DATASETS[self.prefix]

    @property
    def is_get(self) -> bool:
        return self.endpoint.endswith("}")

    @property
    def is_language(self) -> bool:
        return "language" in self.endpoint

    @property
    def list_endpoint(self) -> str:
        return self.endpoint.split("/{", 1)[0]

    def path(self, model_id: str) -> str:
        return self.endpoint.replace("{id}", model_id)


@dataclass(frozen=True)
class Options:
    scale: float = 1.0
    """Multiplies every case's number of rounds (`--quick` uses less)."""
    profile_all: bool = False
    """Profile the xai_models side of every target, met or not."""


def _shape_cases() -> tuple[Case, ...]:
    """Every item shape of real catalogs, in each family and in /v1/models, at 100 and 10,000
    items: <= 1.30x the floor at 100, <= 1.50x at 10,000."""
    cases = []
    for endpoint, what in (
        ("/v1/models", "models, mixed 60% language / 25% image / 15% video"),
        ("/v1/language-models", "language models without long-context fields"),
        ("/v1/image-generation-models", "image models with pricing tiers"),
        ("/v1/video-generation-models", "video models"),
    ):
        name = endpoint.removeprefix("/v1/").replace("-", "_")
        cases.append(Case(f"shapes_{name}_100", f"list 100 {what}", "/s100", endpoint, 400, 30,
                          max_ratio=1.30))  # fmt: skip
        cases.append(Case(f"shapes_{name}_10000", f"list 10,000 {what}", "/s10000", endpoint, 30,
                          3, max_ratio=1.50,
                          openai_factor=10.0 if endpoint == "/v1/models" else None))  # fmt: skip
    cases.append(Case("plain_images_100", "list 100 image models without tiers", "/plain100",
                      "/v1/image-generation-models", 400, 30, max_ratio=1.30))  # fmt: skip
    cases.append(Case("plain_images_10000", "list 10,000 image models without tiers",
                      "/plain10000", "/v1/image-generation-models", 30, 3,
                      max_ratio=1.50))  # fmt: skip
    return tuple(cases)


CASES = (
    Case("get_model", "get one model", "/n100", "/v1/models/{id}", 1000, 100, max_ratio=1.10),
    Case("list_models_100", "list 100 models", "/n100", "/v1/models", 400, 30),
    Case(
        "list_language_models_100",
        "list 100 language models",
        "/n100",
        "/v1/language-models",
        400,
        30,
        max_ratio=1.30,
    ),
    Case(
        "list_models_10000",
        "list 10,000 models",
        "/n10000",
        "/v1/models",
        40,
        3,
        openai_factor=10.0,
    ),
    Case(
        "list_language_models_10000",
        "list 10,000 language models",
        "/n10000",
        "/v1/language-models",
        40,
        3,
        max_ratio=1.50,
    ),
    *_shape_cases(),
)


@dataclass
class Clients:
    """One client of each kind for one data set; each keeps one keep-alive connection."""

    floor: httpx.Client
    async_floor: httpx.AsyncClient
    generated: GenClient
    openai: openai.OpenAI
    xai: xai_models.Client
    xai_async: xai_models.AsyncClient


@dataclass
class Contender:
    """One way to make the case's request: a sync `call` or an async `acall`."""

    name: str
    ids: Callable[[Any], list[str]]
    """The ids of the models in a result, to check that every contender got them all."""
    call: Callable[[], Any] | None = None
    acall: Callable[[], Coroutine[Any, Any, Any]] | None = None

    def run_once(self, runner: asyncio.Runner) -> Any:
        if self.call is not None:
            return self.call()
        assert self.acall is not None
        return runner.run(self.acall())

    def timer(self, runner: asyncio.Runner) -> Timer:
        if self.call is not None:
            return sync_timer(self.call)
        assert self.acall is not None
        return async_timer(runner, self.acall)


@contextmanager
def _clients(server: Server, runner: asyncio.Runner, dataset: Dataset) -> Iterator[Clients]:
    base_url = server.url(dataset.prefix)
    auth = {"Authorization": f"Bearer {API_KEY}"}
    with ExitStack() as stack:
        async_floor = httpx.AsyncClient(headers=auth)
        stack.callback(lambda: runner.run(async_floor.aclose()))
        xai_async = runner.run(_async_client(base_url))
        stack.callback(lambda: runner.run(xai_async.close()))
        yield Clients(
            floor=stack.enter_context(httpx.Client(headers=auth)),
            async_floor=async_floor,
            generated=stack.enter_context(GenClient(base_url=base_url, headers=auth)),
            openai=stack.enter_context(
                openai.OpenAI(api_key=API_KEY, base_url=f"{base_url}/v1", max_retries=0)
            ),
            xai=stack.enter_context(xai_models.Client(API_KEY, base_url=base_url, max_retries=0)),
            xai_async=xai_async,
        )


async def _async_client(base_url: str) -> xai_models.AsyncClient:
    """Made inside the event loop, as an application would."""
    return xai_models.AsyncClient(API_KEY, base_url=base_url, max_retries=0)


def _item_ids(items: list[Any]) -> list[str]:
    return [item["id"] if isinstance(item, dict) else item.id for item in items]


def _one_id(result: Any) -> list[str]:
    return _item_ids([result])


def _get_contenders(case: Case, clients: Clients, model_id: str) -> list[Contender]:
    url = f"{clients.xai.base_url}{case.path(model_id)}"

    def floor() -> Any:
        return json.loads(clients.floor.get(url).content)

    async def async_floor() -> Any:
        return json.loads((await clients.async_floor.get(url)).content)

    def generated() -> Any:
        return get_model.sync(model_id, client=clients.generated)

    def with_openai() -> Any:
        return clients.openai.models.retrieve(model_id)

    def xai() -> Any:
        return clients.xai.models.get(model_id)

    async def xai_async() -> Any:
        return await clients.xai_async.models.get(model_id)

    return [
        Contender(FLOOR, call=floor, ids=_one_id),
        Contender(ASYNC_FLOOR, acall=async_floor, ids=_one_id),
        Contender(GENERATED, call=generated, ids=_one_id),
        Contender(OPENAI, call=with_openai, ids=_one_id),
        Contender(XAI, call=xai, ids=_one_id),
        Contender(XAI_ASYNC, acall=xai_async, ids=_one_id),
    ]


_FAMILIES = {
    "/v1/models": ("data", "models", list_models),
    "/v1/language-models": ("models", "language_models", list_language_models),
    "/v1/image-generation-models": (
        "models",
        "image_generation_models",
        list_image_generation_models,
    ),
    "/v1/video-generation-models": (
        "models",
        "video_generation_models",
        list_video_generation_models,
    ),
}


def _list_contenders(case: Case, clients: Clients) -> list[Contender]:
    url = f"{clients.xai.base_url}{case.endpoint}"
    key, resource, generated_operation = _FAMILIES[case.endpoint]
    xai = getattr(clients.xai, resource)
    xai_async = getattr(clients.xai_async, resource)

    def floor() -> Any:
        return json.loads(clients.floor.get(url).content)

    async def async_floor() -> Any:
        return json.loads((await clients.async_floor.get(url)).content)

    def generated() -> Any:
        return generated_operation.sync(client=clients.generated)

    def with_openai() -> Any:
        return clients.openai.models.list().data

    def body_ids(body: Any) -> list[str]:
        return _item_ids(body[key])

    def generated_ids(result: Any) -> list[str]:
        return _item_ids(getattr(result, key))

    contenders = [
        Contender(FLOOR, call=floor, ids=body_ids),
        Contender(ASYNC_FLOOR, acall=async_floor, ids=body_ids),
        Contender(GENERATED, call=generated, ids=generated_ids),
    ]
    if case.endpoint == "/v1/models":  # openai knows /v1/models only
        contenders.append(Contender(OPENAI, call=with_openai, ids=_item_ids))
    contenders += [
        Contender(XAI, call=xai.list, ids=_item_ids),
        Contender(XAI_ASYNC, acall=xai_async.list, ids=_item_ids),
    ]
    return contenders


def _expected_ids(case: Case, model_id: str) -> list[str]:
    if case.is_get:
        return [model_id]
    return [item["id"] for item in case.dataset.items(case.list_endpoint)]


def _warm_up(
    case: Case, contenders: list[Contender], runner: asyncio.Runner, expected: list[str]
) -> None:
    """Open each client's connection, fill lazy imports and caches, and check every result."""
    for contender in contenders:
        for _ in range(case.warmup):
            result = contender.run_once(runner)
        got = contender.ids(result)
        if got != expected:
            raise RuntimeError(
                f"{case.key}: {contender.name} returned {len(got)} models, not the {len(expected)} "
                "expected (or in another order)"
            )
        del result


@dataclass
class CaseResult:
    case: Case
    samples: dict[str, list[float]]
    contenders: list[Contender]
    requests: int
    new_connections: int

    @cached_property
    def summaries(self) -> dict[str, Summary]:
        return {name: summarize(values) for name, values in self.samples.items()}

    def ratio(self, name: str, floor: str = FLOOR) -> float:
        """The ratio of medians (what the targets use)."""
        return self.summaries[name].median / self.summaries[floor].median

    def paired_ratio(self, name: str, floor: str = FLOOR) -> float:
        """The median of the ratios within each round: a check on noise (close to `ratio`)."""
        return paired_ratio(self.samples[name], self.samples[floor])


def _measure(
    case: Case, clients: Clients, server: Server, runner: asyncio.Runner, scale: float
) -> CaseResult:
    model_id = case.dataset.model_id(case.dataset.models // 2)
    contenders = (
        _get_contenders(case, clients, model_id) if case.is_get else _list_contenders(case, clients)
    )
    _warm_up(case, contenders, runner, _expected_ids(case, model_id))
    rounds = max(5, round(case.rounds * scale))
    before = server.stats()
    gc.collect()
    gc.freeze()  # what set-up left alive is not the collector's work while timing
    try:
        samples = interleave({c.name: c.timer(runner) for c in contenders}, rounds)
    finally:
        gc.unfreeze()
    after = server.stats()
    return CaseResult(
        case=case,
        samples=samples,
        contenders=contenders,
        requests=after["requests"] - before["requests"],
        new_connections=after["connections"] - before["connections"],
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f}" if seconds < 0.01 else f"{seconds * 1000:.1f}"


def _table(result: CaseResult) -> str:
    rows = [
        [
            name,
            _ms(summary.median),
            _ms(summary.p90),
            f"{result.ratio(name):.2f}x",
            f"{result.paired_ratio(name):.2f}x",
            f"{result.ratio(name, ASYNC_FLOOR):.2f}x",
        ]
        for name, summary in result.summaries.items()
    ]
    headers = ["contender", "median ms", "p90 ms", "x floor", "paired", "x async floor"]
    return f"{result.case.title} (GET {result.case.endpoint})\n" + format_table(headers, rows)


def _ratio_target(result: CaseResult, name: str, floor: str, limit: float) -> Target:
    ratio = result.ratio(name, floor)
    aim = f" (aim {result.case.aim:.2f}x)" if result.case.aim else ""
    short_floor = "async floor" if floor == ASYNC_FLOOR else "floor"
    return Target(
        name=f"{result.case.title}: {name}",
        goal=f"<= {limit:.2f}x {short_floor}{aim}",
        measured=f"{ratio:.2f}x",
        passed=ratio <= limit,
        miss="" if ratio <= limit else f"{ratio - limit:.2f}x ({(ratio / limit - 1):.0%})",
    )


def _openai_target(result: CaseResult, name: str, factor: float) -> Target:
    measured = result.summaries[OPENAI].median / result.summaries[name].median
    return Target(
        name=f"{result.case.title}: {name} vs openai",
        goal=f">= {factor:.0f}x faster than openai",
        measured=f"{measured:.1f}x faster",
        passed=measured >= factor,
        miss=""
        if measured >= factor
        else f"{factor - measured:.1f}x ({1 - measured / factor:.0%})",
    )


def _openai_note(result: CaseResult, factor: float) -> str:
    """What the openai target asks of xai_models, in terms of the floor."""
    openai_ms = result.summaries[OPENAI].median * 1000
    floor_ms = result.summaries[FLOOR].median * 1000
    needed = openai_ms / factor
    return (
        f"{result.case.title}: openai takes {openai_ms:.1f} ms, {openai_ms / floor_ms:.2f}x the "
        f"floor; {factor:.0f}x faster than openai means at most {needed:.1f} ms, "
        f"{needed / floor_ms:.2f}x the floor (which is one httpx.get and json.loads of the body)."
    )


def _targets(result: CaseResult) -> list[tuple[Target, str]]:
    """Each target of the case, with the contender to profile when it is missed."""
    case, targets = result.case, []
    if case.max_ratio is not None:
        targets.append((_ratio_target(result, XAI, FLOOR, case.max_ratio), XAI))
        targets.append((_ratio_target(result, XAI_ASYNC, ASYNC_FLOOR, case.max_ratio), XAI_ASYNC))
    if case.openai_factor is not None:
        targets.append((_openai_target(result, XAI, case.openai_factor), XAI))
        targets.append((_openai_target(result, XAI_ASYNC, case.openai_factor), XAI_ASYNC))
    return targets


def _profile_contender(result: CaseResult, name: str, runner: asyncio.Runner) -> Profile:
    contender = next(c for c in result.contenders if c.name == name)
    calls = max(3, round(PROFILE_SECONDS / result.summaries[name].median))
    if contender.call is not None:
        return profile_sync(contender.call, calls)
    assert contender.acall is not None
    return profile_async(runner, contender.acall, calls)


def _profile(result: CaseResult, name: str, runner: asyncio.Runner) -> str:
    """The contender's profile, and what it spends beyond its floor (sync or async)."""
    floor = ASYNC_FLOOR if name == XAI_ASYNC else FLOOR
    profile = _profile_contender(result, name, runner)
    baseline = _profile_contender(result, floor, runner)
    return f"{profile.report()}\n\nAgainst the {floor}:\n{profile.difference(baseline)}"


def _run_case(
    case: Case,
    clients: Clients,
    server: Server,
    runner: asyncio.Runner,
    options: Options,
    section: Section,
) -> None:
    result = _measure(case, clients, server, runner, options.scale)
    section.tables.append(_table(result))
    expected_requests = result.summaries[FLOOR].n * len(result.summaries)
    section.notes.append(
        f"{case.title}: {result.summaries[FLOOR].n} interleaved rounds after {case.warmup} "
        f"warm-up calls each; {result.requests} requests served (expected {expected_requests}), "
        f"{result.new_connections} new connections while timing (keep-alive: expected 0)."
    )
    section.data[case.key] = {
        "endpoint": case.endpoint,
        "items": 1 if case.is_get else _count(case),
        "requests": result.requests,
        "new_connections_while_timing": result.new_connections,
        "contenders": {
            name: summary.as_dict()
            | {
                "ratio_to_floor": result.ratio(name),
                "paired_ratio_to_floor": result.paired_ratio(name),
                "ratio_to_async_floor": result.ratio(name, ASYNC_FLOOR),
            }
            for name, summary in result.summaries.items()
        },
    }
    if case.openai_factor is not None:
        section.notes.append(_openai_note(result, case.openai_factor))
    for target, contender in _targets(result):
        section.targets.append(target)
        if not target.passed or options.profile_all:
            section.profiles[target.name] = _profile(result, contender, runner)
    gc.collect()


def _count(case: Case) -> int:
    return len(case.dataset.items(case.list_endpoint))


def run(server: Server, options: Options) -> Section:
    section = Section("throughput", "Requests: one loopback server, precomputed bodies, keep-alive")
    with asyncio.Runner() as runner, ExitStack() as stack:
        clients = {
            prefix: stack.enter_context(_clients(server, runner, DATASETS[prefix]))
            for prefix in dict.fromkeys(case.prefix for case in CASES)
        }
        for case in CASES:
            print(f"  {case.title} ...", flush=True)
            _run_case(case, clients[case.prefix], server, runner, options, section)
    return section
