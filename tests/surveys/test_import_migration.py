"""Migrating survey structures without loss (issue 19, the survey side), on real published exports
in tests/data/imports/surveys (README.md there: where each file comes from, unedited).

Each defect the issue lists has a test here that failed before the fix: multiple answers imported
as single, HTML shown as text, Qualtrics' Trash block imported, no --publish, misleading errors
for other kinds of files, an empty survey imported with exit 0, UTF-8 read as Latin-1.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from tests.transfer.test_import_export import cli, ok, refused, write

DATA = Path(__file__).resolve().parents[1] / "data" / "imports" / "surveys"
COLORS = str(DATA / "limesurvey" / "colors.lss")  # M "Pick at least two", <img> options
COLORS_LSA = str(DATA / "limesurvey" / "colors.lsa")
COLORS_TXT = str(DATA / "limesurvey" / "colors.txt")  # the same survey, tab-separated
DATES = str(DATA / "limesurvey" / "date_and_time.lss")  # three date questions only
SAMPLE_QSF = str(DATA / "qualtrics" / "Sample_Survey.qsf")  # HTML, MAVR, matrices, Trash
LONG_QSF = str(DATA / "qualtrics" / "Long_Exhaustive_Sample_Survey.qsf")


def imported(kind: str, *args: str) -> dict:
    return json.loads(ok(cli("import", kind, *args, "--json")).stdout)


def questions(code: str) -> dict:
    from servicegap.surveys.models import Question

    return {q.code: q for q in Question.objects.filter(survey__code=code)}


def test_the_test_data_is_what_its_readme_lists():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for path in DATA.glob("*/*"):
        assert f"`{path.name}`" in readme, path.name


# 1. Multiple answers ---------------------------------------------------------------------------


def test_limesurvey_multiple_choice_is_imported_as_several_answers(workspace):
    imported("limesurvey", COLORS, "--code", "COLORS")
    found = questions("COLORS")
    q00 = found["Q00"]
    assert q00.kind == "choice" and q00.multiple  # before: single answer, radio buttons
    assert [o["code"] for o in q00.options][:3] == ["SQ001", "SQ002", "SQ003"]
    assert not found["G02Q04"].multiple  # a list (radio) stays single


def test_limesurvey_min_answers_that_cannot_be_checked_is_reported(workspace):
    report = imported("limesurvey", COLORS, "--code", "COLORS")
    reasons = [u["reason"] for u in report["unsupported"] if u["item"] == "Q00"]
    assert "at least 2 answers (min_answers) is not checked; any number may be picked" in reasons


def test_qualtrics_multiple_answer_questions_and_matrices_are_imported_as_such(workspace):
    imported("qualtrics-survey", SAMPLE_QSF, "--code", "QS")
    found = questions("QS")
    assert found["Q2"].multiple and not found["Q2"].rows  # MC MAVR
    assert not found["fruits"].multiple  # MC SAVR
    assert found["Q44"].multiple and found["Q44"].rows  # Matrix Likert MultipleAnswer
    assert not found["Q3"].multiple and found["Q3"].rows  # Matrix Likert SingleAnswer


def test_a_multiple_answer_question_is_answered_with_several_answers_through_the_contract(
    workspace,
):
    from servicegap.surveys.contract import record_response

    imported("limesurvey", COLORS, "--code", "COLORS")
    response = record_response(
        workspace,
        {
            "perspective": "customer", "survey": "COLORS", "submitted_at": "2026-01-05T10:00Z",
            "answers": [
                {"item": "Q00", "kind": "choice", "value": "SQ001"},
                {"item": "Q00", "kind": "choice", "value": "SQ004"},
            ],
        },
    )  # fmt: skip
    assert sorted(a.value for a in response.answers.all()) == ["SQ001", "SQ004"]


def test_the_survey_page_draws_checkboxes_for_multiple_answers_and_stores_each(workspace, client):
    from servicegap.surveys.models import Response

    imported("limesurvey", COLORS, "--code", "COLORS", "--publish")
    q00 = questions("COLORS")["Q00"].pk
    html = client.get(f"/r/{workspace.slug}/s/COLORS/").content.decode()
    assert f'type="checkbox" name="q{q00}" value="SQ001"' in html
    client.post(f"/r/{workspace.slug}/s/COLORS/", {f"q{q00}": ["SQ001", "SQ004"]})
    answers = {(a.item, a.value) for a in Response.objects.get(survey__code="COLORS").answers.all()}
    assert answers == {("Q00", "SQ001"), ("Q00", "SQ004")}


def test_choice_matrices_are_drawn_per_row_and_read_back_per_row(workspace, client):
    from django.http import QueryDict

    from servicegap.surveys.answering import build_fields, read_answers
    from servicegap.surveys.respond_text import EN

    imported("qualtrics-survey", SAMPLE_QSF, "--code", "QS", "--publish")
    found = questions("QS")
    html = client.get(f"/r/{workspace.slug}/s/QS/").content.decode()
    assert f'type="checkbox" name="q{found["Q44"].pk}.1" value="1"' in html  # multiple answers
    assert f'type="radio" name="q{found["Q3"].pk}.1" value="1"' in html  # one answer per row
    fields = build_fields([found["Q44"], found["Q3"]], 7, "en", ["en"], EN)
    post = QueryDict(mutable=True)
    post.setlist(f"q{found['Q44'].pk}.2", ["1", "3"])
    post.setlist(f"q{found['Q3'].pk}.1", ["2"])
    read, ok_ = read_answers(fields, post, EN)
    assert ok_
    got = [(a["item"], a["value"]) for _, answers in read for a in answers]
    assert got == [("Q44.2", "1"), ("Q44.2", "3"), ("Q3.1", "2")]
    post.setlist(f"q{found['Q44'].pk}.2", ["9"])  # not an option of the question
    assert read_answers(build_fields([found["Q44"]], 7, "en", ["en"], EN), post, EN)[1] is False


# 2. Rich text ----------------------------------------------------------------------------------


def test_qualtrics_html_is_kept_as_the_safe_subset_with_entities_decoded(workspace):
    report = imported("qualtrics-survey", SAMPLE_QSF, "--code", "QS")
    found = questions("QS")
    assert found["Q20"].text["en"].startswith("<strong>This</strong> is a multiple choice")
    assert "<i>question</i>" in found["Q20"].text["en"]
    assert found["Q21"].options[1]["label"] == "Neither like nor <em>dislike</em>"
    assert found["Q21"].rows[1]["label"] == "<em>Blueberries</em>"
    every = json.dumps([q.text for q in found.values()] + [q.options for q in found.values()])
    assert "&nbsp;" not in every and "<div" not in every and "<span" not in every
    assert report["title"] == "Sample Survey"


def test_long_qualtrics_texts_keep_their_line_breaks_and_lose_nbsp(workspace):
    imported("qualtrics-survey", LONG_QSF, "--code", "LONG")
    text = questions("LONG")["Q3"].text["en"]
    assert text.startswith("This is a minimal mcsa question.<br><br>What kind of fruit")
    assert "&nbsp;" not in text and "\xa0" not in text


def test_limesurvey_images_are_dropped_and_listed_in_the_report(workspace):
    report = imported("limesurvey", COLORS, "--code", "COLORS")
    options = questions("COLORS")["G02Q04"].options
    assert options == [{"code": "AO01", "label": "AO01"}, {"code": "AO02", "label": "AO02"}]
    images = [u for u in report["unsupported"] if u["reason"].startswith("image ")]
    assert [(u["item"], u["line"]) for u in images] == [("G02Q04.AO01", 18), ("G02Q04.AO02", 26)]
    assert "upload/surveys/841748/images/fire.png" in images[0]["reason"]
    assert "<img" not in json.dumps(options)


def test_limesurvey_help_text_is_kept_under_the_question(workspace):
    imported("limesurvey", COLORS, "--code", "COLORS")
    text = questions("COLORS")["Q00"].text["en"]
    assert (
        text == "What colors are your favorite? Pick at least two.<br>This is a question help text."
    )


def test_scripts_in_the_xss_survey_never_reach_the_stored_text(workspace):
    fixture = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "limesurvey"
    imported("limesurvey", str(fixture / "limesurvey_survey_XssAndScriptCheck.lss"), "--code", "X")
    text = json.dumps(questions("X")["Q00"].text)
    assert "<script" not in text and "alert(" not in text


def every_page(client, url: str) -> str:
    """The survey's pages one after the other, as its "Next" button asks for them (the form's
    own page field), joined: how many questions go on a page is the survey page's business."""
    html = client.get(url).content.decode()
    pages = [html]
    while 'name="go" value="next"' in html and len(pages) < 20:
        page = re.search(r'name="page" value="(\d+)"', html)
        assert page
        html = client.post(url, {"page": page.group(1), "go": "next"}).content.decode()
        pages.append(html)
    return "\n".join(pages)


