"""Record the HTTP cassettes that tests/test_cassettes.py replays (tests/cassettes/*.yaml).

    XAI_API_KEY=... scripts/record       re-record against the live API, https://api.x.ai
    scripts/record --from-examples       rebuild them from the example bodies: no network, no key

THE COMMITTED CASSETTES WERE NOT RECORDED FROM THE LIVE API: the machines this project is built on
have no network. They were made with --from-examples: the example bodies of xAI's API docs (and
three error bodies users reported from the live API), copied in tests/data/examples/, served by a
local server, requested through the real client and recorded by vcrpy, with the local address
rewritten to https://api.x.ai. Each cassette's header comment says where its data came from.

A live recording rewrites the scenarios the live API can produce on demand (every endpoint, a get
by alias, an unknown id, a wrong key), picking ids from the live lists. The fault scenarios (403
with no credits left, 429 then 200, 500 then 200, 502 with an HTML page) cannot be provoked on
demand: they keep their example-built recordings, and the live run says so. Authorization and
cookies are never written; tests/test_secrets_scan.py fails on any key-like text in a cassette.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "wrapper"), str(ROOT / "generated")]

import vcr  # noqa: E402 - after the path set-up, so a checkout runs without an install

from xai_models import Client, XAIError  # noqa: E402

CASSETTES = ROOT / "tests" / "cassettes"
EXAMPLES = ROOT / "tests" / "data" / "examples"
LIVE_URL = "https://api.x.ai"
WRONG_KEY = "invalid-key-for-recording"
UNKNOWN_ID = "no-such-model-for-recording"

Canned = tuple[int, dict[str, str], bytes]


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def json_answer(name: str, status: int = 200) -> Canned:
    return status, {"Content-Type": "application/json"}, example(name)


def synthetic_error(status: int, code: str, message: str, **headers: str) -> Canned:
    body = json.dumps({"code": code, "error": message}).encode()
    return status, {"Content-Type": "application/json", **headers}, body


HTML_502 = (
    502,
    {"Content-Type": "text/html"},
    b"<html><head><title>502 Bad Gateway</title></head>"
    b"<body><center><h1>502 Bad Gateway</h1></center></body></html>",
)


class Scenario:
    """One cassette: the call that makes it and, for --from-examples, what the server answers."""

    def __init__(
        self,
        name: str,
        call: Callable[[Client, dict[str, str]], object],
        answers: list[Canned],
        *,
        live: bool,
        source: str,
        max_retries: int = 2,
        api_key: str | None = None,
    ) -> None:
        self.name = name
        self.call = call
        self.answers = answers
        self.live = live
        self.source = source
        self.max_retries = max_retries
        self.api_key = api_key


def _examples(*names: str) -> str:
    return "example bodies from xAI's API docs: " + ", ".join(
        f"tests/data/examples/{n}" for n in names
    )


SCENARIOS = [
    Scenario(
        "models_list",
        lambda c, ids: c.models.list(),
        [json_answer("models-list.2026.json")],
        live=True,
        source=_examples("models-list.2026.json"),
    ),
    Scenario(
        "models_get",
        lambda c, ids: c.models.get(ids.get("models", "latest")),
        [json_answer("models-get.2026.json")],
        live=True,
        source=_examples("models-get.2026.json"),
    ),
    Scenario(
        "language_models_list",
        lambda c, ids: c.language_models.list(),
        [json_answer("language-models-list.2026.json")],
        live=True,
        source=_examples("language-models-list.2026.json"),
    ),
    Scenario(
        "language_models_get",
        lambda c, ids: c.language_models.get(ids.get("language_models", "latest")),
        [json_answer("language-models-get.json")],
        live=True,
        source=_examples("language-models-get.json"),
    ),
    Scenario(
        "language_models_get_by_alias",
        lambda c, ids: c.language_models.get(ids.get("alias", "grok-4")),
        [json_answer("language-models-get.json")],
        live=True,
        source=_examples("language-models-get.json") + " (asked for by its alias grok-4)",
    ),
    Scenario(
        "image_generation_models_list",
        lambda c, ids: c.image_generation_models.list(),
        [json_answer("image-generation-models-list.json")],
        live=True,
        source=_examples("image-generation-models-list.json"),
    ),
    Scenario(
        "image_generation_models_get",
        lambda c, ids: c.image_generation_models.get(
            ids.get("image_generation_models", "grok-imagine-image")
        ),
        [json_answer("image-generation-models-get.json")],
        live=True,
        source=_examples("image-generation-models-get.json"),
    ),
    Scenario(
        "video_generation_models_list",
        lambda c, ids: c.video_generation_models.list(),
        [json_answer("video-generation-models-list.json")],
        live=True,
        source=_examples("video-generation-models-list.json"),
    ),
    Scenario(
        "video_generation_models_get",
        lambda c, ids: c.video_generation_models.get(
            ids.get("video_generation_models", "grok-imagine-video")
        ),
        [json_answer("video-generation-models-get.json")],
        live=True,
        source=_examples("video-generation-models-get.json"),
    ),
    Scenario(
        "error_404_not_found",
        lambda c, ids: c.language_models.get(UNKNOWN_ID),
        [json_answer("error-404-not-found.json", 404)],
        live=True,
        source="a live API error body users reported: tests/data/examples/error-404-not-found.json",
    ),
    Scenario(
        "error_400_wrong_key",
        lambda c, ids: c.models.list(),
        [json_answer("error-400-invalid-api-key.json", 400)],
        live=True,
        api_key=WRONG_KEY,
        source="a live API error body users reported: "
        "tests/data/examples/error-400-invalid-api-key.json",
    ),
    Scenario(
        "error_403_no_credits",
        lambda c, ids: c.language_models.list(),
        [json_answer("error-403-no-credits.json", 403)],
        live=False,
        source="a live API error body users reported: "
        "tests/data/examples/error-403-no-credits.json",
    ),
    Scenario(
        "retry_429_then_200",
        lambda c, ids: c.language_models.list(),
        [
            synthetic_error(
                429,
                "Too Many Requests",
                "Rate limit reached, please retry.",
                **{"Retry-After": "1"},
            ),
            json_answer("language-models-list.2026.json"),
        ],
        live=False,
        source="SYNTHETIC 429 body with Retry-After: 1, then "
        + _examples("language-models-list.2026.json"),
    ),
    Scenario(
        "retry_500_then_200",
        lambda c, ids: c.models.list(),
        [
            synthetic_error(500, "Internal error", "An internal error occurred."),
            json_answer("models-list.2026.json"),
        ],
        live=False,
        source="SYNTHETIC 500 body, then " + _examples("models-list.2026.json"),
    ),
    Scenario(
        "error_502_html",
        lambda c, ids: c.models.list(),
        [HTML_502, HTML_502, HTML_502],
        live=False,
        source="SYNTHETIC: a gateway's HTML 502 page, three times (the first try and 2 retries)",
    ),
]


class _CannedServer:
    """Answers requests, whatever their path, with a scenario's canned responses in order."""

    def __init__(self) -> None:
        self.answers: list[Canned] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                status, headers, body = server.answers.pop(0)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _recorder(rewrite_from: str | None) -> vcr.VCR:
    def scrub_request(request: Any) -> Any:
        if rewrite_from:
            request.uri = request.uri.replace(rewrite_from, LIVE_URL, 1)
            request.headers.pop("host", None)
        return request

    def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
        headers = response.get("headers", {})
        for name in list(headers):
            if name.lower() in ("set-cookie", "date", "server"):
                del headers[name]
        return response

    return vcr.VCR(
        record_mode="all",
        filter_headers=["authorization", "cookie", "x-api-key"],
        before_record_request=scrub_request,
        before_record_response=scrub_response,
        decode_compressed_response=True,
        match_on=["method", "path"],
    )


