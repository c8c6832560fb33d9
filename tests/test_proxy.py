"""`xai-models proxy`: the ASGI app in process (its logic), and the real command in a subprocess
with the official openai SDK as its client (sync, async, streamed)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from inference import billed, chat_body, chat_stream
from starlette.testclient import TestClient
from test_meter import KEY, MESSAGES, Chunks, Upstream, json_answer
from test_usage import catalog
from upstream import SLOW_GAP, serving

from xai_models import Meter, read_ledger
from xai_models._api.proxy import USAGE_PATH, proxy_app
from xai_models._cli import main

CHAT = billed("chat-cached-reasoning")
WEB = billed("responses-web-search")


def in_process(meter: Meter, upstream: Any, base: str = "https://api.x.ai") -> TestClient:
    """A client of the proxy app forwarding to `upstream` (an httpx handler), all in process."""
    app = proxy_app(meter, base, transport=httpx.MockTransport(upstream))
    return TestClient(app, base_url="http://proxy")


class TestForwarding:
    def test_request_goes_upstream_as_sent(self) -> None:
        seen: list[httpx.Request] = []

        def upstream(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return httpx.Response(
                201,
                headers={"x-up": "1", "connection": "x-drop", "x-drop": "hop"},
                stream=Chunks([b"raw bytes"]),
            )

        proxy = in_process(Meter(catalog()), upstream, "https://api.x.ai/v1-prefix")
        answer = proxy.request(
            "PUT",
            "/v1/files/a%2Fb?x=1&y=%20",
            content=b"payload",
            headers={
                "authorization": f"Bearer {KEY}",
                "x-custom": "yes",
                "connection": "keep-alive, x-secret",
                "x-secret": "s",
                "te": "trailers",
            },
        )
        (request,) = seen
        assert request.method == "PUT"
        assert request.url.raw_path == b"/v1-prefix/v1/files/a%2Fb?x=1&y=%20"
        assert request.url.host == "api.x.ai"
        assert request.headers["authorization"] == f"Bearer {KEY}"
        assert request.headers["x-custom"] == "yes"
        assert "x-secret" not in request.headers
        assert "te" not in request.headers
        assert request.headers["host"] == "api.x.ai"
        assert request.read() == b"payload"
        assert answer.status_code == 201
        assert answer.content == b"raw bytes"
        assert answer.headers["x-up"] == "1"
        assert "x-drop" not in answer.headers

    def test_upstream_errors_pass_unchanged(self) -> None:
        body = {"code": "invalid-argument", "error": "Incorrect API key provided: xa***"}
        meter = Meter(catalog())
        proxy = in_process(meter, lambda _: json_answer(body, 400))
        answer = proxy.post("/v1/chat/completions", json={"model": "grok-4.3"})
        assert answer.status_code == 400
        assert answer.json() == body
        assert meter.records == ()
        assert meter.unmetered == 1

    def test_unreachable_upstream_is_502(self) -> None:
        def refuse(request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError("connection refused", request=request)

        answer = in_process(Meter(catalog()), refuse).post("/v1/chat/completions", json={})
        assert answer.status_code == 502
        assert answer.json()["error"]["code"] == "upstream_unreachable"

    def test_timed_out_upstream_is_504(self) -> None:
        def slow(request: httpx.Request) -> httpx.Response:
            raise httpx.ReadTimeout("timed out", request=request)

        answer = in_process(Meter(catalog()), slow).post("/v1/chat/completions", json={})
        assert answer.status_code == 504
        assert answer.json()["error"]["code"] == "upstream_timeout"


class TestCosting:
    def test_json_and_stream(self) -> None:
        meter = Meter(catalog())
        upstream = Upstream()
        proxy = in_process(meter, upstream)
        plain = proxy.post(
            "/v1/chat/completions",
            json={"model": "grok-4.3"},
            headers={"authorization": f"Bearer {KEY}"},
        )
        assert plain.json() == chat_body()
        streamed = proxy.post("/v1/chat/completions", json={"model": "grok-4.3", "stream": True})
        assert streamed.content == b"".join(chat_stream())
        assert [r.status for r in meter.records] == ["costed", "costed"]
        assert meter.total_ticks == 2 * CHAT

    def test_usage_endpoint(self) -> None:
        meter = Meter(catalog())
        upstream = Upstream()
        proxy = in_process(meter, upstream)
        proxy.post("/v1/chat/completions", json={}, headers={"authorization": f"Bearer {KEY}"})
        proxy.post("/v1/responses", json={"model": "grok-4.6"})
        usage = proxy.get(USAGE_PATH).json()
        assert usage["total"]["ticks"] == CHAT + WEB
        assert usage["total"]["usd"] == "0.03419385"  # 341,938,500 ticks
        assert usage["by_model"]["grok-4.3"]["ticks"] == CHAT
        assert usage["by_key"]["(no key)"]["ticks"] == WEB
        assert KEY not in json.dumps(usage)
        assert all(request.url.path != USAGE_PATH for request in upstream.requests)


class TestBudget:
    def test_402_before_the_upstream(self) -> None:
        meter = Meter(catalog(), budget=Decimal(CHAT).scaleb(-10))
        upstream = Upstream()
        proxy = in_process(meter, upstream)
        assert proxy.post("/v1/chat/completions", json={}).status_code == 200
        refused = proxy.post("/v1/chat/completions", json={})
        assert refused.status_code == 402
        assert refused.json()["error"]["code"] == "budget_exceeded"
        assert len(upstream.requests) == 1
        assert proxy.get("/v1/models").status_code == 200  # the Models endpoints still work

    def test_a_ledger_from_earlier_counts(self, tmp_path: Path) -> None:
        ledger = tmp_path / "ledger.jsonl"
        first = Meter(catalog(), ledger=ledger)
        in_process(first, Upstream()).post("/v1/chat/completions", json={})
        first.close()
        later = Meter(
            catalog(),
            ledger=ledger,
            budget=Decimal(CHAT).scaleb(-10),
            spent=Decimal(CHAT).scaleb(-10),
        )
        assert in_process(later, Upstream()).post("/v1/responses", json={}).status_code == 402


class TestCommandLine:
    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["--listen", "0.0.0.0:8787"], "not a loopback address"),
            (["--listen", "nope"], "HOST:PORT"),
            (["--listen", "127.0.0.1:70000"], "0 to 65535"),
            (["--budget", "-2"], "--budget must"),
            (["--grace", "-1"], "--grace"),
            ([], "needs prices"),
        ],
    )
    def test_refusals(
        self,
        argv: list[str],
        message: str,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.delenv("XAI_API_KEY", raising=False)
        offline = [] if message == "needs prices" else ["--offline"]
        assert main([*offline, "proxy", *argv]) == 2
        err = capsys.readouterr().err
        assert message in err
        assert err.count("error:") == 1


@pytest.fixture(scope="module")
def upstream_url() -> Iterator[str]:
    with serving() as url:
        yield url


class Proxy:
    """`xai-models proxy` as a subprocess on a free port."""

    def __init__(
        self, upstream: str, tmp: Path, *extra: str, live: bool = False, history: Path | None = None
    ) -> None:
        snapshot = tmp / "snapshot.json"
        snapshot.write_text(catalog().to_json(), "utf-8")
        self.ledger = tmp / "ledger.jsonl"
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "XAI_API_KEY": KEY}
        prices = [] if live else ["--from", str(snapshot)]
        if history is not None:
            prices = ["--history", str(history)]
        command = [
            "-m",
            "xai_models",
            "proxy",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            upstream,
            *prices,
            "--ledger",
            str(self.ledger),
            "--format",
            "jsonl",
            *extra,
        ]
        self.process = subprocess.Popen(
            [sys.executable, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        assert self.process.stderr is not None
        line = self.process.stderr.readline().decode()
        self.first_line = line
        if "warning" in line:
            line = self.process.stderr.readline().decode()
        assert "listening on" in line, line
        self.url = line.split("listening on ")[1].split(",")[0]

    def stop(self, sig: int = signal.SIGTERM) -> tuple[str, str]:
        self.process.send_signal(sig)
        out, err = self.process.communicate(timeout=30)
        return out.decode(), err.decode()


@pytest.fixture
def proxy(upstream_url: str, tmp_path: Path) -> Iterator[Proxy]:
    running = Proxy(upstream_url, tmp_path)
    yield running
    if running.process.poll() is None:
        running.stop()


class TestEndToEnd:
    """The openai SDK pointed at the proxy behaves as against the upstream; every inference
    response is in the ledger, costed to the tick."""

    def test_openai_sync_async_streamed(self, proxy: Proxy, upstream_url: str) -> None:
        direct = openai.OpenAI(api_key=KEY, base_url=f"{upstream_url}/v1", max_retries=0)
        via = openai.OpenAI(api_key=KEY, base_url=f"{proxy.url}/v1", max_retries=0)
        with direct, via:
            self.sync_calls(direct, via)

        async def from_async() -> None:
            client = openai.AsyncOpenAI(api_key=KEY, base_url=f"{proxy.url}/v1", max_retries=0)
            async with client:
                await client.chat.completions.create(model="grok-4.3", messages=MESSAGES)
                async for _ in await client.chat.completions.create(
                    model="grok-4.3", messages=MESSAGES, stream=True
                ):
                    pass

        asyncio.run(from_async())
        out, err = proxy.stop()
        reading = read_ledger(proxy.ledger)
        assert reading.skipped == ()
        # sync: a chat, a streamed chat, a streamed response; async: a chat and a streamed one;
        # the 400 is no record
        assert [r.status for r in reading.records] == ["costed"] * 5
        assert [r.streamed for r in reading.records] == [False, True, True, False, True]
        assert sum(r.ticks or 0 for r in reading.records) == 4 * CHAT + WEB
        assert sum(r.billed_ticks or 0 for r in reading.records) == 4 * CHAT + WEB
        assert len(out.splitlines()) == 5
        assert KEY not in out + err + proxy.ledger.read_text("utf-8")
        assert "Traceback" not in err

    @staticmethod
    def sync_calls(direct: openai.OpenAI, via: openai.OpenAI) -> None:
        plain = direct.chat.completions.create(model="grok-4.3", messages=MESSAGES)
        proxied = via.chat.completions.create(model="grok-4.3", messages=MESSAGES)
        assert proxied.model_dump() == plain.model_dump()
        assert proxied.usage is not None
        assert proxied.usage.model_extra == {"num_sources_used": 0, "cost_in_usd_ticks": CHAT}
        chunks = [
            c.model_dump()
            for c in via.chat.completions.create(model="grok-4.3", messages=MESSAGES, stream=True)
        ]
        assert chunks == [
            c.model_dump()
            for c in direct.chat.completions.create(
                model="grok-4.3", messages=MESSAGES, stream=True
            )
        ]
        events = [e.type for e in via.responses.create(model="grok-4.6", input="hi", stream=True)]
        assert events[-1] == "response.completed"

        with pytest.raises(openai.BadRequestError):
            via.chat.completions.create(model="error-400", messages=MESSAGES)

    def test_prices_from_the_upstream_s_own_catalog(
        self, upstream_url: str, tmp_path: Path
    ) -> None:
        """Without --from, the proxy fetches the catalog from the upstream with XAI_API_KEY."""
        running = Proxy(upstream_url, tmp_path, live=True)
        try:
            answer = httpx.post(f"{running.url}/v1/chat/completions", json={"model": "grok-4.3"})
            assert answer.status_code == 200
        finally:
            running.stop()
        (record,) = read_ledger(running.ledger).records
        assert (record.status, record.ticks, record.agrees) == ("costed", CHAT, True)
        assert record.price_source is not None
        assert upstream_url in record.price_source

    def test_a_streamed_request_body_arrives_whole(self, proxy: Proxy) -> None:
        """A chunked upload of 8 MiB goes upstream as sent (the proxy streams it on)."""

        def body() -> Iterator[bytes]:
            for _ in range(128):
                yield b"x" * 65536

        answer = httpx.post(f"{proxy.url}/v1/echo", content=body(), timeout=60)
        echoed = answer.json()
        assert echoed["body_length"] == 8 * 1024 * 1024
        assert ["transfer-encoding", "chunked"] in echoed["headers"]

    def test_allow_remote_warns(self, upstream_url: str, tmp_path: Path) -> None:
        running = Proxy(upstream_url, tmp_path, "--listen", "0.0.0.0:0", "--allow-remote")
        _, err = running.stop()
        assert "warning: serving 0.0.0.0, not loopback" in running.first_line + err

    def test_prices_from_a_history(self, upstream_url: str, tmp_path: Path) -> None:
        history = tmp_path / "history"
        history.mkdir()
        (history / "2026-07-25.json").write_text(catalog().to_json())
        running = Proxy(upstream_url, tmp_path, history=history)
        try:
            httpx.post(f"{running.url}/v1/chat/completions", json={"model": "grok-4.3"})
        finally:
            running.stop()
        (record,) = read_ledger(running.ledger).records
        assert (record.status, record.ticks) == ("costed", CHAT)

    def test_a_chunk_reaches_the_client_at_once(self, proxy: Proxy) -> None:
        with httpx.stream(
            "POST", f"{proxy.url}/v1/chat/completions", json={"model": "slow", "stream": True}
        ) as answer:
            started = time.monotonic()
            arrivals = [time.monotonic() - started for _ in answer.iter_raw()]
        assert len(arrivals) >= 4
        # a buffering proxy would hand every chunk over at once, after the last gap
        assert arrivals[-1] - arrivals[0] > 2 * SLOW_GAP

    def test_text_lines_and_usage(self, upstream_url: str, tmp_path: Path) -> None:
        running = Proxy(upstream_url, tmp_path, "--format", "table")
        try:
            httpx.post(
                f"{running.url}/v1/chat/completions",
                json={"model": "grok-4.3"},
                headers={"authorization": f"Bearer {KEY}"},
            )
            usage = httpx.get(f"{running.url}{USAGE_PATH}").json()
            assert usage["total"]["ticks"] == CHAT
        finally:
            out, _ = running.stop(signal.SIGINT)
        assert (
            "grok-4.3  chat/completions  51,059 in (51,008 cached), 1,093 out  $0.01299785" in out
        )
        assert "billed $0.01299785 agrees" in out

    def test_malformed_requests_get_4xx(self, proxy: Proxy) -> None:
        host, port = proxy.url.removeprefix("http://").split(":")
        for raw in (
            b"GET /v1/models HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
            b"GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n",
            b"NOT HTTP AT ALL\r\n\r\n",
        ):
            with socket.create_connection((host, int(port)), timeout=10) as sock:
                sock.sendall(raw)
                reply = sock.recv(100)
            assert reply.startswith(b"HTTP/1.1 4"), reply
        assert httpx.get(f"{proxy.url}/v1/models").status_code == 200  # still serving
