"""Requirement 6: the key never leaks, and is sent only where it belongs.

A key is planted in every client. It must not appear in DEBUG logs (every logger, httpx and httpcore
included; the server may echo it into bodies), in the text or repr of any exception along its
displayed chain (the server may echo it into bodies and headers), in the repr of clients and their
configuration, or in a recorded cassette. A key that
cannot be one is refused at construction without being echoed. Redirects to another origin carry no
Authorization, and an http:// base URL to a non-loopback host is refused from its text alone.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import subprocess
import sys
import traceback
from collections.abc import Iterator
from typing import Any

import pytest
import vcr
import yaml

from support import ROOT
from xai_models import AsyncClient, Client, XAIError

from .faultserver import (
    ECHO,
    ENDPOINTS,
    TRANSIENT,
    Fault,
    FaultServer,
    reply,
)
from .helpers import KEY, call_async, call_sync, encoded, report, targets


def displayed_chain(error: BaseException) -> Iterator[BaseException]:
    """The exception and every cause or context a traceback would show, each once."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        if current.__cause__ is not None:
            current = current.__cause__
        elif not current.__suppress_context__:
            current = current.__context__
        else:
            current = None


def leaks_in(error: BaseException, secret: str = KEY) -> list[str]:
    """Where `secret` shows along the chain: str, repr or args of an exception, or the traceback."""
    found = []
    for link in displayed_chain(error):
        for view, text in (("str", str(link)), ("repr", repr(link)), ("args", repr(link.args))):
            if secret in text:
                found.append(f"{type(link).__name__} {view}")
    if secret in "".join(traceback.format_exception(error)):
        found.append("formatted traceback")
    return found


def echoing(
    status: int,
    body: str,
    *,
    content_type: str = "application/json",
    headers: tuple[tuple[str, str], ...] = (),
) -> Fault:
    """A reply whose body (and headers) hold the request's Authorization value where `$KEY` is."""
    return reply(
        status,
        body.replace("$KEY", ECHO).encode(),
        content_type=content_type.replace("$KEY", ECHO),
        headers=[(name, value.replace("$KEY", ECHO)) for name, value in headers],
        echo=True,
    )


BAD_ITEM = '{"id":"$KEY","created":1,"object":"model","owned_by":["x"]}'
ECHOING_ERRORS: list[tuple[str, Fault]] = [
    ("401 JSON error and code", echoing(401, '{"code":"$KEY","error":"bad key $KEY"}')),
    ("400 JSON error", echoing(400, '{"code":"c","error":"Incorrect API key provided: $KEY"}')),
    ("403 OpenAI-style error", echoing(403, '{"error":{"message":"$KEY","type":"x"}}')),
    ("404 JSON error", echoing(404, '{"code":"not-found","error":"$KEY"}')),
    ("422 numeric code", echoing(422, '{"code":422,"error":"$KEY"}')),
    (
        "429 with request id",
        echoing(
            429,
            '{"error":"$KEY"}',
            headers=(("x-request-id", "$KEY"), ("Retry-After", "3600")),
        ),
    ),
    ("500 plain text", echoing(500, "upstream said: $KEY", content_type="text/plain")),
    ("500 key past the length cap", echoing(500, '{"error":"' + "x" * 1990 + '$KEY"}')),
    ("502 HTML", echoing(502, "<html><body>$KEY</body></html>", content_type="text/html")),
]
ECHOING_SUCCESSES: list[tuple[str, Fault]] = [
    ("200 not JSON", echoing(200, "<html>$KEY</html>", content_type="text/html")),
    ("200 JSON without the list", echoing(200, '{"echo":"$KEY"}')),
    (
        "200 model whose id echoes the key",
        echoing(200, '{"id":"$KEY","created":"now","object":"model","owned_by":"x"}'),
    ),
    (
        "200 list whose item id echoes the key",
        echoing(200, f'{{"data":[{BAD_ITEM}],"models":[{BAD_ITEM}]}}'),
    ),
    (
        "200 content type echoes the key",
        echoing(200, "not json", content_type="text/plain; echo=$KEY"),
    ),
]
ECHOING_ANSWERS = ECHOING_ERRORS + ECHOING_SUCCESSES