def test_the_survey_page_renders_bold_and_never_shows_tags_as_text(workspace, client):
    imported("qualtrics-survey", SAMPLE_QSF, "--code", "QS", "--publish")
    html = every_page(client, f"/r/{workspace.slug}/s/QS/")
    assert (
        "<strong>This</strong> is a multiple choice multiple answer vertical <i>question</i>"
        in html
    )
    assert "<span>Neither like nor <em>dislike</em></span>" in html
    assert "&lt;strong&gt;" not in html and "&amp;nbsp;" not in html and "&lt;i&gt;" not in html


# 3. Qualtrics Trash ----------------------------------------------------------------------------


def test_qualtrics_questions_in_the_trash_block_are_not_imported_but_listed(workspace):
    report = imported("qualtrics-survey", SAMPLE_QSF, "--code", "QS")
    found = questions("QS")
    trash = ["Q26", "Q27", "Q28", "Q29", "Q30", "Q31", "Q32", "Q12", "Q13", "Q14"]
    assert not set(trash) & set(found)  # before: imported as live questions at the end
    listed = {u["item"] for u in report["unsupported"] if "Trash" in u["reason"]}
    assert set(trash) <= listed and len(listed) == 20
    # 24 questions, 6 side by side of 2 columns, 4 sliders
    assert report["questions"] == len(found) == 40


