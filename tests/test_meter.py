"""`Meter`: responses costed to the tick as they pass an httpx transport, the openai SDK included.

Every expected cost is what xAI billed for the published usage (tests/inference.py says where each
came from); the catalog is the hand-written one of test_usage, whose prices those bills reproduce.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from decimal import Decimal
from typing import Any

import httpx
import openai
import pytest
from inference import (
    EXAMPLES,
    billed,
    chat_body,
    chat_stream,
    image_body,
    responses_body,
    responses_stream,
)
from test_usage import catalog

from xai_models import (
    AsyncClient,
    BudgetExceededError,
    Catalog,
    Client,
    Meter,
    MeterRecord,
    XAIError,
)
from xai_models._api.mock import _Routes
from xai_models._model.observe import EventStreamObserver

KEY = "xai-meter-test-key-0123456789"
CHAT = billed("chat-cached-reasoning")  # 129,978,500 ticks
WEB = billed("responses-web-search")  # 211,960,000 ticks
LONG = billed("responses-long-context")  # 9,242,640,000 ticks


class Upstream:
    """A stand-in for api.x.ai: answers each inference request with a real body or stream."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.example = "chat-cached-reasoning"
        self.override: Callable[[httpx.Request], httpx.Response] | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.override is not None:
            return self.override(request)
        path = request.url.path
        if request.method == "GET":
            return json_answer({"object": "list", "data": []})
        payload = json.loads(request.content)
        stream = bool(payload.get("stream"))
        if path.endswith("/chat/completions"):
            if stream:
                return event_stream(chat_stream(self.example))
            return json_answer(chat_body(self.example))
        if path.endswith("/responses"):
            example = self.example if self.example != "chat-cached-reasoning" else EXAMPLES[1]
            if stream:
                return event_stream(responses_stream(example))
            return json_answer(responses_body(example))
        if path.endswith("/images/generations"):
            return json_answer(image_body(payload.get("n", 1)))
        return httpx.Response(404, json={"code": "not-found", "error": "no such endpoint"})


class Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that arrives chunk by chunk, as a real transport's does (never read in advance)."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk


def event_stream(chunks: list[bytes]) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=Chunks(chunks))


def json_answer(body: object, status: int = 200) -> httpx.Response:
    return httpx.Response(
        status,
        headers={"content-type": "application/json"},
        stream=Chunks([json.dumps(body).encode()]),
    )


def sdk(meter: Meter, upstream: Upstream, **options: Any) -> openai.OpenAI:
    http = httpx.Client(transport=meter.transport(httpx.MockTransport(upstream)))
    return openai.OpenAI(
        api_key=KEY,
        base_url="https://api.x.ai/v1",
        http_client=http,
        max_retries=options.pop("max_retries", 0),
        **options,
    )


def async_sdk(meter: Meter, upstream: Upstream) -> openai.AsyncOpenAI:
    http = httpx.AsyncClient(transport=meter.async_transport(httpx.MockTransport(upstream)))
    return openai.AsyncOpenAI(
        api_key=KEY, base_url="https://api.x.ai/v1", http_client=http, max_retries=0
    )


MESSAGES: Any = [{"role": "user", "content": "Say hello."}]


def chat(client: openai.OpenAI, **options: Any) -> Any:
    return client.chat.completions.create(model="grok-4.3", messages=MESSAGES, **options)


@pytest.fixture
def upstream() -> Upstream:
    return Upstream()


@pytest.fixture
def meter() -> Meter:
    return Meter(catalog())


