"""Start-up costs in fresh processes: import times, first use, and the CLI's cold start.

Bytecode: these machines set PYTHONDONTWRITEBYTECODE=1, so every import would compile from source
(`import httpx` then takes about 300 ms instead of about 70). The children here run without it and
with PYTHONPYCACHEPREFIX pointing at a fresh temporary folder: the warm-up runs compile every module
into that folder once, and the timed runs load the bytecode from it (nothing is written to the
repository or the virtualenv).
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench_data import DATASETS
from bench_report import Section, Target, format_table
from bench_server import Server
from bench_stats import Summary, interleave, paired_ratio, summarize

__all__ = ["run"]

ROUNDS = 25
WARMUP_RUNS = 2
IMPORTTIME_RUNS = 5
GROUP_ROWS = 10
MAX_IMPORT_RATIO = 1.3
API_KEY = "xai-benchmark-key"

_TIMED = "import time; _t = time.perf_counter(); {code}; print(time.perf_counter() - _t)"
_IMPORTTIME = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


@dataclass(frozen=True)
class Snippet:
    label: str
    code: str
    """Python run with `-c`; timed from inside the process (interpreter start excluded)."""


def _snippets(list_url: str, base_url: str) -> list[Snippet]:
    return [
        Snippet("bare interpreter (-c pass)", "pass"),
        Snippet("import httpx", "import httpx"),
        Snippet("import attrs", "import attrs"),
        Snippet("import xai_models", "import xai_models"),
        Snippet("from xai_models import Client", "from xai_models import Client"),
        Snippet(
            "from xai_models import Client; Client(...)",
            f"from xai_models import Client; Client({API_KEY!r}, base_url={base_url!r})",
        ),
        Snippet("import xai_models_generated", "import xai_models_generated"),
        Snippet("import openai", "import openai"),
        Snippet(
            "first use: httpx, get + json.loads (100 language models)",
            f"import httpx, json; json.loads(httpx.Client().get({list_url!r}).content)",
        ),
        Snippet(
            "first use: xai_models, Client().language_models.list() (100)",
            f"from xai_models import Client; Client({API_KEY!r}, base_url={base_url!r})"
            ".language_models.list()",
        ),
    ]


@contextmanager
def bytecode_env() -> Iterator[dict[str, str]]:
    """The children's environment: bytecode written to, and read from, a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="xai-bench-pycache-") as cache:
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache
        yield env


def _run_timed(code: str, env: Mapping[str, str]) -> tuple[float, float]:
    """Seconds of `code` measured inside a fresh interpreter, and the process's wall time."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", _TIMED.format(code=code)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - started
    return float(completed.stdout.strip().splitlines()[-1]), wall


def _import_times(
    snippets: list[Snippet], env: Mapping[str, str], rounds: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Samples of each snippet's net time (inside the child) and of its process's wall time."""
    for snippet in snippets:
        for _ in range(WARMUP_RUNS):  # compiles into the cache folder
            _run_timed(snippet.code, env)
    walls: dict[str, list[float]] = {snippet.label: [] for snippet in snippets}

    def timer(snippet: Snippet) -> float:
        seconds, wall = _run_timed(snippet.code, env)
        walls[snippet.label].append(wall)
        return seconds

    inside = interleave({snippet.label: partial(timer, snippet) for snippet in snippets}, rounds)
    return inside, walls


