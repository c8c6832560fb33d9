"""`_model/input.py`: reading other people's files: bytes with limits, text with its BOM or as
UTF-8, JSON with exact decimals, counts written as whole floats; every refusal is one line
naming the file (the hostile inputs through every reader: test_hostile_input.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from xai_models._model.input import decode, json_type, parse_json, read_input, whole_number


class Refused(Exception):
    pass


class TestReadInput:
    def test_a_file(self, tmp_path: Path) -> None:
        (tmp_path / "a.json").write_bytes(b"{}")
        assert read_input(tmp_path / "a.json", Refused) == b"{}"

    @pytest.mark.parametrize(
        ("name", "message"),
        [("", "no file named"), ("absent.json", "absent.json: no such file"),
         (".", "a directory, not a file")],
    )  # fmt: skip
    def test_what_is_no_file(self, tmp_path: Path, name: str, message: str) -> None:
        path = name if not name or name == "." else str(tmp_path / name)
        with pytest.raises(Refused, match=message):
            read_input(path if name != "." else str(tmp_path), Refused)


class TestDecode:
    def test_utf8_and_each_bom(self) -> None:
        assert decode("grök".encode(), "f", Refused) == "grök"
        assert decode(b"\xef\xbb\xbf{}", "f", Refused) == "{}"
        assert decode("{}".encode("utf-16"), "f", Refused) == "{}"

    @pytest.mark.parametrize(
        ("data", "message"),
        [(b"a\x00b", "binary data"), (b"\xff\xfe\x00", "not UTF-16"), (b"caf\xe9", "byte 3")],
    )
    def test_what_is_no_text(self, data: bytes, message: str) -> None:
        with pytest.raises(Refused, match=message):
            decode(data, "f", Refused)


class TestParseJson:
    def test_exact_decimals_when_asked(self) -> None:
        assert parse_json("0.1", "", Refused) == 0.1
        assert parse_json("0.1", "", Refused, exact=True) == Decimal("0.1")

    @pytest.mark.parametrize(
        ("text", "message"),
        [("{", "f: not JSON \\(line 1, column 2"), ("[" * 100000, "nested too deeply"),
         ("1" * 5000, "more digits than can be read")],
    )  # fmt: skip
    def test_refusals_name_the_place(self, text: str, message: str) -> None:
        with pytest.raises(Refused, match=message):
            parse_json(text, "f", Refused)


@pytest.mark.parametrize(
    ("value", "whole"),
    [(2000000, 2000000), (2000000.0, 2000000), (Decimal("2E+6"), 2000000), (2.5, None),
     (True, None), ("2000000", None), (float("inf"), None), (float("nan"), None)],
)  # fmt: skip
def test_whole_number(value: object, whole: int | None) -> None:
    assert whole_number(value) == whole


def test_json_type_names() -> None:
    assert [json_type(v) for v in ({}, [], "", 1, 1.5, True, None)] == [
        "an object", "an array", "a string", "a number", "a number", "a boolean", "null",
    ]  # fmt: skip
