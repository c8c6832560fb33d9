"""`_tables/audit.py`: export then audit finds nothing; planted errors are found, each once;
the command line and the library refuse what is no table."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from test_cli import run

from tables.helpers import (
    CATALOG,
    EXPECTED_LITELLM,
    SUFFIX,
    found,
    plant_litellm,
    write,
)
from xai_models import InvalidTableError, XAIError, audit_prices, export_prices


class TestRoundTrip:
    @pytest.mark.parametrize("table", [*sorted(SUFFIX), "models-dev"])
    @pytest.mark.parametrize("aliases", [True, False])
    def test_export_then_audit_finds_nothing(self, tmp_path: Path, table: str,
                                             aliases: bool) -> None:  # fmt: skip
        path = write(tmp_path, table, aliases=aliases)
        assert audit_prices(CATALOG, path) == []  # detected
        assert audit_prices(CATALOG, path, table=table) == []


class TestAuditPlantedErrors:
    def test_litellm(self, tmp_path: Path) -> None:
        path = write(tmp_path, "litellm", aliases=False)
        plant_litellm(path)
        findings = audit_prices(CATALOG, path)
        assert found(findings) == EXPECTED_LITELLM
        off = next(f for f in findings if f.model == "grok-4.20-0309-non-reasoning")
        assert (off.theirs, off.ours, off.ratio) == (Decimal("25000000000"), Decimal("2.5"),
                                                     Decimal("1E+10"))  # fmt: skip
        wrong = next(f for f in findings if f.field == "prompt")
        assert (wrong.theirs, wrong.ours) == (Decimal("2"), Decimal("1.25"))

    def test_an_alias_key_beside_its_id_is_fine(self, tmp_path: Path) -> None:
        path = write(tmp_path, "litellm")
        assert audit_prices(CATALOG, path) == []

    def test_genai_prices(self, tmp_path: Path) -> None:
        path = write(tmp_path, "genai-prices", aliases=False)
        document = yaml.safe_load(path.read_text())
        models = {m["id"]: m for m in document["models"]}
        models["grok-4.3"]["prices"]["input_mtok"]["base"] = 2  # wrong base
        models["grok-4.3"]["prices"]["cache_read_mtok"]["base"] = 1.25  # wrong cached
        for key in ("input_mtok", "cache_read_mtok", "output_mtok"):
            models["grok-4.5"]["prices"][key] = models["grok-4.5"]["prices"][key]["base"]
            models["grok-4.20-multi-agent-0309"]["prices"][key]["tiers"][0]["start"] = 127999
        models["grok-4.20-0309-reasoning"]["prices"]["output_mtok"]["tiers"][0]["price"] = 2.5
        models["grok-2-1212"] = {"id": "grok-2-1212", "match": {"equals": "grok-2-1212"},
                                 "prices": {"input_mtok": 2}}  # fmt: skip
        # genai-prices finds a model by `match`, not by `id`: an entry matching only an alias
        # prices nothing, since responses name the canonical id
        models["grok-build-0.1"]["match"] = {"equals": "grok-code-fast-1"}
        models["grok-4.20-0309-non-reasoning"]["prices"]["output_mtok"]["base"] = 25000
        models["grok-4.3"]["context_window"] = 2000000
        document["models"] = list(models.values())
        path.write_text(yaml.safe_dump(document))
        assert found(audit_prices(CATALOG, path)) == sorted([
            ("price", "grok-4.3", "prompt"),
            ("price", "grok-4.3", "cached_prompt"),
            ("missing-tier", "grok-4.5", "long_context_threshold"),
            ("tier-threshold", "grok-4.20-multi-agent-0309", "long_context_threshold"),
            ("tier-price", "grok-4.20-0309-reasoning", "completion_long_context"),
            ("not-served", "grok-2-1212", None),
            ("missing-model", "grok-build-0.1", None),
            ("price", "grok-4.20-0309-non-reasoning", "completion"),
            ("context", "grok-4.3", "context_length"),
        ])  # fmt: skip

    def test_models_dev(self, tmp_path: Path) -> None:
        folder = write(tmp_path, "models-dev")

        def edit(name: str, old: str, new: str) -> None:
            path = folder / name
            assert old in path.read_text()
            path.write_text(path.read_text().replace(old, new, 1))

        edit("grok-4.3.toml", "input = 1.25", "input = 3")
        edit("grok-4.3.toml", "cache_read = 0.2", "cache_read = 1.25")
        text = (folder / "grok-4.5.toml").read_text()
        (folder / "grok-4.5.toml").write_text(text[: text.index("\n[[cost.tiers]]")]
                                              + text[text.index("\n[limit]"):])  # fmt: skip
        edit("grok-4.20-0309-reasoning.toml", "output = 5.0", "output = 2.5")
        edit("grok-4.20-multi-agent-0309.toml", "size = 200000", "size = 128000")
        (folder / "grok-2-1212.toml").write_text('name = "grok-2"\n[cost]\ninput = 2\n')
        (folder / "grok-build-0.1.toml").rename(folder / "grok-code-fast-1.toml")
        (folder / "grok-imagine-video-1.5.toml").unlink()
        edit("grok-4.20-0309-non-reasoning.toml", "output = 2.5", "output = 25000")
        edit("grok-imagine-image.toml", "context = 8000", "context = 32000")
        assert found(audit_prices(CATALOG, folder)) == sorted([
            ("price", "grok-4.3", "prompt"),
            ("price", "grok-4.3", "cached_prompt"),
            ("missing-tier", "grok-4.5", "long_context_threshold"),
            ("tier-price", "grok-4.20-0309-reasoning", "completion_long_context"),
            ("tier-threshold", "grok-4.20-multi-agent-0309", "long_context_threshold"),
            ("not-served", "grok-2-1212.toml", None),
            ("alias-as-id", "grok-build-0.1", None),
            ("missing-model", "grok-imagine-video-1.5", None),
            ("price", "grok-4.20-0309-non-reasoning", "completion"),
            ("context", "grok-imagine-image", "context_length"),
        ])  # fmt: skip

    def test_openrouter(self, tmp_path: Path) -> None:
        path = write(tmp_path, "openrouter")
        document = json.loads(path.read_text())
        models = {m["id"]: m for m in document["data"]}
        models["x-ai/grok-4.3"]["pricing"]["prompt"] = "0.000002"
        models["x-ai/grok-4.3"]["pricing"]["input_cache_read"] = "0.00000125"
        models["x-ai/grok-2-1212"] = {"id": "x-ai/grok-2-1212", "pricing": {"prompt": "0.000002"}}
        models["x-ai/grok-code-fast-1"] = {**models.pop("x-ai/grok-build-0.1"),
                                           "id": "x-ai/grok-code-fast-1"}  # fmt: skip
        del models["x-ai/grok-4.5"]
        models["x-ai/grok-4.20-0309-non-reasoning"]["pricing"]["completion"] = "25000"
        models["x-ai/grok-imagine-image"]["context_length"] = 32000
        models["x-ai/grok-imagine-image"]["pricing"]["image"] = "0.2"
        document["data"] = list(models.values())
        path.write_text(json.dumps(document))
        assert found(audit_prices(CATALOG, path)) == sorted([
            ("price", "grok-4.3", "prompt"),
            ("price", "grok-4.3", "cached_prompt"),
            ("not-served", "x-ai/grok-2-1212", None),
            ("alias-as-id", "grok-build-0.1", None),
            ("missing-model", "grok-4.5", None),
            ("price", "grok-4.20-0309-non-reasoning", "completion"),
            ("context", "grok-imagine-image", "context_length"),
            ("price", "grok-imagine-image", "image"),
        ])  # fmt: skip


class TestCommandLine:
    def test_export_stdout_file_and_directory(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        result = run(capsys, "--offline", "export", "--format", "openrouter")
        assert result.code == 0
        assert json.loads(result.out)["data"]
        target = tmp_path / "prices.json"
        assert (
            run(capsys, "--offline", "export", "--format", "litellm", "-o", str(target)).code == 0
        )
        assert "xai/grok-4.3" in json.loads(target.read_text())
        missing = run(capsys, "--offline", "export", "--format", "models-dev")
        assert missing.code == 2
        assert "-o DIR" in missing.err
        folder = tmp_path / "models"
        assert (
            run(capsys, "--offline", "export", "--format", "models-dev", "-o", str(folder)).code
            == 0
        )
        assert (folder / "grok-4.3.toml").is_file()

    def test_export_from_a_snapshot_without_aliases(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        snapshot = tmp_path / "snap.json"
        snapshot.write_text(CATALOG.to_json(), encoding="utf-8")
        result = run(capsys, "export", "--format", "litellm", "--from", str(snapshot),
                     "--no-aliases")  # fmt: skip
        assert result.code == 0
        assert "xai/grok-latest" not in json.loads(result.out)

    def test_audit_exit_status_and_json(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = write(tmp_path, "litellm", aliases=False)
        clean = run(capsys, "--offline", "audit", str(path))
        assert (clean.code, clean.out) == (0, "No findings: the table matches the catalog.\n")
        plant_litellm(path)
        result = run(capsys, "--offline", "audit", str(path), "--json")
        assert result.code == 1
        findings = json.loads(result.out)
        assert {"model", "their_id", "field", "theirs", "ours", "kind"} <= set(findings[0])
        assert sorted((f["kind"], f["model"] or f["their_id"], f["field"]) for f in findings) == (
            EXPECTED_LITELLM
        )
        prompt = next(f for f in findings if f["field"] == "prompt")
        assert (prompt["theirs"], prompt["ours"], prompt["ratio"]) == ("2", "1.25", "1.6")

    @pytest.mark.parametrize(
        ("name", "content"),
        [("binary.json", b"\x00\x01\x02"), ("empty.json", b""), ("page.html", b"<html></html>"),
         ("truncated.json", b'{"xai/grok-4.3": {"litellm_provider": "xai", '),
         ("bad.toml", b"[cost\ninput = ")],
    )  # fmt: skip
    def test_unreadable_input_is_one_line_exit_2(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, content: bytes
    ) -> None:
        path = tmp_path / name
        path.write_bytes(content)
        result = run(capsys, "--offline", "audit", str(path))
        assert result.code == 2
        errors = [line for line in result.err.splitlines() if line.startswith("xai-models: error")]
        assert len(errors) == 1
        assert result.out == ""
        forced = run(capsys, "--offline", "audit", str(path), "--table", "litellm")
        assert forced.code == 2

    def test_missing_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        result = run(capsys, "--offline", "audit", str(tmp_path / "nope.json"))
        assert result.code == 2
        assert "no such file" in result.err


class TestLibrary:
    def test_unknown_format(self) -> None:
        with pytest.raises(ValueError, match="unknown table format"):
            export_prices(CATALOG, "excel")

    def test_audit_of_text_that_is_no_table(self, tmp_path: Path) -> None:
        path = tmp_path / "x.json"
        path.write_text("[1, 2]")
        with pytest.raises(InvalidTableError):
            audit_prices(CATALOG, path, table="litellm")

    def test_missing_yaml_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(sys.modules, "yaml", None)
        with pytest.raises(XAIError, match=r"xai-models\[export\]"):
            export_prices(CATALOG, "genai-prices")