def _record(scenario: Scenario, recorder: vcr.VCR, base_url: str, key: str, ids: dict[str, str],
            header: str) -> None:  # fmt: skip
    path = CASSETTES / f"{scenario.name}.yaml"
    path.unlink(missing_ok=True)
    with (
        recorder.use_cassette(str(path)),
        Client(
            scenario.api_key or key, base_url=base_url, max_retries=scenario.max_retries
        ) as client,
    ):
        try:
            scenario.call(client, ids)
        except XAIError as exc:
            print(f"  {scenario.name}: {type(exc).__name__}: {exc}")
        else:
            print(f"  {scenario.name}: ok")
    path.write_text(header + path.read_text(encoding="utf-8"), encoding="utf-8")


def _live_ids(key: str) -> dict[str, str]:
    """Ids to get from the live API: the first of each list, and an alias of a language model."""
    ids: dict[str, str] = {}
    with Client(key, base_url=LIVE_URL) as client:
        for name in ("models", "language_models", "image_generation_models"):
            models = getattr(client, name).list()
            if models:
                ids[name] = models[0].id
        videos = client.video_generation_models.list()
        if videos:
            ids["video_generation_models"] = videos[0].id
        for model in client.language_models.list():
            if model.aliases:
                ids["alias"] = model.aliases[0]
                break
    return ids


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--from-examples",
        action="store_true",
        help="rebuild every cassette from the example bodies, through a local server",
    )
    args = parser.parse_args()
    CASSETTES.mkdir(parents=True, exist_ok=True)
    today = datetime.now(UTC).date().isoformat()
    if args.from_examples:
        server = _CannedServer()
        recorder = _recorder(rewrite_from=server.url)
        try:
            for scenario in SCENARIOS:
                server.answers = list(scenario.answers)
                header = (
                    f"# NOT recorded from the live API. Built by `scripts/record --from-examples`"
                    f" on {today}\n# from {scenario.source};\n# served locally, requested through"
                    " xai_models.Client, host rewritten to https://api.x.ai.\n"
                )
                _record(scenario, recorder, server.url, "example-key-not-a-secret", {}, header)
        finally:
            server.close()
        return 0
    key = os.environ.get("XAI_API_KEY")
    if not key:
        print("XAI_API_KEY is not set: a live recording needs it (or use --from-examples)")
        return 2
    ids = _live_ids(key)
    recorder = _recorder(rewrite_from=None)
    for scenario in SCENARIOS:
        if not scenario.live:
            print(f"  {scenario.name}: kept (the live API cannot produce it on demand)")
            continue
        if scenario.name == "language_models_get_by_alias" and "alias" not in ids:
            print(f"  {scenario.name}: kept (no live language model has an alias)")
            continue
        header = f"# Recorded from the live API ({LIVE_URL}) by `scripts/record` on {today}.\n"
        _record(scenario, recorder, LIVE_URL, key, ids, header)
    return 0


if __name__ == "__main__":
    sys.exit(main())
