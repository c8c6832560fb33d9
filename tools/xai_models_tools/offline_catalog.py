"""Build the package's embedded offline catalog: real captures where they exist, docs examples else.

    scripts/build-offline-catalog          write wrapper/xai_models/_data/offline_catalog.json
    scripts/build-offline-catalog --check  exit 1 if the committed file differs from a fresh build

`models` and `language_models` are the bodies of live responses captured on 2026-07-25 and
published by others (tests/data/captures/, a copy of ../shared/docs/captures/, whose README names
the repository and commit): a dated record, not today's prices. `image_generation_models` and
`video_generation_models` have no capture, so they are the example bodies of the newest docs
revision (tests/data/examples/, a copy of ../shared/docs/examples/). The catalog's `source` names
each part with its origin and date, and `xai-models --help` and every --offline command repeat it.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "data" / "examples"
CAPTURES = ROOT / "tests" / "data" / "captures"
OUTPUT = ROOT / "wrapper" / "xai_models" / "_data" / "offline_catalog.json"
CAPTURED = datetime(2026, 7, 25, tzinfo=UTC)
SOURCE = (
    "models and language_models: live responses captured 2026-07-25 (published by others: "
    "teemoonai/teemoon-ios, commit 2d9e206c), not today's prices; image_generation_models and "
    "video_generation_models: EXAMPLE DATA from xAI's API docs (2026 revision); built by "
    "scripts/build-offline-catalog"
)
LISTS = {
    "models": CAPTURES / "2026-07-25-models.json",
    "language_models": CAPTURES / "2026-07-25-language-models.json",
    "image_generation_models": EXAMPLES / "image-generation-models-list.json",
    "video_generation_models": EXAMPLES / "video-generation-models-list.json",
}


def build() -> str:
    sys.path[:0] = [str(ROOT / "wrapper"), str(ROOT / "generated")]
    from xai_models._model.catalog import Catalog  # noqa: PLC0415 - after the path set-up
    from xai_models._model.families import FAMILIES  # noqa: PLC0415 - after the path set-up

    bodies = {name: json.loads(path.read_text(encoding="utf-8")) for name, path in LISTS.items()}
    lists = [family.decode_list(bodies[family.name]) for family in FAMILIES]
    catalog = Catalog.from_lists(*lists, fetched_at=CAPTURED, source=SOURCE)
    return catalog.to_json() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    fresh = build()
    if args.check:
        if OUTPUT.read_text(encoding="utf-8") != fresh:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run scripts/build-offline-catalog")
            return 1
        print(f"{OUTPUT.relative_to(ROOT)} matches a fresh build")
        return 0
    OUTPUT.write_text(fresh, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
