"""The ledger: one whole JSON line per record, shared safely by processes, torn lines skipped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from inference import billed, chat_body
from test_meter import KEY, MESSAGES, Upstream, sdk
from test_usage import catalog

from xai_models import InvalidLedgerError, Ledger, Meter, MeterRecord, Usage, read_ledger
from xai_models._cli import main
from xai_models._model.ledger import record_json, record_of

CHAT = billed("chat-cached-reasoning")
PROMPT = "Say hello."


def record(**fields: object) -> MeterRecord:
    base: dict[str, object] = {
        "time": datetime(2026, 12, 6, 12, 0, tzinfo=UTC),
        "endpoint": "chat/completions",
        "status": "costed",
        "model": "grok-4.3",
        "response_id": "chatcmpl-1",
        "usage": Usage(prompt_tokens=51059, cached_prompt_tokens=51008, completion_tokens=1093),
        "ticks": CHAT,
        "billed_ticks": CHAT,
        "tier": "standard",
        "key": "0a1b2c3d",
        "tags": {"app": "demo"},
    }
    base.update(fields)
    return MeterRecord(**base)  # type: ignore[arg-type]


class TestLines:
    def test_round_trip(self) -> None:
        original = record()
        assert record_of(json.loads(json.dumps(record_json(original)))) == original

    def test_meter_writes_one_line_per_record(self, tmp_path: Path) -> None:
        path = tmp_path / "costs" / "ledger.jsonl"
        meter = Meter(catalog(), ledger=path)
        client = sdk(meter, Upstream())
        client.chat.completions.create(model="grok-4.3", messages=MESSAGES)
        list(client.chat.completions.create(model="grok-4.3", messages=MESSAGES, stream=True))
        meter.close()
        lines = path.read_bytes().splitlines()
        assert len(lines) == 2
        assert [json.loads(line)["ticks"] for line in lines] == [CHAT, CHAT]
        assert read_ledger(path).records == meter.records

    def test_no_key_and_no_text(self, tmp_path: Path) -> None:
        path = tmp_path / "ledger.jsonl"
        meter = Meter(catalog(), ledger=path)
        sdk(meter, Upstream()).chat.completions.create(model="grok-4.3", messages=MESSAGES)
        meter.close()
        text = path.read_text("utf-8")
        assert KEY not in text
        assert PROMPT not in text
        assert chat_body()["choices"][0]["message"]["content"] not in text


WRITER = """
import sys
from datetime import UTC, datetime
from xai_models import Ledger, MeterRecord
ledger = Ledger(sys.argv[1])
note = "x" * int(sys.argv[3])
for n in range(int(sys.argv[2])):
    ledger.append(MeterRecord(time=datetime.now(UTC), endpoint="responses", status="no-usage",
                              response_id=f"{sys.argv[4]}-{n}", note=note))
    if sys.argv[4] == "slow":
        print(n, flush=True)
