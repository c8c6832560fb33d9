"""The one map from an error to an exit status, and how a command fails: one line on stderr."""

from __future__ import annotations

import sys

__all__ = ["EXIT_CODES", "PROG", "UsageError", "exit_code", "exit_table", "fail", "note"]

PROG = "xai-models"


class UsageError(Exception):
    """A mistake in how the command was called, or input it cannot read: exit status 2."""


EXIT_CODES = {
    0: "done",
    1: "findings: audit found differences, diff found the changes asked to fail on, cost --check "
    "found a bill that differs",
    2: "usage error or bad input: a wrong option, an unreadable or invalid file, a name that no "
    "model has",
    3: "the API or the network failed: an error status, a timeout, no connection",
    130: "interrupted (Ctrl-C)",
}
"""Every exit status of every command, and what it means."""


def exit_code(error: BaseException) -> int:
    """The exit status of an error (`EXIT_CODES`)."""
    from .._schema.errors import APIError  # noqa: PLC0415

    if isinstance(error, KeyboardInterrupt):
        return 130
    if isinstance(error, APIError):
        return 3
    return 2


def exit_table() -> str:
    return "exit status: " + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items())


def fail(message: str, status: int) -> int:
    """Say what went wrong, on one line, and return the exit status."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return status


def note(message: str, *, label: str = "note: ") -> None:
    """A line for the person at the terminal (stderr): `xai-models: note: ...`."""
    print(f"{PROG}: {label}{message}", file=sys.stderr)
