"""Every reader of an outside file, against every way such a file can be wrong.

A reader joins by being registered in `READERS`: its name, a valid sample, and how the command
line reads a file with it. Each hostile input must end in exit status 2 and one line on stderr that
names the file, never a traceback; an input that is still a valid file of the kind (a BOM, a cut
that falls on a line boundary of a line-based format, another table format where the format is
detected) must be read as such (exit 0 or 1). A 1 GiB file is refused without being loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from test_cli import ERROR, NOTE

from support import ROOT, TESTS
from xai_models._cli import main
from xai_models._model.input import MAX_BYTES
from xai_models._model.ledger import record_json
from xai_models._model.offline import offline_catalog

GOLDEN = TESTS / "data" / "golden"
USAGE_SAMPLE = json.dumps(
    {
        "model": "grok-4.3",
        "usage": json.loads((TESTS / "data" / "usage" / "chat-cached-reasoning.json").read_text())[
            "usage"
        ],
    }
).encode()
SNAPSHOT = offline_catalog().to_json().encode()
DOCS_PAGE = (ROOT / "spec" / "docs" / "models-api-reference.txt").read_bytes()


def _ledger_sample() -> bytes:
    from test_ledger import record  # noqa: PLC0415 - the ledger tests' record

    return "".join(json.dumps(record_json(record())) + "\n" for _ in range(3)).encode()


@attrs.frozen
class Reader:
    """A reader of outside files, as the command line runs it on `path`."""

    name: str
    sample: bytes
    argv: Callable[[Path, Path], list[str]]
    """The command for a file (the second path: a scratch folder for what else it needs)."""
    line_based: bool = False
    detects: bool = False
    """Reads any table format it recognises: other tables are valid input for it."""
    script: bool = False
    tolerant: bool = False
    """Skips a broken line with a warning naming it (a ledger: a writer may have died mid-line)."""


def _history(path: Path, scratch: Path) -> list[str]:
    """`history` over a folder whose one snapshot is the input (linked, never copied)."""
    folder = scratch / "history"
    folder.mkdir(exist_ok=True)
    target = folder / "2026-07-25.json"
    if path.is_dir():
        target.mkdir(exist_ok=True)
    elif path.exists():
        target.symlink_to(path)
    return ["history", str(folder)]


def _cost_history(path: Path, scratch: Path) -> list[str]:
    usage = scratch / "usage.json"
    body = json.loads(USAGE_SAMPLE)
    body["created"] = 1785000000  # 2026-07-25
    usage.write_text(json.dumps(body))
    return ["cost", "--usage", str(usage), "--history", _history(path, scratch)[1]]


TABLES = {
    "litellm": GOLDEN / "litellm.json",
    "genai-prices": GOLDEN / "genai-prices.yml",
    "models-dev": GOLDEN / "models-dev" / "grok-4.3.toml",
    "openrouter": GOLDEN / "openrouter.json",
    "csv": GOLDEN / "csv.csv",
    "markdown": GOLDEN / "markdown.md",
    "jsonl": GOLDEN / "jsonl.jsonl",
}

READERS = [
    Reader(
        "cost --usage",
        USAGE_SAMPLE,
        lambda p, _: ["--offline", "cost", "--usage", str(p), "-q"],
        line_based=True,
    ),
    *(
        Reader(
            f"audit --table {name}",
            path.read_bytes(),
            lambda p, _, name=name: ["--offline", "audit", str(p), "--table", name, "-q"],
            line_based=name in ("csv", "markdown", "jsonl", "genai-prices", "models-dev"),
        )
        for name, path in TABLES.items()
    ),
    Reader(
        "audit (detected)",
        TABLES["litellm"].read_bytes(),
        lambda p, _: ["--offline", "audit", str(p), "-q"],
        detects=True,
    ),
    Reader("diff", SNAPSHOT, lambda p, _: ["diff", str(p), str(p)]),
    Reader("export --from", SNAPSHOT, lambda p, _: ["export", "--format", "csv", "--from", str(p)]),
    Reader("history", SNAPSHOT, _history),
    Reader("cost --usage --history", SNAPSHOT, _cost_history),
    Reader(
        "ledger", _ledger_sample(), lambda p, _: ["ledger", str(p)], line_based=True, tolerant=True
    ),
    Reader("check-docs", DOCS_PAGE, lambda p, _: [str(p)], script=True, line_based=True),
]
"""Every reader of outside files. A new reader joins the matrix by being listed here."""


def _cut(fraction: float) -> Callable[[bytes], bytes]:
    return lambda sample: sample[: int(len(sample) * fraction)]


HOSTILE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda _: b"",
    **{f"cut at {tenth}0%": _cut(tenth / 10) for tenth in range(1, 10)},
    "invalid UTF-8": lambda sample: sample[:40] + b"\xc3\x28\xa0\xa1" + sample[40:],
    "NUL bytes": lambda sample: sample[:40] + b"\x00\x00" + sample[40:],
    "100,000-deep nesting": lambda _: b"[" * 100_000 + b"]" * 100_000,
    "a 10 MiB field": lambda _: b'{"id": "' + b"a" * (10 * 1024 * 1024) + b'"}\n',
    "a huge integer": lambda _: b'{"id": ' + b"9" * 5000 + b"}\n",
}
"""Inputs that are never a valid file of any kind (a cut may be, for a line-based format)."""
VALID_VARIANTS: dict[str, Callable[[bytes], bytes]] = {
    "UTF-8 with a BOM": lambda sample: b"\xef\xbb\xbf" + sample,
    "UTF-16 with a BOM": lambda sample: sample.decode("utf-8").encode("utf-16"),
}
"""Encodings a reader must accept: the same file, read as such."""
PLACES = ("a directory", "a missing file", "an unreadable file", "a 1 GiB file")


def _run(
    reader: Reader, path: Path, scratch: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    argv = reader.argv(path, scratch)
    if reader.script:
        done = subprocess.run(
            [sys.executable, "scripts/check-docs", *argv],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return done.returncode, done.stderr
    os.environ["XAI_MODELS_QUIET"] = "1"
    try:
        code = main(argv)
    finally:
        del os.environ["XAI_MODELS_QUIET"]
    return code, capsys.readouterr().err


def _refused(code: int, err: str, path: Path) -> None:
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line and not line.startswith(NOTE)]
    assert code == 2, err
    assert len(lines) == 1, err
    assert lines[0].startswith((ERROR, "check-docs: error: ")), err
    assert path.name in lines[0] or "history" in lines[0], err


def _read(code: int, err: str) -> None:
    assert "Traceback" not in err, err
    assert code in (0, 1), err


CASES = [(reader, name) for reader in READERS for name in (*HOSTILE, *VALID_VARIANTS)]


@pytest.mark.parametrize(("reader", "input_name"), CASES, ids=[f"{r.name}: {n}" for r, n in CASES])
def test_contents(
    reader: Reader, input_name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "input.file"
    make = HOSTILE.get(input_name) or VALID_VARIANTS[input_name]
    path.write_bytes(make(reader.sample))
    code, err = _run(reader, path, tmp_path, capsys)
    if input_name in VALID_VARIANTS:
        _read(code, err)
    elif input_name.startswith("cut") and reader.line_based and code != 2:
        _read(code, err)  # the cut fell where the rest is still a shorter valid file
    elif reader.tolerant and input_name in ("invalid UTF-8", "NUL bytes") and code != 2:
        _read(code, err)
        assert f"{path}, line 1: " in err, err  # the broken line, named and skipped
    else:
        _refused(code, err, path)


@pytest.mark.parametrize(
    ("reader", "place"),
    [(r, p) for r in READERS for p in PLACES],
    ids=[f"{r.name}: {p}" for r in READERS for p in PLACES],
)
def test_places(
    reader: Reader, place: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "input.file"
    if place == "a directory":
        path.mkdir()
    elif place == "an unreadable file":
        path = Path("/proc/self/mem")  # exists, and every read of it fails (EIO)
    elif place == "a 1 GiB file":
        with path.open("wb") as file:
            file.truncate(1024 * 1024 * 1024)  # sparse: costs no disk
        assert path.stat().st_size > MAX_BYTES
    code, err = _run(reader, path, tmp_path, capsys)
    _refused(code, err, path)


OTHERS = [
    (reader, other) for reader in READERS for other in READERS if other.sample != reader.sample
]


@pytest.mark.parametrize(
    ("reader", "other"), OTHERS, ids=[f"{r.name}: given {o.name}'s file" for r, o in OTHERS]
)
def test_another_formats_file(
    reader: Reader, other: Reader, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "input.file"
    path.write_bytes(other.sample)
    code, err = _run(reader, path, tmp_path, capsys)
    table = other.name.startswith("audit")
    if reader.detects and table:
        _read(code, err)  # the detected format reads any table
    else:
        _refused(code, err, path)


def test_the_matrix_size() -> None:
    """The matrix the closing note quotes: readers x inputs."""
    inputs = len(HOSTILE) + len(VALID_VARIANTS) + len(PLACES) + len(READERS) - 1
    assert (len(READERS), inputs) == (15, 35)