# 4. --publish ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "path", "code"),
    [("limesurvey", COLORS, "COLORS"), ("qualtrics-survey", SAMPLE_QSF, "QS")],
)
def test_publish_makes_the_imported_survey_answerable_at_once(workspace, client, kind, path, code):
    from servicegap.surveys.models import Survey

    draft = imported(kind, path, "--code", f"{code}-DRAFT")
    assert draft["status"] == "draft"
    assert client.get(f"/r/{workspace.slug}/s/{code}-DRAFT/").status_code == 404
    report = imported(kind, path, "--code", code, "--publish")
    assert report["status"] == "published"
    assert Survey.objects.get(code=code).status == "published"
    assert client.get(f"/r/{workspace.slug}/s/{code}/").status_code == 200


# 5. Clear errors -------------------------------------------------------------------------------


def test_a_survey_of_which_nothing_can_be_imported_fails_with_the_list(workspace, tmp_path):
    from servicegap.surveys.models import Survey

    # date_and_time.lss with its three date questions made file uploads (which are never
    # imported): the only change to the real file, in memory, so nothing of it maps.
    source = Path(DATES).read_bytes()
    assert source.count(b"<type><![CDATA[D]]></type>") == 3
    uploads = source.replace(b"<type><![CDATA[D]]></type>", b"<type><![CDATA[|]]></type>")
    path = write(tmp_path, "uploads.lss", uploads)
    result = refused(cli("import", "limesurvey", path))
    assert result.exit_code == 1  # before: an empty survey, exit 0
    lines = [line for line in result.stderr.splitlines() if "File upload" in line]
    assert len(lines) == 3 and lines[0].startswith(f"{path}:72: Q00: not imported")
    assert "no question could be imported (each is listed above); nothing was imported" in (
        result.stderr
    )
    assert not Survey.objects.exists()


