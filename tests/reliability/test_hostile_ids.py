"""Requirement 4: hostile model ids stay one path segment of their endpoint, as the server sees it.

The server echoes an unknown id back as a model, so each call also proves the id made the round
trip unchanged. Ids with control characters (CRLF and the like) may be refused with ValueError
before any request, which the wrapper documents; if sent, they must be one segment too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

import pytest

from xai_models import AsyncClient, Client, XAIError

from .faultserver import ENDPOINTS, Endpoint, ExampleAPI, FaultServer
from .helpers import KEY, report

HOSTILE_IDS: list[str] = [
    # traversal, plain and encoded
    "../../etc/passwd",
    "../",
    "./.",
    "...",
    "....",
    ".hidden",
    ". .",
    "../" * 200,
    "..\\..\\windows\\win.ini",
    "..%2F..%2Fadmin",
    "%2e%2e",
    "%2e%2e%2f",
    "%2E%2E/%2E%2E",
    "%252e%252e",
    "..%c0%af",
    # separators and delimiters
    "/",
    "//",
    "a/b",
    "/v1/models",
    "?",
    "a?b=c",
    "#",
    "a#frag",
    "%",
    "%zz",
    "%00",
    "100%",
    " ",
    "a b",
    "+",
    "a;b",
    "a=b&c=d",
    "a@b:c",
    "http://evil.example/x",
    "//evil.example",
    "\\\\evil\\share",
    "{model_id}",
    # unicode
    "grök-4",
    "模型",
    "🤖",
    "\u202egnp.exe",
    "zero\u200bwidth",
    "\ufeffbom",
    "line\u2028separator",
    "\uff21\uff22\uff23",  # fullwidth ABC
    "\uff0e\uff0e",  # fullwidth dots
    "\uff0f",
    "\u0130",
    # injections and very long
    "'; DROP TABLE models; --",
    "<script>alert(1)</script>",
    "${jndi:ldap://x}",
    "a" * 4096,
    "é" * 3000,
]
CONTROL_IDS: list[str] = [
    "a\r\nX-Injected: 1",
    "\r\n",
    "a\nb",
    "a\rb",
    "a\tb",
    "\x00",
    "a\x7fb",
    "\x85",
]
UNUSABLE_IDS: list[str] = ["", ".", ".."]


PCHARS = re.compile(r"(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})+")
"""One non-empty path segment as RFC 3986 spells it: pchar, with % only as percent-encoding."""


def segment_problem(endpoint: Endpoint, model_id: str, target: str) -> str | None:
    """Why `target` is not exactly one path segment naming `model_id` under `endpoint`, or None."""
    prefix = endpoint.path + "/"
    if not target.startswith(prefix):
        return f"left {endpoint.path}: {target[:120]!r}"
    segment = target[len(prefix) :]
    if not PCHARS.fullmatch(segment) or segment in (".", ".."):
        return f"not one clean segment: {segment[:120]!r}"
    decoded = unquote(segment, errors="strict")
    if decoded != model_id:
        return f"segment {segment[:60]!r} decodes to {decoded[:60]!r}"
    return None


def round_trip_problem(
    endpoint: Endpoint, model_id: str, server: FaultServer, before: int, outcome: object
) -> str | None:
    """What went wrong with one get of `model_id`: the requests the server saw since `before`
    must be one, a clean segment of the endpoint, and the model must come back with that id."""
    seen = list(server.seen)[before:]
    if len(seen) != 1:
        return f"{len(seen)} requests: {[request.target[:80] for request in seen]}"
    problem = segment_problem(endpoint, model_id, seen[0].target)
    if problem is None and isinstance(outcome, XAIError):
        problem = f"raised {outcome!r:.120}"
    if problem is None and getattr(outcome, "id", None) != model_id:
        problem = f"came back as {getattr(outcome, 'id', None)!r:.60}"
    return problem


@pytest.fixture
def echo_server() -> Iterator[FaultServer]:
    """A server that answers a get of an unknown id with a model of that id."""
    with FaultServer(ExampleAPI(echo_unknown_ids=True)) as server:
        yield server


class TestHostileIds:
    def test_each_stays_one_segment_sync(self, echo_server: FaultServer) -> None:
        """Each hostile id x the 4 gets: one request, one segment, and the id round-trips."""
        server, problems, sent, refused = echo_server, [], 0, 0
        with Client(KEY, base_url=server.url, max_retries=0, timeout=10) as client:
            for endpoint in ENDPOINTS:
                resource = getattr(client, endpoint.resource)
                for model_id in HOSTILE_IDS + CONTROL_IDS:
                    before = len(server.seen)
                    try:
                        outcome: object = resource.get(model_id)
                    except ValueError:
                        refused += 1
                        if model_id not in CONTROL_IDS or len(server.seen) != before:
                            problems.append(f"{endpoint.path}: {model_id[:40]!r} refused")
                        continue
                    except XAIError as error:
                        outcome = error
                    sent += 1
                    problem = round_trip_problem(endpoint, model_id, server, before, outcome)
                    if problem is not None:
                        problems.append(f"{endpoint.path}: {model_id[:40]!r}: {problem}")
        report(
            f"hostile ids: {len(HOSTILE_IDS) + len(CONTROL_IDS)} ids x 4 get endpoints: {sent} "
            f"sent, each seen by the server as one segment of its endpoint and echoed back "
            f"unchanged; {refused} with control characters refused before any request; "
            f"{len(problems)} problems"
        )
        assert not problems, "\n".join(problems)
        assert sent >= 4 * len(HOSTILE_IDS) >= 160

    @pytest.mark.asyncio
    async def test_each_stays_one_segment_async(self, echo_server: FaultServer) -> None:
        """The same through AsyncClient."""
        server, problems = echo_server, []
        async with AsyncClient(KEY, base_url=server.url, max_retries=0, timeout=10) as client:
            for endpoint in ENDPOINTS:
                resource = getattr(client, endpoint.resource)
                for model_id in HOSTILE_IDS:
                    before = len(server.seen)
                    try:
                        outcome: object = await resource.get(model_id)
                    except XAIError as error:
                        outcome = error
                    problem = round_trip_problem(endpoint, model_id, server, before, outcome)
                    if problem is not None:
                        problems.append(f"{endpoint.path}: {model_id[:40]!r}: {problem}")
        report(
            f"hostile ids (async): {len(HOSTILE_IDS)} ids x 4 get endpoints: "
            f"{server.requests} requests, {len(problems)} problems"
        )
        assert not problems, "\n".join(problems)

    def test_empty_dot_and_dot_dot_make_no_request(self, echo_server: FaultServer) -> None:
        """The ids "", "." and ".." raise ValueError for each of the 4 gets, with no request."""
        server = echo_server
        with Client(KEY, base_url=server.url, max_retries=0) as client:
            for endpoint in ENDPOINTS:
                for model_id in UNUSABLE_IDS:
                    with pytest.raises(ValueError, match="model_id"):
                        getattr(client, endpoint.resource).get(model_id)
        report(
            f"unusable ids: {len(UNUSABLE_IDS)} ids x 4 gets = {4 * len(UNUSABLE_IDS)} "
            f"ValueErrors, {server.requests} requests, {server.accepted} connections"
        )
        assert (server.requests, server.accepted) == (0, 0)

    @pytest.mark.asyncio
    async def test_empty_dot_and_dot_dot_make_no_request_async(
        self, echo_server: FaultServer
    ) -> None:
        """The same through AsyncClient."""
        server = echo_server
        async with AsyncClient(KEY, base_url=server.url, max_retries=0) as client:
            for endpoint in ENDPOINTS:
                for model_id in UNUSABLE_IDS:
                    with pytest.raises(ValueError, match="model_id"):
                        await getattr(client, endpoint.resource).get(model_id)
        report(
            f"unusable ids (async): {4 * len(UNUSABLE_IDS)} ValueErrors, {server.requests} "
            f"requests, {server.accepted} connections"
        )
        assert (server.requests, server.accepted) == (0, 0)
