"""`servicegap import limesurvey FILE.lss`: LimeSurvey's own test surveys in shared/fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from servicegap.lib.limesurvey import read
from servicegap.lib.limesurvey_map import plan
from servicegap.lib.xmlread import XmlError, parse
from tests.transfer.test_import_export import cli, ok, refused, write

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "limesurvey"
ALL = sorted(FIXTURES.glob("*.lss"))


def fixture(name: str) -> str:
    return str(next(p for p in ALL if name in p.name))


def imported(*args: str) -> dict:
    return json.loads(ok(cli("import", "limesurvey", *args, "--json")).stdout)


def questions(code: str) -> dict:
    from servicegap.surveys.models import Question, Survey

    survey = Survey.objects.get(code=code)
    return {q.code: q for q in Question.objects.filter(survey=survey)}


def test_every_limesurvey_fixture_is_found_and_imports_into_a_draft_survey(workspace):
    from servicegap.surveys.models import Survey

    assert len(ALL) == 7
    for path in ALL:
        report = imported(str(path))
        survey = Survey.objects.get(code=report["survey"])
        assert survey.status == "draft"
        assert survey.questions.count() == report["questions"] == report["created"]
    assert Survey.objects.count() == 7


def test_list_radio_with_other_keeps_the_other_option_where_limesurvey_shows_it(workspace):
    report = imported(fixture("ListRadioOtherPosition"), "--code", "OTHER")
    found = questions("OTHER")
    codes = {c: [o["code"] for o in q.options] for c, q in found.items()}
    assert codes["G01Q01"] == ["-oth-", "A1", "A2"]  # beginning
    assert codes["G01Q02"] == ["A1", "-oth-", "A2"]  # specific, after A1
    assert codes["G01Q03"] == ["A1", "A2", "-oth-"]  # end
    assert all(q.kind == "choice" for q in found.values())
    assert found["G01Q01"].options[1] == {"code": "A1", "label": "First option"}
    reasons = [u for u in report["unsupported"] if "Other" in u["reason"]]
    assert [u["item"] for u in reasons] == ["G01Q01", "G01Q02", "G01Q03", "G01Q04"]


def test_checkbox_number_array_becomes_a_choice_matrix_and_conditions_are_reported(workspace):
    report = imported(fixture("ArrayNumberCheckbox"), "--code", "GRID")
    grid = questions("GRID")["question"]
    assert grid.kind == "choice"
    assert [r["code"] for r in grid.rows] == ["SY001", "SY002", "SY003"]
    assert [o["code"] for o in grid.options] == ["SX001", "SX002"]
    hidden = [u for u in report["unsupported"] if u["item"] == "QHiddenJS"]
    assert hidden and "is_empty(question_SY003_SX002)" in hidden[0]["reason"]
    assert hidden[0]["line"] == 104


def test_all_four_languages_of_the_translated_survey_are_kept(workspace):
    imported(fixture("quickTranslation"), "--code", "LANG")
    from servicegap.surveys.models import Survey

    survey = Survey.objects.get(code="LANG")
    assert survey.languages == ["en", "ar", "de", "sv"]
    assert survey.title == "translation"
    question = questions("LANG")["Q00"]
    assert set(question.text) == {"en", "ar", "de", "sv"}
    assert question.kind == "text"


def test_a_ranking_becomes_the_rank_of_each_item(workspace):
    path = fixture("rankingNative")
    report = imported(path, "--code", "RANK")  # before: left out, an empty survey
    rank = questions("RANK")["Rank"]
    assert rank.kind == "choice" and not rank.multiple
    assert [r["code"] for r in rank.rows] == ["SQ01", "SQ02", "SQ03", "SQ04"]
    assert [o["code"] for o in rank.options] == ["1", "2", "3", "4"]
    [note] = [u for u in report["unsupported"] if u["item"] == "Rank"]
    assert note["line"] == 53 and "no two items share a rank is not checked" in note["reason"]


def test_a_dual_scale_array_becomes_two_choice_matrices_one_per_scale(workspace):
    dual = imported(fixture("dual-scale"), "--code", "DUAL")
    assert not [u for u in dual["unsupported"] if "dual scale" in u["reason"]]
    found = questions("DUAL")
    assert set(found) == {"Q00_0", "Q00_1"}
    assert [o["label"] for o in found["Q00_0"].options] == ["Good", "Important"]
    assert [o["label"] for o in found["Q00_1"].options] == ["Bad", "Not important"]
    assert (
        found["Q00_0"].rows == found["Q00_1"].rows == [{"code": "SQ001", "label": "Question one"}]
    )


def test_report_lines_go_to_stderr_as_file_line_item_reason(workspace):
    path = fixture("ListRadioOtherPosition")
    result = ok(cli("import", "limesurvey", path))
    assert f"{path}:207: G01Q01: the text typed after 'Other' is not imported" in result.stderr
    assert "4 created" in result.stderr and "4 item(s) not imported" in result.stderr


def test_script_in_the_xss_survey_is_stored_as_text_and_the_question_script_is_reported(
    workspace,
):
    report = imported(fixture("XssAndScriptCheck"), "--code", "XSS")
    text = questions("XSS")["Q00"].text["en"]
    assert "<script" not in text and "alert(" not in text  # removed with its content
    reasons = [u["reason"] for u in report["unsupported"]]
    assert "question script not imported (never run)" in reasons


def test_the_corrupted_survey_fixture_is_well_formed_and_imports_in_german(workspace):
    imported(fixture("CorruptedSurvey"), "--code", "DE")
    from servicegap.surveys.models import Survey

    survey = Survey.objects.get(code="DE")
    assert survey.languages == ["de"] and survey.title == "Corrupted survey - missing language"
    assert questions("DE")["test"].text == {"de": "test"}


def test_importing_the_same_survey_twice_is_refused_naming_the_code(workspace):
    imported(fixture("CorruptedSurvey"))
    result = refused(cli("import", "limesurvey", fixture("CorruptedSurvey")))
    assert "a survey LS928171 exists; give another with --code" in result.stderr


def test_a_question_code_equal_to_a_standard_code_is_refused_with_its_line(standards):
    from servicegap.standards.models import Standard
    from servicegap.surveys.models import Survey

    Standard.objects.filter(code="GREET").update(code="Q00")
    result = refused(cli("import", "limesurvey", fixture("XssAndScriptCheck")))
    assert ":72: Q00: is the code of a standard" in result.stderr
    assert not Survey.objects.exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<document>\n<LimeSurveyDocType>Survey\n</document>", ":3: XML: not readable as XML"),
        (b"<document>\n<a>\xff</a></document>", ":2: XML: not readable as XML: not well-formed"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x "y">]>\n<document>&x;</document>',
            ":2: XML: refused for safety",
        ),
        (b"<survey/>", ":1: XML: not a LimeSurvey survey structure file"),
        (b"", ": the file is empty"),
    ],
)
def test_unreadable_or_unsafe_xml_is_refused_with_the_line_and_nothing_stored(
    workspace, tmp_path, data, expected
):
    from servicegap.surveys.models import Survey

    path = write(tmp_path, "bad.lss", data)
    result = refused(cli("import", "limesurvey", path))
    assert f"{path}{expected}" in result.stderr
    assert not Survey.objects.exists()


def test_external_entities_are_never_resolved():
    data = b'<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&e;</d>'
    with pytest.raises(XmlError, match="refused for safety"):
        parse(data)


def test_oversized_xml_is_refused_before_parsing():
    with pytest.raises(XmlError, match="at most 10 are read"):
        parse(b"<document></document>", max_bytes=10)


def test_the_mapping_is_pure_and_gives_every_element_its_source_line():
    survey = read(Path(fixture("ListRadioOtherPosition")).read_bytes())
    mapped = plan(survey, 7)
    assert [q.line for q in mapped.questions] == [207, 224, 241, 258]
    assert mapped.scale_max == 7 and mapped.errors == []
