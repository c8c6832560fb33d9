"""No cassette holds a credential; the scanner is proven able to fail on a dirty fixture."""

from __future__ import annotations

import subprocess
import sys

from support import CASSETTES, ROOT, TESTS

SCANNER = ROOT / "scripts" / "scan-secrets"


def scan(*paths: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCANNER), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_cassettes_are_clean() -> None:
    """Every cassette passes the scan: no authorization, cookie, bearer token or xai- key."""
    result = scan(CASSETTES)
    assert result.returncode == 0, result.stdout
    files = [path for path in CASSETTES.rglob("*") if path.is_file()]
    assert len([path for path in files if path.suffix == ".yaml"]) >= 15
    assert f"0 finding(s) in {len(files)} file(s)" in result.stdout


def test_dirty_fixture_fails_with_every_planted_secret_found() -> None:
    """The scanner finds each kind of planted secret, and does not echo the secrets."""
    dirty = TESTS / "data" / "dirty" / "leaky-cassette.yaml"
    result = scan(dirty)
    assert result.returncode == 1
    found = {
        line.rsplit(": ", 1)[-1]
        for line in result.stdout.splitlines()
        if line.startswith(str(dirty))
    }
    assert found == {
        "an authorization header",
        "a cookie header",
        "a bearer token",
        "an xAI key",
    }
    assert "fake-token-0123456789abcdef" not in result.stdout
    assert "FAKEFAKE" not in result.stdout
