"""How long `scripts/check-docs` takes on a real-size OpenAPI document.

    .venv/bin/python benchmarks/bench_check_docs.py [--operations 400]

xAI's `openapi.json` is a few hundred KB and covers every endpoint of the API. This builds one of
that size: the spec's eight model paths among `--operations` unrelated operations, each with a
request and a response schema of a dozen properties (chat, files, images... in shape). It prints
the document's size and the time of the whole command (a fresh interpreter, as a user runs it)
and of the check alone (in process), median of 5. Target: well under a second.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "xai-models.openapi.yaml"
TARGET_SECONDS = 1.0


def document(operations: int) -> dict[str, object]:
    spec = yaml.safe_load(SPEC.read_text("utf-8"))
    schemas = spec["components"]["schemas"]
    for number in range(operations):
        name = f"Thing{number}"
        schemas[name] = {
            "type": "object",
            "required": ["id"],
            "properties": {
                f"field_{k}": {"type": "string", "description": "A field of a thing. " * 3}
                for k in range(12)
            },
        }
        spec["paths"][f"/v1/things-{number}/{{id}}"] = {
            "post": {
                "operationId": f"handle_thing_{number}",
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                    }
                },
                "responses": {
                    "200": {
                        "description": "Success",
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    },
                    "400": {"description": "Bad request. The request is invalid."},
                },
            }
        }
    return spec


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operations", type=int, default=400)
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tools"))
    from xai_models_tools import check_docs  # noqa: PLC0415 - after the path set-up

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "openapi.json"
        path.write_text(json.dumps(document(arguments.operations), indent=2), "utf-8")
        size = path.stat().st_size
        whole, alone = [], []
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "check-docs"), str(path), "--json"],
                capture_output=True,
                check=False,
            )
            whole.append(time.perf_counter() - started)
            started = time.perf_counter()
            source = check_docs.read_source(str(path), None)
            check_docs.compare(source, check_docs.read_spec(SPEC), False)
            alone.append(time.perf_counter() - started)
    command, check = statistics.median(whole), statistics.median(alone)
    verdict = "met" if command < TARGET_SECONDS else f"missed by {command - TARGET_SECONDS:.2f} s"
    print(f"OpenAPI document: {size / 1024:.0f} KB, {arguments.operations + 8} operations")
    print(f"check-docs, whole command (fresh interpreter): {command * 1000:.0f} ms (median of 5)")
    print(f"check-docs, reading and comparing in process:  {check * 1000:.0f} ms (median of 5)")
    print(f"target < {TARGET_SECONDS:.1f} s for the whole command: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
