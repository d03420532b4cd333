"""The repository carries the licence its package metadata names (issue 14)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_license_file_is_the_agpl_v3_that_pyproject_names():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    assert declared == {"text": "AGPL-3.0-or-later"}
    text = (ROOT / "LICENSE").read_text()
    assert text.split("\n")[0].strip() == "GNU AFFERO GENERAL PUBLIC LICENSE"
    assert "Version 3, 19 November 2007" in text and "END OF TERMS AND CONDITIONS" in text
    assert len(text.splitlines()) == 661  # the whole text, as the FSF publishes it
