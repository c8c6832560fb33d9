"""Requirement 3: exhaustion. A fault that never ends costs exactly max_retries + 1 attempts, then
the typed error; a Retry-After above the cap is not waited for."""

from __future__ import annotations

from typing import Any

import pytest

from xai_models import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AsyncClient,
    Client,
    InternalServerError,
    RateLimitError,
)

from .faultserver import (
    CLOSE,
    GARBAGE,
    RESET,
    STALL,
    TRUNCATE,
    Fault,
    FaultServer,
    empty,
    html,
    rate_limited,
    reply,
)
from .helpers import KEY, call_async, call_sync, report, targets

RATE_LIMITED = b'{"code":"Too Many Requests","error":"Rate limit reached, please retry."}'
ENDLESS: list[tuple[Fault, type[APIError], int | None]] = [
    (html(500), InternalServerError, 500),
    (empty(500), InternalServerError, 500),
    (reply(429, RATE_LIMITED, name="429 no retry-after"), RateLimitError, 429),
    (rate_limited(seconds="2"), RateLimitError, 429),
]
MAX_RETRIES = (0, 1, 2, 5)
BROKEN: list[tuple[Fault, type[APIError]]] = [
    (RESET, APIConnectionError),
    (CLOSE, APIConnectionError),
    (TRUNCATE, APIConnectionError),
    (GARBAGE, APIConnectionError),
    (STALL, APITimeoutError),
]
OVER_THE_CAP: list[Fault] = [
    rate_limited(seconds="61"),
    rate_limited(seconds="3600"),
    rate_limited(date_in=120.0),
    reply(
        429, RATE_LIMITED, name="429 retry-after-ms 60001", headers=[("retry-after-ms", "60001")]
    ),
]


def outcome(error: BaseException, attempts: int, waits: list[float]) -> tuple[Any, ...]:
    return type(error), getattr(error, "status_code", None), attempts, len(waits)


class TestEndlessErrors:
    def test_always_500_and_always_429(self, server: FaultServer, sleeps: list[float]) -> None:
        """Always 500 or 429: max_retries + 1 attempts, max_retries waits, then the typed error."""
        endpoint, model_id, target = targets(server.api)[1]
        problems, runs = [], 0
        for fault, cls, status in ENDLESS:
            server.always(target, fault)
            for max_retries in MAX_RETRIES:
                sleeps.clear()
                before = server.attempts[target]
                with (
                    Client(KEY, base_url=server.url, max_retries=max_retries, timeout=10) as client,
                    pytest.raises(APIError) as caught,
                ):
                    call_sync(client, endpoint, model_id)
                runs += 1
                got = outcome(caught.value, server.attempts[target] - before, sleeps)
                want = (cls, status, max_retries + 1, max_retries)
                if got != want:
                    problems.append(f"{fault.name}, max_retries={max_retries}: {got} != {want}")
        report(
            f"exhaustion: {len(ENDLESS)} endless error answers x max_retries {MAX_RETRIES} = {runs}"
            f" runs; {runs - len(problems)} with exactly max_retries + 1 attempts, then the typed"
            f" error; max_retries=0 gave 1 attempt; {len(problems)} problems"
        )
        assert not problems, "\n".join(problems)

    @pytest.mark.asyncio
    async def test_always_500_and_always_429_async(
        self, server: FaultServer, sleeps: list[float]
    ) -> None:
        """The same through AsyncClient."""
        endpoint, model_id, target = targets(server.api)[2]
        problems = []
        for fault, cls, status in ENDLESS:
            server.always(target, fault)
            for max_retries in MAX_RETRIES:
                sleeps.clear()
                before = server.attempts[target]
                async with AsyncClient(
                    KEY, base_url=server.url, max_retries=max_retries, timeout=10
                ) as client:
                    with pytest.raises(APIError) as caught:
                        await call_async(client, endpoint, model_id)
                got = outcome(caught.value, server.attempts[target] - before, sleeps)
                want = (cls, status, max_retries + 1, max_retries)
                if got != want:
                    problems.append(f"{fault.name}, max_retries={max_retries}: {got} != {want}")
        report(
            f"exhaustion (async): {len(ENDLESS)} endless error answers x max_retries "
            f"{MAX_RETRIES}: {len(ENDLESS) * len(MAX_RETRIES) - len(problems)} of "
            f"{len(ENDLESS) * len(MAX_RETRIES)} with max_retries + 1 attempts, then the typed error"
        )
        assert not problems, "\n".join(problems)

    def test_broken_connections_every_time(self, server: FaultServer, sleeps: list[float]) -> None:
        """Resets, closes, cut, garbage or stalled bodies every time: max_retries + 1 attempts."""
        endpoint, model_id, target = targets(server.api)[0]
        problems = []
        for fault, cls in BROKEN:
            server.always(target, fault)
            for max_retries in (0, 2):
                sleeps.clear()
                before = server.attempts[target]
                with (
                    Client(
                        KEY, base_url=server.url, max_retries=max_retries, timeout=0.3
                    ) as client,
                    pytest.raises(APIError) as caught,
                ):
                    call_sync(client, endpoint, model_id)
                got = outcome(caught.value, server.attempts[target] - before, sleeps)
                want = (cls, None, max_retries + 1, max_retries)
                if got != want or (cls is APIConnectionError and type(caught.value) is not cls):
                    problems.append(f"{fault.name}, max_retries={max_retries}: {got} != {want}")
        report(
            f"exhaustion: {len(BROKEN)} endless connection faults x max_retries (0, 2) = "
            f"{2 * len(BROKEN)} runs; {2 * len(BROKEN) - len(problems)} with max_retries + 1 "
            f"attempts, then APIConnectionError (APITimeoutError for stalls); "
            f"{len(problems)} problems"
        )
        assert not problems, "\n".join(problems)


