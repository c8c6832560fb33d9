"""Fuzzing the readers of JSON from outside: any JSON value, and any text near JSON, gives a
result or the reader's own typed error, never another exception."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xai_models import (
    Catalog,
    InvalidCatalogError,
    InvalidLedgerError,
    InvalidTableError,
    InvalidUsageError,
    audit_prices,
    read_ledger,
)
from xai_models._model.offline import offline_catalog
from xai_models._model.usage import read_usage

CATALOG = offline_catalog()
KEYS = st.sampled_from(
    [
        "xai/grok-4.3",
        "x-ai/grok-4.3",
        "data",
        "models",
        "id",
        "usage",
        "prompt_tokens",
        "input_tokens",
        "cost_in_usd_ticks",
        "input_cost_per_token",
        "max_input_tokens",
        "litellm_provider",
        "pricing",
        "prompt",
        "context_length",
        "v",
        "status",
        "time",
        "format",
        "version",
        "model",
        "endpoint",
        "server_side_tool_usage_details",
        "prompt_tokens_details",
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["3e-06", "2000000.0", "abc", "-1"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.text(max_size=6), inner, max_size=5)
    ),
    max_leaves=25,
)
TEXTS = (
    VALUES.map(json.dumps)
    | st.text(max_size=200)
    | VALUES.map(lambda v: json.dumps(v)[: max(1, len(json.dumps(v)) // 2)])
)
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(TEXTS)
def test_usage(text: str) -> None:
    with contextlib.suppress(InvalidUsageError):
        read_usage(text)


@FUZZ
@given(VALUES)
def test_usage_values(value: object) -> None:
    with contextlib.suppress(InvalidUsageError, LookupError):
        body = value if isinstance(value, dict) else {"usage": value}
        CATALOG.cost_of(body, model="grok-4.3")


@pytest.mark.parametrize("table", ["litellm", "openrouter", "jsonl"])
@FUZZ
@given(text=TEXTS)
def test_tables(table: str, text: str) -> None:
    with contextlib.suppress(InvalidTableError):
        audit_prices(CATALOG, text=text, table=table)


@FUZZ
@given(TEXTS)
def test_snapshots(text: str) -> None:
    with contextlib.suppress(InvalidCatalogError):
        Catalog.from_json(text)


@FUZZ
@given(st.lists(TEXTS, max_size=4))
def test_ledgers(tmp_path_factory: pytest.TempPathFactory, lines: list[str]) -> None:
    path = Path(tmp_path_factory.mktemp("ledger")) / "ledger.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with contextlib.suppress(InvalidLedgerError):
        read_ledger(path)
