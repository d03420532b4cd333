"""`servicegap import wide`: one row per response, one column per question, from any tool; real
Google Forms / Google Sheets exports (provenance in tests/data/imports/responses/README.md)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.transfer.test_import_export import cli, ok, refused, write

DATA = Path(__file__).resolve().parents[1] / "data" / "imports" / "responses" / "wide"
NAMES = str(DATA / "Form Responses 1.csv")  # Timestamp 9/6/2018: day or month?
LIVING = str(DATA / "form_responses.csv")  # Timestamp 3/24/2022: month first


def survey(workspace, code: str, questions: list[tuple[str, str, str]], scale_max: int = 10):
    from servicegap.surveys.models import Question, Survey

    s = Survey.objects.create(workspace=workspace, code=code, title=code, scale_max=scale_max)
    for position, (qcode, kind, text) in enumerate(questions, start=1):
        Question.objects.create(
            workspace=workspace, survey=s, code=qcode, kind=kind, text={"en": text},
            position=position,
        )  # fmt: skip
    return s


def proposal(path: str, code: str, tmp_path: Path) -> tuple[dict[str, dict[str, str]], str]:
    result = refused(cli("import", "wide", path, "--survey", code))
    assert "--map MAPPING.csv" in result.stderr, result.stderr
    rows = {r["column"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    return rows, write(tmp_path, f"{code}-map.csv", result.stdout)


def responses(code: str):
    from servicegap.surveys.models import Response

    return Response.objects.filter(survey__code=code).order_by("pk")


def test_columns_are_proposed_by_question_text_and_the_timestamp(workspace, tmp_path):
    survey(workspace, "GW", [("NAME", "text", "Full Name")])
    rows, _ = proposal(NAMES, "GW", tmp_path)
    assert rows["Timestamp"]["kind"] == "submitted_at"
    assert (rows["Full Name"]["item"], rows["Full Name"]["kind"]) == ("NAME", "text")


def test_dates_that_fit_both_day_and_month_first_are_refused_until_said(workspace, tmp_path):
    """Every Timestamp is 9/6/2018: 9 June or 6 September. Never guessed."""
    survey(workspace, "GW", [("NAME", "text", "Full Name")])
    _, mapping = proposal(NAMES, "GW", tmp_path)
    args = ("import", "wide", NAMES, "--survey", "GW", "--map", mapping)
    result = refused(cli(*args))
    assert (
        "Timestamp: the dates (9/6/2018 0:06:16) fit both DD/MM and MM/DD; say which with "
        "--date-format DMY or --date-format MDY"
    ) in result.stderr
    assert not responses("GW").exists()
    report = json.loads(ok(cli(*args, "--date-format", "MDY", "--json")).stdout)
    assert report["created"] == 21
    first = responses("GW").first()
    assert first.submitted_at.isoformat() == "2018-09-06T00:06:16+00:00"
    from servicegap.surveys.models import Answer

    assert Answer.objects.filter(response=first).get().value == "Bob"


def test_a_day_first_reading_is_taken_when_asked(workspace, tmp_path):
    survey(workspace, "GW", [("NAME", "text", "Full Name")])
    _, mapping = proposal(NAMES, "GW", tmp_path)
    ok(cli("import", "wide", NAMES, "--survey", "GW", "--map", mapping, "--date-format", "DMY"))
    assert responses("GW").first().submitted_at.isoformat() == "2018-06-09T00:06:16+00:00"


def test_month_first_dates_are_recognised_and_a_second_import_adds_nothing(workspace, tmp_path):
    """3/24/2022 can only be month first. The file has no response id: rows are recognised by
    their content, so the same file imported again adds nothing."""
    survey(workspace, "LIV", [
        ("country", "text", "Country"), ("country_recom", "rating", "Recommend the country?"),
    ])  # fmt: skip
    rows, mapping = proposal(LIVING, "LIV", tmp_path)
    assert (rows["country_recom"]["item"], rows["country_recom"]["kind"]) == (
        "country_recom", "rating",
    )  # fmt: skip
    args = ("import", "wide", LIVING, "--survey", "LIV", "--map", mapping, "--json")
    assert json.loads(ok(cli(*args)).stdout)["created"] == 2
    assert responses("LIV").first().submitted_at.isoformat() == "2022-03-24T13:06:29+00:00"
    again = json.loads(ok(cli(*args)).stdout)
    assert (again["created"], again["unchanged"]) == (0, 2)


def test_a_rating_outside_the_scale_is_refused_with_its_line_and_column(workspace, tmp_path):
    """The first respondent recommends the city with 10; on a 1-5 survey that is refused with
    the file's line and column, and nothing is written."""
    survey(workspace, "LIV", [("city_recom", "rating", "Recommend the city?")], scale_max=5)
    _, mapping = proposal(LIVING, "LIV", tmp_path)
    result = refused(cli("import", "wide", LIVING, "--survey", "LIV", "--map", mapping))
    assert f"{LIVING}:2: city_recom: rating must be between 1 and 5, not '10'" in result.stderr
    assert not responses("LIV").exists()