class TestOpenAISync:
    """The openai SDK through `meter.transport()`: every call costed exactly, totals equal bills."""

    def test_chat(self, meter: Meter, upstream: Upstream) -> None:
        answer = chat(sdk(meter, upstream))
        assert answer.usage is not None
        assert answer.usage.prompt_tokens == 51059
        (record,) = meter.records
        assert (record.status, record.model, record.endpoint) == (
            "costed",
            "grok-4.3",
            "chat/completions",
        )
        assert (record.ticks, record.billed_ticks, record.agrees) == (CHAT, CHAT, True)
        assert record.response_id == "chatcmpl-1"
        assert record.streamed is False
        assert record.usage is not None
        assert record.usage.cached_prompt_tokens == 51008
        assert record.cost is not None
        assert record.cost.total_ticks == CHAT
        assert meter.total_ticks == CHAT
        assert meter.total == Decimal("0.01299785")

    def test_chat_streamed(self, meter: Meter, upstream: Upstream) -> None:
        words = [
            c.choices[0].delta.content
            for c in chat(sdk(meter, upstream), stream=True)
            if c.choices and c.choices[0].delta.content
        ]
        assert words == ["w0 ", "w1 ", "w2 "]
        (record,) = meter.records
        assert (record.status, record.streamed, record.ticks, record.agrees) == (
            "costed",
            True,
            CHAT,
            True,
        )
        assert record.response_id == "chatcmpl-2"

    @pytest.mark.parametrize("example", EXAMPLES[1:])
    @pytest.mark.parametrize("stream", [False, True])
    def test_responses(self, meter: Meter, upstream: Upstream, example: str, stream: bool) -> None:
        upstream.example = example
        client = sdk(meter, upstream)
        if stream:
            events = [
                e.type for e in client.responses.create(model="grok-4.6", input="hi", stream=True)
            ]
            assert events[-1] == "response.completed"
        else:
            client.responses.create(model="grok-4.6", input="hi")
        (record,) = meter.records
        assert (record.status, record.endpoint, record.streamed) == ("costed", "responses", stream)
        assert record.ticks == record.billed_ticks == billed(example)

    def test_long_context_tier(self, meter: Meter, upstream: Upstream) -> None:
        """416,634 prompt tokens pass the 200,000 threshold: every token at the long prices."""
        upstream.example = "responses-long-context"
        sdk(meter, upstream).responses.create(model="grok-4.6", input="hi")
        (record,) = meter.records
        assert record.tier == "long context"
        assert record.ticks == LONG

    def test_images(self, meter: Meter, upstream: Upstream) -> None:
        """No usage and no model in the answer: 3 images x 200,000,000 ticks, the model as asked."""
        sdk(meter, upstream).images.generate(model="grok-imagine-image", prompt="a cat", n=3)
        (record,) = meter.records
        assert (record.model, record.ticks, record.billed_ticks) == (
            "grok-imagine-image",
            600_000_000,
            None,
        )
        assert record.agrees is None

    def test_priority_tier(self, meter: Meter, upstream: Upstream) -> None:
        """service_tier "priority" doubles every token price: 2 x 129,978,500 ticks (no bill was
        published for a priority call, so none is reported here)."""
        body = {**chat_body(), "service_tier": "priority"}
        body["usage"] = {k: v for k, v in body["usage"].items() if k != "cost_in_usd_ticks"}
        upstream.override = lambda _: json_answer(body)
        chat(sdk(meter, upstream))
        (record,) = meter.records
        assert (record.ticks, record.tier, record.billed_ticks) == (
            2 * CHAT,
            "standard, priority",
            None,
        )

    def test_totals_equal_the_bills(self, meter: Meter, upstream: Upstream) -> None:
        client = sdk(meter, upstream)
        chat(client)
        list(chat(client, stream=True))
        for example in EXAMPLES[1:]:
            upstream.example = example
            client.responses.create(model="grok-4.6", input="hi")
            list(client.responses.create(model="grok-4.6", input="hi", stream=True))
        expected = 2 * (CHAT + WEB + LONG)
        assert meter.total_ticks == expected == sum(r.billed_ticks or 0 for r in meter.records)
        by_model = meter.totals("model")
        assert by_model["grok-4.3"].ticks == 2 * CHAT
        assert by_model["grok-4.6"].ticks == 2 * (WEB + LONG)
        assert by_model["grok-4.6"].requests == 4
        assert meter.disagreements == 0