def test_date_questions_become_dates_and_a_time_of_day_a_text(workspace):
    report = imported("limesurvey", DATES, "--code", "DATES")  # before: left out, exit 0
    found = questions("DATES")
    assert (found["Q00"].kind, found["Q00"].limits) == ("date", {"time": True})
    assert (found["Q02"].kind, found["Q02"].limits) == ("date", {})
    assert found["Q01"].kind == "text"
    [note] = report["unsupported"]
    assert (note["item"], note["line"]) == ("Q01", 89) and "time of day" in note["reason"]


def test_a_date_is_answered_on_the_page_and_checked(workspace, client):
    from servicegap.surveys.models import Response

    imported("limesurvey", DATES, "--code", "DATES", "--publish")
    found = questions("DATES")
    url = f"/r/{workspace.slug}/s/DATES/"
    html = client.get(url).content.decode()
    assert f'name="q{found["Q02"].pk}" value="" type="date"' in html
    assert f'name="q{found["Q00"].pk}" value="" type="datetime-local"' in html
    bad = client.post(url, {f"q{found['Q02'].pk}": "31/02/2026"}).content.decode()
    assert "Please enter a date." in bad and not Response.objects.exists()
    client.post(
        url, {f"q{found['Q02'].pk}": "2026-03-01", f"q{found['Q00'].pk}": "2026-03-01T09:30"}
    )
    answers = {(a.item, a.kind, a.value) for a in Response.objects.get().answers.all()}
    assert answers == {("Q02", "date", "2026-03-01"), ("Q00", "date", "2026-03-01T09:30")}


def test_qualtrics_sliders_become_numbers_within_their_ends(workspace, client):
    from servicegap.surveys.answering import build_fields, read_answers
    from servicegap.surveys.respond_text import EN

    report = imported("qualtrics-survey", SAMPLE_QSF, "--code", "QS")
    slider = questions("QS")["Q5"]
    assert slider.kind == "number" and slider.limits == {"min": 0, "max": 100, "integer": True}
    assert [r["label"] for r in slider.rows] == ["Oranges", "Blueberries", "Strawberries"]
    assert not [
        u for u in report["unsupported"] if u["item"] == "Q5" and "not imported" in u["reason"]
    ]
    from django.http import QueryDict

    fields = build_fields([slider], 7, "en", ["en"], EN)
    got, fine = read_answers(fields, QueryDict(f"q{slider.pk}.1=70&q{slider.pk}.3=5"), EN)
    assert fine and [(a["item"], a["value"]) for _, answers in got for a in answers] == [
        ("Q5.1", "70"),
        ("Q5.3", "5"),
    ]
    for wrong, message in (
        ("101", "Please enter 100 or less."),
        ("2.5", "Please enter a whole number."),
    ):
        fields = build_fields([slider], 7, "en", ["en"], EN)
        assert read_answers(fields, QueryDict(f"q{slider.pk}.2={wrong}"), EN)[1] is False
        assert fields[0].error == message


def test_a_limesurvey_archive_imports_its_survey_structure_too(workspace):
    imported("limesurvey", COLORS_LSA, "--code", "ARCH")  # before: an unrelated XML error
    found = questions("ARCH")
    assert found["Q00"].multiple and set(found) == {"Q00", "G01Q02", "G01Q03", "G02Q04"}


def test_other_kinds_of_files_are_named_in_the_error(workspace, tmp_path):
    from openpyxl import Workbook

    from servicegap.surveys.models import Survey

    book = Workbook()
    book.active.append(["id", "question"])
    xlsx = tmp_path / "survey.xlsx"
    book.save(xlsx)
    cases = [
        ("limesurvey", SAMPLE_QSF, "this is a Qualtrics survey (.qsf); use `servicegap import qualtrics-survey`"),
        ("limesurvey", str(xlsx), "this is an Excel workbook (.xlsx)"),
        ("limesurvey", COLORS_TXT, "this is a LimeSurvey survey in tab-separated text (.txt)"),
        ("qualtrics-survey", COLORS_LSA, "this is a LimeSurvey survey archive (.lsa"),
        ("qualtrics-survey", COLORS, "this is a LimeSurvey survey structure (.lss); use `servicegap import limesurvey`"),
        ("qualtrics-survey", str(xlsx), "this is an Excel workbook (.xlsx)"),
    ]  # fmt: skip
    for kind, path, message in cases:
        result = refused(cli("import", kind, path))
        assert message in result.stderr, (kind, path, result.stderr)
    assert not Survey.objects.exists()


