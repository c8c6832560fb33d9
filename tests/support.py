"""Paths and helpers shared by the tests (pytest puts tests/ on sys.path: `import support`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
EXAMPLES = TESTS / "data" / "examples"
CASSETTES = TESTS / "cassettes"


def example(name: str) -> Any:
    """An example body from tests/data/examples, freshly decoded (decoding takes ownership)."""
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
