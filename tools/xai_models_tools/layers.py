"""The import rules of the `xai_models` package, checked from its source (no import is run).

The package is in layers, each importing only from its own layer and those below:

    _schema   units, errors, publish: what the API declares, knowing nothing else
    _model    types, codec, families, pricing, usage, catalog, diff, rows, history, ledger, ...
    _api      client, resources, http, retry, mock, meter, proxy     (needs httpx)
    _tables   other tools' price tables, the audit                   (beside _api: neither
                                                                      imports the other)
    _cli      the command line: one module per command
    (root)    __init__, __main__, otel: the public face

`_version` is a leaf anyone may import. Besides the layers:

- no module below `_cli` imports argparse, prints, or writes to stdout or stderr;
- no module of `_schema` or `_model` imports httpx or the proxy's server packages;
- no two modules import each other, directly or in a circle, counting every import (lazy ones
  and those under TYPE_CHECKING too).

Run `python scripts/check-layers` (CI does); `violations()` is what the tests call.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = "xai_models"
ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "wrapper" / PACKAGE

LAYERS = {"_schema": 0, "_model": 1, "_api": 2, "_tables": 2, "_cli": 3, "": 4}
"""Each layer's height: a module may import from lower layers and its own, never from a sibling
of the same height."""
ANYONE = frozenset({f"{PACKAGE}._version"})
"""Leaves every layer may import."""
NO_HTTP = ("httpx", "starlette", "uvicorn", "h11", "anyio")
"""What `_schema` and `_model` may not import: they parse bytes and know no transport."""
CLI_ONLY = ("argparse",)
"""What only the command line (and the root) may import."""


def module_name(path: Path, source: Path = SOURCE) -> str:
    parts = list(path.relative_to(source.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str:
    """The layer a module of the package belongs to (`""`: the root)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else ""


def imports_of(path: Path, source: Path = SOURCE) -> Iterator[tuple[int, str]]:
    """(line, absolute module) of every import in a file, relative ones resolved; `from . import
    x` yields the submodule `x` when there is one."""
    module = module_name(path, source)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield node.lineno, target
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                if _exists(candidate, source):
                    yield node.lineno, candidate


def _exists(module: str, source: Path) -> bool:
    relative = Path(*module.split(".")[1:]) if "." in module else Path()
    base = source / relative
    return module.startswith(PACKAGE + ".") and (
        base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()
    )


def _writes_output(tree: ast.AST) -> Iterator[int]:
    """Lines that print or write to sys.stdout / sys.stderr."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "print"
        ):
            yield node.lineno
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("stdout", "stderr")
            and isinstance(node.value, ast.Name)
            and node.value.id == "sys"
        ):
            yield node.lineno


def violations(source: Path = SOURCE) -> list[str]:
    """Every broken rule, as `file:line: what`; empty when the package keeps them all."""
    found: list[str] = []
    graph: dict[str, set[str]] = {}
    for path in sorted(source.rglob("*.py")):
        module = module_name(path, source)
        layer = layer_of(module)
        height = LAYERS[layer]
        where = path.relative_to(source.parent.parent)
        graph[module] = set()
        for line, target in imports_of(path, source):
            top = target.split(".")[0]
            if target.startswith(PACKAGE + ".") or target == PACKAGE:
                if target in ANYONE or target == module:
                    continue
                graph[module].add(target)
                other = layer_of(target)
                if other == layer:
                    continue
                if LAYERS[other] >= height:
                    found.append(
                        f"{where}:{line}: {layer or 'the root'} imports {target} "
                        f"({other or 'the root'} is not below it)"
                    )
            elif top in NO_HTTP and height <= LAYERS["_model"]:
                found.append(f"{where}:{line}: {layer} imports {top} (no transport below _api)")
            elif top in CLI_ONLY and height < LAYERS["_cli"]:
                found.append(f"{where}:{line}: {layer} imports {top} (only _cli parses arguments)")
        if height < LAYERS["_cli"]:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [
                f"{where}:{line}: writes to the terminal (only _cli does)"
                for line in _writes_output(tree)
            ]
    found += [f"import circle: {' -> '.join(circle)}" for circle in circles(graph)]
    return found


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle through each strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(_circle(graph, sorted(group)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _circle(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """A path from the group's first module back to itself inside the group."""
    members = set(group)
    start = group[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node] & members):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    return group


def main() -> int:
    found = violations()
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} broken import rule(s); the rules: tools/xai_models_tools/layers.py")
        return 1
    modules = sum(1 for _ in SOURCE.rglob("*.py"))
    print(f"{modules} modules keep the import rules (layers, no circles, no terminal below _cli)")
    return 0