def echo_leaks(server: FaultServer, answers: list[tuple[str, Fault]]) -> tuple[list[str], int]:
    """Serve each echoing answer on each of the 8 endpoints; where the key showed, and how many
    exceptions along the chains were checked."""
    problems, checked = [], 0
    with Client(KEY, base_url=server.url, max_retries=0, timeout=10) as client:
        for endpoint, model_id, target in targets(server.api):
            for name, fault in answers:
                server.script(target, fault)
                with pytest.raises(XAIError) as caught:
                    call_sync(client, endpoint, model_id)
                checked += len(list(displayed_chain(caught.value)))
                where = leaks_in(caught.value)
                if where:
                    problems.append(f"{name} on {target}: the key is in {', '.join(where)}")
    return problems, checked


class TestNoKeyInExceptions:
    def test_error_answers_echoing_the_key(self, server: FaultServer) -> None:
        """Error statuses echoing the key into bodies and headers cannot put it in an exception."""
        problems, checked = echo_leaks(server, ECHOING_ERRORS)
        report(
            f"secrets in error exceptions: {len(ECHOING_ERRORS)} echoing error answers x 8 "
            f"endpoints, {checked} exceptions along the chains checked (str, repr, args, "
            f"traceback): {len(problems)} leaks"
        )
        assert not problems, "\n".join(problems)

    def test_success_answers_echoing_the_key(self, server: FaultServer) -> None:
        """Malformed 200 answers echoing the key cannot put it in APIResponseValidationError."""
        problems, checked = echo_leaks(server, ECHOING_SUCCESSES)
        report(
            f"secrets in validation errors: {len(ECHOING_SUCCESSES)} echoing 200 answers x 8 "
            f"endpoints, {checked} exceptions along the chains checked (str, repr, args, "
            f"traceback): {len(problems)} leaks"
        )
        assert not problems, "\n".join(problems)

    def test_every_transient_fault_exhausted(
        self, server: FaultServer, sleeps: list[float]
    ) -> None:
        """The errors left by every transient fault, retries exhausted, never hold the key."""
        problems, checked = [], 0
        with Client(KEY, base_url=server.url, max_retries=1, timeout=0.3) as client:
            for fault in TRANSIENT:
                server.always("*", fault)
                with pytest.raises(XAIError) as caught:
                    client.models.list()
                checked += len(list(displayed_chain(caught.value)))
                if leaks_in(caught.value):
                    problems.append(fault.name)
        report(
            f"secrets in exceptions: {len(TRANSIENT)} transient faults exhausted, {checked} "
            f"exceptions along the chains checked: {len(problems)} leaks"
        )
        assert not problems, "\n".join(problems)

    @pytest.mark.asyncio
    async def test_echoing_server_async(self, server: FaultServer, sleeps: list[float]) -> None:
        """The same echoes through AsyncClient."""
        problems = []
        async with AsyncClient(KEY, base_url=server.url, max_retries=0, timeout=10) as client:
            endpoint, model_id, target = targets(server.api)[3]
            for name, fault in ECHOING_ANSWERS:
                server.script(target, fault)
                with pytest.raises(XAIError) as caught:
                    await call_async(client, endpoint, model_id)
                where = leaks_in(caught.value)
                if where:
                    problems.append(f"{name}: the key is in {', '.join(where)}")
        report(
            f"secrets in exceptions (async): {len(ECHOING_ANSWERS)} echoing answers on {target}: "
            f"{len(problems)} leaks"
        )
        assert not problems, "\n".join(problems)


