"""Retries: a small pure policy, applied by an httpx transport that wraps the real one.

The policy decides; the transports only send, read and sleep. A transport reads each response's body
before deciding, so a body cut short, stalled past the read timeout or reset mid-way is retried like
any other fault. Sleeping is injected (`sleep=`, else the module's `sync_sleep` / `async_sleep`,
looked up at each retry), so tests run instantly and count attempts.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Generic, TypeVar

import attrs
import httpx

from .constants import (
    DEFAULT_MAX_RETRIES,
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
)

__all__ = [
    "AsyncRetryTransport",
    "RetryPolicy",
    "RetryTransport",
    "async_sleep",
    "parse_retry_after",
    "sync_sleep",
]

logger = logging.getLogger("xai_models")
S = TypeVar("S")

RETRYABLE_STATUSES = frozenset({408, 409, 429})
RETRYABLE_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
    httpx.ProxyError,
)
"""Timeouts, refused or reset connections, a server that closed without (all of) a response."""


def sync_sleep(seconds: float) -> None:
    """How a RetryTransport built without `sleep` waits; tests replace it to run instantly."""
    time.sleep(seconds)


async def async_sleep(seconds: float) -> None:
    """How an AsyncRetryTransport built without `sleep` waits; tests replace it to run instantly."""
    import asyncio  # noqa: PLC0415 - only asynchronous clients need it

    await asyncio.sleep(seconds)


def parse_retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds the server asks to wait: `retry-after-ms`, else `Retry-After` in seconds or as an
    HTTP date; `None` when absent or unreadable."""
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            value = float(milliseconds) / 1000
        except ValueError:
            value = -1.0
        if 0 <= value < float("inf"):
            return value
    retry_after = headers.get("retry-after")
    if retry_after is None:
        return None
    try:
        value = float(retry_after)
    except ValueError:
        try:
            moment = parsedate_to_datetime(retry_after)
        except (TypeError, ValueError, IndexError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        value = (moment - (now or datetime.now(UTC))).total_seconds()
        return max(value, 0.0)
    return value if 0 <= value < float("inf") else None


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """When to try again and after how long; pure, so it is tested without a network or a clock.

    Retries 408, 409, 429 and every status >= 500, and the transport errors in RETRYABLE_ERRORS, at
    most `max_retries` times. A server's Retry-After is honoured up to `max_retry_after` seconds; a
    longer one is not waited for (the error is raised at once). Otherwise the delay is exponential
    backoff from `initial_delay`, capped at `max_delay`, less up to 25% of jitter.
    """

    max_retries: int = DEFAULT_MAX_RETRIES
    initial_delay: float = INITIAL_RETRY_DELAY
    max_delay: float = MAX_RETRY_DELAY
    max_retry_after: float = MAX_RETRY_AFTER

    def delay_after_status(
        self, retries_done: int, status_code: int, retry_after: float | None, jitter: float
    ) -> float | None:
        """Seconds to wait before retrying after an answer, or `None` to return it as it is."""
        if retries_done >= self.max_retries:
            return None
        if status_code not in RETRYABLE_STATUSES and status_code < 500:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        return self.backoff(retries_done, jitter)

    def delay_after_error(self, retries_done: int, error: Exception, jitter: float) -> float | None:
        """Seconds to wait before retrying after a transport error, or `None` to raise it."""
        if retries_done >= self.max_retries or not isinstance(error, RETRYABLE_ERRORS):
            return None
        return self.backoff(retries_done, jitter)

    def backoff(self, retries_done: int, jitter: float) -> float:
        """Exponential backoff for the retry after `retries_done` retries; `jitter` is in [0, 1)."""
        delay = min(self.initial_delay * 2.0**retries_done, self.max_delay)
        return delay * (1.0 - 0.25 * jitter)


class _Retrying(Generic[S]):
    """What both transports share: their configuration, and the decision step (ask the policy,
    log a retry)."""

    def __init__(
        self,
        wrapped: S,
        policy: RetryPolicy,
        *,
        sleep: Callable[[float], Any] | None = None,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._wrapped = wrapped
        self._policy = policy
        self._sleep = sleep
        self._jitter = jitter

    def _delay_or_raise(
        self, request: httpx.Request, retries_done: int, error: httpx.TransportError
    ) -> float:
        """Seconds to wait before retrying after a transport error; raises it when not retried."""
        delay = self._delay(request, retries_done, error=error)
        if delay is None:
            raise error
        return delay

    def _delay(
        self,
        request: httpx.Request,
        retries_done: int,
        response: httpx.Response | None = None,
        error: Exception | None = None,
    ) -> float | None:
        """Seconds to wait before the next attempt, or None to give `response` or `error` back."""
        policy = self._policy
        if response is not None:
            status = response.status_code
            if status < 408:  # the common case: nothing below 408 is ever retried
                return None
            retry_after = parse_retry_after(response.headers)
            delay = policy.delay_after_status(retries_done, status, retry_after, self._jitter())
            cause = f"status {status}"
        else:
            assert error is not None
            delay = policy.delay_after_error(retries_done, error, self._jitter())
            cause = type(error).__name__
        if delay is not None:
            logger.debug(
                "retrying %s %s after %s in %.3f s (retry %d of %d)",
                request.method,
                request.url,
                cause,
                delay,
                retries_done + 1,
                policy.max_retries,
            )
        return delay


class RetryTransport(_Retrying[httpx.BaseTransport], httpx.BaseTransport):
    """Sends through `wrapped`, reading each body, and retries as `policy` decides."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        retries_done = 0
        while True:
            try:
                response = self._wrapped.handle_request(request)
                try:
                    response.read()
                finally:
                    response.close()
            except httpx.TransportError as exc:
                delay = self._delay_or_raise(request, retries_done, exc)
            else:
                wait = self._delay(request, retries_done, response=response)
                if wait is None:
                    return response
                delay = wait
            (self._sleep or sync_sleep)(delay)
            retries_done += 1

    def close(self) -> None:
        self._wrapped.close()


class AsyncRetryTransport(_Retrying[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport):
    """The asynchronous twin of RetryTransport."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        retries_done = 0
        while True:
            try:
                response = await self._wrapped.handle_async_request(request)
                try:
                    await response.aread()
                finally:
                    await response.aclose()
            except httpx.TransportError as exc:
                delay = self._delay_or_raise(request, retries_done, exc)
            else:
                wait = self._delay(request, retries_done, response=response)
                if wait is None:
                    return response
                delay = wait
            await (self._sleep or async_sleep)(delay)
            retries_done += 1

    async def aclose(self) -> None:
        await self._wrapped.aclose()
