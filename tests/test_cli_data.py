"""The data commands of `xai-models` (list, get, cost, snapshot, diff, history), through `main()`.

The embedded catalog behind `--offline` holds the captures of 2026-07-25 for /v1/models and
/v1/language-models, so the expected values below are those captures' prices: grok-4.3 at 12500 /
2000 / 25000 ticks a token ($1.25 / $0.20 / $2.50 per 1M), grok-4.5 at $2.00 / $0.30 / $6.00,
grok-build-0.1 at $1.00 / $0.20 / $2.00, grok-imagine-image at $0.02 an image. Every format is
parsed back with its own reader (json, the csv module, a Markdown table's shape).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_cli import ERROR, NOTE, OFFLINE_IDS, Result, by_id, offline_json, run, table

from xai_models import Catalog
from xai_models._model.history import write_snapshot
from xai_models._model.offline import offline_catalog

CAPTURED_IDS = OFFLINE_IDS
USAGE = Path(__file__).parent / "data" / "usage"


def error(result: Result) -> str:
    lines = [line for line in result.err.splitlines() if not line.startswith(NOTE)]
    assert lines, result.err
    assert lines[-1].startswith(ERROR), result.err
    assert "Traceback" not in result.err
    return lines[-1]


def markdown_table(text: str) -> list[list[str]]:
    """A Markdown table's cells; checks its shape (header, separator, equal widths)."""
    lines = text.strip().splitlines()
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines[:1] + lines[2:])
    assert re.fullmatch(r"\|(-{3}:?\|)+|\|((---:?)\|)+", lines[1].replace("---:", "---"))
    rows = [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines]
    assert len({len(row) for row in rows[:1] + rows[2:]}) == 1
    return rows[:1] + rows[2:]


