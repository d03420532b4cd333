"""The answers report reads imported responses: a real LimeSurvey archive (colors.lsa, its
expected counts computed here from the .lsr and .lss inside it) and a real Google Forms wide
export; the CLI, the API and the page show the same document; protected surveys hide what too
few answered and never show their texts one by one."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter, defaultdict

import pytest
from defusedxml import ElementTree

from tests.surveys.test_import_ls_responses import COLORS_LSA
from tests.surveys.test_import_wide import LIVING, NAMES, proposal, survey
from tests.transfer.test_import_export import cli, ok, refused

COLUMN = re.compile(r"^_?(\d+)X(\d+)X(\d+)(.*)$")


def report(*args: str) -> dict:
    return json.loads(ok(cli("report", "answers", *args, "--json")).stdout)


def expected_from_archive() -> tuple[int, dict[str, Counter], dict[str, int], dict[str, int]]:
    """From the archive itself: responses, ticks per option of each choice question, the
    respondents who answered each choice question, texts per text question."""
    with zipfile.ZipFile(COLORS_LSA) as archive:
        lss = next(n for n in archive.namelist() if n.endswith(".lss"))
        lsr = next(n for n in archive.namelist() if n.endswith(".lsr"))
        survey_xml = ElementTree.fromstring(archive.read(lss))
        responses_xml = ElementTree.fromstring(archive.read(lsr))
    questions = {}
    for row in survey_xml.find("questions").find("rows"):
        if row.findtext("parent_qid") == "0":
            questions[row.findtext("qid")] = (row.findtext("title"), row.findtext("type"))
    ticks: dict[str, Counter] = defaultdict(Counter)
    answered: dict[str, set[str]] = defaultdict(set)
    texts: Counter = Counter()
    rows = responses_xml.find("responses").find("rows")
    for row in rows:
        rid = row.findtext("id")
        for cell in row:
            got = COLUMN.match(cell.tag)
            value = (cell.text or "").strip()
            if not got or not value:
                continue
            code, qtype = questions[got.group(3)]
            if qtype == "M" and value == "Y":
                ticks[code][got.group(4)] += 1
                answered[code].add(rid)
            elif qtype in ("L", "!"):
                ticks[code][value] += 1
                answered[code].add(rid)
            elif qtype in ("S", "T", "U"):
                texts[code] += 1
    return len(rows), ticks, {c: len(r) for c, r in answered.items()}, texts


def test_the_answers_report_reads_an_imported_limesurvey_archive(workspace):
    ok(cli("import", "limesurvey", COLORS_LSA, "--code", "COLORS"))
    total, ticks, answered, texts = expected_from_archive()
    doc = report("--survey", "COLORS")
    assert (doc["survey"], doc["n"]) == ("COLORS", total)
    by_code = {q["question"]: q for q in doc["questions"]}
    assert [q["question"] for q in doc["questions"]] == ["Q00", "G01Q02", "G01Q03", "G02Q04"]
    assert by_code["Q00"]["shape"] == "multiple" and by_code["G02Q04"]["shape"] == "single"
    for code, counted in ticks.items():
        q = by_code[code]
        got = {o["option"]: o["count"] for o in q["options"] if o["count"]}
        assert got == dict(counted), code
        assert q["n"] == answered[code]
        for o in q["options"]:
            assert o["share"] == pytest.approx(100 * o["count"] / q["n"])
            assert o["ci_low"] <= o["share"] <= o["ci_high"]
    # a multiple answer: shares of the respondents who answered, more than 100 % together
    assert sum(o["share"] for o in by_code["Q00"]["options"]) == pytest.approx(200.0)
    for code, count in texts.items():
        assert by_code[code]["answers"] == count
        assert len(by_code[code]["texts"]) == count  # a customer survey shows its latest texts
    assert "I am a fan of heavy metal music" in by_code["G01Q02"]["texts"]
    # the option labels are plain text: the archive's image labels were dropped at import
    assert all("<" not in o["label"] for o in by_code["Q00"]["options"])
    # without --survey: the survey with the most recent response
    assert report()["survey"] == "COLORS"
    lines = ok(cli("report", "answers", "--survey", "COLORS")).stdout
    assert "COLORS “Colors”: 2 responses" in lines and "I am a fan of heavy metal music" in lines


def test_the_answers_report_reads_a_google_forms_export(workspace, tmp_path):
    """form_responses.csv: two respondents; age 24 and 35, a Bachelor and a Master, country
    recommended 9 and 6. Google Forms' "Full Name" export: 21 names, the latest 20 shown."""
    from servicegap.surveys.models import Question

    s = survey(workspace, "LIV", [
        ("country_recom", "rating", "Recommend the country?"), ("age", "number", "Age"),
    ])  # fmt: skip
    Question.objects.create(
        workspace=workspace, survey=s, code="degree", kind="choice", text={"en": "Degree"},
        options=[{"code": "B", "label": "Bakalawr"}, {"code": "M", "label": "<b>Master</b>"}],
        position=3,
    )  # fmt: skip
    rows, mapping = proposal(LIVING, "LIV", tmp_path)
    assert rows["degree"]["item"] == "degree", rows["degree"]
    ok(cli("import", "wide", LIVING, "--survey", "LIV", "--map", mapping))
    doc = report("--survey", "LIV")
    by_code = {q["question"]: q for q in doc["questions"]}
    assert doc["n"] == 2
    rating = by_code["country_recom"]
    assert (rating["n"], rating["mean"]) == (2, pytest.approx(7.5))
    assert rating["ci_low"] < 7.5 < rating["ci_high"]
    assert {o["option"]: o["count"] for o in rating["distribution"]} == {"6": 1, "9": 1}
    assert (by_code["age"]["mean"], by_code["age"]["n"]) == (pytest.approx(29.5), 2)
    degree = {o["label"]: o["count"] for o in by_code["degree"]["options"]}
    assert degree == {"Bakalawr": 1, "Master": 1}  # rich text read as plain text

    survey(workspace, "GW", [("NAME", "text", "Full Name")])
    _, names_map = proposal(NAMES, "GW", tmp_path)
    ok(cli("import", "wide", NAMES, "--survey", "GW", "--map", names_map, "--date-format", "MDY"))
    names = report("--survey", "GW")["questions"][0]
    assert (names["answers"], len(names["texts"])) == (21, 20)