"""


def writer(path: Path, count: int, size: int, name: str) -> subprocess.Popen[bytes]:
    output = subprocess.PIPE if name == "slow" else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(count), str(size), name], stdout=output
    )


class TestProcesses:
    def test_two_processes_append_without_interleaving(self, tmp_path: Path) -> None:
        path = tmp_path / "shared.jsonl"
        first, second = writer(path, 400, 20_000, "a"), writer(path, 400, 20_000, "b")
        assert first.wait(60) == 0
        assert second.wait(60) == 0
        reading = read_ledger(path)
        assert reading.skipped == ()
        ids = sorted(r.response_id or "" for r in reading.records)
        assert ids == sorted([f"a-{n}" for n in range(400)] + [f"b-{n}" for n in range(400)])

    def test_kill_9_mid_write(self, tmp_path: Path) -> None:
        """A writer killed with SIGKILL: every line before the last is whole; a torn last line is
        reported and skipped; the next append starts on a line of its own."""
        path = tmp_path / "killed.jsonl"
        proc = writer(path, 10_000, 500_000, "slow")
        assert proc.stdout is not None
        with proc.stdout:
            proc.stdout.readline()
            time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        reading = read_ledger(path)
        assert len(reading.records) >= 1
        assert all(number == len(reading.records) + 1 for number, _ in reading.skipped)
        Ledger(path).append(record())
        again = read_ledger(path)
        assert again.records[-1] == record()
        assert len(again.records) == len(reading.records) + 1

    def test_torn_last_line_is_repaired_on_append(self, tmp_path: Path) -> None:
        path = tmp_path / "torn.jsonl"
        line = json.dumps(record_json(record())) + "\n"
        path.write_text(line + line[: len(line) // 2], "utf-8")
        reading = read_ledger(path)
        assert len(reading.records) == 1
        assert reading.skipped == ((2, "torn (no end of line)"),)
        Ledger(path).append(record())
        again = read_ledger(path)
        assert len(again.records) == 2
        assert [n for n, _ in again.skipped] == [2]


class TestReading:
    def test_empty_ledger(self, tmp_path: Path) -> None:
        path = tmp_path / "empty.jsonl"
        path.write_bytes(b"")
        assert read_ledger(path).records == ()

    @pytest.mark.parametrize(
        "content",
        [
            b"# not a ledger\n",
            b"[1, 2]\n",
            b'{"v": 2}\n',
            b"\xff\xfe\x00\n",
            b"[" * 100_000 + b"\n",
        ],
    )
    def test_not_a_ledger(self, tmp_path: Path, content: bytes) -> None:
        path = tmp_path / "other.jsonl"
        path.write_bytes(content)
        with pytest.raises(InvalidLedgerError, match="not a ledger"):
            read_ledger(path)

    def test_missing_and_directory(self, tmp_path: Path) -> None:
        for path in (tmp_path / "missing.jsonl", tmp_path):
            with pytest.raises(InvalidLedgerError, match="cannot read"):
                read_ledger(path)


class TestCommand:
    @pytest.fixture
    def ledger(self, tmp_path: Path) -> Path:
        path = tmp_path / "ledger.jsonl"
        ledger = Ledger(path)
        ledger.append(record())
        ledger.append(
            record(
                model="grok-4.6",
                response_id="r2",
                tags={},
                key="ffffffff",
                time=datetime(2026, 12, 7, 1, tzinfo=UTC),
            )
        )
        ledger.append(record(status="incomplete", ticks=None, billed_ticks=None, usage=None))
        ledger.close()
        return path

    def test_by_model(self, ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["ledger", str(ledger), "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert [(r["group"], r["requests"], r["ticks"], r["incomplete"]) for r in rows] == [
            ("grok-4.3", 2, CHAT, 1),
            ("grok-4.6", 1, CHAT, 0),
        ]
        assert rows[0]["usd"] == "0.01299785"

    @pytest.mark.parametrize(
        ("by", "groups"),
        [
            ("day", ["2026-12-06", "2026-12-07"]),
            ("tag", ["app=demo", "(no tags)"]),
            ("key", ["0a1b2c3d", "ffffffff"]),
            ("endpoint", ["chat/completions"]),
        ],
    )
    def test_groupings(
        self, ledger: Path, by: str, groups: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["ledger", str(ledger), "--by", by, "-q"]) == 0
        assert capsys.readouterr().out.splitlines() == groups

    @pytest.mark.parametrize("fmt", ["table", "jsonl", "csv", "markdown"])
    def test_formats(self, ledger: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["ledger", str(ledger), "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "grok-4.6" in out
        assert "$0.01299785" in out or "0.01299785" in out

    def test_torn_line_warns_and_exits_0(
        self, ledger: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        with ledger.open("ab") as file:
            file.write(b'{"v":1,"time":"2026-12')
        assert main(["ledger", str(ledger)]) == 0
        captured = capsys.readouterr()
        assert "line 4: torn" in captured.err
        assert "grok-4.3" in captured.out

    def test_unreadable_exits_2(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["ledger", str(tmp_path / "nope.jsonl")]) == 2
        assert capsys.readouterr().err.count("\n") == 1

    def test_unknown_field(self, ledger: Path) -> None:
        assert main(["ledger", str(ledger), "--fields", "group,bogus"]) == 2