def test_wide_needs_a_survey(workspace):
    result = refused(cli("import", "wide", NAMES))
    assert "wide needs --survey CODE" in result.stderr


def test_the_nps_report_reads_the_imported_answers(workspace, tmp_path):
    """country_recom holds 0-10 recommendations (9 and 6): mapped to an nps question, the NPS
    report reads them: one promoter, one detractor, n = 2."""
    survey(workspace, "LIV", [("REC", "nps", "Would you recommend the country?")])
    rows, _ = proposal(LIVING, "LIV", tmp_path)
    rows["country_recom"].update(item="", kind="nps")
    out = io.StringIO()
    writer = csv.DictWriter(out, ["column", "item", "kind", "value", "label"])
    writer.writeheader()
    writer.writerows(rows.values())
    mapping = write(tmp_path, "nps-map.csv", out.getvalue())
    ok(cli("import", "wide", LIVING, "--survey", "LIV", "--map", mapping))
    report = json.loads(ok(cli("report", "nps", "--json")).stdout)
    text = json.dumps(report)
    assert '"n": 2' in text and '"nps": 0.0' in text, text[:600]


def test_a_file_of_another_kind_is_refused_naming_what_it_is(workspace):
    """A survey archive or a .qsf given as responses failed with a UTF-8 or CSV error."""
    lsa = str(Path(__file__).resolve().parents[1] / "data/imports/surveys/limesurvey/colors.lsa")
    qsf = str(DATA.parent / "qualtrics" / "Side-by-Side_Questions.qsf")
    survey(workspace, "GW", [("NAME", "text", "Full Name")])
    result = refused(cli("import", "qualtrics-responses", lsa, "--survey", "GW"))
    assert "this is a LimeSurvey survey archive (.lsa" in result.stderr
    assert "use `servicegap import limesurvey`" in result.stderr
    result = refused(cli("import", "wide", qsf, "--survey", "GW"))
    assert "this is a Qualtrics survey (.qsf); use `servicegap import qualtrics-survey`" in (
        result.stderr
    )


def test_a_long_file_shows_its_progress(workspace, tmp_path):
    """Over 1,000 rows the import draws its progress bar, as the row kinds do. The file is the
    real one's two rows, repeated a minute apart (derived here)."""
    lines = Path(LIVING).read_text(encoding="utf-8").splitlines()
    answers = [line.split(",", 1)[1] for line in lines[1:3]]
    rows = [f"3/24/2022 {i // 60:02d}:{i % 60:02d}:29,{answers[i % 2]}" for i in range(1200)]
    path = write(tmp_path, "long.csv", "\n".join([lines[0], *rows]) + "\n")
    survey(workspace, "LIV", [("country_recom", "rating", "Recommend the country?")])
    _, mapping = proposal(path, "LIV", tmp_path)
    result = ok(cli("import", "wide", path, "--survey", "LIV", "--map", mapping,
                    "--date-format", "MDY"))  # fmt: skip
    assert "reading responses" in result.stderr
    assert responses("LIV").count() == 1200