def _protected(workspace, answers_per_person: list[list[dict]]):
    """An employee survey: one response per list of answers."""
    from servicegap.surveys.contract import record_response
    from servicegap.surveys.models import Question, Survey

    s = Survey.objects.create(
        workspace=workspace, code="PULSE", title="Pulse", perspective="employee", scale_max=5
    )
    Question.objects.create(
        workspace=workspace, survey=s, code="MOOD", kind="choice", text={"en": "Mood"},
        options=[{"code": "UP", "label": "Up"}, {"code": "DOWN", "label": "Down"}], position=1,
    )  # fmt: skip
    Question.objects.create(
        workspace=workspace, survey=s, code="RARE", kind="rating", text={"en": "Rare"},
        position=2,
    )  # fmt: skip
    Question.objects.create(
        workspace=workspace, survey=s, code="SAY", kind="text", text={"en": "Anything?"},
        position=3,
    )  # fmt: skip
    for i, answers in enumerate(answers_per_person):
        record_response(workspace, {
            "submitted_at": f"2026-03-{i + 1:02d}T10:00:00Z", "perspective": "employee",
            "survey": "PULSE", "unit": "SALES", "answers": answers,
        })  # fmt: skip


def test_a_protected_survey_hides_what_too_few_answered_and_its_texts(workspace):
    people = [
        [{"item": "MOOD", "kind": "choice", "value": "UP" if i % 3 else "DOWN"},
         {"item": "SAY", "kind": "text", "value": f"note {i}"}]
        + ([{"item": "RARE", "kind": "rating", "value": 4}] if i < 2 else [])
        for i in range(6)
    ]  # fmt: skip
    _protected(workspace, people)
    doc = report("--survey", "PULSE")
    by_code = {q["question"]: q for q in doc["questions"]}
    assert by_code["MOOD"]["n"] == 6 and not by_code["MOOD"].get("suppressed")
    assert by_code["RARE"] == {"question": "RARE", "text": "Rare", "kind": "rating",
                               "shape": "scale", "n": None, "suppressed": True}  # fmt: skip
    assert by_code["SAY"]["answers"] == 6 and by_code["SAY"]["texts"] == []
    assert "note 1" not in json.dumps(doc)
    hidden = [r for r in doc["rows"] if r["question"] == "RARE"]
    assert hidden == [{"question_text": "Rare", "number": 2, "question": "RARE",
                       "suppressed": True}]  # fmt: skip


def test_a_protected_survey_with_too_few_respondents_shows_nothing(workspace):
    _protected(workspace, [[{"item": "MOOD", "kind": "choice", "value": "UP"}]] * 2)
    doc = report("--survey", "PULSE")
    assert doc["suppressed"] and doc["questions"] == [] and doc["n"] is None


def test_an_unknown_survey_is_refused_naming_the_field(workspace):
    result = refused(cli("report", "answers", "--survey", "NOPE"))
    assert "--survey" in result.output and "NOPE" in result.output
    # a workspace without responses: no survey to read, said plainly
    assert report() == {"survey": None, "title": None, "n": 0, "questions": [], "rows": [],
                        "surveys": []}  # fmt: skip