def test_a_limesurvey_response_export_given_as_a_survey_is_named(workspace, tmp_path):
    header = "id\tsubmitdate\tlastpage\tstartlanguage\tseed\tQ00[SQ001]\n1\t\t1\ten\t42\tY\n"
    result = refused(cli("import", "limesurvey", write(tmp_path, "results.txt", header)))
    assert "this is a LimeSurvey response export (CSV or tab-separated text)" in result.stderr


def test_utf8_declared_as_iso_8859_1_is_read_as_utf8(workspace, tmp_path):
    source = Path(COLORS).read_bytes()
    declared = source.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"', 1)
    declared = declared.replace(b"What colors are", "Welche Farben (Größe) are".encode(), 1)
    imported("limesurvey", write(tmp_path, "latin.lss", declared), "--code", "L1")
    assert questions("L1")["Q00"].text["en"].startswith("Welche Farben (Größe) are")
    latin = declared.decode("utf-8").encode("latin-1")  # really Latin-1: read as declared
    imported("limesurvey", write(tmp_path, "real-latin.lss", latin), "--code", "L2")
    assert questions("L2")["Q00"].text["en"].startswith("Welche Farben (Größe) are")


def test_a_zip_bomb_member_is_refused_before_it_is_inflated(workspace, tmp_path):
    path = tmp_path / "big.lsa"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("survey_1.lss", b"<document>" + b" " * (21 * 1024 * 1024) + b"</document>")
    result = refused(cli("import", "limesurvey", str(path)))
    assert "at most 20,971,520 are read" in result.stderr


# 6. More question types (mapping rules, on LimeSurvey's own records) ---------------------------


def _question(qid: str, title: str, qtype: str, line: int = 1, **values: str):
    from servicegap.lib.limesurvey import LssQuestion, Rec

    rec = Rec(line, {"qid": qid, "title": title, "type": qtype, "mandatory": "N", **values})
    return LssQuestion(qid, rec, text={"en": f"Question {title}"})


def _survey(*questions):
    from servicegap.lib.limesurvey import LssSurvey

    return LssSurvey("1", "en", ["en"], {"en": "Types"}, list(questions), {})


def _subs(parent, *codes: str, scale: str = "0"):
    for code in codes:
        sub = _question(
            f"{parent.qid}{code}", code, "T", parent.line, parent_qid=parent.qid, scale_id=scale
        )
        sub.text = {"en": f"Label {code}"}
        parent.subquestions.append(sub)


def test_a_condition_on_any_of_some_ticked_options_is_carried_over():
    from servicegap.lib.limesurvey_map import plan

    colours = _question("10", "Q00", "M", 10)
    _subs(colours, "SQ001", "SQ009", "SQ011")
    either = _question(
        "11", "DARK", "T", 11, relevance='((Q00_SQ009.NAOK == "Y") or (Q00_SQ011.NAOK == "Y"))'
    )
    both = _question(
        "12", "BOTH", "T", 12, relevance='((Q00_SQ009.NAOK == "Y") and (Q00_SQ011.NAOK == "Y"))'
    )
    mapped = plan(_survey(colours, either, both), 5)
    conditions = {q.code: q.condition for q in mapped.questions}
    assert conditions["DARK"] == {"item": "Q00", "kind": "choice", "in": ["SQ009", "SQ011"]}
    assert conditions["BOTH"] == {}  # "and" has no form of ours: reported, always shown
    assert [u.code for u in mapped.unsupported if "always shown" in u.reason] == ["BOTH"]


