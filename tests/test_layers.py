"""The import rules of the package's layers (tools/xai_models_tools/layers.py): the package keeps
them, and the checker finds each kind of broken rule in a package planted with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from xai_models_tools import layers

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_keeps_every_rule() -> None:
    assert layers.violations() == []


def test_every_module_is_in_a_layer() -> None:
    for path in layers.SOURCE.rglob("*.py"):
        module = layers.module_name(path)
        parts = module.split(".")
        assert len(parts) <= 2 or parts[1] in layers.LAYERS, module
        if len(parts) == 2 and parts[1] not in layers.LAYERS:
            assert parts[1] in {"__main__", "_version", "otel"}, f"{module} sits in no layer"


@pytest.mark.parametrize(
    ("layer", "tests"), [("_model", ROOT / "tests"), ("_tables", ROOT / "tests" / "tables")]
)
def test_each_module_of_the_core_has_its_own_test_module(layer: str, tests: Path) -> None:
    """`_model/rows.py` is tested in tests/test_rows.py, `_tables/litellm.py` in
    tests/tables/test_litellm.py, and so on."""
    modules = sorted(p.stem for p in (layers.SOURCE / layer).glob("*.py") if p.stem != "__init__")
    assert modules
    missing = [name for name in modules if not (tests / f"test_{name}.py").is_file()]
    assert missing == [], f"{layer} modules without a test module in {tests}: {missing}"


def test_the_script_reports_success() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check-layers")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout
    assert "keep the import rules" in done.stdout


def plant(tmp_path: Path, files: dict[str, str]) -> Path:
    source = tmp_path / "xai_models"
    for name in ("", "_schema", "_model", "_api", "_tables", "_cli"):
        (source / name).mkdir(parents=True, exist_ok=True)
        (source / name / "__init__.py").write_text("")
    for name, text in files.items():
        (source / name).write_text(text)
    return source


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"_model/a.py": "from .._api import b\n", "_api/b.py": ""},
            "_model imports xai_models._api.b",
        ),
        ({"_schema/a.py": "from .._model.b import x\n", "_model/b.py": ""}, "not below it"),
        ({"_api/a.py": "from .._tables import b\n", "_tables/b.py": ""}, "_tables is not below"),
        ({"_tables/a.py": "from .._api.b import x\n", "_api/b.py": ""}, "_api is not below"),
        ({"_model/a.py": "from .._cli import b\n", "_cli/b.py": ""}, "_cli is not below"),
        ({"_model/a.py": "import httpx\n"}, "imports httpx"),
        ({"_schema/a.py": "from starlette import x\n"}, "imports starlette"),
        ({"_api/a.py": "import argparse\n"}, "imports argparse"),
        ({"_tables/a.py": "print('hi')\n"}, "writes to the terminal"),
        ({"_api/a.py": "import sys\nsys.stderr.write('x')\n"}, "writes to the terminal"),
        (
            {"_model/a.py": "from . import b\n", "_model/b.py": "def f():\n    from . import a\n"},
            "import circle: xai_models._model.a -> xai_models._model.b -> xai_models._model.a",
        ),
        (
            {
                "_api/a.py": "import typing\nif typing.TYPE_CHECKING:\n    from .b import X\n",
                "_api/b.py": "from .a import Y\n",
            },
            "import circle",
        ),
    ],
)
def test_each_broken_rule_is_found(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    found = layers.violations(plant(tmp_path, files))
    assert any(expected in line for line in found), found


def test_downward_imports_and_the_cli_printing_are_allowed(tmp_path: Path) -> None:
    source = plant(
        tmp_path,
        {
            "_schema/units.py": "",
            "_model/a.py": "from .._schema import units\n",
            "_api/b.py": "import httpx\nfrom .._model import a\n",
            "_tables/c.py": "from .._model.a import x\n",
            "_cli/d.py": "import argparse\nfrom .._api import b\nfrom .._tables import c\nprint()",
        },
    )
    assert layers.violations(source) == []
