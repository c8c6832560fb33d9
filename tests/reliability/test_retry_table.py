"""Requirement 2: the retry table, over real sockets.

Each retryable fault, 0, 1 or 2 times before a success, costs exactly that many extra attempts and
the call still returns the right data; an error status that is not retryable is answered after one
attempt with the right class, status_code, code and message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from support import EXAMPLES
from xai_models import (
    APIStatusError,
    AsyncClient,
    AuthenticationError,
    BadRequestError,
    Client,
    NotFoundError,
    PermissionDeniedError,
    UnprocessableEntityError,
    XAIError,
)

from .faultserver import (
    CLOSE,
    GARBAGE,
    RESET,
    STALL,
    TRUNCATE,
    Endpoint,
    ExampleAPI,
    Fault,
    FaultServer,
    empty,
    html,
    rate_limited,
    reply,
)
from .helpers import KEY, call_async, call_sync, encoded, report, targets

RETRYABLE_STATUSES = (408, 409, 429, 500, 502, 503, 504, 520)
RETRY_AFTER_SECONDS = rate_limited(seconds="1")
RETRY_AFTER_DATE = rate_limited(date_in=5.0)
RETRYABLE: tuple[Fault, ...] = (
    *(make(status) for status in RETRYABLE_STATUSES for make in (html, empty)),
    RETRY_AFTER_SECONDS,
    RETRY_AFTER_DATE,
    RESET,
    CLOSE,
    TRUNCATE,
    STALL,
    GARBAGE,
)
FAILURES = (0, 1, 2)
STALL_TIMEOUT = 0.5
"""The client timeout for stalled bodies: each stall costs this much wall time."""


@dataclass(frozen=True)
class Case:
    fault: Fault
    failures: int
    endpoint: Endpoint
    model_id: str | None
    target: str

    def __str__(self) -> str:
        return f"{self.fault.name} x{self.failures} on {self.target}"


def retry_cases(api: ExampleAPI) -> list[Case]:
    """Every retryable fault x every failure count, spread over the eight endpoints."""
    endpoints = targets(api)
    cases = []
    for fault in RETRYABLE:
        for failures in FAILURES:
            endpoint, model_id, target = endpoints[len(cases) % len(endpoints)]
            cases.append(Case(fault, failures, endpoint, model_id, target))
    return cases


def wait_problems(case: Case, waits: list[float]) -> list[str]:
    """Retry-After is honoured exactly; otherwise the waits are the documented backoff."""
    if len(waits) != case.failures:
        return [f"{case}: {len(waits)} waits, expected {case.failures}"]
    for retry, wait in enumerate(waits):
        if case.fault is RETRY_AFTER_SECONDS:
            good = wait == 1.0
        elif case.fault is RETRY_AFTER_DATE:
            good = 3.5 < wait <= 5.0
        else:
            backoff = 0.5 * 2**retry
            good = 0.75 * backoff <= wait <= backoff
        if not good:
            return [f"{case}: wait {wait} before retry {retry + 1}"]
    return []


def case_problems(
    case: Case, api: ExampleAPI, attempts: int, waits: list[float], value: Any
) -> list[str]:
    problems = wait_problems(case, waits)
    if attempts != case.failures + 1:
        problems.append(f"{case}: {attempts} attempts, expected {case.failures + 1}")
    if encoded(value) != api.expected(case.target):
        problems.append(f"{case}: wrong data {encoded(value)!r:.200}")
    return problems


def table_figure(mode: str, cases: list[Case], problems: list[str]) -> str:
    faults = len({case.fault.name for case in cases})
    good = len(cases) - len({problem.split(":")[0] for problem in problems})
    return (
        f"retry table ({mode}): {faults} retryable faults x failures {FAILURES} = {len(cases)} "
        f"cases over 8 endpoints; {good} with attempts == failures + 1, the documented waits "
        f"and the right data; {len(problems)} problems"
    )


class TestRetryableFaults:
    def test_sync(self, server: FaultServer, sleeps: list[float]) -> None:
        """Each retryable fault x {0, 1, 2} failures: failures + 1 attempts, then the right data."""
        cases, problems = retry_cases(server.api), []
        with (
            Client(KEY, base_url=server.url, timeout=10) as patient,
            Client(KEY, base_url=server.url, timeout=STALL_TIMEOUT) as impatient,
        ):
            for case in cases:
                server.script(case.target, *[case.fault] * case.failures)
                before = server.attempts[case.target]
                sleeps.clear()
                client = impatient if case.fault is STALL else patient
                try:
                    value = call_sync(client, case.endpoint, case.model_id)
                except XAIError as error:
                    problems.append(f"{case}: raised {error!r}")
                    continue
                attempts = server.attempts[case.target] - before
                problems += case_problems(case, server.api, attempts, list(sleeps), value)
        report(table_figure("sync", cases, problems))
        assert not problems, "\n".join(problems)

    @pytest.mark.asyncio
    async def test_async(self, server: FaultServer, sleeps: list[float]) -> None:
        """The same table through AsyncClient."""
        cases, problems = retry_cases(server.api), []
        async with (
            AsyncClient(KEY, base_url=server.url, timeout=10) as patient,
            AsyncClient(KEY, base_url=server.url, timeout=STALL_TIMEOUT) as impatient,
        ):
            for case in cases:
                server.script(case.target, *[case.fault] * case.failures)
                before = server.attempts[case.target]
                sleeps.clear()
                client = impatient if case.fault is STALL else patient
                try:
                    value = await call_async(client, case.endpoint, case.model_id)
                except XAIError as error:
                    problems.append(f"{case}: raised {error!r}")
                    continue
                attempts = server.attempts[case.target] - before
                problems += case_problems(case, server.api, attempts, list(sleeps), value)
        report(table_figure("async", cases, problems))
        assert not problems, "\n".join(problems)


def example_body(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


NOT_RETRYABLE: list[tuple[int, bytes, type[APIStatusError]]] = [
    (
        400,
        b'{"code":"Client specified an invalid argument","error":"Argument model is invalid"}',
        BadRequestError,
    ),
    (400, example_body("error-400-invalid-api-key.json"), AuthenticationError),
    (401, b'{"code":"Unauthenticated","error":"No API key was provided."}', AuthenticationError),
    (403, example_body("error-403-no-credits.json"), PermissionDeniedError),
    (404, example_body("error-404-not-found.json"), NotFoundError),
    (422, b'{"code":422,"error":"Failed to deserialize the request"}', UnprocessableEntityError),
]


def error_problems(
    status: int, body: bytes, cls: type[APIStatusError], error: Exception, attempts: int
) -> list[str]:
    expected = json.loads(body)
    got = (
        type(error),
        getattr(error, "status_code", None),
        getattr(error, "code", None),
        getattr(error, "message", None),
        attempts,
    )
    want = (cls, status, expected["code"], expected["error"], 1)
    return [] if got == want else [f"{status} {cls.__name__}: got {got!r:.300}, want {want!r:.300}"]


def error_figure(mode: str, calls: int, problems: list[str]) -> str:
    return (
        f"non-retryable ({mode}): {len(NOT_RETRYABLE)} error answers (400, 400 wrong key, 401, "
        f"403, 404, 422) x 8 endpoints = {calls} calls; {calls - len(problems)} with 1 attempt, "
        f"no wait and the right class, status_code, code and message; {len(problems)} problems"
    )


class TestNotRetryable:
    def test_sync(self, server: FaultServer, sleeps: list[float]) -> None:
        """400, 401, 403, 404 and 422: one attempt, the right class, status_code, code, message."""
        problems, calls = [], 0
        with Client(KEY, base_url=server.url, timeout=10) as client:
            for status, body, cls in NOT_RETRYABLE:
                for endpoint, model_id, target in targets(server.api):
                    server.script(target, reply(status, body))
                    before = server.attempts[target]
                    with pytest.raises(APIStatusError) as caught:
                        call_sync(client, endpoint, model_id)
                    calls += 1
                    attempts = server.attempts[target] - before
                    problems += error_problems(status, body, cls, caught.value, attempts)
        report(error_figure("sync", calls, problems))
        assert not problems, "\n".join(problems)
        assert sleeps == []

    @pytest.mark.asyncio
    async def test_async(self, server: FaultServer, sleeps: list[float]) -> None:
        """The same through AsyncClient."""
        problems, calls = [], 0
        async with AsyncClient(KEY, base_url=server.url, timeout=10) as client:
            for status, body, cls in NOT_RETRYABLE:
                for endpoint, model_id, target in targets(server.api):
                    server.script(target, reply(status, body))
                    before = server.attempts[target]
                    with pytest.raises(APIStatusError) as caught:
                        await call_async(client, endpoint, model_id)
                    calls += 1
                    attempts = server.attempts[target] - before
                    problems += error_problems(status, body, cls, caught.value, attempts)
        report(error_figure("async", calls, problems))
        assert not problems, "\n".join(problems)
        assert sleeps == []