class TestOpenAIAsync:
    """The async SDK through `meter.async_transport()`."""

    @pytest.mark.asyncio
    async def test_chat_and_stream(self, meter: Meter, upstream: Upstream) -> None:
        client = async_sdk(meter, upstream)
        await client.chat.completions.create(model="grok-4.3", messages=MESSAGES)
        stream = await client.chat.completions.create(
            model="grok-4.3", messages=MESSAGES, stream=True
        )
        async for _ in stream:
            pass
        upstream.example = "responses-long-context"
        await client.responses.create(model="grok-4.6", input="hi")
        events = await client.responses.create(model="grok-4.6", input="hi", stream=True)
        async for _ in events:
            pass
        assert [r.status for r in meter.records] == ["costed"] * 4
        assert meter.total_ticks == 2 * CHAT + 2 * LONG

    @pytest.mark.asyncio
    async def test_concurrent_tasks(self, meter: Meter, upstream: Upstream) -> None:
        client = async_sdk(meter, upstream)

        async def one(stream: bool) -> None:
            if stream:
                async for _ in await client.chat.completions.create(
                    model="grok-4.3", messages=MESSAGES, stream=True
                ):
                    pass
            else:
                await client.chat.completions.create(model="grok-4.3", messages=MESSAGES)

        await asyncio.gather(*(one(n % 2 == 0) for n in range(60)))
        assert len(meter.records) == 60
        assert meter.total_ticks == 60 * CHAT


def raw(transport: httpx.BaseTransport, *, stream: bool) -> tuple[bytes, list[bytes]]:
    with httpx.Client(transport=transport) as client:
        payload = {"model": "grok-4.3", "messages": MESSAGES, "stream": stream}
        with client.stream("POST", "https://api.x.ai/v1/chat/completions", json=payload) as r:
            chunks = list(r.iter_raw())
    return b"".join(chunks), chunks


class TestUntouched:
    """Bodies reach the caller byte for byte, and streams chunk by chunk."""

    @pytest.mark.parametrize("stream", [False, True])
    def test_same_bytes(self, meter: Meter, upstream: Upstream, stream: bool) -> None:
        plain = raw(httpx.MockTransport(upstream), stream=stream)
        metered = raw(meter.transport(httpx.MockTransport(upstream)), stream=stream)
        assert metered == plain
        assert meter.records[0].status == "costed"

    def test_gzip_body_read_and_passed_as_is(self, meter: Meter) -> None:
        packed = gzip.compress(json.dumps(chat_body()).encode())

        def gzipped(request: httpx.Request) -> httpx.Response:
            return httpx.Response(
                200,
                headers={"content-encoding": "gzip", "content-type": "application/json"},
                stream=Chunks([packed[:50], packed[50:]]),
            )

        body, _ = raw(meter.transport(httpx.MockTransport(gzipped)), stream=False)
        assert body == packed
        assert meter.records[0].ticks == CHAT

    def test_a_chunk_reaches_the_caller_before_the_next_is_made(self, meter: Meter) -> None:
        made: list[int] = []

        def slow_stream() -> Iterator[bytes]:
            for number, chunk in enumerate(chat_stream()):
                made.append(number)
                yield chunk

        def handler(request: httpx.Request) -> httpx.Response:
            return httpx.Response(
                200, headers={"content-type": "text/event-stream"}, content=slow_stream()
            )

        client = httpx.Client(transport=meter.transport(httpx.MockTransport(handler)))
        with client, client.stream("POST", "https://api.x.ai/v1/chat/completions", json={}) as r:
            for seen, _ in enumerate(r.iter_raw()):
                assert made[-1] == seen

    def test_other_endpoints_and_errors_pass_unmetered(
        self, meter: Meter, upstream: Upstream
    ) -> None:
        client = sdk(meter, upstream)
        client.models.list()
        upstream.override = lambda _: httpx.Response(
            400, json={"code": "invalid-argument", "error": "Incorrect API key provided"}
        )
        with pytest.raises(openai.BadRequestError):
            chat(client)
        upstream.override = lambda _: httpx.Response(503, text="<html>busy</html>")
        with pytest.raises(openai.InternalServerError):
            chat(client)
        assert meter.records == ()
        assert meter.unmetered == 3
        assert meter.total_ticks == 0

    def test_a_body_read_in_advance(self, meter: Meter) -> None:
        """httpx.MockTransport handlers that pass `json=` give a body already read."""
        answer = httpx.MockTransport(lambda _: httpx.Response(200, json=chat_body()))
        with httpx.Client(transport=meter.transport(answer)) as client:
            reply = client.post("https://api.x.ai/v1/chat/completions", json={})
        assert reply.json() == chat_body()
        assert meter.records[0].ticks == CHAT


