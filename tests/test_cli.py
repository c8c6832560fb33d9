"""The `xai-models` command, through `main()` and through its installed entry points.

Offline commands read the embedded catalog (no server, no network); online ones talk to a
`MockServer` that requires a bearer key. Every error must be one `xai-models: error:` line on
stderr, never a traceback; the exit statuses are `EXIT_CODES` (0 done, 1 findings, 2 usage or bad
input, 3 the API or the network failed).
"""

from __future__ import annotations

import json
import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from support import example
from xai_models import Catalog
from xai_models._api.mock import MockServer, _Handler
from xai_models._cli import main
from xai_models._model.families import (
    IMAGE_GENERATION_MODELS,
    LANGUAGE_MODELS,
    MODELS,
    VIDEO_GENERATION_MODELS,
)
from xai_models._model.offline import offline_catalog

KEY = "test-key-123"
WRONG_KEY = "xai-wrong-key-0123456789"
ERROR = "xai-models: error: "
NOTE = "xai-models: note: "
CONSOLE_SCRIPT = Path(sys.executable).parent / "xai-models"
OFFLINE_IDS = [
    "grok-4.20-0309-non-reasoning",
    "grok-4.20-0309-reasoning",
    "grok-4.20-multi-agent-0309",
    "grok-4.3",
    "grok-4.5",
    "grok-build-0.1",
    "grok-imagine-image",
    "grok-imagine-image-quality",
    "grok-imagine-video",
    "grok-imagine-video-1.5",
]
TIMEOUT = 60


@attrs.frozen
class Result:
    code: int
    out: str
    err: str


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Result:
    """Run `xai-models argv...` in this process; a traceback on stderr fails the test."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return Result(code, out, err)


def error_line(err: str) -> str:
    """The one error line of stderr: the last thing said (after any usage or offline note)."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if not line.startswith(NOTE)]
    errors = [line for line in lines if line.startswith(ERROR)]
    assert len(errors) == 1, err
    assert lines[-1] == errors[0], err
    return errors[0]


def only_line(err: str) -> str:
    """stderr is exactly one error line."""
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    assert err.startswith(ERROR), err
    return err.rstrip("\n")


