"""How the suite behaves on a machine without Chromium: a bare ``pytest`` runs everything else
and says what it left out; ``scripts/test`` (SERVICEGAP_REQUIRE_BROWSER) fails instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _pytest(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "SERVICEGAP_REQUIRE_BROWSER"}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *args],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


@pytest.mark.slow
def test_without_chromium_a_bare_run_leaves_the_browser_tests_out_and_says_so(tmp_path):
    run = _pytest(
        "tests/core/test_shell_browser.py", "tests/lib/test_csvsafe.py",
        SERVICEGAP_CHROMIUM=str(tmp_path / "no-chromium"), SERVICEGAP_DATA_DIR=str(tmp_path),
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "left out" in run.stdout and "browser tests: no Chromium" in run.stdout
    assert " passed" in run.stdout and "deselected" in run.stdout


@pytest.mark.slow
def test_without_chromium_the_full_test_command_fails_the_browser_tests(tmp_path):
    run = _pytest(
        "tests/core/test_shell_browser.py", "-x",
        SERVICEGAP_CHROMIUM=str(tmp_path / "no-chromium"), SERVICEGAP_DATA_DIR=str(tmp_path),
        SERVICEGAP_REQUIRE_BROWSER="1",
    )  # fmt: skip
    assert run.returncode != 0 and "no Chromium at" in run.stdout
