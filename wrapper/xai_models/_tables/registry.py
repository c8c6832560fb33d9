"""Every table format by name, each module imported on first use; detection and loading."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import AUDITED, NAMES
from .base import InvalidTableError, TableEntry, TableFormat, read_text

__all__ = ["AUDITED", "FORMATS", "NAMES", "detect", "load"]


def _registry() -> Mapping[str, TableFormat]:
    from . import genai_prices as _genai_prices  # noqa: PLC0415
    from . import litellm as _litellm  # noqa: PLC0415
    from . import models_dev as _models_dev  # noqa: PLC0415
    from . import openrouter as _openrouter  # noqa: PLC0415
    from . import plain as _plain  # noqa: PLC0415

    formats = [
        _litellm.FORMAT,
        _genai_prices.FORMAT,
        _models_dev.FORMAT,
        _openrouter.FORMAT,
        *_plain.FORMATS,
    ]
    return {fmt.name: fmt for fmt in formats}


class _Formats(Mapping[str, TableFormat]):
    """The registry, its modules imported on first use."""

    _loaded: Mapping[str, TableFormat] | None = None

    def _all(self) -> Mapping[str, TableFormat]:
        if self._loaded is None:
            self._loaded = _registry()
        return self._loaded

    def __getitem__(self, name: str) -> TableFormat:
        return self._all()[name]

    def __iter__(self) -> Any:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


FORMATS: Mapping[str, TableFormat] = _Formats()


def detect(path: Path) -> TableFormat:
    """The format of a table file or directory, from its content."""
    if path.is_dir():
        return FORMATS["models-dev"]
    text = read_text(path)
    for name in (*AUDITED, "jsonl", "csv", "markdown"):
        if FORMATS[name].sniff(path, text):
            return FORMATS[name]
    raise InvalidTableError(
        f"{path}: not recognised as a {', '.join(AUDITED)} table (name one with --table)"
    )


def load(path: Path, table: str = "auto") -> tuple[TableFormat, list[TableEntry]]:
    """Read a table (a file, or a directory of models.dev files) as `table` or as detected."""
    if not str(path):
        raise InvalidTableError("no table named (an empty path)")
    try:
        found, folder = path.exists(), path.is_dir()
    except OSError as exc:
        raise InvalidTableError(f"{str(path)[:200]}: cannot read: {exc.strerror or exc}") from None
    if not found:
        raise InvalidTableError(f"{path}: no such file or directory")
    fmt = detect(path) if table == "auto" else FORMATS[table]
    if folder and fmt.name != "models-dev":
        raise InvalidTableError(f"{path}: a directory; only a models.dev table is one")
    return fmt, fmt.read(path)