def offline_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    result = run(capsys, "--offline", *argv, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def table(out: str) -> list[list[str]]:
    """A printed table as rows of cells (cells are separated by two or more spaces)."""
    return [re.split(r"\s{2,}", line.strip()) for line in out.splitlines()]


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def child_env() -> dict[str, str]:
    """The environment for a child process, without any key or base URL."""
    return {k: v for k, v in os.environ.items() if k not in ("XAI_API_KEY", "XAI_BASE_URL")}


def run_child(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=child_env(),
        cwd=cwd,
        check=False,
    )


class Lines:
    """The lines a child prints on stdout, each waited for at most TIMEOUT seconds."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        self.args = process.args
        self.fd = process.stdout.fileno()
        self.buffer = b""

    def next(self) -> str:
        deadline = time.monotonic() + TIMEOUT
        with selectors.DefaultSelector() as selector:
            selector.register(self.fd, selectors.EVENT_READ)
            while b"\n" not in self.buffer:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no line from {self.args!r} within {TIMEOUT} s")
                if selector.select(timeout=left):
                    chunk = os.read(self.fd, 4096)
                    if not chunk:
                        raise AssertionError(f"{self.args!r} closed stdout: {self.buffer!r}")
                    self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    """The embedded catalog, served online-style: the bearer key KEY is required."""
    with MockServer(offline_catalog(), api_key=KEY) as running:
        yield running


def online(server: MockServer, key: str = KEY) -> list[str]:
    return ["--base-url", server.url, "--api-key", key]


def write_snapshot(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def offline_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(offline_catalog().to_json())
    return document


def by_id(models: list[dict[str, Any]], model_id: str) -> dict[str, Any]:
    return next(model for model in models if model["id"] == model_id)


def catalog_2025() -> Catalog:
    """The 2025 docs' example catalog, whose language models lack some prices."""
    return Catalog.from_lists(
        MODELS.decode_list(example("models-list.2025.json")),
        LANGUAGE_MODELS.decode_list(example("language-models-list.2025.json")),
        IMAGE_GENERATION_MODELS.decode_list(example("image-generation-models-list.json")),
        VIDEO_GENERATION_MODELS.decode_list(example("video-generation-models-list.json")),
    )


class TestOffline:
    def test_prints_where_the_data_comes_from(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--offline says on stderr which parts are captures, of when, and which example data."""
        result = run(capsys, "--offline", "list")
        assert result.code == 0
        assert result.err.startswith(NOTE)
        assert "live responses captured 2026-07-25" in result.err
        assert "not today's prices" in result.err
        assert "EXAMPLE DATA" in result.err
        assert "EXAMPLE DATA" not in result.out

    def test_reads_the_embedded_catalog_without_a_server(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """--offline reads the embedded catalog directly: no server, no HTTP request, and the
        same models the mock serves (`xai-models mock` is the way to go over HTTP)."""
        seen: list[str] = []
        original = _Handler.do_GET

        def spy(handler: _Handler) -> None:
            seen.append(handler.path)
            original(handler)

        monkeypatch.setattr(_Handler, "do_GET", spy)
        result = run(capsys, "--offline", "list", "--json")
        assert result.code == 0
        assert seen == []
        assert [row["id"] for row in json.loads(result.out)] == OFFLINE_IDS

    def test_ignores_the_environment(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """--offline needs no key and ignores XAI_BASE_URL and XAI_API_KEY."""
        monkeypatch.setenv("XAI_BASE_URL", f"http://127.0.0.1:{closed_port()}")
        monkeypatch.setenv("XAI_API_KEY", WRONG_KEY)
        result = run(capsys, "--offline", "get", "grok-4.3")
        assert result.code == 0

    def test_bad_timeout_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--offline with a timeout of 0 exits 2 with one error line, not a traceback."""
        result = run(capsys, "--offline", "--timeout", "0", "list")
        assert result.code == 2
        assert "timeout" in error_line(result.err)


class TestOnline:
    def test_base_url_and_api_key_options(
        self, capsys: pytest.CaptureFixture[str], server: MockServer
    ) -> None:
        """--base-url and --api-key reach a keyed server; no example-data note is printed."""
        result = run(capsys, *online(server), "list", "--json")
        assert result.code == 0
        assert result.err == ""
        assert json.loads(result.out) == offline_json(capsys, "list")

    def test_environment_variables(
        self,
        capsys: pytest.CaptureFixture[str],
        server: MockServer,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """XAI_BASE_URL and XAI_API_KEY configure the command when no option is given."""
        monkeypatch.setenv("XAI_BASE_URL", server.url)
        monkeypatch.setenv("XAI_API_KEY", KEY)
        result = run(capsys, "get", "grok-4.3-latest", "--json")
        assert result.code == 0
        assert json.loads(result.out)[0]["id"] == "grok-4.3"

    def test_options_override_the_environment(
        self,
        capsys: pytest.CaptureFixture[str],
        server: MockServer,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """--base-url and --api-key win over XAI_BASE_URL and XAI_API_KEY."""
        monkeypatch.setenv("XAI_BASE_URL", f"http://127.0.0.1:{closed_port()}")
        monkeypatch.setenv("XAI_API_KEY", WRONG_KEY)
        result = run(capsys, *online(server), "list")
        assert result.code == 0, result.err

    def test_api_key_option_with_base_url_from_the_environment(
        self,
        capsys: pytest.CaptureFixture[str],
        server: MockServer,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Each setting is taken separately: URL from the environment, key from the option."""
        monkeypatch.setenv("XAI_BASE_URL", server.url)
        monkeypatch.setenv("XAI_API_KEY", WRONG_KEY)
        result = run(capsys, "--api-key", KEY, "list")
        assert result.code == 0, result.err

    def test_wrong_key_exits_3(
        self, capsys: pytest.CaptureFixture[str], server: MockServer
    ) -> None:
        """A wrong key exits 1 with the API's message on one line, without the key."""
        result = run(capsys, *online(server, WRONG_KEY), "list")
        assert result.code == 3
        line = only_line(result.err)
        assert "Incorrect API key provided" in line
        assert WRONG_KEY not in result.err
        assert result.out == ""

    def test_wrong_key_from_the_environment_exits_3(
        self,
        capsys: pytest.CaptureFixture[str],
        server: MockServer,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A wrong XAI_API_KEY exits 1 too."""
        monkeypatch.setenv("XAI_BASE_URL", server.url)
        monkeypatch.setenv("XAI_API_KEY", WRONG_KEY)
        result = run(capsys, "get", "grok-4.3")
        assert result.code == 3
        assert "Incorrect API key provided" in only_line(result.err)

    def test_missing_key_says_how_to_set_it(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a key, exit 2 with a line naming XAI_API_KEY, --api-key and --offline."""
        result = run(capsys, "list")
        assert result.code == 2
        line = only_line(result.err)
        assert "XAI_API_KEY" in line
        assert "--api-key" in line
        assert "--offline" in line
        assert result.out == ""

    def test_connection_refused_exits_3(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A base URL where nothing listens exits 1 with one error line."""
        url = f"http://127.0.0.1:{closed_port()}"
        result = run(capsys, "--base-url", url, "--api-key", KEY, "list")
        assert result.code == 3
        assert "onnect" in only_line(result.err)
        assert result.out == ""

    def test_endpoint_not_found_exits_3(
        self, capsys: pytest.CaptureFixture[str], server: MockServer
    ) -> None:
        """A base URL whose endpoints answer 404 exits 1 with the API's error."""
        result = run(capsys, "--base-url", server.url + "/elsewhere", "--api-key", KEY, "list")
        assert result.code == 3
        assert "404" in only_line(result.err)

    @pytest.mark.parametrize(
        "args",
        [
            ["--base-url", "http://api.example.com", "--api-key", KEY],
            ["--base-url", "ftp://127.0.0.1", "--api-key", KEY],
            ["--base-url", "not a url", "--api-key", KEY],
            ["--api-key", "two words"],
            ["--api-key", KEY, "--timeout", "0"],
            ["--api-key", KEY, "--timeout", "soon"],
        ],
        ids=[
            "cleartext-remote",
            "ftp",
            "garbage-url",
            "spaced-key",
            "zero-timeout",
            "word-timeout",
        ],
    )
    def test_bad_settings_are_usage_errors(
        self, capsys: pytest.CaptureFixture[str], args: list[str]
    ) -> None:
        """A base URL, key or timeout that cannot work exits 2 before any request."""
        result = run(capsys, *args, "list")
        assert result.code == 2
        error_line(result.err)
        assert "two words" not in result.err
        assert result.out == ""


class TestUsage:
    @pytest.mark.parametrize(
        "argv",
        [
            ["--bogus", "list"],
            ["--offline", "list", "--bogus"],
            ["--offline", "frobnicate"],
            ["--offline"],
            [],
        ],
        ids=["global-flag", "command-flag", "command", "no-command", "nothing"],
    )
    def test_usage_errors_exit_2(self, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
        """Unknown flags and commands, or no command, exit 2 with one error line."""
        result = run(capsys, *argv)
        assert result.code == 2
        error_line(result.err)
        assert result.out == ""

    def test_unknown_flag_is_named(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The error line names the unknown flag."""
        result = run(capsys, "--offline", "list", "--colour")
        assert "--colour" in error_line(result.err)


class TestEntryPoints:
    def test_console_script_help_mentions_offline_example_data(self, tmp_path: Path) -> None:
        """`xai-models --help` says --offline serves example data, and its date."""
        result = run_child(str(CONSOLE_SCRIPT), "--help", cwd=tmp_path)
        assert result.returncode == 0
        text = " ".join(result.stdout.split())
        assert "--offline" in text
        assert "EXAMPLE DATA" in text
        assert "captured 2026-07-25" in text
        assert result.stderr == ""

    def test_module_lists_offline(self, tmp_path: Path) -> None:
        """`python -m xai_models --offline list --json` works and notes the example data."""
        result = run_child(
            sys.executable, "-m", "xai_models", "--offline", "list", "--json", cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        assert [row["id"] for row in json.loads(result.stdout)] == OFFLINE_IDS
        assert "EXAMPLE DATA" in result.stderr
        assert "Traceback" not in result.stderr

    def test_console_script_costs_offline(self, tmp_path: Path) -> None:
        """The installed `xai-models` script estimates a cost."""
        result = run_child(
            str(CONSOLE_SCRIPT),
            "--offline",
            "cost",
            "grok-4.3",
            "--prompt-tokens",
            "200000",
            "--cached-tokens",
            "100000",
            "--completion-tokens",
            "1000",
            "--json",
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr
        # 100,000 x 25000 + 100,000 x 4000 + 1,000 x 50000 ticks: all at long-context prices
        assert json.loads(result.stdout)["total_usd"] == "0.295"

    def test_console_script_without_key_exits_2(self, tmp_path: Path) -> None:
        """The script without a key exits 2 with one error line and no traceback."""
        result = run_child(str(CONSOLE_SCRIPT), "list", cwd=tmp_path)
        assert result.returncode == 2
        assert "XAI_API_KEY" in only_line(result.stderr)

    def test_module_unknown_model_exits_2(self, tmp_path: Path) -> None:
        """`python -m xai_models` exits 1 for an unknown model, with a suggestion."""
        result = run_child(
            sys.executable, "-m", "xai_models", "--offline", "get", "grok-imagine", cwd=tmp_path
        )
        assert result.returncode == 2
        assert "did you mean" in error_line(result.stderr)

    def test_module_usage_error_exits_2(self, tmp_path: Path) -> None:
        """`python -m xai_models` exits 2 for a missing --prompt-tokens."""
        result = run_child(
            sys.executable, "-m", "xai_models", "--offline", "cost", "grok-4.3", cwd=tmp_path
        )
        assert result.returncode == 2
        assert "--prompt-tokens" in error_line(result.stderr)


class TestMockCommand:
    def start(self, *command: str, cwd: Path) -> tuple[subprocess.Popen[bytes], Lines, str]:
        """Start `command` (a mock on port 0): the process, its stdout, the URL it printed first."""
        process = subprocess.Popen(
            list(command), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(), cwd=cwd
        )
        lines = Lines(process)
        try:
            first = lines.next()
            match = re.search(r"(http://127\.0\.0\.1:\d+)", first)
            assert match is not None, f"no URL in the mock's first line: {first!r}"
        except AssertionError:
            process.kill()
            process.communicate(timeout=TIMEOUT)
            raise
        return process, lines, match.group(1)

    def stop(self, process: subprocess.Popen[bytes]) -> tuple[int, str]:
        """Interrupt the mock as Ctrl-C would; its exit status and stderr."""
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=TIMEOUT)
        return process.returncode, err.decode()

    def test_console_script_mock_serves_and_stops_on_ctrl_c(self, tmp_path: Path) -> None:
        """`xai-models mock --port 0` serves the eight endpoints and exits 0 on SIGINT."""
        process, _, url = self.start(str(CONSOLE_SCRIPT), "mock", "--port", "0", cwd=tmp_path)
        try:
            with httpx.Client(base_url=url, timeout=10) as http:
                models = http.get("/v1/models")
                alias = http.get("/v1/language-models/grok-4.3-latest")
                missing = http.get("/v1/video-generation-models/grok-9")
            assert models.status_code == 200
            assert sorted(m["id"] for m in models.json()["data"]) == OFFLINE_IDS
            assert models.json()["object"] == "list"
            assert alias.json()["id"] == "grok-4.3"
            assert missing.status_code == 404
            assert missing.json()["code"] == "not-found"
        finally:
            code, err = self.stop(process)
        assert code == 0
        assert "Traceback" not in err

    def test_module_mock_requires_its_key(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """`python -m xai_models mock --require-key` checks the key; the CLI works against it."""
        process, lines, url = self.start(
            sys.executable,
            "-m",
            "xai_models",
            "mock",
            "--port",
            "0",
            "--require-key",
            KEY,
            cwd=tmp_path,
        )
        try:
            second = lines.next()
            assert second == f"Point a client at it: XAI_BASE_URL={url}"
            assert httpx.get(url + "/v1/models", timeout=10).status_code == 401
            wrong = httpx.get(
                url + "/v1/models", headers={"Authorization": f"Bearer {WRONG_KEY}"}, timeout=10
            )
            assert wrong.status_code == 400
            good = run(capsys, "--base-url", url, "--api-key", KEY, "get", "grok-4.3", "--json")
            bad = run(capsys, "--base-url", url, "--api-key", WRONG_KEY, "get", "grok-4.3")
        finally:
            code, err = self.stop(process)
        assert good.code == 0
        assert [entry["kinds"] for entry in json.loads(good.out)] == [["model", "language"]]
        assert bad.code == 3
        assert "Incorrect API key provided" in only_line(bad.err)
        assert code == 0
        assert "Traceback" not in err

    @pytest.mark.parametrize("port", ["70000", "-1"])
    def test_port_out_of_range_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], port: str
    ) -> None:
        """mock on a port number no socket can have exits 2 with one error line."""
        result = run(capsys, "mock", "--port", port)
        assert result.code == 2
        error_line(result.err)
        assert result.out == ""

    def test_port_in_use_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """mock on a port another socket listens on exits 2 with one error line."""
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            result = run(capsys, "mock", "--port", str(port))
        assert result.code == 2
        assert str(port) in only_line(result.err)
        assert result.out == ""