def _wall(command: list[str], env: Mapping[str, str], cpu: list[float] | None = None) -> float:
    """The wall time of a run; its CPU time (user + system) is appended to `cpu`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


HTTPX_COMMAND = 'python -c "import httpx"'
CLI_TARGETS = {
    "xai-models --offline list": 1.5,
    "xai-models --offline get grok-latest": 1.5,
    "xai-models --help": 1.2,
}
"""The CLI's wall time at most this many times `python -c "import httpx"`'s."""


def _cli_targets(cli: Mapping[str, Summary]) -> list[Target]:
    floor = cli[HTTPX_COMMAND].median
    targets = []
    for label, limit in CLI_TARGETS.items():
        ratio = cli[label].median / floor
        targets.append(
            Target(
                name=label,
                goal=f"<= {limit:.2f}x {HTTPX_COMMAND}",
                measured=f"{ratio:.2f}x ({cli[label].median * 1000:.0f} ms)",
                passed=ratio <= limit,
                miss="" if ratio <= limit else f"missed by {ratio - limit:.2f}x",
            )
        )
    return targets


def _cli_times(
    env: Mapping[str, str], rounds: int
) -> tuple[dict[str, Summary], dict[str, Summary]]:
    """Wall and CPU times of the CLI and of bare interpreters, interleaved."""
    cli = str(Path(sys.executable).with_name("xai-models"))
    commands = {
        "xai-models --offline list": [cli, "--offline", "list"],
        "xai-models --offline get grok-latest": [cli, "--offline", "get", "grok-latest"],
        "xai-models --help": [cli, "--help"],
        HTTPX_COMMAND: [sys.executable, "-c", "import httpx"],
        "python -c pass": [sys.executable, "-c", "pass"],
        'python -c "import xai_models._cli"': [sys.executable, "-c", "import xai_models._cli"],
    }
    for command in commands.values():
        for _ in range(WARMUP_RUNS):
            _wall(command, env)
    cpu: dict[str, list[float]] = {label: [] for label in commands}
    samples = interleave(
        {label: partial(_wall, command, env, cpu[label]) for label, command in commands.items()},
        rounds,
    )
    return (
        {label: summarize(values) for label, values in samples.items()},
        {label: summarize(values) for label, values in cpu.items()},
    )


def _importtime_groups(code: str, env: Mapping[str, str]) -> dict[str, float]:
    """Median self time (ms) per top-level package under `python -X importtime`."""
    runs: list[dict[str, float]] = []
    for _ in range(IMPORTTIME_RUNS):
        completed = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        groups: dict[str, float] = {}
        for match in _IMPORTTIME.finditer(completed.stderr):
            top = match.group(4).split(".")[0]
            groups[top] = groups.get(top, 0.0) + int(match.group(1)) / 1000
        runs.append(groups)
    names = {name for groups in runs for name in groups}
    return {
        name: sorted(groups.get(name, 0.0) for groups in runs)[len(runs) // 2] for name in names
    }


def _pyc_count(env: Mapping[str, str]) -> int:
    return sum(1 for _ in Path(env["PYTHONPYCACHEPREFIX"]).rglob("*.pyc"))


def _import_table(samples: dict[str, list[float]], walls: dict[str, Summary]) -> str:
    inside = _summaries(samples)
    bare = walls["bare interpreter (-c pass)"].median
    httpx = inside["import httpx"].median
    rows = [
        [
            label,
            f"{summary.median * 1000:.1f}",
            f"{summary.p90 * 1000:.1f}",
            f"{summary.median / httpx:.2f}x",
            f"{paired_ratio(samples[label], samples['import httpx']):.2f}x",
            f"{walls[label].median * 1000:.1f}",
            f"{(walls[label].median - bare) * 1000:.1f}",
        ]
        for label, summary in inside.items()
    ]
    headers = [
        "python -c ...",
        "net ms",
        "p90 ms",
        "x httpx",
        "paired",
        "process ms",
        "process - bare",
    ]
    return format_table(headers, rows)


def _summaries(samples: dict[str, list[float]]) -> dict[str, Summary]:
    return {label: summarize(values) for label, values in samples.items()}


def _import_targets(inside: dict[str, Summary]) -> list[Target]:
    httpx = inside["import httpx"].median
    targets = []
    for label in ("import xai_models", "from xai_models import Client"):
        ratio = inside[label].median / httpx
        targets.append(
            Target(
                name=f"`{label}` net import time",
                goal=f"<= {MAX_IMPORT_RATIO:.2f}x `import httpx`",
                measured=f"{ratio:.2f}x ({inside[label].median * 1000:.1f} ms)",
                passed=ratio <= MAX_IMPORT_RATIO,
                miss=(
                    ""
                    if ratio <= MAX_IMPORT_RATIO
                    else f"{ratio - MAX_IMPORT_RATIO:.2f}x "
                    f"({(inside[label].median - MAX_IMPORT_RATIO * httpx) * 1000:.1f} ms)"
                ),
            )
        )
    return targets


def _groups_table(env: Mapping[str, str]) -> tuple[str, dict[str, dict[str, float]]]:
    """What `from xai_models import Client` imports beyond `import httpx`, package by package."""
    base, ours = "import httpx", "from xai_models import Client"
    columns = {label: _importtime_groups(label, env) for label in (base, ours)}
    extra = {
        name: columns[ours].get(name, 0.0) - columns[base].get(name, 0.0)
        for name in columns[base].keys() | columns[ours].keys()
    }
    names = sorted(extra, key=lambda name: -extra[name])[:GROUP_ROWS]
    rows = [
        [
            name,
            f"{columns[base].get(name, 0.0):.1f}",
            f"{columns[ours].get(name, 0.0):.1f}",
            f"{extra[name]:+.1f}",
        ]
        for name in names
    ]
    totals = [sum(columns[base].values()), sum(columns[ours].values())]
    rows.append(["total", *(f"{total:.1f}" for total in totals), f"{totals[1] - totals[0]:+.1f}"])
    table = format_table(["top-level module (self ms)", base, ours, "difference"], rows)
    return table, columns


def run(server: Server, rounds: int = ROUNDS) -> Section:
    section = Section("startup", "Start-up: imports in fresh processes, and the CLI's cold start")
    data = DATASETS["/n100"]
    base_url = server.url(data.prefix)
    with bytecode_env() as env:
        samples, wall_samples = _import_times(
            _snippets(f"{base_url}/v1/language-models", base_url), env, rounds
        )
        groups_table, groups = _groups_table(env)
        cli, cli_cpu = _cli_times(env, rounds)
        compiled = _pyc_count(env)
    inside, walls = _summaries(samples), _summaries(wall_samples)
    section.tables.append(
        f"Import and first-use times ({rounds} interleaved rounds; net: timed inside the child "
        "around the code, so interpreter start is excluded; process: the child's wall time)\n"
        + _import_table(samples, walls)
    )
    section.tables.append(
        "What xai_models imports beyond httpx: own time of the modules under each top-level "
        f"name, -X importtime (median of {IMPORTTIME_RUNS}; it adds its own overhead)\n"
        + groups_table
    )
    cli_rows = [
        [
            label,
            f"{s.median * 1000:.1f}",
            f"{s.p90 * 1000:.1f}",
            f"{cli_cpu[label].median * 1000:.1f}",
            f"{(s.median - cli_cpu[label].median) * 1000:.1f}",
        ]
        for label, s in cli.items()
    ]
    section.tables.append(
        f"CLI cold start ({rounds} interleaved runs; wall time, and the CPU time it used)\n"
        + format_table(
            ["command", "wall median ms", "wall p90 ms", "cpu median ms", "wall - cpu"], cli_rows
        )
    )
    section.targets.extend(_import_targets(inside))
    section.targets.extend(_cli_targets(cli))
    section.notes.append(
        "Bytecode: children run without PYTHONDONTWRITEBYTECODE and with PYTHONPYCACHEPREFIX set "
        f"to a temporary folder, filled by {WARMUP_RUNS} warm-up runs of each command "
        f"({compiled:,} .pyc files) before timing."
    )
    section.data.update(
        {
            "imports_net": {label: s.as_dict() for label, s in inside.items()},
            "imports_process_wall": {label: s.as_dict() for label, s in walls.items()},
            "importtime_self_ms": groups,
            "cli_wall": {label: s.as_dict() for label, s in cli.items()},
            "cli_cpu": {label: s.as_dict() for label, s in cli_cpu.items()},
            "pyc_files": compiled,
        }
    )
    return section
