"""`servicegap text classify FILE.csv [--column text] --json`: one row per input row in order,
every key, the redacted text only, clear errors naming the option (docs/text.md)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from servicegap.cli import main_group

KEYS = ["sentiment", "score", "kind", "dimension", "standards", "touchpoint", "mentions",
        "themes", "redacted"]  # fmt: skip


@pytest.fixture(autouse=True)
def lexicon(monkeypatch):
    monkeypatch.setenv("SERVICEGAP_TEXT_BACKEND", "lexicon")


def classify(*args: str):
    return CliRunner().invoke(main_group, ["text", "classify", *args])


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_one_row_per_input_row_in_order_and_nothing_but_redacted_text(tmp_path):
    texts = [
        "The salesman was wonderful",
        "",
        "Waited two hours,\ncall me on 07700 900123 or mail kim@example.org",
        "Card 4111 1111 1111 1111 was charged twice!",
        "Why is the branch shut on Mondays?",
    ]
    f = write(tmp_path / "c.csv", [["id", "comment"], *[[str(i), t] for i, t in enumerate(texts)]])
    result = classify(str(f), "--column", "comment", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    rows = out["rows"]
    assert len(rows) == len(texts) and out["backend"] == "lexicon"
    assert all(list(r) == KEYS for r in rows)
    assert [r["redacted"].split(" ")[0] for r in rows] == [t.split(" ")[0] for t in texts]
    for secret in ("07700", "900123", "kim@", "example.org", "4111"):
        assert secret not in result.stdout
    assert rows[0]["sentiment"] == "positive" and rows[4]["kind"] == "question"


def test_a_one_column_file_keeps_an_unquoted_comma_in_the_text(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("text\nThe salesman was wonderful\nWaited two hours, call me on 07700 900123\n")
    rows = json.loads(classify(str(f), "--json").stdout)["rows"]
    assert [r["redacted"] for r in rows] == [
        "The salesman was wonderful", "Waited two hours, call me on [phone]",
    ]  # fmt: skip


def test_plain_output_is_one_line_per_row(tmp_path):
    f = write(tmp_path / "c.csv", [["text"], ["Lovely staff"], ["Awful food, mail a@b.com"]])
    result = classify(str(f))
    lines = result.stdout.strip().splitlines()
    assert result.exit_code == 0 and len(lines) == 2
    assert lines[0].startswith("1\tpositive") and "[email]" in lines[1] and "a@b" not in lines[1]


def test_a_missing_column_names_the_option_and_the_columns(tmp_path):
    f = write(tmp_path / "c.csv", [["comment"], ["Lovely"]])
    result = classify(str(f), "--column", "text")
    assert result.exit_code == 1
    assert "--column" in result.output and "comment" in result.output
    assert "Traceback" not in result.output


def test_empty_and_unreadable_files_are_clear_errors(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert "--column" in classify(str(empty)).output
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"text\n\xff\xfe\x00bad\n")
    result = classify(str(binary))
    assert result.exit_code == 1 and "UTF-8" in result.output
    header_only = write(tmp_path / "h.csv", [["text"]])
    assert json.loads(classify(str(header_only), "--json").stdout)["rows"] == []


def test_the_installed_command_never_prints_a_phone_or_address(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text('text\n"Call 07700 900123, or +44 20 7946 0958, or jo@example.com"\nFine\n')
    env = {**os.environ, "SERVICEGAP_TEXT_BACKEND": "lexicon"}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "servicegap"), "text", "classify", str(f), "--json"],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    both = done.stdout + done.stderr
    for secret in ("07700", "7946", "jo@", "example.com"):
        assert secret not in both
    assert len(json.loads(done.stdout)["rows"]) == 2