def test_a_10_point_array_in_a_5_point_survey_is_kept_on_its_own_scale():
    from servicegap.lib.limesurvey_map import plan

    five, ten = _question("20", "FIVE", "A", 20), _question("21", "TEN", "B", 21)
    _subs(five, "R1")
    _subs(ten, "R1", "R2")
    mapped = plan(_survey(five, ten), 7)
    found = {q.code: q for q in mapped.questions}
    assert mapped.scale_max == 5 and found["FIVE"].kind == "rating"
    assert found["TEN"].kind == "choice"  # before: left out
    assert [o["code"] for o in found["TEN"].options] == [str(v) for v in range(1, 11)]
    assert [r["code"] for r in found["TEN"].rows] == ["R1", "R2"]
    assert any("kept as a choice of 1-10" in u.reason for u in mapped.unsupported)


def test_an_array_of_texts_is_one_text_per_cell():
    from servicegap.lib.limesurvey_map import plan

    grid = _question("30", "GRID", ";", 30)
    _subs(grid, "SY1", "SY2")
    _subs(grid, "SX1", scale="1")
    [q] = plan(_survey(grid), 5).questions
    assert q.kind == "text"
    assert q.rows == [
        {"code": "SY1_SX1", "label": "Label SY1: Label SX1"},
        {"code": "SY2_SX1", "label": "Label SY2: Label SX1"},
    ]


def test_a_text_question_with_rows_is_answered_one_text_per_row(workspace, client):
    from servicegap.surveys.models import Question, Response, Survey

    survey = Survey.objects.create(workspace=workspace, code="TX", title="T", status="published")
    rows = [{"code": "SY1_SX1", "label": "<b>First</b>"}, {"code": "SY2_SX1", "label": "Second"}]
    q = Question.objects.create(
        workspace=workspace, survey=survey, code="GRID", kind="text", rows=rows, position=1
    )
    html = client.get(f"/r/{workspace.slug}/s/TX/").content.decode()
    assert f'name="q{q.pk}.SY1_SX1"' in html and "<b>First</b>" in html
    client.post(f"/r/{workspace.slug}/s/TX/", {f"q{q.pk}.SY1_SX1": "north", f"q{q.pk}.SY2_SX1": ""})
    answers = {(a.item, a.value) for a in Response.objects.get(survey=survey).answers.all()}
    assert answers == {("GRID.SY1_SX1", "north")}  # before: one textarea for the whole grid


def test_a_side_by_side_question_becomes_one_question_per_column(workspace):
    report = imported("qualtrics-survey", LONG_QSF, "--code", "LONG")
    found = questions("LONG")
    assert not [u for u in report["unsupported"] if "side by side" in u["reason"]]
    single, several = found["Q41-1"], found["Q41-2"]  # Qualtrics' columns Q41#1 and Q41#2
    assert single.kind == several.kind == "choice" and several.multiple and not single.multiple
    assert single.rows == several.rows and single.rows[0] == {"code": "1", "label": "Red Pandas"}
    assert [o["label"] for o in several.options][:2] == ["Paisley", "Stripes"]
    assert single.text["en"].endswith(
        "<strong>How much do you like GIFs of this creature?</strong>"
    )
    assert [o["code"] for o in found["Q44-1"].options] == ["1", "10", "100"]  # recoded


def test_a_text_entry_matrix_is_one_text_per_statement(workspace):
    imported("qualtrics-survey", LONG_QSF, "--code", "LONG")
    matrix = questions("LONG")["Q46"]
    assert matrix.kind == "text" and matrix.rows[:2] == [
        {"code": "1", "label": "Steampunk"},
        {"code": "2", "label": "Fractal"},
    ]


def test_a_qualtrics_rank_order_becomes_the_rank_of_each_choice():
    from servicegap.lib.qualtrics_qsf import plan

    payload = {
        "QuestionText": "Rank <b>these</b>", "DataExportTag": "Q10", "QuestionType": "RO",
        "Selector": "DND", "Choices": {"1": {"Display": "Price"}, "2": {"Display": "Speed"}},
        "ChoiceOrder": ["2", "1"],
    }  # fmt: skip
    document = {
        "SurveyElements": [{"Element": "SQ", "PrimaryAttribute": "QID10", "Payload": payload}]
    }
    [q] = plan(document, "", 5).questions
    assert q.kind == "choice" and q.rows == [
        {"code": "2", "label": "Speed"},
        {"code": "1", "label": "Price"},
    ]
    assert [o["code"] for o in q.options] == ["1", "2"] and q.text == {"en": "Rank <b>these</b>"}


