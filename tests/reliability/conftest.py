"""Fixtures of the reliability tests: a fresh fault server for each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .faultserver import FaultServer


@pytest.fixture
def server() -> Iterator[FaultServer]:
    """A fault server serving the example API, with an empty fault plan; closed after the test."""
    with FaultServer() as fault_server:
        yield fault_server
