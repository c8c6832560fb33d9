"""Reading files other people wrote: every way they can be wrong becomes one typed error, never a
traceback, and nothing is loaded whole just to be refused.

- `read_input(path, error)`: a file's bytes (`-`: standard input). A missing, unreadable or
  special file, a directory, or one over `MAX_BYTES` raises `error` naming it.
- `decode(data, where, error)`: UTF-8, with or without a BOM, or UTF-16/UTF-32 with their BOM;
  invalid UTF-8 and NUL bytes (binary data) are refused.
- `parse_json(text, where, error)`: JSON, where nesting too deep for the parser, a number of
  more digits than Python converts, and invalid text each get a plain message; `exact=True` reads
  every fractional number as the `Decimal` written, never through a binary float.
"""

from __future__ import annotations

import codecs
import json
import stat
import sys
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import Any, Final

__all__ = ["MAX_BYTES", "decode", "json_type", "parse_json", "read_input", "whole_number"]

MAX_BYTES: Final = 256 * 1024 * 1024
"""The largest input file read: a real price table is a few MB, a usage log some hundreds."""

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_input(path: str | PathLike[str], error: type[Exception]) -> bytes:
    """The bytes of a file, or of standard input for `-`."""
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise error(f"-: standard input is over {MAX_BYTES:,} bytes")
        return data
    if not name:
        raise error("no file named (an empty path)")
    try:
        with open(name, "rb") as file:
            mode = Path(name).stat().st_mode
            if stat.S_ISDIR(mode):
                raise error(f"{name}: a directory, not a file")
            if stat.S_ISREG(mode) and Path(name).stat().st_size > MAX_BYTES:
                raise error(f"{name}: over {MAX_BYTES:,} bytes: not read")
            data = file.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise error(f"{name}: a directory, not a file") from None
    except FileNotFoundError:
        raise error(f"{name}: no such file") from None
    except PermissionError:
        raise error(f"{name}: permission denied") from None
    except OSError as exc:
        raise error(f"{name}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise error(f"{name}: over {MAX_BYTES:,} bytes: not read")
    return data


def decode(data: bytes, where: str, error: type[Exception]) -> str:
    """Text from bytes (see the module docstring)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise error(f"{where}: not {encoding.upper()} text despite its BOM") from None
    if b"\x00" in data:
        raise error(f"{where}: binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{where}: not UTF-8 text (byte {exc.start:,})") from None


def parse_json(
    text: str | bytes, where: str, error: type[Exception], *, exact: bool = False
) -> Any:
    """The JSON value of `text` (see the module docstring); `where` ("" for none) starts the
    message."""
    at = f"{where}: " if where else ""
    try:
        return json.loads(text, parse_float=Decimal) if exact else json.loads(text)
    except RecursionError:
        raise error(f"{at}nested too deeply to read") from None
    except json.JSONDecodeError as exc:
        raise error(f"{at}not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):
            raise error(f"{at}a number with more digits than can be read") from None
        raise error(f"{at}not JSON ({exc})") from None


def json_type(value: object) -> str:
    """How JSON names a value's type: "an object", "a string", ..."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


_JSON_TYPES: Final[dict[type, str]] = {
    str: "a string", bool: "a boolean", int: "a number", float: "a number", Decimal: "a number",
    list: "an array", dict: "an object", type(None): "null",
}  # fmt: skip


def whole_number(value: Any) -> int | None:
    """A count as tables write it: an int, or a float or decimal with no fraction (2000000.0,
    2e6); None for anything else (a fraction, a boolean, text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        try:
            whole = int(value)
        except (ValueError, OverflowError, ArithmeticError):
            return None
        return whole if whole == value else None
    return None