class TestList:
    def test_table_columns_and_money(self, capsys: pytest.CaptureFixture[str]) -> None:
        rows = table(run(capsys, "--offline", "list").out)
        assert rows[0] == ["ID", "KINDS", "ALIASES", "CREATED", "CONTEXT", "$/1M PROMPT",
                           "$/1M CACHED", "$/1M COMPLETION", "$/IMAGE"]  # fmt: skip
        by_row = {row[0]: row for row in rows[1:]}
        assert by_row["grok-4.3"] == [
            "grok-4.3", "model, language", "grok-4.3-latest, grok-latest", "2026-04-17",
            "1,000,000", "$1.25", "$0.20", "$2.50", "-",
        ]  # fmt: skip
        assert by_row["grok-imagine-image"][-1] == "$0.02"
        assert by_row["grok-4.5"][5:8] == ["$2.00", "$0.30", "$6.00"]
        assert [row[0] for row in rows[1:]] == CAPTURED_IDS

    def test_money_is_right_aligned(self, capsys: pytest.CaptureFixture[str]) -> None:
        lines = run(capsys, "--offline", "list", "--fields", "id,usd_per_image").out.splitlines()
        assert {len(line) for line in lines} == {len(lines[0])}  # padded to the right edge
        assert lines[-3].endswith("$0.05")

    def test_json_keys_and_exact_values(self, capsys: pytest.CaptureFixture[str]) -> None:
        rows = offline_json(capsys, "list")
        grok = by_id(rows, "grok-4.3")
        assert grok == {
            "id": "grok-4.3",
            "kinds": ["model", "language"],
            "aliases": ["grok-4.3-latest", "grok-latest"],
            "created": 1776384000,
            "context_length": 1000000,
            "input_modalities": ["image", "text"],
            "output_modalities": ["text"],
            "usd_per_million_prompt_tokens": "1.25",
            "usd_per_million_cached_prompt_tokens": "0.2",
            "usd_per_million_prompt_image_tokens": "1.25",
            "usd_per_million_completion_tokens": "2.5",
            "usd_per_million_prompt_tokens_long_context": "2.5",
            "usd_per_million_cached_prompt_tokens_long_context": "0.4",
            "usd_per_million_completion_tokens_long_context": "5",
            "long_context_threshold": 200000,
            "usd_per_image": None,
            "usd_per_search": "0",
        }

    def test_jsonl_csv_markdown(self, capsys: pytest.CaptureFixture[str]) -> None:
        as_json = offline_json(capsys, "list")
        jsonl = run(capsys, "--offline", "list", "--format", "jsonl").out
        assert [json.loads(line) for line in jsonl.splitlines()] == as_json
        text = run(capsys, "--offline", "list", "--format", "csv").out
        records = list(csv.DictReader(io.StringIO(text)))
        assert [r["id"] for r in records] == CAPTURED_IDS
        grok = next(r for r in records if r["id"] == "grok-4.3")
        assert grok["usd_per_million_prompt_tokens"] == "1.25"
        assert grok["aliases"] == "grok-4.3-latest grok-latest"
        assert grok["usd_per_image"] == ""
        rows = markdown_table(run(capsys, "--offline", "list", "--format", "markdown").out)
        assert rows[0][0] == "ID"
        assert len(rows) == 1 + len(CAPTURED_IDS)

    def test_fields_pick_and_order(self, capsys: pytest.CaptureFixture[str]) -> None:
        rows = offline_json(capsys, "list", "--fields", "usd_per_image,id")
        assert list(rows[0]) == ["usd_per_image", "id"]
        head = table(run(capsys, "--offline", "list", "--fields", "id,context_length").out)[0]
        assert head == ["ID", "CONTEXT"]

    def test_unknown_field_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        result = run(capsys, "--offline", "list", "--fields", "id,price")
        assert result.code == 2
        assert "unknown field price" in error(result)

    @pytest.mark.parametrize(
        ("sort", "first"),
        [("prompt", "grok-build-0.1"), ("completion", "grok-build-0.1"),
         ("context", "grok-imagine-image"), ("created", "grok-imagine-image"),
         ("id", "grok-4.20-0309-non-reasoning")],
    )  # fmt: skip
    def test_sort(self, capsys: pytest.CaptureFixture[str], sort: str, first: str) -> None:
        rows = offline_json(capsys, "list", "--sort", sort)
        assert rows[0]["id"] == first

    def test_sort_puts_missing_values_last(self, capsys: pytest.CaptureFixture[str]) -> None:
        rows = offline_json(capsys, "list", "--sort", "prompt")
        assert [r["usd_per_million_prompt_tokens"] for r in rows][-4:] == [None] * 4

    def test_quiet_prints_ids(self, capsys: pytest.CaptureFixture[str]) -> None:
        out = run(capsys, "--offline", "list", "-q", "--kind", "image").out
        assert out == "grok-imagine-image\n"

    def test_kind_and_modality(self, capsys: pytest.CaptureFixture[str]) -> None:
        ids = [r["id"] for r in offline_json(capsys, "list", "--kind", "video")]
        assert ids == ["grok-imagine-video"]
        ids = [r["id"] for r in offline_json(capsys, "list", "--modality", "video")]
        assert ids == ["grok-imagine-video"]


