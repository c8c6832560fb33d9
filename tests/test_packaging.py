"""The wheel: both packages with their py.typed and data, the console script, nothing else."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("xai_models-*.whl")
    return zipfile.ZipFile(path)


@pytest.mark.slow
class TestWheel:
    def test_carries_both_packages_typed(self, wheel: zipfile.ZipFile) -> None:
        names = set(wheel.namelist())
        for expected in (
            "xai_models/__init__.py",
            "xai_models/py.typed",
            "xai_models/_data/offline_catalog.json",
            "xai_models_generated/__init__.py",
            "xai_models_generated/py.typed",
            "xai_models_generated/api/models/get_language_model.py",
        ):
            assert expected in names

    def test_carries_no_tests_cassettes_or_tooling(self, wheel: zipfile.ZipFile) -> None:
        top_level = {name.split("/")[0] for name in wheel.namelist()}
        assert top_level == {"xai_models", "xai_models_generated", wheel_dist_info(wheel)}
        assert not [name for name in wheel.namelist() if "cassette" in name or "test" in name]

    def test_console_script_and_runtime_dependencies(self, wheel: zipfile.ZipFile) -> None:
        info = wheel_dist_info(wheel)
        entry_points = wheel.read(f"{info}/entry_points.txt").decode()
        assert "xai-models = xai_models._cli:main" in entry_points
        metadata = Parser().parsestr(wheel.read(f"{info}/METADATA").decode())
        requires = sorted(
            requirement.split(">")[0].split("<")[0].split("=")[0]
            for requirement in metadata.get_all("Requires-Dist", [])
            if "extra ==" not in requirement
        )
        assert requires == ["attrs", "httpx"]
        assert metadata["Requires-Python"] == ">=3.11"


def wheel_dist_info(wheel: zipfile.ZipFile) -> str:
    return next(name.split("/")[0] for name in wheel.namelist() if ".dist-info/" in name)