@pytest.mark.django_db
def test_the_api_the_page_and_the_csv_read_the_same_answers(client, workspace, api_key, login):
    ok(cli("import", "limesurvey", COLORS_LSA, "--code", "COLORS"))
    doc = report("--survey", "COLORS")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_key}"}
    got = client.get("/api/v1/reports/answers?survey=COLORS", **auth)
    assert got.status_code == 200 and got.json() == doc
    bad = client.get("/api/v1/reports/answers?survey=NOPE", **auth)
    assert bad.status_code == 422 and bad.json()["field"] == "survey"
    page = login("leader").get("/w/acme/reports/answers/")  # no survey: the latest answered
    assert page.status_code == 200
    text = page.content.decode()
    assert "1. What colors are your favorite?" in text and 'class="answers-bar"' in text
    assert '<option value="COLORS">Colors</option>' in text  # the filter's survey list, by title
    assert "“red” was chosen most, 50\u00a0% (9 … 91\u00a0%), but not beyond doubt" in text
    table = login("leader").get("/w/acme/reports/answers/?survey=COLORS&format=csv")
    read = list(csv.DictReader(io.StringIO(table.content.decode())))
    black = next(r for r in read if r["option"] == "SQ009")
    assert (black["answer"], black["count"], black["n"]) == ("black", "1", "2")
    assert login("leader").get("/w/acme/reports/answers/?survey=NOPE").status_code == 422


def test_the_rows_keep_the_survey_order(workspace):
    """The CSV rows follow the survey's order (``sort`` by question number)."""
    ok(cli("import", "limesurvey", COLORS_LSA, "--code", "COLORS"))
    numbers = [r["number"] for r in report("--survey", "COLORS")["rows"]]
    assert numbers == sorted(numbers) and numbers[0] == 1


def _customer_answers(workspace):
    """A customer survey answered twice in SALES and once in SERVICE."""
    from servicegap.surveys.contract import record_response
    from servicegap.surveys.models import Question, Survey

    s = Survey.objects.create(workspace=workspace, code="VISIT", title="Your visit")
    Question.objects.create(
        workspace=workspace, survey=s, code="HOW", kind="choice", text={"en": "How?"},
        options=[{"code": "WEB", "label": "Online"}, {"code": "SHOP", "label": "In the shop"}],
        position=1,
    )  # fmt: skip
    for day, unit, how in [(1, "SALES", "WEB"), (2, "SALES", "SHOP"), (3, "SERVICE", "WEB")]:
        record_response(workspace, {
            "submitted_at": f"2026-03-0{day}T10:00:00Z", "perspective": "customer",
            "survey": "VISIT", "unit": unit, "answers": [{"item": "HOW", "kind": "choice",
                                                          "value": how}],
        })  # fmt: skip


@pytest.mark.django_db
def test_a_unit_reads_its_own_answers_and_a_manager_sees_their_units(workspace, login):
    _customer_answers(workspace)
    sales = report("--survey", "VISIT", "--unit", "SALES")["questions"][0]
    assert sales["n"] == 2 and [o["count"] for o in sales["options"]] == [1, 1]
    assert report("--survey", "VISIT")["questions"][0]["n"] == 3
    page = login("manager").get("/w/acme/reports/answers/?survey=VISIT&format=csv")
    rows = list(csv.DictReader(io.StringIO(page.content.decode())))
    assert {r["option"]: (r["count"], r["n"]) for r in rows} == {
        "WEB": ("1", "2"), "SHOP": ("1", "2"),
    }  # fmt: skip


def test_a_protected_survey_is_not_sliced_by_unit(workspace):
    _protected(workspace, [[{"item": "MOOD", "kind": "choice", "value": "UP"}]] * 6)
    result = refused(cli("report", "answers", "--survey", "PULSE", "--unit", "SALES"))
    assert "--unit" in result.output and "whole workspace only" in result.output
    assert report("--unit", "SALES")["survey"] is None  # no customer survey answered there


def test_the_sentence_claims_the_most_chosen_answer_only_beyond_doubt():
    from servicegap.surveys.report import sentence
    from servicegap.surveys.summary import Asked, Given, TextRule, summarise

    q = Asked("HOW", "choice", "How?", (("WEB", "Online"), ("SHOP", "In the shop")))
    rule = TextRule(protected=False, threshold=5)

    def said(web: int, shop: int) -> str:
        given = [Given(r, "HOW", "choice", None, "WEB" if r < web else "SHOP")
                 for r in range(web + shop)]  # fmt: skip
        doc = {"survey": "V", "title": "Visit", "n": web + shop,
               "questions": summarise([q], given, rule)}  # fmt: skip
        return sentence(doc, None, {})

    assert said(40, 10).endswith("The most chosen answer to “How?” (50 answered) is “Online”: "
                                 "80\u00a0% (67 … 89\u00a0%).")  # fmt: skip
    assert "but not beyond doubt more than “In the shop” 40\u00a0%" in said(6, 4)
    assert "too few answered to tell it apart from the answers nobody chose" in said(2, 0)
