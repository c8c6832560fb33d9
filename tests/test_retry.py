"""Tests for retries (`_retry`): the pure RetryPolicy, parse_retry_after, and the two transports.

The transports are driven by a scripted transport (or httpx.MockTransport); sleeping is injected and
recorded, so no test waits and every delay is asserted exactly.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime

import httpx
import pytest

from xai_models._api import retry as _retry
from xai_models._api.retry import (
    AsyncRetryTransport,
    RetryPolicy,
    RetryTransport,
    parse_retry_after,
)

URL = "https://api.x.ai/v1/models"
NOW = datetime(2015, 10, 21, 7, 27, 30, tzinfo=UTC)

RETRYABLE_STATUSES = [408, 409, 429, 500, 502, 503, 504, 520, 599]
NOT_RETRIED_STATUSES = [200, 201, 204, 301, 304, 400, 401, 403, 404, 405, 418, 422]
RETRYABLE_ERRORS: list[type[httpx.TransportError]] = [
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.PoolTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.CloseError,
    httpx.RemoteProtocolError,
    httpx.ProxyError,
]
NOT_RETRIED_ERRORS: list[type[httpx.TransportError]] = [
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
]


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A streamed body, as a network transport gives it: `chunks`, then optionally an error."""

    def __init__(self, chunks: list[bytes], error: Exception | None = None) -> None:
        self.chunks = chunks
        self.error = error
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks
        if self.error is not None:
            raise self.error

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


Step = Callable[[int], httpx.Response]
"""Makes attempt n's response (n counts from 1), or raises attempt n's transport error."""


def status(code: int, headers: dict[str, str] | None = None, body: bytes | None = None) -> Step:
    """A streamed response with `code`; the body says which attempt it answered."""

    def step(attempt: int) -> httpx.Response:
        content = body if body is not None else json.dumps({"attempt": attempt}).encode()
        return httpx.Response(code, headers=headers, stream=Body([content]))

    return step


def error(cls: type[httpx.TransportError]) -> Step:
    """Raise `cls` naming the attempt."""

    def step(attempt: int) -> httpx.Response:
        raise cls(f"attempt {attempt}")

    return step


def broken(cls: type[httpx.TransportError], code: int = 200) -> Step:
    """A response whose body stream yields one chunk and then raises `cls`."""

    def step(attempt: int) -> httpx.Response:
        return httpx.Response(
            code, stream=Body([b'{"data": [{"id": "gr'], cls(f"cut at attempt {attempt}"))
        )

    return step