class TestNoKeyInLogs:
    def test_debug_logs_of_every_logger(
        self, server: FaultServer, caplog: pytest.LogCaptureFixture, sleeps: list[float]
    ) -> None:
        """DEBUG logging of every logger, under every fault, error and echoed body: no key."""
        caplog.set_level(logging.DEBUG)
        # Echoes into response headers are left out: httpcore's DEBUG log prints every response
        # header as received, which no client setting changes.
        body_echoes = [
            fault
            for _, fault in ECHOING_ANSWERS
            if not any(ECHO in value for _, value in fault.headers)
        ]
        with (
            FaultServer() as elsewhere,
            Client(KEY, base_url=server.url, max_retries=2, timeout=0.5) as client,
            Client(KEY, base_url=server.url, max_retries=0, timeout=10) as strict,
        ):
            for index, (endpoint, model_id, target) in enumerate(targets(server.api)):
                server.script(target, *TRANSIENT[2 * index : 2 * index + 2])
                call_sync(client, endpoint, model_id)
                for fault in body_echoes:
                    server.script(target, fault)
                    with pytest.raises(XAIError):
                        call_sync(strict, endpoint, model_id)
                redirect = reply(307, b"", headers=[("Location", elsewhere.url + target)])
                server.script(target, redirect)
                call_sync(client, endpoint, model_id)
        by_logger: dict[str, int] = {}
        leaked = []
        for record in caplog.records:
            top = record.name.split(".")[0]
            by_logger[top] = by_logger.get(top, 0) + 1
            if KEY in record.getMessage() or KEY in repr(record.args):
                leaked.append(f"{record.name}: {record.getMessage()[:200]}")
        report(
            f"secrets in logs: {len(caplog.records)} DEBUG records ({by_logger}) over "
            f"{server.requests + elsewhere.requests} requests: {len(leaked)} with the key"
        )
        assert leaked == []
        assert KEY not in caplog.text
        assert by_logger.get("xai_models", 0) >= 8
        assert by_logger.get("httpcore", 0) > 0


def client_reprs(client: Client | AsyncClient) -> list[str]:
    """The repr of the client, its configuration, resources and parts, and of a copy."""
    copy = client.with_options(timeout=5.0, max_retries=1)
    parts: list[Any] = [client, copy, client._options, copy._options, client.models]
    parts += [vars(client), vars(copy), client._http, client._http.headers]
    return [repr(part) for part in parts] + [str(client), str(client._options)]


class TestNoKeyInReprs:
    def test_clients_and_configs(self) -> None:
        """repr() and str() of clients, configs, resources, copies and their parts: no key."""
        texts: list[str] = []
        with Client(KEY, base_url="https://api.x.ai", max_retries=3, cache_ttl=60) as client:
            for endpoint in ENDPOINTS:
                getattr(client, endpoint.resource)
            texts += client_reprs(client)
        texts += client_reprs(AsyncClient(KEY, base_url="http://127.0.0.1:9", timeout=None))
        leaked = [text[:120] for text in texts if KEY in text]
        report(
            f"secrets in reprs: {len(texts)} reprs of clients, copies, configs and parts: "
            f"{len(leaked)} with the key"
        )
        assert leaked == []
        assert any("max_retries=3" in text for text in texts)


class TestNoKeyInCassettes:
    def test_recorded_traffic(
        self, server: FaultServer, tmp_path: Any, vcr_config: dict[str, Any], sleeps: list[float]
    ) -> None:
        """Traffic recorded with the project's cassette settings holds no key and no credential."""
        cassette = tmp_path / "recorded.yaml"
        recorder = vcr.VCR(record_mode="all", **vcr_config)
        with recorder.use_cassette(str(cassette)), Client(KEY, base_url=server.url) as client:
            for endpoint, model_id, target in targets(server.api):
                server.script(target, TRANSIENT[0])
                assert encoded(call_sync(client, endpoint, model_id)) == server.api.expected(target)
            server.script("/v1/models", reply(404, b'{"code":"not-found","error":"gone"}'))
            with pytest.raises(XAIError):
                client.models.list()
        text = cassette.read_text(encoding="utf-8")
        interactions = yaml.safe_load(text)["interactions"]
        scan = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "scan-secrets"), str(cassette)],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        report(
            f"secrets in cassettes: {len(interactions)} interactions, {len(text)} bytes recorded: "
            f"key found {text.count(KEY)} times; scripts/scan-secrets: {scan.stdout.strip()}"
        )
        assert len(interactions) >= 9
        assert KEY not in text
        assert "authorization" not in text.lower()
        assert scan.returncode == 0, scan.stdout


BAD_KEYS = [
    "xai-s3cr3tPART with space",
    "xai-s3cr3tPART\n",
    "\txai-s3cr3tPART",
    " xai-s3cr3tPART",
    "xai-s3cr3tPART ",
    "xai-s3cr3tPART\r\nX-Injected: 1",
    "xai-s3cr3tPART\x0b",
    "xai-s3cr3tPART\x00",
    "xai-\u00a0s3cr3tPART",
    "xai-s3cr3tPART\u2028",
    "xai-s3cr3tPARTé",
]


