"""Requirement 1: the soak. Every call gives exactly the right data or a typed error."""

from __future__ import annotations

import pytest

from .faultserver import TRANSIENT
from .helpers import report
from .soak import SoakConfig, SoakResult, run_async, run_sync

CONFIG = SoakConfig(calls=1000, fault_rate=0.3, max_retries=5, timeout=0.25, deadline=60.0)
WALL_TIME_LIMIT = 60.0


def check(result: SoakResult) -> None:
    report(result.figure())
    assert result.skipped == 0, "calls were still waiting at the deadline"
    assert result.calls == CONFIG.calls
    assert len(result.endpoints) == 8
    assert result.wrong == []
    assert result.untyped == []
    assert result.successes + sum(result.typed_errors.values()) == result.calls
    assert result.open_connections == 0
    assert result.unclosed_warnings == 0
    assert 0.2 <= result.faults / result.attempts <= 0.4
    assert set(result.injected) == {fault.name for fault in TRANSIENT}
    assert result.retries >= result.faults - sum(result.typed_errors.values()) > 0
    assert result.successes >= 0.99 * result.calls
    assert result.wall < WALL_TIME_LIMIT


@pytest.mark.usefixtures("sleeps")
class TestSoak:
    def test_sync(self) -> None:
        """1,000 sync calls over the 8 endpoints, 30% faults: right data or typed errors only."""
        check(run_sync(CONFIG))

    def test_async(self) -> None:
        """1,000 async calls over the 8 endpoints, 30% faults: right data or typed errors only."""
        check(run_async(CONFIG))