class TestIncomplete:
    """A stream without usage, abandoned or broken is recorded as such, never as $0."""

    def test_stream_without_usage(self, meter: Meter, upstream: Upstream) -> None:
        upstream.override = lambda _: event_stream(chat_stream(usage=False))
        list(chat(sdk(meter, upstream), stream=True))
        (record,) = meter.records
        assert (record.status, record.ticks, record.model) == ("no-usage", None, "grok-4.3")
        assert meter.totals()["grok-4.3"].unpriced == 1

    def test_abandoned_stream(self, meter: Meter, upstream: Upstream) -> None:
        stream = chat(sdk(meter, upstream), stream=True)
        next(iter(stream))
        stream.close()
        (record,) = meter.records
        assert (record.status, record.ticks) == ("incomplete", None)

    def test_usage_read_before_the_caller_stops(self, meter: Meter, upstream: Upstream) -> None:
        """The SDK stops at [DONE] and closes; the final chunk had passed: the bill is known."""
        with httpx.Client(transport=meter.transport(httpx.MockTransport(upstream))) as client:
            payload = {"model": "grok-4.3", "stream": True}
            with client.stream("POST", "https://api.x.ai/v1/chat/completions", json=payload) as r:
                for line in r.iter_lines():
                    if "[DONE]" in line:
                        break
        assert meter.records[0].status == "costed"
        assert meter.records[0].ticks == CHAT

    def test_usage_in_every_chunk_then_abandoned(self, meter: Meter, upstream: Upstream) -> None:
        """A stream with a usage in each chunk, closed before [DONE]: its counts are not final."""
        chunks = chat_stream(words=1)
        partial = chunks[0].replace(b'"choices"', b'"usage": {"prompt_tokens": 5}, "choices"')
        upstream.override = lambda _: event_stream([partial, *chunks])
        client = httpx.Client(transport=meter.transport(httpx.MockTransport(upstream)))
        with client, client.stream("POST", "https://api.x.ai/v1/chat/completions", json={}) as r:
            next(r.iter_raw())
        (record,) = meter.records
        assert (record.status, record.ticks) == ("incomplete", None)

    def test_broken_stream(self, meter: Meter, upstream: Upstream) -> None:
        def breaking() -> Iterator[bytes]:
            yield from chat_stream()[:2]
            raise httpx.RemoteProtocolError("peer closed connection")

        upstream.override = lambda _: httpx.Response(
            200, headers={"content-type": "text/event-stream"}, content=breaking()
        )
        with pytest.raises(openai.APIError):
            list(chat(sdk(meter, upstream), stream=True))
        (record,) = meter.records
        assert record.status == "incomplete"
        assert "broke" in (record.note or "")

    def test_unknown_model_is_unpriced_with_its_counts(
        self, meter: Meter, upstream: Upstream
    ) -> None:
        body = {**chat_body(), "model": "grok-9"}
        upstream.override = lambda _: json_answer(body)
        chat(sdk(meter, upstream))
        (record,) = meter.records
        assert (record.status, record.model) == ("unpriced", "grok-9")
        assert record.usage is not None
        assert record.usage.prompt_tokens == 51059
        assert record.ticks == CHAT  # xAI's bill stands in for the price we lack
        assert "grok-9" in (record.note or "")

    def test_unknown_model_without_bill_is_not_zero(self, meter: Meter, upstream: Upstream) -> None:
        body = chat_body()
        body["model"] = "grok-9"
        body["usage"] = {k: v for k, v in body["usage"].items() if k != "cost_in_usd_ticks"}
        upstream.override = lambda _: json_answer(body)
        chat(sdk(meter, upstream))
        assert meter.records[0].ticks is None
        assert meter.total_ticks == 0
        assert meter.totals()["grok-9"].unpriced == 1

    def test_unreadable_body(self, meter: Meter, upstream: Upstream) -> None:
        upstream.override = lambda _: httpx.Response(
            200, headers={"content-type": "application/json"}, stream=Chunks([b"[" * 100_000])
        )
        with httpx.Client(transport=meter.transport(httpx.MockTransport(upstream))) as client:
            client.post("https://api.x.ai/v1/chat/completions", json={"model": "grok-4.3"})
        (record,) = meter.records
        assert record.status == "unreadable"
        assert record.model == "grok-4.3"


