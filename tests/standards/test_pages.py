"""The standards pages: create, edit (a new version; past answers keep theirs), the behaviours
reordered without JavaScript, retire and restore, add to a draft survey, who may do it, the audit
log and refusals next to their field with nothing written."""

from __future__ import annotations

import pytest

from servicegap.core.models import AuditEntry
from servicegap.standards import behaviours
from servicegap.standards.models import Standard, StandardVersion
from servicegap.surveys.models import Answer, Question, Survey

pytestmark = pytest.mark.django_db


def _form(**extra):
    data = {
        "code": "WAIT",
        "title": "Serves you within five minutes",
        "dimension": "process",
        "servqual": "responsiveness",
        "need_or_want": "need",
        "why": "Waiting is what customers complain of most.",
        "target": "6",
        "published": "on",
        "behaviour": ["Greets you at the door", "Tells you how long it takes", ""],
        "save": "1",
    }
    data.update(extra)
    return data


def _actions(workspace):
    return list(AuditEntry.objects.filter(workspace=workspace).values_list("action", "detail"))


def test_an_owner_creates_a_standard_with_its_first_version(login, workspace):
    client = login("owner")
    assert client.get("/w/acme/standards/new/").status_code == 200
    r = client.post("/w/acme/standards/new/", _form())
    assert r.status_code == 302 and r["Location"] == "/w/acme/standards/"
    s = Standard.objects.get(workspace=workspace, code="WAIT")
    assert (s.title, s.dimension, s.servqual, s.need_or_want, s.target, s.published) == (
        "Serves you within five minutes", "process", "responsiveness", "need", 6.0, True,
    )  # fmt: skip
    assert s.behaviours == ["Greets you at the door", "Tells you how long it takes"]
    assert list(s.versions.values_list("version", "title")) == [(1, s.title)]
    assert ("standard.create", {"code": "WAIT", "version": 1}) in _actions(workspace)
    page = client.get("/w/acme/standards/").content.decode()
    assert "Serves you within five minutes" in page and "Tells you how long it takes" in page


def test_editing_makes_a_new_version_and_past_answers_keep_their_versions_title(
    login, workspace, standards
):
    from servicegap.surveys.contract import record_response

    client = login("leader")
    past = record_response(
        workspace,
        {"submitted_at": "2025-01-02T10:00:00Z", "perspective": "customer",
         "answers": [{"item": "GREET", "kind": "experience", "value": 5}]},
    )  # fmt: skip
    r = client.post(
        "/w/acme/standards/GREET/edit/",
        _form(title="Greets every customer by name, within a minute", target="6.5",
              behaviour=["Uses the name", "Looks up"]),
    )  # fmt: skip
    assert r.status_code == 302
    greet = Standard.objects.get(workspace=workspace, code="GREET")
    assert (greet.version, greet.title, greet.target) == (2, greet.title, 6.5)
    assert greet.behaviours == ["Uses the name", "Looks up"]
    answer = Answer.objects.get(response=past)
    assert answer.standard_version.version == 1
    assert answer.standard_version.title == "Greets every customer by name"
    assert answer.standard_version.target == 6
    new = record_response(
        workspace,
        {"submitted_at": "2025-01-03T10:00:00Z", "perspective": "customer",
         "answers": [{"item": "GREET", "kind": "experience", "value": 6}]},
    )  # fmt: skip
    assert Answer.objects.get(response=new).standard_version.title.endswith("within a minute")
    entry = AuditEntry.objects.get(workspace=workspace, action="standard.update")
    assert entry.detail["version"] == 2
    assert {"title", "target", "behaviours"} <= set(entry.detail["changed"])
    # Saving again with nothing changed makes no version and no entry.
    client.post("/w/acme/standards/GREET/edit/", _form(title=greet.title, target="6.5",
                behaviour=["Uses the name", "Looks up"]))  # fmt: skip
    assert StandardVersion.objects.filter(standard=greet).count() == 2
    assert AuditEntry.objects.filter(workspace=workspace, action="standard.update").count() == 1


