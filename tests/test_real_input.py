"""Other people's files as they really are: the real tables of LiteLLM, genai-prices and models.dev,
lenient reading of real values, strict refusal of what is not a table, and the command line's
exit codes and wording. Each class is one of the defects of the real-world-input issue."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from test_cli import NOTE, run

from support import ROOT, TESTS
from xai_models import Client, InvalidTableError, XAIError, audit_prices
from xai_models._cli import EXIT_CODES, build_parser
from xai_models._model.offline import offline_catalog

TABLES = TESTS / "data" / "tables"
LITELLM = TABLES / "litellm" / "model_prices_and_context_window.json"
GENAI = TABLES / "genai-prices" / "x_ai.yml"
MODELS_DEV = TABLES / "models.dev" / "providers" / "xai"
CATALOG = offline_catalog()


def kinds(findings: list) -> Counter[str]:  # type: ignore[type-arg]
    return Counter(finding.kind for finding in findings)


def litellm_row(**fields: object) -> str:
    row = {
        "litellm_provider": "xai",
        "mode": "chat",
        "input_cost_per_token": 1.25e-06,
        "output_cost_per_token": 2.5e-06,
        "cache_read_input_token_cost": 2e-07,
        "input_cost_per_token_above_200k_tokens": 2.5e-06,
        "output_cost_per_token_above_200k_tokens": 5e-06,
        "cache_read_input_token_cost_above_200k_tokens": 4e-07,
        "max_input_tokens": 1000000,
        **fields,
    }
    return json.dumps({"xai/grok-4.3": row, "openai/gpt-5": {"litellm_provider": "openai"}})


def findings_for(text: str, model: str = "grok-4.3") -> list:  # type: ignore[type-arg]
    return [f for f in audit_prices(CATALOG, text=text, table="litellm") if f.model == model]


class TestRealTables:
    """The real tables are read, never refused, and give only true differences."""

    def test_litellm(self) -> None:
        findings = audit_prices(CATALOG, LITELLM)
        assert kinds(findings) == Counter(
            {
                "not-served": 29,
                "price": 19,
                "missing-tier": 7,
                "alias-as-id": 5,
                "context": 4,
                "missing-model": 4,
                "tier-price": 2,
            }
        )
        context = next(f for f in findings if f.kind == "context")
        assert context.theirs == 2_000_000  # written 2000000.0: a count
        assert isinstance(context.theirs, int)
        cached = next(f for f in findings if f.their_id == "xai/grok-4.5" and f.kind == "price")
        assert (cached.field, cached.theirs, cached.ours) == (
            "cached_prompt",
            Decimal("0.5"),
            Decimal("0.3"),
        )

    def test_genai_prices(self) -> None:
        findings = audit_prices(CATALOG, GENAI)
        assert kinds(findings) == Counter(
            {"not-served": 11, "missing-tier": 3, "missing-model": 3, "price": 1}
        )
        missing = sorted(f.model for f in findings if f.kind == "missing-model")
        # genai-prices matches `equals: grok-4.20`, which no id the API returns is
        assert missing == [
            "grok-4.20-0309-non-reasoning",
            "grok-4.20-0309-reasoning",
            "grok-4.20-multi-agent-0309",
        ]
        # grok-4.3 is found through its `or` of equals and regex clauses
        assert not any(f.model == "grok-4.3" and f.kind == "missing-model" for f in findings)

    def test_models_dev_folder_as_the_repository_holds_it(self) -> None:
        findings = audit_prices(CATALOG, MODELS_DEV)
        assert [(f.kind, f.model) for f in findings] == [
            ("missing-model", "grok-4.5"),
            ("missing-model", "grok-imagine-video-1.5"),
        ]

    def test_the_command_reads_them(self, capsys: pytest.CaptureFixture[str]) -> None:
        for table in (LITELLM, GENAI, MODELS_DEV):
            result = run(capsys, "--offline", "audit", str(table), "--format", "json")
            assert result.code == 1, result.err
            assert json.loads(result.out)


class TestLenientValues:
    """Liberal in what real tables write, strict in what is reported."""

    @pytest.mark.parametrize("count", ["2000000.0", "2e6", "2000000"])
    def test_whole_valued_counts(self, count: str) -> None:
        text = litellm_row().replace("1000000", count)
        (finding,) = findings_for(text)
        assert (finding.kind, finding.theirs) == ("context", 2_000_000)

    @pytest.mark.parametrize("price", ['"1.25e-06"', "1.25e-06", "0.00000125", '"0.00000125"'])
    def test_prices_as_numbers_or_numeric_text(self, price: str) -> None:
        text = litellm_row().replace("1.25e-06", "PRICE").replace('"PRICE"', "PRICE")
        assert findings_for(text.replace("PRICE", price)) == []

    def test_prices_read_exactly(self) -> None:
        """3.0000000000000001e-06 is not 3e-06: a binary float would make them equal."""
        text = litellm_row().replace("1.25e-06", "1.2500000000000001e-06")
        (finding,) = findings_for(text)
        assert finding.theirs == Decimal("1.2500000000000001")

    def test_a_wrong_value_is_one_finding_and_the_rest_is_audited(self) -> None:
        text = litellm_row(max_input_tokens=2000000.5, output_cost_per_token="abc")
        findings = findings_for(text)
        assert sorted((f.kind, f.field, f.theirs) for f in findings) == [
            ("invalid-value", "completion", "abc"),
            ("invalid-value", "context_length", "2000000.5"),
        ]
        every = audit_prices(CATALOG, text=text, table="litellm")
        assert "missing-model" in kinds(every)  # the rest of the catalog is still compared


class TestAuditTable:
    def test_missing_models_show_their_model(self, capsys: pytest.CaptureFixture[str]) -> None:
        result = run(capsys, "--offline", "audit", str(MODELS_DEV))
        rows = [re.split(r"\s{2,}", line.strip()) for line in result.out.splitlines()]
        assert rows, result.err
        assert rows[0][:3] == ["FINDING", "MODEL", "THEIR ID"]
        assert rows[1][:2] == ["missing-model", "grok-4.5"]


class TestNotATable:
    @pytest.mark.parametrize(
        ("table", "content", "message"),
        [
            ("csv", "", "no rows"),
            ("csv", "id,kinds\n", "no rows"),
            ("csv", "model,price\ngrok,1\n", "no model column"),
            ("jsonl", "", "no rows"),
            ("litellm", "{}", "holds no entries"),
            ("openrouter", '{"data": []}', "holds no models"),
            ("genai-prices", "models: []\n", "holds no models"),
            ("models-dev", "", "not a models.dev model file"),
        ],
    )
    def test_refused(
        self,
        tmp_path: Path,
        table: str,
        content: str,
        message: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        path = tmp_path / "empty.json"
        path.write_text(content)
        result = run(capsys, "--offline", "audit", str(path), "--table", table, "-q")
        assert result.code == 2
        assert message in result.err
        assert str(path) in result.err

    def test_entries_but_no_xai_rows_is_a_valid_audit(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = tmp_path / "others.json"
        path.write_text(json.dumps({"openai/gpt-5": {"litellm_provider": "openai"}}))
        result = run(capsys, "--offline", "audit", str(path), "--format", "json")
        assert result.code == 1
        assert {row["kind"] for row in json.loads(result.out)} == {"missing-model"}


class TestModelsDev:
    def test_a_tier_without_type_is_a_context_tier(self) -> None:
        assert not [f for f in audit_prices(CATALOG, MODELS_DEV) if f.kind == "missing-tier"]

    def test_provider_toml_is_not_a_model(self) -> None:
        findings = audit_prices(CATALOG, MODELS_DEV)
        assert not [f for f in findings if f.their_id == "provider.toml"]


class TestGenaiMatch:
    def test_clauses(self, tmp_path: Path) -> None:
        path = tmp_path / "x.yml"
        path.write_text(
            "models:\n"
            "- id: whatever\n  match: {starts_with: GROK-4.3}\n"
            "  prices: {input_mtok: 1.25, cache_read_mtok: 0.2, output_mtok: 2.5}\n"
            "- id: later\n  match: {contains: grok-4.3}\n  prices: {input_mtok: 9}\n"
        )
        findings = [f for f in audit_prices(CATALOG, path) if f.model == "grok-4.3"]
        # the first match prices grok-4.3 (case-insensitively); the later one is never used
        assert [(f.kind, f.their_id) for f in findings] == [("missing-tier", "whatever")]


class TestLibraryAccepts:
    def test_a_path_or_text_with_a_named_format(self) -> None:
        text = LITELLM.read_text()
        assert audit_prices(CATALOG, text=text, table="litellm") == audit_prices(CATALOG, LITELLM)

    @pytest.mark.parametrize(
        ("args", "kwargs", "message"),
        [
            ((""), {}, "no table given"),
            ((), {}, "no table given"),
            (("x" * 5000,), {}, "not a path"),
            (("a" * 300,), {}, "cannot read"),
            (('{"xai/a": 1}\n',), {}, "not a path"),
            ((), {"text": "{}"}, "needs its format"),
            ((), {"text": "{}", "table": "models-dev"}, "pass a path"),
            ((), {"text": "\xff", "table": "litellm"}, "not JSON"),
        ],
    )
    def test_anything_else_is_invalid_table_error(
        self,
        args: tuple,
        kwargs: dict,  # type: ignore[type-arg]
        message: str,
    ) -> None:
        with pytest.raises(InvalidTableError, match=message):
            audit_prices(CATALOG, *args, **kwargs)


class TestErrorsNameTheFile:
    def test_a_corrupt_snapshot_in_a_history(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        history = tmp_path / "history"
        history.mkdir()
        (history / "2026-07-25.json").write_text("{broken")
        usage = tmp_path / "usage.json"
        usage.write_text(
            json.dumps({"model": "grok-4.3", "created": 1785000000, "usage": {"prompt_tokens": 10}})
        )
        result = run(capsys, "--offline", "cost", "--usage", str(usage), "--history", str(history))
        assert result.code == 2
        assert "2026-07-25.json" in result.err
        assert "usage.json" not in result.err

    def test_a_json_string_is_not_an_object(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "string.json"
        path.write_text(json.dumps(json.dumps({"usage": {"prompt_tokens": 1}})))
        result = run(capsys, "--offline", "cost", "--usage", str(path))
        assert result.code == 2
        assert "expected a response or usage object, got a string" in result.err


def _exit(capsys: pytest.CaptureFixture[str], *argv: str) -> int:
    return run(capsys, *argv).code


class TestExitCodes:
    """One table of exit codes, the same for the same error in every command."""

    def test_the_table_is_in_help_and_readme(self, capsys: pytest.CaptureFixture[str]) -> None:
        help_text = " ".join(build_parser().format_help().split())
        readme = (ROOT / "README.md").read_text()
        for code, meaning in EXIT_CODES.items():
            assert f"{code} {' '.join(meaning.split())}" in help_text
            assert f"| {code} | {meaning} |" in readme

    @pytest.mark.parametrize(
        "argv",
        [
            ["get", "grok-9"],
            ["cost", "grok-9", "--prompt-tokens", "1"],
            ["export", "--format", "csv", "--from", "/nope.json"],
            ["diff", "/nope.json", "/nope.json"],
        ],
    )
    def test_bad_names_and_files_exit_2(
        self, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert _exit(capsys, "--offline", *argv) == 2

    @pytest.mark.parametrize(
        "argv",
        [
            ["audit", "/nope.json"],
            ["history", "/nope"],
            ["ledger", "/nope.jsonl"],
            ["proxy", "--listen", "0.0.0.0:1"],
            ["mock", "--port", "70000"],
            ["list", "--bogus"],
            ["snapshot", "--to-dir", "/proc/nope"],
        ],
    )
    def test_every_command_s_bad_input_exits_2(
        self, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert _exit(capsys, "--offline", *argv) == 2

    def test_findings_exit_1(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        assert _exit(capsys, "--offline", "audit", str(MODELS_DEV), "-q") == 1
        old, new = tmp_path / "old.json", tmp_path / "new.json"
        old.write_text(CATALOG.to_json())
        new.write_text(CATALOG.to_json().replace('"grok-4.5"', '"grok-4.6"'))
        assert _exit(capsys, "diff", str(old), str(new), "--exit-code") == 1
        assert _exit(capsys, "diff", str(old), str(old), "--exit-code") == 0

    def test_an_unknown_model_in_usage_exits_2_too(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "usage.json"
        path.write_text(json.dumps({"model": "grok-9", "usage": {"prompt_tokens": 1}}))
        assert _exit(capsys, "--offline", "cost", "--usage", str(path)) == 2

    def test_api_failure_exits_3(self, capsys: pytest.CaptureFixture[str]) -> None:
        argv = ["--base-url", "http://127.0.0.1:9", "--api-key", "xai-k", "--timeout", "2", "list"]
        assert _exit(capsys, *argv) == 3


class TestCountsWithUsage:
    @pytest.mark.parametrize("extra", [["grok-4.3"], ["--prompt-tokens", "5"], ["--searches", "1"]])
    def test_counts_and_usage_conflict(
        self, extra: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        usage = str(TESTS / "data" / "usage" / "chat-cached-reasoning.json")
        result = run(capsys, "--offline", "cost", "--usage", usage, *extra)
        assert result.code == 2
        assert "would be ignored" in result.err

    def test_a_negative_tool_price(self, capsys: pytest.CaptureFixture[str]) -> None:
        usage = str(TESTS / "data" / "usage" / "chat-cached-reasoning.json")
        result = run(capsys, "--offline", "cost", "--usage", usage, "--tool-price", "mcp=-0.01")
        assert result.code == 2
        assert ">= 0" in result.err

    def test_no_model_speaks_cli(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "bare.json"
        path.write_text(json.dumps({"prompt_tokens": 10}))
        result = run(capsys, "--offline", "cost", "--usage", str(path))
        assert "add --model" in result.err
        assert "model=" not in result.err


class TestQuiet:
    def test_the_note_is_one_line_and_q_hides_it(self, capsys: pytest.CaptureFixture[str]) -> None:
        loud = run(capsys, "--offline", "list")
        assert loud.err.count("\n") == 1
        assert loud.err.startswith(NOTE)
        assert len(loud.err) < 200
        assert run(capsys, "--offline", "list", "-q").err == ""

    def test_the_environment_hides_it(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("XAI_MODELS_QUIET", "1")
        assert run(capsys, "--offline", "list").err == ""


class TestCheckDocsWording:
    def test_reflowed_descriptions_change_nothing(self, tmp_path: Path) -> None:
        page = (ROOT / "spec" / "docs" / "models-reference.sample.md").read_text()
        reflowed = re.sub(r"(in) (USD)", "\\1\n      \\2", page).replace(" - ", "  -   ")
        paths = []
        for name, text in (("page.md", page), ("reflowed.md", reflowed)):
            path = tmp_path / name
            path.write_text(text)
            paths.append(path)
        reports = [
            subprocess.run(
                [sys.executable, "scripts/check-docs", str(p), "--partial", "--json"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            for p in paths
        ]
        first, second = (json.loads(r)["sources"][0]["endpoints"] for r in reports)
        assert first == second


class TestSmallThings:
    def test_one_tick(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "usage.json"
        path.write_text(
            json.dumps({"model": "grok-4.3", "usage": {"prompt_tokens": 1, "cost_in_usd_ticks": 1}})
        )
        out = run(capsys, "--offline", "cost", "--usage", str(path)).out
        assert "(1 tick)" in out
        assert "1 ticks" not in out

    def test_an_empty_key_says_so(self) -> None:
        with pytest.raises(ValueError, match="is empty"):
            Client(api_key="")

    def test_a_closed_client_raises_a_typed_error(self) -> None:
        client = Client("xai-key", http_client=httpx.Client())
        client._http.close()
        with pytest.raises(XAIError, match="closed"):
            client.models.list()

    def test_the_readme_drift_figure_is_what_the_command_prints(self) -> None:
        result = subprocess.run(
            [sys.executable, "scripts/check-docs", "tests/data/xai-openapi-2024-10.models.json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        printed = re.search(r"drift: (\d+) finding", result.stdout)
        assert printed is not None
        readme = " ".join((ROOT / "README.md").read_text().split())
        assert f"(`tests/data/`) {printed.group(1)} drift findings" in readme

    def test_find_returns_every_family_s_model(self) -> None:
        """`find` gives a tuple: a name can name a model in several families (its /v1/models item
        and its /v1/language-models item); the README says so."""
        found = CATALOG.find("grok-4.3")
        assert isinstance(found, tuple)
        assert len(found) == 2
        assert "`catalog.find(name)` returns a tuple" in (ROOT / "README.md").read_text()