class TestGet:
    def test_one_block_per_model_with_its_families(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        result = run(capsys, "--offline", "get", "grok-latest")
        lines = result.out.splitlines()
        assert lines[0] == "grok-4.3 (model, language)"
        assert sum(1 for line in lines if not line.startswith(" ")) == 1
        assert re.search(r"^  \$/1M prompt tokens\s+\$1\.25$", result.out, re.M)
        assert re.search(r"^  created\s+2026-04-17$", result.out, re.M)
        assert re.search(r"^  language\.fingerprint\s+fp_", result.out, re.M)

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        (row,) = offline_json(capsys, "get", "grok-code-fast")
        assert row["id"] == "grok-build-0.1"
        assert row["kinds"] == ["model", "language"]
        assert set(row["families"]) == {"models", "language_models"}
        assert row["families"]["models"]["context_length"] == 256000

    def test_several_names_and_quiet(self, capsys: pytest.CaptureFixture[str]) -> None:
        out = run(capsys, "--offline", "get", "grok-latest", "grok-4.3", "grok-imagine-image",
                  "-q").out  # fmt: skip
        assert out == "grok-4.3\ngrok-imagine-image\n"

    def test_csv(self, capsys: pytest.CaptureFixture[str]) -> None:
        text = run(capsys, "--offline", "get", "grok-4.5", "--format", "csv").out
        (record,) = csv.DictReader(io.StringIO(text))
        assert record["usd_per_million_completion_tokens"] == "6"

    def test_unknown_name_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        result = run(capsys, "--offline", "get", "grok-4.33")
        assert result.code == 2
        assert "did you mean" in error(result)


class TestCostOptions:
    def test_long_context_by_hand(self, capsys: pytest.CaptureFixture[str]) -> None:
        """grok-4.3, 200,000 prompt (100,000 cached) + 1,000 completion, all at long-context
        prices: 100,000 x 25000 + 100,000 x 4000 + 1,000 x 50000 = 2,950,000,000 ticks."""
        result = run(capsys, "--offline", "cost", "grok-4.3", "--prompt-tokens", "200000",
                     "--cached-tokens", "100000", "--completion-tokens", "1000")  # fmt: skip
        assert result.code == 0, result.err
        assert result.out.splitlines()[0] == "grok-4.3 (long context prices)"
        assert "estimate: $0.295 (2,950,000,000 ticks)" in result.out
        rows = {row[0]: row for row in table(result.out)[2:5]}
        assert rows["cached prompt text (long context)"][1:] == [
            "100,000", "$0.40 per 1M tokens", "$0.04", "400,000,000"
        ]  # fmt: skip

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        document = offline_json(capsys, "cost", "grok-latest", "--prompt-tokens", "10")
        assert (document["model"], document["total_ticks"], document["total_usd"]) == (
            "grok-4.3", 125000, "0.0000125"
        )  # fmt: skip
        assert document["billed_ticks"] is None

    def test_needs_counts_or_usage(self, capsys: pytest.CaptureFixture[str]) -> None:
        result = run(capsys, "--offline", "cost", "grok-4.3")
        assert result.code == 2
        assert "--prompt-tokens" in error(result)


def usage_file(tmp_path: Path, name: str, *bodies: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(body) for body in bodies) + "\n", encoding="utf-8")
    return path


def chat_example() -> dict[str, Any]:
    data = json.loads((USAGE / "chat-cached-reasoning.json").read_text("utf-8"))
    return {"object": "chat.completion", "model": "grok-4.3", "created": 1783390000,
            "usage": data["usage"]}  # fmt: skip