class Script(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Plays `steps` in order, the last one again for every further attempt."""

    def __init__(self, *steps: Step) -> None:
        self.steps = steps
        self.requests: list[httpx.Request] = []
        self.streams: list[object] = []
        self.closed = False

    @property
    def attempts(self) -> int:
        return len(self.requests)

    def _play(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps[min(len(self.requests), len(self.steps)) - 1]
        response = step(len(self.requests))
        self.streams.append(response.stream)
        return response

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._play(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self._play(request)

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def sync_get(
    script: httpx.BaseTransport,
    delays: list[float],
    policy: RetryPolicy | None = None,
    jitter: float = 0.0,
) -> httpx.Response:
    """GET through a RetryTransport over `script`, recording each requested sleep in `delays`."""
    transport = RetryTransport(
        script, policy or RetryPolicy(), sleep=delays.append, jitter=lambda: jitter
    )
    with httpx.Client(transport=transport) as client:
        return client.get(URL)


async def async_get(
    script: httpx.AsyncBaseTransport,
    delays: list[float],
    policy: RetryPolicy | None = None,
    jitter: float = 0.0,
) -> httpx.Response:
    """GET through an AsyncRetryTransport over `script`, recording each requested sleep."""

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    transport = AsyncRetryTransport(
        script, policy or RetryPolicy(), sleep=sleep, jitter=lambda: jitter
    )
    async with httpx.AsyncClient(transport=transport) as client:
        return await client.get(URL)


def attempt_of(response: httpx.Response) -> int:
    attempt: int = response.json()["attempt"]
    return attempt


class TestParseRetryAfter:
    """parse_retry_after reads retry-after-ms, else Retry-After in seconds or as an HTTP date."""

    @pytest.mark.parametrize(
        ("headers", "expected"),
        [
            ({"Retry-After": "3"}, 3.0),
            ({"retry-after": "0"}, 0.0),
            ({"Retry-After": "2.5"}, 2.5),
            ({"Retry-After": "120"}, 120.0),
            ({"Retry-After": " 7 "}, 7.0),
            ({"Retry-After": "-1"}, None),
            ({"Retry-After": "nan"}, None),
            ({"Retry-After": "inf"}, None),
            ({"Retry-After": "soon"}, None),
            ({"Retry-After": ""}, None),
            ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, 30.0),
            ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 -0000"}, 30.0),
            ({"Retry-After": "Wed, 21 Oct 2015 09:28:00 +0200"}, 30.0),
            ({"Retry-After": "Wed, 21 Oct 2015 07:00:00 GMT"}, 0.0),
            ({"Retry-After": "Thu, 01 Jan 2015 00:00:00 GMT"}, 0.0),
            ({"retry-after-ms": "1500"}, 1.5),
            ({"Retry-After-Ms": "0"}, 0.0),
            ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
            ({"retry-after-ms": "abc", "Retry-After": "2"}, 2.0),
            ({"retry-after-ms": "-5", "Retry-After": "2"}, 2.0),
            ({"retry-after-ms": "inf"}, None),
            ({"retry-after-ms": "nan", "Retry-After": "4"}, 4.0),
            ({}, None),
            ({"X-Other": "5"}, None),
        ],
    )
    def test_values(self, headers: dict[str, str], expected: float | None) -> None:
        """Each header combination gives the expected number of seconds, or None."""
        assert parse_retry_after(httpx.Headers(headers), now=NOW) == expected

    def test_date_uses_current_time_by_default(self) -> None:
        """Without `now`, a date long past still gives 0, and a far one a large wait."""
        assert (
            parse_retry_after(httpx.Headers({"Retry-After": "Mon, 01 Jan 2001 00:00:00 GMT"}))
            == 0.0
        )
        far = parse_retry_after(httpx.Headers({"Retry-After": "Fri, 01 Jan 2100 00:00:00 GMT"}))
        assert far is not None
        assert far > 10**8


class TestRetryPolicy:
    """The pure policy: what is retried and after how long."""

    def test_defaults(self) -> None:
        """2 retries, 0.5 s initial delay, 8 s cap, Retry-After honoured up to 60 s."""
        policy = RetryPolicy()
        assert policy.max_retries == 2
        assert policy.initial_delay == 0.5
        assert policy.max_delay == 8.0
        assert policy.max_retry_after == 60.0

    @pytest.mark.parametrize(
        ("retries_done", "expected"),
        [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (6, 8.0), (20, 8.0)],
    )
    def test_backoff_without_jitter(self, retries_done: int, expected: float) -> None:
        """0.5 s doubling per retry, capped at 8 s."""
        assert RetryPolicy().backoff(retries_done, 0.0) == expected

    @pytest.mark.parametrize(
        ("retries_done", "jitter", "expected"),
        [(0, 0.5, 0.4375), (1, 0.5, 0.875), (4, 0.5, 7.0), (0, 0.2, 0.475), (2, 0.8, 1.6)],
    )
    def test_backoff_with_jitter(self, retries_done: int, jitter: float, expected: float) -> None:
        """Jitter j takes off j x 25% of the delay."""
        assert RetryPolicy().backoff(retries_done, jitter) == pytest.approx(expected)

    @pytest.mark.parametrize("jitter", [0.0, 0.1, 0.5, 0.9, 0.999999])
    @pytest.mark.parametrize("retries_done", [0, 1, 2, 3, 4, 5])
    def test_jitter_bounds(self, retries_done: int, jitter: float) -> None:
        """With jitter in [0, 1) the delay stays between 75% and 100% of the backoff."""
        base = min(0.5 * 2**retries_done, 8.0)
        delay = RetryPolicy().backoff(retries_done, jitter)
        assert 0.75 * base <= delay <= base

    def test_custom_backoff(self) -> None:
        """initial_delay and max_delay shape the sequence."""
        policy = RetryPolicy(initial_delay=1.0, max_delay=3.0)
        assert [policy.backoff(n, 0.0) for n in range(4)] == [1.0, 2.0, 3.0, 3.0]

    @pytest.mark.parametrize("code", RETRYABLE_STATUSES)
    def test_retryable_status(self, code: int) -> None:
        """408, 409, 429 and every status >= 500 are retried with backoff."""
        policy = RetryPolicy()
        assert policy.delay_after_status(0, code, None, 0.0) == 0.5
        assert policy.delay_after_status(1, code, None, 0.0) == 1.0

    @pytest.mark.parametrize("code", NOT_RETRIED_STATUSES)
    def test_not_retried_status(self, code: int) -> None:
        """Successes, redirects and the other 4xx are returned as they are."""
        assert RetryPolicy().delay_after_status(0, code, None, 0.0) is None

    @pytest.mark.parametrize("code", [429, 503])
    def test_exhausted(self, code: int) -> None:
        """After max_retries retries nothing is retried, Retry-After or not."""
        policy = RetryPolicy(max_retries=2)
        assert policy.delay_after_status(2, code, None, 0.0) is None
        assert policy.delay_after_status(2, code, 1.0, 0.0) is None
        assert policy.delay_after_status(3, code, None, 0.0) is None

    def test_zero_retries(self) -> None:
        """max_retries=0 retries nothing."""
        policy = RetryPolicy(max_retries=0)
        assert policy.delay_after_status(0, 503, None, 0.0) is None
        assert policy.delay_after_error(0, httpx.ConnectError("x"), 0.0) is None

    @pytest.mark.parametrize(
        ("retry_after", "expected"),
        [(0.0, 0.0), (3.0, 3.0), (0.25, 0.25), (59.9, 59.9), (60.0, 60.0), (60.001, None)],
    )
    def test_retry_after(self, retry_after: float, expected: float | None) -> None:
        """Retry-After is waited exactly (no jitter) up to 60 s; longer means no retry."""
        assert RetryPolicy().delay_after_status(0, 429, retry_after, 0.9) == expected

    def test_custom_max_retry_after(self) -> None:
        """max_retry_after sets the longest Retry-After honoured."""
        policy = RetryPolicy(max_retry_after=5.0)
        assert policy.delay_after_status(0, 503, 5.0, 0.0) == 5.0
        assert policy.delay_after_status(0, 503, 6.0, 0.0) is None

    def test_retry_after_on_non_retryable_status(self) -> None:
        """A Retry-After on a 400 does not make it retryable."""
        assert RetryPolicy().delay_after_status(0, 400, 1.0, 0.0) is None

    @pytest.mark.parametrize("cls", RETRYABLE_ERRORS)
    def test_retryable_error(self, cls: type[httpx.TransportError]) -> None:
        """Timeouts, network, remote protocol and proxy errors are retried with backoff."""
        policy = RetryPolicy()
        assert policy.delay_after_error(0, cls("x"), 0.0) == 0.5
        assert policy.delay_after_error(1, cls("x"), 0.0) == 1.0
        assert policy.delay_after_error(2, cls("x"), 0.0) is None

    @pytest.mark.parametrize(
        "exc",
        [
            httpx.UnsupportedProtocol("x"),
            httpx.LocalProtocolError("x"),
            httpx.DecodingError("x"),
            httpx.TooManyRedirects("x"),
            ValueError("x"),
            RuntimeError("x"),
        ],
    )
    def test_not_retried_error(self, exc: Exception) -> None:
        """Other errors are raised at once."""
        assert RetryPolicy().delay_after_error(0, exc, 0.0) is None


class TestRetryTransportStatuses:
    """RetryTransport and error statuses."""

    @pytest.mark.parametrize("code", RETRYABLE_STATUSES)
    def test_retried_then_success(self, code: int) -> None:
        """A retryable status is retried after 0.5 s; the success is returned."""
        script, delays = Script(status(code), status(200)), []
        response = sync_get(script, delays)
        assert response.status_code == 200
        assert attempt_of(response) == 2
        assert script.attempts == 2
        assert delays == [0.5]

    @pytest.mark.parametrize("code", RETRYABLE_STATUSES)
    def test_exhausted_returns_last_response(self, code: int) -> None:
        """After max_retries retries the last response is returned, body intact."""
        script, delays = Script(status(code)), []
        response = sync_get(script, delays)
        assert response.status_code == code
        assert attempt_of(response) == 3
        assert script.attempts == 3
        assert delays == [0.5, 1.0]

    @pytest.mark.parametrize("code", NOT_RETRIED_STATUSES)
    def test_not_retried(self, code: int) -> None:
        """Other statuses are returned after one attempt, without sleeping."""
        script, delays = Script(status(code), status(200)), []
        response = sync_get(script, delays)
        assert response.status_code == code
        assert script.attempts == 1
        assert delays == []

    def test_max_retries_zero(self) -> None:
        """max_retries=0 makes exactly one attempt."""
        script, delays = Script(status(503), status(200)), []
        response = sync_get(script, delays, RetryPolicy(max_retries=0))
        assert response.status_code == 503
        assert script.attempts == 1
        assert delays == []

    @pytest.mark.parametrize(
        ("max_retries", "expected"),
        [
            (1, [0.5]),
            (5, [0.5, 1.0, 2.0, 4.0, 8.0]),
            (7, [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]),
        ],
    )
    def test_backoff_sequence(self, max_retries: int, expected: list[float]) -> None:
        """Delays double from 0.5 s and stop growing at 8 s; attempts = retries + 1."""
        script, delays = Script(status(500)), []
        sync_get(script, delays, RetryPolicy(max_retries=max_retries))
        assert delays == expected
        assert script.attempts == max_retries + 1

    def test_jitter_injected(self) -> None:
        """The injected jitter (0.5) takes 12.5% off each delay."""
        script, delays = Script(status(503)), []
        sync_get(script, delays, jitter=0.5)
        assert delays == [0.4375, 0.875]

    @pytest.mark.parametrize(
        ("headers", "expected"),
        [
            ({"Retry-After": "3"}, [3.0]),
            ({"Retry-After": "0"}, [0.0]),
            ({"Retry-After": "60"}, [60.0]),
            ({"retry-after-ms": "1500"}, [1.5]),
            ({"retry-after-ms": "200", "Retry-After": "30"}, [0.2]),
            ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, [0.0]),
            ({"Retry-After": "soon"}, [0.3875]),  # unreadable: backoff 0.5 less 0.9 x 25%
        ],
    )
    @pytest.mark.parametrize("code", [429, 503])
    def test_retry_after_honoured(
        self, code: int, headers: dict[str, str], expected: list[float]
    ) -> None:
        """The server's wait (up to 60 s) replaces the backoff; unreadable ones fall back to it."""
        script, delays = Script(status(code, headers), status(200)), []
        response = sync_get(script, delays, jitter=0.9)
        assert response.status_code == 200
        assert delays == pytest.approx(expected)

    @pytest.mark.parametrize(
        "headers",
        [
            {"Retry-After": "61"},
            {"Retry-After": "3600"},
            {"retry-after-ms": "60001"},
            {"Retry-After": "Fri, 01 Jan 2100 00:00:00 GMT"},
        ],
    )
    def test_retry_after_too_long(self, headers: dict[str, str]) -> None:
        """A wait over 60 s is not waited for: the response is returned at once."""
        script, delays = Script(status(429, headers), status(200)), []
        response = sync_get(script, delays)
        assert response.status_code == 429
        assert attempt_of(response) == 1
        assert script.attempts == 1
        assert delays == []

    def test_final_response_keeps_headers_and_request(self) -> None:
        """The returned response has its headers, body and the original request."""
        headers = {"x-request-id": "req-9", "content-type": "application/json"}
        script, delays = Script(status(502), status(200, headers, b'{"data": []}')), []
        response = sync_get(script, delays)
        assert response.headers["x-request-id"] == "req-9"
        assert response.json() == {"data": []}
        assert str(response.request.url) == URL

    def test_same_request_is_resent(self) -> None:
        """Every attempt sends the same method and URL."""
        script, delays = Script(status(503)), []
        sync_get(script, delays)
        assert [(r.method, str(r.url)) for r in script.requests] == [("GET", URL)] * 3

    def test_each_attempt_closed(self) -> None:
        """Every response the wrapped transport gave is closed (its connection released)."""
        script, delays = Script(status(503)), []
        sync_get(script, delays)
        assert len(script.streams) == 3
        assert all(isinstance(stream, Body) and stream.closed for stream in script.streams)


class TestRetryTransportErrors:
    """RetryTransport and transport errors."""

    @pytest.mark.parametrize("cls", RETRYABLE_ERRORS)
    def test_retried_then_success(self, cls: type[httpx.TransportError]) -> None:
        """A retryable transport error is retried after 0.5 s."""
        script, delays = Script(error(cls), status(200)), []
        response = sync_get(script, delays)
        assert response.status_code == 200
        assert script.attempts == 2
        assert delays == [0.5]

    @pytest.mark.parametrize("cls", [httpx.ConnectError, httpx.ReadTimeout, httpx.ProxyError])
    def test_exhausted_raises_last_error(self, cls: type[httpx.TransportError]) -> None:
        """After max_retries retries the last error is raised."""
        script, delays = Script(error(cls)), []
        with pytest.raises(cls, match=r"^attempt 3$"):
            sync_get(script, delays)
        assert script.attempts == 3
        assert delays == [0.5, 1.0]

    @pytest.mark.parametrize("cls", NOT_RETRIED_ERRORS)
    def test_not_retried(self, cls: type[httpx.TransportError]) -> None:
        """Other transport errors are raised after one attempt."""
        script, delays = Script(error(cls), status(200)), []
        with pytest.raises(cls, match=r"^attempt 1$"):
            sync_get(script, delays)
        assert script.attempts == 1
        assert delays == []

    def test_non_httpx_error_propagates(self) -> None:
        """An exception that is not a transport error passes through untouched."""

        def boom(attempt: int) -> httpx.Response:
            raise RuntimeError(f"bug {attempt}")

        script, delays = Script(boom, status(200)), []
        with pytest.raises(RuntimeError, match="bug 1"):
            sync_get(script, delays)
        assert script.attempts == 1
        assert delays == []

    def test_max_retries_zero(self) -> None:
        """max_retries=0: a connection error is raised after one attempt."""
        script, delays = Script(error(httpx.ConnectError), status(200)), []
        with pytest.raises(httpx.ConnectError):
            sync_get(script, delays, RetryPolicy(max_retries=0))
        assert script.attempts == 1

    def test_errors_and_statuses_share_the_budget(self) -> None:
        """Errors and statuses count against one max_retries, with one backoff sequence."""
        script = Script(
            error(httpx.ConnectError), status(503), error(httpx.ReadTimeout), status(200)
        )
        delays: list[float] = []
        response = sync_get(script, delays, RetryPolicy(max_retries=3))
        assert response.status_code == 200
        assert attempt_of(response) == 4
        assert delays == [0.5, 1.0, 2.0]

    def test_budget_runs_out_mid_sequence(self) -> None:
        """With 2 retries, error, 503, error raises the third error."""
        script = Script(error(httpx.ConnectError), status(503), error(httpx.ReadTimeout))
        delays: list[float] = []
        with pytest.raises(httpx.ReadTimeout, match="attempt 3"):
            sync_get(script, delays)
        assert delays == [0.5, 1.0]


class TestBrokenBodies:
    """RetryTransport reads the body before deciding: a body cut short is retried."""

    @pytest.mark.parametrize("cls", [httpx.ReadError, httpx.RemoteProtocolError, httpx.ReadTimeout])
    def test_retried_and_final_body_intact(self, cls: type[httpx.TransportError]) -> None:
        """Two cut bodies then a whole one: 3 attempts, 2 sleeps, the whole body returned."""
        whole = b'{"data": [{"id": "grok-3"}], "object": "list"}'
        script = Script(broken(cls), broken(cls), status(200, body=whole))
        delays: list[float] = []
        response = sync_get(script, delays)
        assert response.status_code == 200
        assert response.content == whole
        assert response.json()["data"][0]["id"] == "grok-3"
        assert script.attempts == 3
        assert delays == [0.5, 1.0]

    @pytest.mark.parametrize("failures", [1, 2, 3, 4])
    def test_attempts_are_failures_plus_one(self, failures: int) -> None:
        """n cut bodies before a whole one take n + 1 attempts."""
        steps = [broken(httpx.ReadError)] * failures + [status(200)]
        script, delays = Script(*steps), []
        response = sync_get(script, delays, RetryPolicy(max_retries=5))
        assert script.attempts == failures + 1
        assert attempt_of(response) == failures + 1
        assert len(delays) == failures

    def test_cut_error_status_body_retried(self) -> None:
        """A 503 whose body is cut is retried like a 503."""
        script = Script(broken(httpx.RemoteProtocolError, 503), status(200))
        delays: list[float] = []
        assert sync_get(script, delays).status_code == 200
        assert delays == [0.5]

    def test_always_cut_raises(self) -> None:
        """A body cut on every attempt raises the last error after max_retries retries."""
        script, delays = Script(broken(httpx.ReadError)), []
        with pytest.raises(httpx.ReadError, match="cut at attempt 3"):
            sync_get(script, delays)
        assert script.attempts == 3
        assert delays == [0.5, 1.0]

    def test_cut_bodies_are_closed(self) -> None:
        """Each cut response is closed before the retry."""
        script = Script(broken(httpx.ReadError), broken(httpx.ReadError), status(200))
        sync_get(script, [])
        assert [isinstance(b, Body) and b.closed for b in script.streams] == [True, True, True]

    def test_multi_chunk_body_joined(self) -> None:
        """A body streamed in several chunks arrives whole."""

        def step(attempt: int) -> httpx.Response:
            return httpx.Response(200, stream=Body([b'{"a"', b": ", b"[1, 2]", b"}"]))

        script = Script(step)
        assert sync_get(script, []).json() == {"a": [1, 2]}


class TestMockTransport:
    """The transports work over httpx.MockTransport, whose responses are already in memory."""

    def test_sync(self) -> None:
        """503 then 200 from a MockTransport handler: retried once, 200 body intact."""
        calls: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            calls.append(request)
            if len(calls) == 1:
                return httpx.Response(503, json={"code": "unavailable", "error": "busy"})
            return httpx.Response(200, json={"data": [], "object": "list"})

        delays: list[float] = []
        response = sync_get(httpx.MockTransport(handler), delays)
        assert response.status_code == 200
        assert response.json() == {"data": [], "object": "list"}
        assert len(calls) == 2
        assert delays == [0.5]

    def test_sync_exhausted(self) -> None:
        """A MockTransport always answering 429 gives back its last 429."""
        calls: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            calls.append(request)
            return httpx.Response(429, json={"n": len(calls)})

        delays: list[float] = []
        response = sync_get(httpx.MockTransport(handler), delays)
        assert response.status_code == 429
        assert response.json() == {"n": 3}
        assert delays == [0.5, 1.0]

    @pytest.mark.asyncio
    async def test_async(self) -> None:
        """503 then 200 from an async MockTransport handler: retried once, body intact."""
        calls: list[httpx.Request] = []

        async def handler(request: httpx.Request) -> httpx.Response:
            calls.append(request)
            if len(calls) == 1:
                return httpx.Response(503, json={"code": "unavailable", "error": "busy"})
            return httpx.Response(200, json={"data": [], "object": "list"})

        delays: list[float] = []
        response = await async_get(httpx.MockTransport(handler), delays)
        assert response.status_code == 200
        assert response.json() == {"data": [], "object": "list"}
        assert len(calls) == 2
        assert delays == [0.5]


class TestDefaultSleep:
    """Without `sleep=`, the module's sleep functions are looked up at each retry."""

    def test_sync_sleep_looked_up(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A replaced _retry.sync_sleep receives the delays."""
        recorded: list[float] = []
        monkeypatch.setattr(_retry, "sync_sleep", recorded.append)
        transport = RetryTransport(Script(status(503)), RetryPolicy(), jitter=lambda: 0.0)
        with httpx.Client(transport=transport) as client:
            assert client.get(URL).status_code == 503
        assert recorded == [0.5, 1.0]

    @pytest.mark.asyncio
    async def test_async_sleep_looked_up(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A replaced _retry.async_sleep receives the delays."""
        recorded: list[float] = []

        async def sleep(seconds: float) -> None:
            recorded.append(seconds)

        monkeypatch.setattr(_retry, "async_sleep", sleep)
        transport = AsyncRetryTransport(Script(status(503)), RetryPolicy(), jitter=lambda: 0.0)
        async with httpx.AsyncClient(transport=transport) as client:
            assert (await client.get(URL)).status_code == 503
        assert recorded == [0.5, 1.0]


class TestClose:
    """Closing a retry transport closes the wrapped one."""

    def test_sync(self) -> None:
        """RetryTransport.close closes the wrapped transport."""
        script = Script(status(200))
        RetryTransport(script, RetryPolicy()).close()
        assert script.closed

    @pytest.mark.asyncio
    async def test_async(self) -> None:
        """AsyncRetryTransport.aclose closes the wrapped transport."""
        script = Script(status(200))
        await AsyncRetryTransport(script, RetryPolicy()).aclose()
        assert script.closed


class TestAsyncRetryTransport:
    """AsyncRetryTransport behaves like RetryTransport."""

    @pytest.mark.asyncio
    @pytest.mark.parametrize("code", RETRYABLE_STATUSES)
    async def test_retried_then_success(self, code: int) -> None:
        """A retryable status is retried after 0.5 s; the success is returned."""
        script, delays = Script(status(code), status(200)), []
        response = await async_get(script, delays)
        assert response.status_code == 200
        assert attempt_of(response) == 2
        assert delays == [0.5]

    @pytest.mark.asyncio
    @pytest.mark.parametrize("code", [429, 500, 520])
    async def test_exhausted_returns_last_response(self, code: int) -> None:
        """After max_retries retries the last response is returned, body intact."""
        script, delays = Script(status(code)), []
        response = await async_get(script, delays)
        assert response.status_code == code
        assert attempt_of(response) == 3
        assert delays == [0.5, 1.0]

    @pytest.mark.asyncio
    @pytest.mark.parametrize("code", NOT_RETRIED_STATUSES)
    async def test_not_retried(self, code: int) -> None:
        """Other statuses are returned after one attempt."""
        script, delays = Script(status(code), status(200)), []
        response = await async_get(script, delays)
        assert response.status_code == code
        assert script.attempts == 1
        assert delays == []

    @pytest.mark.asyncio
    async def test_max_retries_zero(self) -> None:
        """max_retries=0 makes exactly one attempt."""
        script, delays = Script(status(503), status(200)), []
        response = await async_get(script, delays, RetryPolicy(max_retries=0))
        assert response.status_code == 503
        assert script.attempts == 1

    @pytest.mark.asyncio
    async def test_backoff_and_jitter(self) -> None:
        """Delays follow the same backoff, less the injected jitter."""
        script, delays = Script(status(500)), []
        await async_get(script, delays, RetryPolicy(max_retries=6), jitter=0.5)
        assert delays == [0.4375, 0.875, 1.75, 3.5, 7.0, 7.0]

    @pytest.mark.asyncio
    @pytest.mark.parametrize(
        ("headers", "expected"),
        [({"Retry-After": "3"}, [3.0]), ({"retry-after-ms": "1500"}, [1.5])],
    )
    async def test_retry_after_honoured(
        self, headers: dict[str, str], expected: list[float]
    ) -> None:
        """The server's wait replaces the backoff."""
        script, delays = Script(status(429, headers), status(200)), []
        assert (await async_get(script, delays)).status_code == 200
        assert delays == expected

    @pytest.mark.asyncio
    @pytest.mark.parametrize("headers", [{"Retry-After": "61"}, {"retry-after-ms": "120000"}])
    async def test_retry_after_too_long(self, headers: dict[str, str]) -> None:
        """A wait over 60 s is not waited for: the response is returned."""
        script, delays = Script(status(503, headers), status(200)), []
        response = await async_get(script, delays)
        assert response.status_code == 503
        assert script.attempts == 1
        assert delays == []

    @pytest.mark.asyncio
    @pytest.mark.parametrize("cls", RETRYABLE_ERRORS)
    async def test_error_retried(self, cls: type[httpx.TransportError]) -> None:
        """A retryable transport error is retried."""
        script, delays = Script(error(cls), status(200)), []
        assert (await async_get(script, delays)).status_code == 200
        assert delays == [0.5]

    @pytest.mark.asyncio
    async def test_error_exhausted_raises_last(self) -> None:
        """After max_retries retries the last transport error is raised."""
        script, delays = Script(error(httpx.ConnectTimeout)), []
        with pytest.raises(httpx.ConnectTimeout, match=r"^attempt 3$"):
            await async_get(script, delays)
        assert script.attempts == 3
        assert delays == [0.5, 1.0]

    @pytest.mark.asyncio
    @pytest.mark.parametrize("cls", NOT_RETRIED_ERRORS)
    async def test_error_not_retried(self, cls: type[httpx.TransportError]) -> None:
        """Other transport errors are raised after one attempt."""
        script, delays = Script(error(cls), status(200)), []
        with pytest.raises(cls):
            await async_get(script, delays)
        assert script.attempts == 1
        assert delays == []

    @pytest.mark.asyncio
    @pytest.mark.parametrize("cls", [httpx.ReadError, httpx.RemoteProtocolError])
    async def test_cut_body_retried(self, cls: type[httpx.TransportError]) -> None:
        """Bodies cut mid-stream are retried; attempts = failures + 1; final body intact."""
        whole = b'{"models": [{"id": "grok-3"}]}'
        script = Script(broken(cls), broken(cls), status(200, body=whole))
        delays: list[float] = []
        response = await async_get(script, delays)
        assert response.content == whole
        assert script.attempts == 3
        assert delays == [0.5, 1.0]
        assert all(isinstance(b, Body) and b.closed for b in script.streams)

    @pytest.mark.asyncio
    async def test_always_cut_raises(self) -> None:
        """A body cut on every attempt raises the last error."""
        script, delays = Script(broken(httpx.ReadError)), []
        with pytest.raises(httpx.ReadError, match="cut at attempt 3"):
            await async_get(script, delays)
        assert delays == [0.5, 1.0]