class TestCheckAgainstTheBill:
    def test_disagreement_is_counted_and_logged(
        self, meter: Meter, upstream: Upstream, caplog: pytest.LogCaptureFixture
    ) -> None:
        body = chat_body()
        body["usage"] = {**body["usage"], "cost_in_usd_ticks": CHAT + 1}
        upstream.override = lambda _: json_answer(body)
        with caplog.at_level(logging.WARNING, logger="xai_models.meter"):
            chat(sdk(meter, upstream))
        assert meter.disagreements == 1
        assert meter.records[0].agrees is False
        assert str(CHAT + 1) in caplog.text


class TestBudget:
    """Once the total reaches the budget, the next inference request is not sent."""

    def test_at_the_exact_edge(self, upstream: Upstream) -> None:
        meter = Meter(catalog(), budget=Decimal("0.01299785"))  # one chat answer, exactly
        client = sdk(meter, upstream, max_retries=2)
        chat(client)
        sent = len(upstream.requests)
        with pytest.raises(BudgetExceededError) as caught:
            chat(client)
        assert len(upstream.requests) == sent  # not sent, not retried
        assert caught.value.spent == caught.value.budget == Decimal("0.01299785")
        client.models.list()  # the Models endpoints keep working

    def test_one_tick_below_the_edge(self, upstream: Upstream) -> None:
        meter = Meter(catalog(), budget=Decimal("0.0129978501"))
        client = sdk(meter, upstream)
        chat(client)
        chat(client)  # 1 tick of budget left: still sent
        with pytest.raises(BudgetExceededError):
            chat(client)
        assert meter.total_ticks == 2 * CHAT

    def test_a_warning_once_at_the_threshold(
        self, upstream: Upstream, caplog: pytest.LogCaptureFixture
    ) -> None:
        meter = Meter(catalog(), warn_at="0.02", budget="1")
        client = sdk(meter, upstream)
        with caplog.at_level(logging.WARNING, logger="xai_models.meter"):
            chat(client)  # 0.01299785: below
            assert caplog.records == []
            chat(client)  # 0.0259957: reached
            chat(client)
        (warning,) = caplog.records
        assert "reached $0.0259957 (budget: $1)" in warning.getMessage()

    def test_not_an_httpx_error(self) -> None:
        assert issubclass(BudgetExceededError, XAIError)
        assert not issubclass(BudgetExceededError, httpx.HTTPError | OSError)

    @pytest.mark.asyncio
    async def test_async(self, upstream: Upstream) -> None:
        meter = Meter(catalog(), budget="0")
        with pytest.raises(BudgetExceededError):
            await async_sdk(meter, upstream).chat.completions.create(
                model="grok-4.3", messages=MESSAGES
            )
        assert upstream.requests == []

    @pytest.mark.parametrize("budget", ["-1", "NaN", "five", "Infinity"])
    def test_bad_budget(self, budget: str) -> None:
        with pytest.raises(ValueError, match="budget"):
            Meter(catalog(), budget=budget)


class TestTagsAndKeys:
    def test_tags(self, upstream: Upstream) -> None:
        meter = Meter(catalog(), tags={"app": "demo"})
        client = sdk(meter, upstream)
        chat(client)
        with meter.tagged(feature="search"):
            chat(client)
        assert [dict(r.tags) for r in meter.records] == [
            {"app": "demo"},
            {"app": "demo", "feature": "search"},
        ]
        by_tag = meter.totals("tag")
        assert by_tag["app=demo"].requests == 2
        assert by_tag["feature=search"].ticks == CHAT

    def test_key_fingerprint_only(self, meter: Meter, upstream: Upstream) -> None:
        chat(sdk(meter, upstream))
        assert meter.records[0].key == hashlib.sha256(KEY.encode()).hexdigest()[:8]
        assert KEY not in repr(meter.records[0])


class TestBounded:
    def test_records_kept_are_bounded_and_totals_count_all(self, upstream: Upstream) -> None:
        meter = Meter(catalog(), keep=3)
        client = sdk(meter, upstream)
        for _ in range(5):
            chat(client)
        assert len(meter.records) == 3
        assert meter.summary.requests == 5
        assert meter.total_ticks == 5 * CHAT
        assert meter.totals()["grok-4.3"].requests == 5

    @pytest.mark.parametrize("keep", [-1, 1.5, True])
    def test_bad_keep(self, keep: object) -> None:
        with pytest.raises(ValueError, match="keep"):
            Meter(catalog(), keep=keep)  # type: ignore[arg-type]


