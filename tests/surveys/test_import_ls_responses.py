"""LimeSurvey responses: the survey archive (.lsa) brings its survey and its responses, in one
transaction; real archive from LimeSurvey's own tests (tests/data/imports/surveys/README.md)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from tests.transfer.test_import_export import cli, ok, refused, write

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"
COLORS_LSA = str(DATA / "surveys" / "limesurvey" / "colors.lsa")


def answers(code: str) -> dict[str, set[tuple[str, str, object]]]:
    from servicegap.surveys.models import Answer

    found: dict[str, set[tuple[str, str, object]]] = {}
    for a in Answer.objects.filter(response__survey__code=code).select_related("response"):
        found.setdefault(a.response.external_id, set()).add((a.item, a.kind, a.value))
    return found


def test_an_archive_imports_its_survey_and_its_responses(workspace):
    result = ok(cli("import", "limesurvey", COLORS_LSA, "--code", "COLORS", "--json"))
    report = json.loads(result.stdout)
    assert (report["survey"], report["responses"], report["questions"]) == ("COLORS", 2, 4)
    got = answers("COLORS")
    # Response 1 ticked options SQ009 and SQ011 of the multiple-choice question Q00, wrote a
    # long text and picked AO01 in the list question G02Q04.
    assert got["COLORS-1"] == {
        ("Q00", "choice", "SQ009"),
        ("Q00", "choice", "SQ011"),
        ("G01Q02", "text", "I am a fan of heavy metal music"),
        ("G02Q04", "choice", "AO01"),
    }
    assert ("G01Q03", "text", "They brighten my day") in got["COLORS-2"]
    # colors.lss says <format>I</format>: LimeSurvey's "inherit"; noted, not carried over
    assert "LimeSurvey showed this survey in the installation's default format" in result.stderr
    assert "placeholder date 1980-01-01 00:00:00" in result.stderr


def test_a_refused_response_leaves_no_survey_behind(workspace, tmp_path):
    """One bad answer in the archive's responses: neither the survey nor a response is kept."""
    from servicegap.surveys.models import Response, Survey

    with zipfile.ZipFile(COLORS_LSA) as source:
        members = {n: source.read(n) for n in source.namelist()}
    name = next(n for n in members if n.endswith(".lsr"))
    members[name] = members[name].replace(b"<![CDATA[AO01]]>", b"<![CDATA[AO99]]>", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for n, body in members.items():
            target.writestr(n, body)
    path = write(tmp_path, "bad.lsa", out.getvalue())
    result = refused(cli("import", "limesurvey", path, "--code", "COLORS"))
    assert (
        "G02Q04" in result.stderr and "'AO99' is not an option of question G02Q04" in result.stderr
    )
    assert not Survey.objects.filter(code="COLORS").exists()
    assert not Response.objects.exists()


def test_the_imported_responses_are_read_back_by_the_responses_export(workspace):
    ok(cli("import", "limesurvey", COLORS_LSA, "--code", "COLORS"))
    rows = list(csv.DictReader(io.StringIO(ok(cli("export", "responses")).stdout)))
    first = {(r["item"], r["value"]) for r in rows if r["response_id"] == "COLORS-1"}
    assert ("Q00", "SQ009") in first and ("G02Q04", "AO01") in first
    assert {r["survey"] for r in rows} == {"COLORS"}


def test_an_unfinished_response_is_left_out_unless_kept(workspace, tmp_path):
    """The archive's second response without its submit date (derived here from the real
    archive): left out and counted, kept with --include-unfinished (dated by its datestamp)."""
    with zipfile.ZipFile(COLORS_LSA) as source:
        members = {n: source.read(n) for n in source.namelist()}
    name = next(n for n in members if n.endswith(".lsr"))
    body = members[name]
    second = body.index(b"<row><id><![CDATA[2]]></id>")
    cut = body.index(b"<submitdate>", second)
    end = body.index(b"</submitdate>", cut) + len(b"</submitdate>")
    members[name] = body[:cut] + b"<submitdate/>" + body[end:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for n, data in members.items():
            target.writestr(n, data)
    path = write(tmp_path, "unfinished.lsa", out.getvalue())
    result = ok(cli("import", "limesurvey", path, "--code", "C1", "--json"))
    assert json.loads(result.stdout)["left_out"] == {"unfinished": 1}
    assert "1 unfinished row(s) left out; --include-unfinished keeps them" in result.stderr
    refused_again = refused(cli("import", "limesurvey", path, "--code", "C2",
                                "--include-unfinished"))  # fmt: skip
    # the survey records no datestamp either: named, not guessed
    assert "submitdate: the response has no date" in refused_again.stderr


LST = b"""<?xml version="1.0" encoding="UTF-8"?>
<document><LimeSurveyDocType>Tokens</LimeSurveyDocType><DBVersion>606</DBVersion>
<tokens><fields><fieldname>tid</fieldname><fieldname>firstname</fieldname>
<fieldname>lastname</fieldname><fieldname>email</fieldname><fieldname>token</fieldname></fields>
<rows><row><tid><![CDATA[1]]></tid><firstname><![CDATA[Ada]]></firstname>
<lastname><![CDATA[Byron]]></lastname><email><![CDATA[ada@example.com]]></email>
<token><![CDATA[tok123]]></token></row></rows></tokens></document>
"""


def test_the_archives_participants_become_people_and_respondents(workspace, tmp_path):
    """colors.lsa has no participant table; this test adds one in LimeSurvey's .lst layout and
    gives response 1 its token (both written here, the rest of the archive as published)."""
    from servicegap.people.models import Person
    from servicegap.surveys.models import Response

    with zipfile.ZipFile(COLORS_LSA) as source:
        members = {n: source.read(n) for n in source.namelist()}
    name = next(n for n in members if n.endswith(".lsr"))
    members[name] = members[name].replace(
        b"<row><id><![CDATA[1]]></id>", b"<row><id><![CDATA[1]]></id><token>tok123</token>", 1
    )
    members["survey_841748_tokens.lst"] = LST
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for n, data in members.items():
            target.writestr(n, data)
    path = write(tmp_path, "with-participants.lsa", out.getvalue())
    report = json.loads(ok(cli("import", "limesurvey", path, "--code", "P", "--json")).stdout)
    assert report["participants"] == 1
    person = Person.objects.get(code="tok123")
    assert (person.name, person.email, person.kind) == ("Ada Byron", "ada@example.com", "customer")
    assert Response.objects.get(external_id="P-1").respondent == person