class TestCostUsage:
    def test_the_published_chat_bill(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """chat-cached-reasoning.json at the captured grok-4.3 prices: 129,978,500 ticks."""
        path = usage_file(tmp_path, "r.json", chat_example())
        result = run(capsys, "--offline", "cost", "--usage", str(path), "--check")
        assert result.code == 0, result.err
        assert "estimate: $0.01299785 (129,978,500 ticks)" in result.out
        assert "billed:   $0.01299785 (129,978,500 ticks): agrees" in result.out

    def test_check_fails_on_a_wrong_bill(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        body = chat_example()
        body["usage"]["cost_in_usd_ticks"] += 500
        path = usage_file(tmp_path, "r.json", body)
        assert run(capsys, "--offline", "cost", "--usage", str(path)).code == 0
        result = run(capsys, "--offline", "cost", "--usage", str(path), "--check")
        assert result.code == 1
        assert "differs by -500 ticks" in result.out

    def test_bare_usage_needs_model(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = usage_file(tmp_path, "u.json", {"prompt_tokens": 10, "completion_tokens": 2})
        result = run(capsys, "--offline", "cost", "--usage", str(path))
        assert result.code == 2
        assert "names no model" in error(result)
        document = offline_json(capsys, "cost", "--usage", str(path), "--model", "grok-4.5")
        assert document["responses"][0]["total_ticks"] == 10 * 20000 + 2 * 60000

    def test_jsonl_totals_per_model(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Three responses: two of grok-4.3 (125,000 + 250,000 ticks), one of grok-4.5 (200,000)."""
        bodies = [
            {"model": "grok-4.3", "usage": {"prompt_tokens": 10, "cost_in_usd_ticks": 125000}},
            {"model": "grok-latest", "usage": {"prompt_tokens": 20, "cost_in_usd_ticks": 250000}},
            {"model": "grok-4.5", "usage": {"input_tokens": 10}},
        ]
        path = usage_file(tmp_path, "log.jsonl", *bodies)
        document = offline_json(capsys, "cost", "--usage", str(path))
        assert [r["line"] for r in document["responses"]] == [1, 2, 3]
        assert document["totals"] == [
            {"model": "grok-4.3", "requests": 2, "total_ticks": 375000, "total_usd": "0.0000375",
             "billed_ticks": 375000, "unbilled_requests": 0, "difference_ticks": 0},
            {"model": "grok-4.5", "requests": 1, "total_ticks": 200000, "total_usd": "0.00002",
             "billed_ticks": 0, "unbilled_requests": 1, "difference_ticks": 200000},
        ]  # fmt: skip
        text = run(capsys, "--offline", "cost", "--usage", str(path)).out
        assert "totals per model" in text
        assert text.startswith("line 1: grok-4.3 (chat, standard)")

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            ('{"model": "grok-4.3", "usage": {"prompt_tokens": -5}}', ">= 0"),
            ('{"model": "grok-9", "usage": {"prompt_tokens": 5}}', "no model has the id"),
            ('{"model": "grok-4.3", "usage": {"prompt_tokens": "5"}}', "whole number"),
            ('{"model": "grok-4.3"}\n{oops', "line 2: not JSON"),
            ("", "empty, no response in it"),
        ],
    )
    def test_bad_usage_is_one_line_exit_2(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
    ) -> None:
        path = tmp_path / "bad.json"
        path.write_text(content, encoding="utf-8")
        result = run(capsys, "--offline", "cost", "--usage", str(path))
        assert result.code == 2
        assert message in error(result)

    def test_tool_price_option(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        body = {"model": "grok-4.3", "usage": {"input_tokens": 0,
                "server_side_tool_usage_details": {"mcp_calls": 3}}}  # fmt: skip
        path = usage_file(tmp_path, "r.json", body)
        assert run(capsys, "--offline", "cost", "--usage", str(path)).code == 2
        result = run(capsys, "--offline", "cost", "--usage", str(path), "--tool-price",
                     "mcp_calls=0.001")  # fmt: skip
        assert result.code == 0
        assert "estimate: $0.003 (30,000,000 ticks)" in result.out
        assert "not from the API" in result.out

    def test_from_snapshot_and_history(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """--history prices each response at the snapshot in force at its `created` time."""
        history = tmp_path / "history"
        history.mkdir()
        old = json.loads(offline_catalog().to_json())
        (history / "2026-07-25.json").write_text(json.dumps(old), encoding="utf-8")
        new = json.loads(offline_catalog().to_json())
        for family in ("models", "language_models"):
            by_id(new[family], "grok-4.3")["prompt_text_token_price"] = 10000
        new["fetched_at"] = "2026-09-01T00:00:00+00:00"
        (history / "2026-09-01.json").write_text(json.dumps(new), encoding="utf-8")
        early = {"model": "grok-4.3", "created": 1785000000, "usage": {"prompt_tokens": 10}}
        late = {"model": "grok-4.3", "created": 1790000000, "usage": {"prompt_tokens": 10}}
        path = usage_file(tmp_path, "log.jsonl", early, late)
        document = json.loads(run(capsys, "cost", "--usage", str(path), "--history", str(history),
                                  "--json").out)  # fmt: skip
        assert [r["total_ticks"] for r in document["responses"]] == [125000, 100000]
        at = json.loads(run(capsys, "cost", "--usage", str(path), "--from",
                            str(history / "2026-09-01.json"), "--json").out)  # fmt: skip
        assert [r["total_ticks"] for r in at["responses"]] == [100000, 100000]
        too_early = usage_file(tmp_path, "e.json", {**early, "created": 1700000000})
        result = run(capsys, "cost", "--usage", str(too_early), "--history", str(history))
        assert result.code == 2
        assert "no snapshot dated on or before" in error(result)


def snapshot(path: Path, document: dict[str, Any], day: str) -> Path:
    document = json.loads(json.dumps(document))
    document["fetched_at"] = f"{day}T00:00:00+00:00"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def release_day(document: dict[str, Any]) -> dict[str, Any]:
    """grok-build-0.1 retired into an alias of grok-4.5, which takes grok-code-fast too, with a
    2M context and a cheaper completion price; grok-4.3's prompt price up 25%."""
    new = json.loads(json.dumps(document))
    for family in ("models", "language_models"):
        new[family] = [m for m in new[family] if m["id"] != "grok-build-0.1"]
        grok_45 = by_id(new[family], "grok-4.5")
        grok_45["aliases"] += ["grok-build-0.1", "grok-code-fast"]
        grok_45["completion_text_token_price"] = 50000
        by_id(new[family], "grok-4.3")["prompt_text_token_price"] = 15625
    by_id(new["models"], "grok-4.5")["context_length"] = 2000000
    return new


class TestDiff:
    def paths(self, tmp_path: Path) -> tuple[str, str]:
        old = json.loads(offline_catalog().to_json())
        return (
            str(snapshot(tmp_path / "old.json", old, "2026-07-25")),
            str(snapshot(tmp_path / "new.json", release_day(old), "2026-08-01")),
        )

    def test_one_entry_per_model(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        result = run(capsys, "diff", *self.paths(tmp_path))
        assert result.code == 0
        assert result.out.splitlines() == [
            "grok-4.3 (model, language)",
            "  ~ prompt_text_token_price: $1.25 per 1M tokens -> $1.5625 per 1M tokens (+25%)",
            "grok-4.5 (model, language)",
            "  ~ context_length: 500,000 tokens -> 2,000,000 tokens",
            "  ~ completion_text_token_price: $6.00 per 1M tokens -> $5.00 per 1M tokens (-16.7%)",
            "grok-build-0.1 (model, language)",
            "  - retired, now an alias of grok-4.5 (billed at grok-4.5's prices)",
            "  ~ alias grok-code-fast moved grok-build-0.1 -> grok-4.5",
            "  ~ alias grok-code-fast-1 removed",
            "  ~ alias grok-code-fast-1-0825 removed",
        ]

    def test_json_entries_carry_id_and_kinds(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        document = json.loads(run(capsys, "diff", *self.paths(tmp_path), "--json").out)
        assert document["changed"] is True
        assert [m["id"] for m in document["models"]] == ["grok-4.3", "grok-4.5", "grok-build-0.1"]
        grok_43 = document["models"][0]
        assert grok_43["kinds"] == ["model", "language"]
        assert grok_43["changes"] == [{
            "type": "price-up", "field": "prompt_text_token_price", "old": 12500, "new": 15625,
            "old_usd": "1.25", "new_usd": "1.5625", "relative_change": "0.25",
            "description": "prompt_text_token_price: $1.25 per 1M tokens -> $1.5625 per 1M "
            "tokens (+25%)",
        }]  # fmt: skip
        retired = document["models"][2]["changes"][0]
        assert (retired["type"], retired["new"]) == ("retired", "grok-4.5")

    @pytest.mark.parametrize(
        ("fail_on", "code"),
        [
            ("added", 0), ("removed", 0), ("retired", 1), ("price-up", 1), ("price-down", 1),
            ("alias", 1), ("context", 1), ("added,removed", 0), ("added,context", 1),
        ],
    )  # fmt: skip
    def test_fail_on(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, fail_on: str, code: int
    ) -> None:
        assert run(capsys, "diff", *self.paths(tmp_path), "--fail-on", fail_on).code == code

    def test_exit_code_and_default(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        paths = self.paths(tmp_path)
        assert run(capsys, "diff", *paths).code == 0
        assert run(capsys, "diff", *paths, "--exit-code").code == 1
        assert run(capsys, "diff", paths[0], paths[0], "--exit-code").code == 0

    def test_unknown_fail_on_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        result = run(capsys, "diff", *self.paths(tmp_path), "--fail-on", "price")
        assert result.code == 2
        assert "unknown change type price" in error(result)

    def test_markdown_report(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        text = run(capsys, "diff", *self.paths(tmp_path), "--format", "markdown").out
        lines = text.splitlines()
        assert lines[0] == "### xAI model catalog changes (2026-07-25 → 2026-08-01)"
        assert "- **`grok-build-0.1`** (model, language)" in lines
        assert "  - retired, now an alias of grok-4.5 (billed at grok-4.5's prices)" in lines

    def test_csv_and_jsonl_rows(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        text = run(capsys, "diff", *self.paths(tmp_path), "--format", "csv").out
        records = list(csv.DictReader(io.StringIO(text)))
        assert [(r["id"], r["type"]) for r in records][:3] == [
            ("grok-4.3", "price-up"), ("grok-4.5", "context"), ("grok-4.5", "price-down")
        ]  # fmt: skip
        lines = run(capsys, "diff", *self.paths(tmp_path), "--format", "jsonl").out.splitlines()
        assert len(lines) == len(records) == 7
        assert json.loads(lines[2])["relative_change"] == "-0.1667"

    def test_no_changes(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        old, _ = self.paths(tmp_path)
        assert run(capsys, "diff", old, old).out == "No changes.\n"
        assert json.loads(run(capsys, "diff", old, old, "--json").out)["models"] == []

    def test_not_a_snapshot(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        bad = tmp_path / "x.json"
        bad.write_text("[]", encoding="utf-8")
        result = run(capsys, "diff", str(bad), str(bad))
        assert result.code == 2
        assert "not a snapshot" in error(result)


class TestSnapshotsAndHistory:
    def test_to_dir_writes_only_changes(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        history = tmp_path / "h"
        first = run(capsys, "--offline", "snapshot", "--to-dir", str(history))
        assert first.code == 0
        assert first.out.strip().endswith("2026-07-25.json")
        again = run(capsys, "--offline", "snapshot", "--to-dir", str(history))
        assert again.code == 0
        assert again.out == ""
        assert "unchanged since" in again.err
        assert [p.name for p in history.iterdir()] == ["2026-07-25.json"]

    def history(self, tmp_path: Path) -> Path:
        """Five days: two of them unchanged, written through write_snapshot as a cron job would."""
        directory = tmp_path / "history"
        base = json.loads(offline_catalog().to_json())
        later = release_day(base)
        cheaper = json.loads(json.dumps(later))
        for family in ("models", "language_models"):
            by_id(cheaper[family], "grok-4.3")["prompt_text_token_price"] = 12500
        days = [("2026-08-01", base), ("2026-08-02", base), ("2026-08-03", later),
                ("2026-08-04", later), ("2026-08-05", cheaper)]  # fmt: skip
        written = []
        for day, document in days:
            text = json.loads(json.dumps(document))
            text["fetched_at"] = f"{day}T06:00:00+00:00"
            written.append(write_snapshot(Catalog.from_json(json.dumps(text)), directory))
        assert [p.name if p else None for p in written] == [
            "2026-08-01.json", None, "2026-08-03.json", None, "2026-08-05.json"
        ]  # fmt: skip
        return directory

    def test_history_dates_each_change(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        directory = self.history(tmp_path)
        rows = json.loads(run(capsys, "history", str(directory), "grok-4.3", "--json").out)
        assert [(r["date"], r["type"]) for r in rows] == [
            ("2026-08-01", "added"), ("2026-08-03", "price-up"), ("2026-08-05", "price-down")
        ]  # fmt: skip

    def test_history_by_alias_and_retirement(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        directory = self.history(tmp_path)
        rows = json.loads(run(capsys, "history", str(directory), "grok-code-fast-1", "--json").out)
        assert [(r["date"], r["id"], r["type"]) for r in rows][:1] == [
            ("2026-08-01", "grok-build-0.1", "added")
        ]
        assert ("2026-08-03", "grok-build-0.1", "retired") in [
            (r["date"], r["id"], r["type"]) for r in rows
        ]

    def test_history_table_and_empty_dir(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        directory = self.history(tmp_path)
        rows = table(run(capsys, "history", str(directory), "grok-4.5").out)
        assert rows[0] == ["DATE", "ID", "CHANGE", "WHAT"]
        assert ["2026-08-03", "grok-4.5", "context",
                "context_length: 500,000 tokens -> 2,000,000 tokens"] in rows  # fmt: skip
        empty = tmp_path / "empty"
        empty.mkdir()
        result = run(capsys, "history", str(empty))
        assert result.code == 2
        assert "holds no snapshot" in error(result)


class TestCostFormats:
    def test_cost_lines_as_csv_and_quiet(self, capsys: pytest.CaptureFixture[str]) -> None:
        text = run(capsys, "--offline", "cost", "grok-4.3", "--prompt-tokens", "10",
                   "--completion-tokens", "2", "--format", "csv").out  # fmt: skip
        records = list(csv.DictReader(io.StringIO(text)))
        assert [(r["item"], r["ticks"]) for r in records] == [
            ("prompt text", "125000"), ("completion text", "50000")
        ]  # fmt: skip
        quiet = run(capsys, "--offline", "cost", "grok-latest", "--prompt-tokens", "1", "-q")
        assert quiet.out == "grok-4.3\n"