class TestRetryAfterCap:
    def test_above_the_cap_is_not_waited_for(
        self, server: FaultServer, sleeps: list[float]
    ) -> None:
        """A Retry-After over 60 s (seconds, date or ms): 1 attempt, no wait, RateLimitError."""
        endpoint, model_id, target = targets(server.api)[3]
        problems = []
        with Client(KEY, base_url=server.url, max_retries=5, timeout=10) as client:
            for fault in OVER_THE_CAP:
                server.script(target, fault)
                sleeps.clear()
                before = server.attempts[target]
                with pytest.raises(APIError) as caught:
                    call_sync(client, endpoint, model_id)
                got = outcome(caught.value, server.attempts[target] - before, sleeps)
                if got != (RateLimitError, 429, 1, 0):
                    problems.append(f"{fault.name}: {got}")
            # The control: at the cap, the wait is asked for in full and the retry succeeds.
            server.script(target, rate_limited(seconds="60"))
            sleeps.clear()
            before = server.attempts[target]
            call_sync(client, endpoint, model_id)
            at_cap = (server.attempts[target] - before, list(sleeps))
        report(
            f"retry-after cap: {len(OVER_THE_CAP)} answers over 60 s (61 s, 3600 s, a date 120 s "
            f"on, 60001 ms): {len(OVER_THE_CAP) - len(problems)} raised RateLimitError after 1 "
            f"attempt with no wait; at 60 s: {at_cap[0]} attempts, waits {at_cap[1]}"
        )
        assert not problems, "\n".join(problems)
        assert at_cap == (2, [60.0])

    @pytest.mark.asyncio
    async def test_above_the_cap_async(self, server: FaultServer, sleeps: list[float]) -> None:
        """The same through AsyncClient."""
        endpoint, model_id, target = targets(server.api)[4]
        async with AsyncClient(KEY, base_url=server.url, max_retries=5, timeout=10) as client:
            for fault in OVER_THE_CAP:
                server.script(target, fault)
                before = server.attempts[target]
                with pytest.raises(RateLimitError):
                    await call_async(client, endpoint, model_id)
                assert server.attempts[target] - before == 1, fault.name
        report(
            f"retry-after cap (async): {len(OVER_THE_CAP)} answers over 60 s: RateLimitError after"
            f" 1 attempt each, {len(sleeps)} waits"
        )
        assert sleeps == []