def test_numerical_questions_become_numbers_with_their_limits():
    from servicegap.lib.limesurvey_map import plan

    single = _question("40", "AGE", "N", 40)
    single.attributes = {
        "min_num_value_n": "18",
        "max_num_value_n": "120",
        "num_value_int_only": "1",
    }
    several = _question("41", "SPEND", "K", 41)
    several.attributes = {"max_num_value_n": "{AGE * 10}", "equals_num_value": "100"}
    _subs(several, "FOOD", "FUEL")
    grid = _question("42", "GRID", ":", 42)
    grid.attributes = {
        "multiflexible_min": "0",
        "multiflexible_max": "10",
        "multiflexible_step": "0.5",
    }
    _subs(grid, "SY1")
    _subs(grid, "SX1", "SX2", scale="1")
    mapped = plan(_survey(single, several, grid), 5)
    found = {q.code: q for q in mapped.questions}
    assert (found["AGE"].kind, found["AGE"].limits) == (
        "number",
        {"min": 18, "max": 120, "integer": True},
    )
    assert [r["code"] for r in found["SPEND"].rows] == ["FOOD", "FUEL"] and found[
        "SPEND"
    ].limits == {}
    assert (found["GRID"].kind, found["GRID"].limits) == ("number", {"min": 0, "max": 10})
    assert [r["code"] for r in found["GRID"].rows] == ["SY1_SX1", "SY1_SX2"]
    reasons = [u.reason for u in mapped.unsupported if u.code == "SPEND"]
    assert "the number maximum '{AGE * 10}' is an expression: not checked" in reasons
    assert "the total the rows must add up to is not checked" in reasons


def test_a_number_is_answered_on_the_page_within_its_limits(workspace, client):
    from servicegap.surveys.models import Question, Response, Survey

    survey = Survey.objects.create(workspace=workspace, code="NUM", title="N", status="published")
    q = Question.objects.create(
        workspace=workspace, survey=survey, code="AGE", kind="number", position=1,
        limits={"min": 18, "max": 120, "integer": True}, text={"en": "Your <b>age</b>"},
    )  # fmt: skip
    url = f"/r/{workspace.slug}/s/NUM/"
    html = client.get(url).content.decode()
    assert 'type="number" step="1" min="18" max="120" inputmode="decimal"' in html
    assert "Your <b>age</b>" in html
    assert "Please enter 18 or more." in client.post(url, {f"q{q.pk}": "7"}).content.decode()
    assert "Please enter a number." in client.post(url, {f"q{q.pk}": "old"}).content.decode()
    assert not Response.objects.exists()
    client.post(url, {f"q{q.pk}": "42"})
    [answer] = Response.objects.get().answers.all()
    assert (answer.item, answer.kind, answer.value) == ("AGE", "number", 42.0)


@pytest.mark.parametrize(
    ("kind", "path", "code"),
    [
        ("limesurvey", COLORS, "COLORS"),
        ("limesurvey", DATES, "DATES"),
        ("qualtrics-survey", LONG_QSF, "LONG"),
    ],
)
def test_the_staff_pages_show_every_imported_question(login, kind, path, code):
    """The survey page, each question's edit page and the preview draw the new kinds and the
    rich text (never a tag as text) for the people who build surveys."""
    client = login("owner")
    imported(kind, path, "--code", code)
    detail = client.get(f"/w/acme/surveys/{code}/")
    assert detail.status_code == 200 and "&lt;strong&gt;" not in detail.content.decode()
    for q in questions(code).values():
        assert client.get(f"/w/acme/surveys/{code}/questions/{q.pk}/").status_code == 200, q.code
    assert client.get(f"/w/acme/surveys/{code}/preview/").status_code == 200