def test_the_form_and_the_import_make_versions_the_same_way(login, workspace, standards):
    """The import's versions and the form's versions are the same StandardVersion rows."""
    from servicegap.transfer.runner import run_import

    csv = b"code,title,dimension\nGREET,Greets you by name,people\n"
    run_import(workspace, "standards", csv, "standards.csv")
    client = login("owner")
    client.post("/w/acme/standards/GREET/edit/", _form(title="Greets you by your name"))
    titles = list(
        StandardVersion.objects.filter(standard__code="GREET").values_list("version", "title")
    )
    assert titles == [
        (1, "Greets every customer by name"), (2, "Greets you by name"),
        (3, "Greets you by your name"),
    ]  # fmt: skip


def test_behaviours_move_up_and_down_without_javascript_and_nothing_is_saved(
    login, workspace, standards
):
    client = login("owner")
    r = client.post(
        "/w/acme/standards/GREET/edit/",
        _form(behaviour=["First", "Second", "Third", ""], move="2:up"),
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert page.index('value="First"') < page.index('value="Third"') < page.index('value="Second"')
    assert Standard.objects.get(code="GREET").behaviours == ["Looks up", "Uses the name"]
    assert behaviours.move(["a", "b", "c"], "0:down") == ["b", "a", "c"]
    assert behaviours.move(["a", "b", "c"], "0:up") == ["a", "b", "c"]  # the top stays on top
    assert behaviours.move(["a", "b"], "x:down") == ["a", "b"]
    r = client.post("/w/acme/standards/GREET/edit/", _form(behaviour=["Third", "First", ""]))
    assert Standard.objects.get(code="GREET").behaviours == ["Third", "First"]


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"title": ""}, "title", "required"),
        ({"target": "9"}, "target", "between 1 and 7"),
        ({"dimension": "vibes"}, "dimension", "valid choice"),
        ({"code": "GREET"}, "code", "exists already"),
        ({"code": "has space"}, "code", "letters, digits"),
        ({"code": "new"}, "code", "word of the pages"),
        ({"behaviour": ["Same", "same"]}, "behaviours", "listed twice"),
    ],
)
def test_a_refused_standard_shows_the_error_next_to_its_field_and_writes_nothing(
    login, workspace, standards, extra, field, words
):
    client = login("owner")
    before = (Standard.objects.count(), StandardVersion.objects.count(), AuditEntry.objects.count())
    r = client.post("/w/acme/standards/new/", _form(**extra))
    assert r.status_code == 422
    page = r.content.decode()
    assert words in page
    error_list = "behaviour-errors" if field == "behaviours" else f"id_{field}_errors"
    assert f'id="{error_list}"' in page
    after = (Standard.objects.count(), StandardVersion.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_a_question_code_is_not_taken_by_a_new_standard(login, workspace):
    survey = Survey.objects.create(workspace=workspace, code="S", title="S", languages=["en"])
    Question.objects.create(workspace=workspace, survey=survey, code="WAIT", kind="rating")
    r = login("owner").post("/w/acme/standards/new/", _form())
    assert r.status_code == 422 and "code of a survey question" in r.content.decode()
    assert not Standard.objects.filter(code="WAIT").exists()


def test_a_retired_standard_leaves_new_surveys_and_the_promise_but_keeps_its_answers(
    login, workspace, standards
):
    from servicegap.gaps.headline import headline
    from servicegap.gaps.kinds import run
    from servicegap.surveys.contract import record_response

    record_response(
        workspace,
        {"submitted_at": "2025-01-02T10:00:00Z", "perspective": "customer",
         "answers": [{"item": "CLEAN", "kind": "experience", "value": 5},
                     {"item": "CLEAN", "kind": "expectation", "value": 6}]},
    )  # fmt: skip
    client = login("owner")
    r = client.post("/w/acme/standards/CLEAN/retire/", {"retired": "1"})
    assert r.status_code == 302
    clean = Standard.objects.get(code="CLEAN")
    assert clean.retired and clean.version == 1  # retiring makes no version
    assert ("standard.retire", {"code": "CLEAN"}) in _actions(workspace)
    assert 'value="CLEAN"' not in client.get("/w/acme/surveys/new/").content.decode()
    assert "Returns the car cleaner" not in client.get("/p/acme/").content.decode()
    assert "CLEAN" not in [row.code for row in headline(workspace)]
    rows = run(workspace, "gaps", {"perspective": "customer"})["rows"]
    assert [r["item"] for r in rows if r["item"] == "CLEAN"] == ["CLEAN"]
    listing = client.get("/w/acme/standards/").content.decode()
    assert listing.index("Retired standards") < listing.index("Returns the car cleaner")
    client.post("/w/acme/standards/CLEAN/retire/", {"retired": "0"})
    assert not Standard.objects.get(code="CLEAN").retired
    assert ("standard.restore", {"code": "CLEAN"}) in _actions(workspace)
    assert 'value="CLEAN"' in client.get("/w/acme/surveys/new/").content.decode()


def test_a_standard_is_added_to_a_draft_survey_through_the_builder(login, workspace, standards):
    client = login("leader")
    client.post(
        "/w/acme/surveys/new/",
        {"template": "perception", "code": "PERC", "title": "How did we do?", "scale_max": "7",
         "languages": "en", "standards": ["GREET"], "overall": "on"},
    )  # fmt: skip
    survey = Survey.objects.get(code="PERC")
    page = client.get("/w/acme/standards/CALLBACK/survey/").content.decode()
    assert "PERC How did we do?" in page
    r = client.post("/w/acme/standards/CALLBACK/survey/", {"survey": "PERC", "qtype": "gap"})
    assert r.status_code == 302 and r["Location"] == "/w/acme/surveys/PERC/"
    asked = list(
        Question.objects.filter(survey=survey, code="CALLBACK")
        .order_by("position")
        .values_list("kind", "standard__code", "survey_version")
    )
    assert asked == [("expectation", "CALLBACK", 1), ("experience", "CALLBACK", 1)]
    last = Question.objects.filter(survey=survey).order_by("-position").first()
    assert last.code == "CALLBACK"
    assert ("standard.add_to_survey", {"code": "CALLBACK", "survey": "PERC", "qtype": "gap"}) in (
        _actions(workspace)
    )
    # Twice: the builder refuses, next to the survey field, and nothing more is written.
    r = client.post("/w/acme/standards/CALLBACK/survey/", {"survey": "PERC", "qtype": "gap"})
    assert r.status_code == 422 and "already asks" in r.content.decode()
    assert Question.objects.filter(survey=survey, code="CALLBACK").count() == 2
    # A published survey is not offered.
    survey.status = "published"
    survey.save()
    r = client.post("/w/acme/standards/CLEAN/survey/", {"survey": "PERC", "qtype": "gap"})
    assert r.status_code == 422 and not Question.objects.filter(code="CLEAN").exists()


@pytest.mark.parametrize("persona", ["manager", "employee"])
def test_managers_and_employees_read_the_standards_but_change_nothing(
    login, workspace, standards, persona
):
    client = login(persona)
    page = client.get("/w/acme/standards/")
    assert page.status_code == 200 and "New standard" not in page.content.decode()
    for path in ("new/", "GREET/edit/", "GREET/survey/"):
        assert client.get(f"/w/acme/standards/{path}").status_code == 404
    assert client.post("/w/acme/standards/new/", _form()).status_code == 404
    assert client.post("/w/acme/standards/GREET/retire/", {"retired": "1"}).status_code == 404
    assert not Standard.objects.filter(code="WAIT").exists()
    assert not Standard.objects.get(code="GREET").retired


def test_retired_round_trips_through_export_and_import_without_a_new_version(workspace, standards):
    from servicegap.standards.transfer import export
    from servicegap.transfer.runner import run_import

    run_import(workspace, "standards", b"code,title,dimension,retired\nCLEAN,Returns the car cleaner than it came,product,true\n", "s.csv")  # fmt: skip
    clean = Standard.objects.get(code="CLEAN")
    assert clean.retired and clean.version == 1
    table = export(workspace)
    row = next(r for r in table.rows if r[0] == "CLEAN")
    assert row[table.header.index("retired")] is True