class TestMalformedKeys:
    def test_refused_at_construction_without_echo(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Keys with whitespace, newlines or control characters are refused, never echoed."""
        problems, refusals = [], 0
        for bad in BAD_KEYS:
            attempts = [
                ("Client", lambda bad=bad: Client(bad)),
                ("AsyncClient", lambda bad=bad: AsyncClient(bad)),
                ("with_options", lambda bad=bad: Client(KEY).with_options(api_key=bad)),
            ]
            for how, construct in attempts:
                try:
                    construct()
                except ValueError as error:
                    refusals += 1
                    if leaks_in(error, "s3cr3tPART"):
                        problems.append(f"{how}({bad!r}) echoed it")
                else:
                    problems.append(f"{how}({bad!r}) accepted it")
            if "\x00" in bad:
                continue  # no environment variable can hold a NUL
            monkeypatch.setenv("XAI_API_KEY", bad)
            with pytest.raises(ValueError, match="XAI_API_KEY") as caught:
                Client()
            refusals += 1
            if leaks_in(caught.value, "s3cr3tPART"):
                problems.append(f"XAI_API_KEY={bad!r} echoed it")
        report(
            f"malformed keys: {len(BAD_KEYS)} keys x (Client, AsyncClient, with_options, "
            f"XAI_API_KEY): {refusals} refused with ValueError, {len(problems)} problems"
        )
        assert not problems, "\n".join(problems)


def ipv6_server(stack: contextlib.ExitStack) -> FaultServer | None:
    """A fault server on ::1, or None where the machine has no IPv6 loopback."""
    try:
        return stack.enter_context(FaultServer(host="::1"))
    except OSError:
        return None


class TestRedirects:
    STATUSES = (301, 302, 303, 307, 308)

    def test_cross_origin_redirects_drop_authorization(
        self, server: FaultServer, sleeps: list[float]
    ) -> None:
        """301/302/303/307/308 to another port, host or address family: no Authorization there."""
        problems, hops = [], 0
        with contextlib.ExitStack() as stack:
            other = stack.enter_context(FaultServer())
            ipv6 = ipv6_server(stack)
            client = stack.enter_context(Client(KEY, base_url=server.url, timeout=10))
            origins = [(other.url, other), (f"http://localhost:{other.port}", other)]
            origins += [(ipv6.url, ipv6)] if ipv6 else []
            for status in self.STATUSES:
                for origin, destination in origins:
                    endpoint, model_id, target = targets(server.api)[status % 8]
                    # There and back again: the way back to the first origin stays without it.
                    back = reply(status, b"", headers=[("Location", server.url + target)])
                    destination.script(target, back)
                    there = reply(status, b"", headers=[("Location", origin + target)])
                    server.script(target, there)
                    before = (len(server.seen), len(destination.seen))
                    value = call_sync(client, endpoint, model_id)
                    seen = list(server.seen)[before[0] :] + list(destination.seen)[before[1] :]
                    hops += len(seen)
                    sent = [request.headers.get("authorization") for request in seen]
                    if sent != [f"Bearer {KEY}", None, None]:
                        problems.append(f"{status} to {origin}: Authorization sent {sent}")
                    if encoded(value) != server.api.expected(target):
                        problems.append(f"{status} to {origin}: wrong data")
            # The control: a redirect within the origin keeps the key.
            server.script("/v1/models", reply(307, b"", headers=[("Location", "/v1/models")]))
            client.models.list()
            same_origin = [r.headers.get("authorization") for r in server.seen_for("/v1/models")]
        report(
            f"redirects: {len(self.STATUSES)} statuses x {len(origins)} other origins (port, host "
            f"name{', IPv6' if ipv6 else ''}), there and back: {hops} hops, Authorization only on "
            f"the first; same origin kept it {same_origin.count(f'Bearer {KEY}')} of "
            f"{len(same_origin)} times; {len(problems)} problems"
        )
        assert not problems, "\n".join(problems)
        assert same_origin[-2:] == [f"Bearer {KEY}"] * 2

    @pytest.mark.asyncio
    async def test_cross_origin_redirects_drop_authorization_async(
        self, server: FaultServer, sleeps: list[float]
    ) -> None:
        """The same through AsyncClient."""
        with FaultServer() as other:
            async with AsyncClient(KEY, base_url=server.url, timeout=10) as client:
                for status in self.STATUSES:
                    endpoint, model_id, target = targets(server.api)[status % 8]
                    server.script(
                        target, reply(status, b"", headers=[("Location", other.url + target)])
                    )
                    value = await call_async(client, endpoint, model_id)
                    assert encoded(value) == server.api.expected(target)
            sent = [r.headers.get("authorization") for r in other.seen]
        report(
            f"redirects (async): {len(self.STATUSES)} statuses to another port: Authorization "
            f"sent there {len(sent) - sent.count(None)} of {len(sent)} times"
        )
        assert sent == [None] * len(self.STATUSES)
        assert len(server.seen) == len(self.STATUSES)


REMOTE_HTTP_URLS = [
    "http://api.x.ai",
    "http://api.x.ai:80/v1",
    "HTTP://API.X.AI",
    "http://10.0.0.5:8000",
    "http://192.168.1.1",
    "http://8.8.8.8",
    "http://0.0.0.0:8080",
    "http://[2001:db8::1]:8080",
    "http://[::ffff:8.8.8.8]",
    "http://localhost.evil.example",
    "http://127.0.0.1.nip.io",
    "http://localhost@evil.example",
    "http://evil.example#@127.0.0.1",
    "http://evil.example?@127.0.0.1",
]
LOOPBACK_HTTP_URLS = [
    "http://127.0.0.1:8080",
    "http://127.8.9.10",
    "http://localhost:8080",
    "http://LOCALHOST",
    "http://localhost.:8080",
    "http://[::1]:8080",
]


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every name lookup or connection attempted while the test runs (none get through)."""
    attempted: list[str] = []

    def record(name: str) -> Any:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            attempted.append(f"{name}{args!r:.80}")
            raise OSError(f"{name} is not allowed in this test")

        return refuse

    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_connection"):
        monkeypatch.setattr(socket, name, record(name))
    monkeypatch.setattr(socket.socket, "connect", record("connect"))
    return attempted


class TestPlainHttp:
    def test_refused_for_remote_hosts_from_the_text_alone(
        self, lookups: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """http:// to a non-loopback host is refused unless opted in, with no lookup at all."""
        refused, problems = 0, []
        for url in REMOTE_HTTP_URLS:
            ways = [
                ("Client", lambda url=url: Client(KEY, base_url=url)),
                ("AsyncClient", lambda url=url: AsyncClient(KEY, base_url=url)),
                ("with_options", lambda url=url: Client(KEY).with_options(base_url=url)),
            ]
            for how, construct in ways:
                try:
                    construct()
                except ValueError:
                    refused += 1
                else:
                    problems.append(f"{how}: {url} accepted")
            monkeypatch.setenv("XAI_BASE_URL", url)
            with pytest.raises(ValueError, match=r"clear text|base_url"):
                Client(KEY)
            refused += 1
        monkeypatch.delenv("XAI_BASE_URL")
        allowed = [Client(KEY, base_url=url).base_url for url in LOOPBACK_HTTP_URLS]
        opted_in = [
            Client(KEY, base_url=url, allow_insecure_http=True).base_url
            for url in REMOTE_HTTP_URLS[:9]
        ]
        report(
            f"plain http: {len(REMOTE_HTTP_URLS)} remote URLs x (Client, AsyncClient, "
            f"with_options, XAI_BASE_URL): {refused} refused; {len(allowed)} loopback URLs and "
            f"{len(opted_in)} opted-in remote URLs accepted; {len(lookups)} name lookups or "
            f"connections; {len(problems)} problems"
        )
        assert not problems, "\n".join(problems)
        assert lookups == []
        assert len(allowed) == len(LOOPBACK_HTTP_URLS)

    def test_a_subdomain_of_localhost_is_not_taken_for_loopback(self, lookups: list[str]) -> None:
        """http://x.localhost is refused: the system resolver may send it to any address."""
        accepted = []
        for url in ("http://evil.localhost", "http://api.x.ai.localhost:8080"):
            try:
                Client(KEY, base_url=url)
            except ValueError:
                continue
            accepted.append(url)
        report(
            f"plain http to subdomains of localhost (resolved by DNS on most systems): "
            f"{len(accepted)} of 2 accepted {accepted}"
        )
        assert accepted == []
        assert lookups == []