class TestThreads:
    def test_many_threads(self, meter: Meter, upstream: Upstream) -> None:
        client = sdk(meter, upstream)

        def work() -> None:
            for n in range(25):
                if n % 2:
                    list(chat(client, stream=True))
                else:
                    chat(client)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(meter.records) == 200
        assert meter.total_ticks == 200 * CHAT


class TestClientBacked:
    """A meter given a Client fetches the catalog when first needed and again after `refresh`."""

    def test_fetches_and_refreshes(self, upstream: Upstream) -> None:
        routes = _Routes(catalog())
        fetched: list[str] = []

        def models_api(request: httpx.Request) -> httpx.Response:
            fetched.append(request.url.path)
            status, body = routes.answer(request.url.path)
            return httpx.Response(status, content=body)

        api = Client(KEY, http_client=httpx.Client(transport=httpx.MockTransport(models_api)))
        meter = Meter(api, refresh=3600)
        client = sdk(meter, upstream)
        assert fetched == []  # nothing fetched before a response needs a price
        chat(client)
        chat(client)
        assert len(fetched) == 4  # the four lists, once
        meter.refresh = 0
        chat(client)
        assert len(fetched) == 8
        assert meter.total_ticks == 3 * CHAT

    def test_a_function_gives_the_catalog_in_force(self, upstream: Upstream) -> None:
        """A history of snapshots, read again when due: each response at the prices in force."""
        cheap = catalog()
        dear = Catalog.from_json(
            cheap.to_json().replace(
                '"prompt_text_token_price": 12500', '"prompt_text_token_price": 12501'
            )
        )
        in_force = iter([cheap, dear])
        meter = Meter(lambda: next(in_force), refresh=0)
        client = sdk(meter, upstream)
        chat(client)
        chat(client)
        first, second = meter.records
        assert (first.ticks, first.agrees) == (CHAT, True)
        assert second.ticks == CHAT + 51  # 51 uncached prompt tokens, one tick dearer each
        assert second.agrees is False

    def test_a_failing_price_source_never_fails_the_call(
        self, upstream: Upstream, caplog: pytest.LogCaptureFixture
    ) -> None:
        fetches: list[int] = []

        def down() -> Catalog:
            fetches.append(1)
            raise XAIError("Connection error.")

        meter = Meter(down)
        client = sdk(meter, upstream)
        with caplog.at_level(logging.WARNING, logger="xai_models.meter"):
            answer = chat(client)
            chat(client)
        assert answer.usage is not None
        assert [r.status for r in meter.records] == ["unpriced", "unpriced"]
        assert meter.records[0].ticks == CHAT  # xAI's bill stands in
        assert "no catalog" in (meter.records[0].note or "")
        assert len(fetches) == 1  # not tried again within FETCH_RETRY seconds
        assert "cannot fetch the catalog" in caplog.text

    @pytest.mark.asyncio
    async def test_a_failing_price_source_never_fails_an_async_call(
        self, upstream: Upstream
    ) -> None:
        def down() -> Catalog:
            raise OSError("no such history folder")

        meter = Meter(down)
        answer = await async_sdk(meter, upstream).chat.completions.create(
            model="grok-4.3", messages=MESSAGES
        )
        assert answer.usage is not None
        assert meter.records[0].status == "unpriced"

    def test_rejects_other_things(self) -> None:
        with pytest.raises(TypeError, match="a Catalog, a Client or a function"):
            Meter("catalog.json")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="AsyncClient"):
            Meter(AsyncClient(KEY))  # type: ignore[arg-type]


class TestObserver:
    def test_stream_memory_does_not_grow(self) -> None:
        observer = EventStreamObserver("")
        chunk = chat_stream(words=1)[0]
        for _ in range(20_000):
            observer.feed(chunk)
        for final in chat_stream()[-2:]:
            observer.feed(final)
        assert observer._data == []
        assert observer._pending == b""
        assert observer._last is not None
        assert len(observer._last[1]) < 2_000
        assert observer.result() is not None

    def test_record_type(self, meter: Meter, upstream: Upstream) -> None:
        chat(sdk(meter, upstream))
        assert isinstance(meter.records[0], MeterRecord)
        assert type(meter.records[0]).__module__ == "xai_models"
