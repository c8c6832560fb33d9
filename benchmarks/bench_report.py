"""Targets, plain-text tables, the machine's description, and the JSON results file."""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = [
    "Section",
    "Target",
    "describe_machine",
    "format_machine",
    "format_table",
    "format_targets",
    "write_json",
]

PACKAGES = ("xai-models", "httpx", "httpcore", "h11", "attrs", "openai", "httpx2", "pydantic")


@dataclass(frozen=True)
class Target:
    """One goal of the issue, and whether this run met it."""

    name: str
    goal: str
    measured: str
    passed: bool
    miss: str = ""
    """By how much it was missed (empty when met)."""

    @property
    def verdict(self) -> str:
        return "PASS" if self.passed else "MISS"


@dataclass
class Section:
    """What one part of the benchmark printed and measured."""

    key: str
    title: str
    tables: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    profiles: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        parts = [f"== {self.title} ==", *self.tables]
        if self.targets:
            parts.append(format_targets(self.targets))
        parts.extend(self.notes)
        return "\n\n".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "notes": self.notes,
            "targets": [asdict(target) | {"verdict": target.verdict} for target in self.targets],
            "profiles": self.profiles,
            "data": self.data,
        }


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell; the first column left-aligned, the others right."""
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        first, *rest = cells
        padded = [first.ljust(widths[0])]
        padded += [cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True)]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def format_targets(targets: Sequence[Target]) -> str:
    rows = [
        [target.name, target.goal, target.measured, target.verdict + _miss(target)]
        for target in targets
    ]
    return format_table(["target", "goal", "measured", "verdict"], rows)


def _miss(target: Target) -> str:
    return f" (missed by {target.miss})" if target.miss else ""


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    for line in text.splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe_machine() -> dict[str, Any]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "packages": {package: _version(package) for package in PACKAGES},
    }


def format_machine(machine: dict[str, Any]) -> str:
    packages = ", ".join(f"{name} {version}" for name, version in machine["packages"].items())
    load = machine["load_average"]
    return "\n".join(
        [
            f"CPU:      {machine['cpu']} ({machine['cores']} cores, "
            f"{machine['usable_cores']} usable)",
            f"Python:   {machine['python_implementation']} {machine['python']} on "
            f"{machine['platform']}",
            f"Packages: {packages}",
            f"Load:     {' '.join(f'{value:.2f}' for value in load) if load else 'unknown'}"
            " (1, 5, 15 min, at start)",
        ]
    )


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
