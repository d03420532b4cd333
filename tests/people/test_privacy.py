"""Privacy: export everything about one person and erase them (service, CLI and the People pages).

A "dossier" gives one customer a row in every table that can hold them; the tests check that the
export holds each of them, that erasure leaves no trace of them (and touches nobody else), that it
is one transaction with the aggregates rebuilt inside it, and that its audit entry names nobody.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from click.testing import CliRunner
from django.utils import timezone

from servicegap.cli import main_group

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Ms Jane Roe at 12 Elm Street was kept waiting"


@pytest.fixture(autouse=True)
def _data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))


@dataclass
class Dossier:
    person: object
    other: object
    employee: object
    response: object
    other_response: object
    employee_responses: list
    feedback: object
    about: object
    case: object


def _response(ws, person, perspective="customer", text="", contact="", days_ago=1, rating=6.0):
    from servicegap.surveys.models import Answer, Response

    now = timezone.now()
    r = Response.objects.create(
        workspace=ws,
        submitted_at=now - timedelta(days=days_ago),
        perspective=perspective,
        respondent=person,
        scale_max=7,
        contact=contact,
        contact_consent_at=now - timedelta(days=days_ago) if contact else None,
    )
    Answer.objects.create(workspace=ws, response=r, kind="overall", value_num=rating)
    if text:
        Answer.objects.create(workspace=ws, response=r, item="WHY", kind="text", value_text=text)
    return r


@pytest.fixture
def dossier(workspace, users):
    from servicegap.accounts.models import Membership
    from servicegap.cases.models import Case
    from servicegap.feedback.models import Feedback, Recognition
    from servicegap.invitations.models import Bounce, Invitation, Send, Unsubscribe
    from servicegap.loyalty.models import Transaction
    from servicegap.people.models import Person, Unit
    from tests.invitation_support import make_survey

    ws = workspace
    sales = Unit.objects.of(ws).get(code="SALES")
    now = timezone.now()
    person = Person.objects.create(
        workspace=ws,
        code="C-JANE",
        name="Jane Roe",
        kind="customer",
        email="jane@example.test",
        unit=sales,
        attributes={"segment": "fleet"},
    )
    other = Person.objects.create(
        workspace=ws, code="C-JOHN", name="John Doe", kind="customer", email="john@example.test"
    )
    employee = Person.objects.create(
        workspace=ws, code="E-ANN", name="Ann Smith", kind="employee", email="ann@acme.test"
    )
    Membership.objects.of(ws).filter(user=users["employee"]).update(person=employee)

    response = _response(ws, person, text=SECRET_TEXT, contact="+31 6 1234 5678")
    other_response = _response(ws, other, text="John's own words", contact="john phone")
    employee_responses = [
        _response(ws, employee, perspective="employee", text=f"Ann's view {i}", rating=4.0 + i)
        for i in range(3)
    ]
    feedback = Feedback.objects.create(
        workspace=ws,
        kind="complaint",
        text=f"Complaint: {SECRET_TEXT}",
        submitted_at=now - timedelta(days=2),
        person=person,
        employee=employee,
        contact="jane@example.test",
        consent=True,
        channel="widget",
    )
    about = Feedback.objects.create(
        workspace=ws,
        kind="compliment",
        text="Ann Smith was wonderful",
        submitted_at=now - timedelta(days=3),
        person=other,
        employee=employee,
        contact="john@example.test",
        consent=True,
    )
    Recognition.objects.create(workspace=ws, feedback=about, employee=employee)
    case = Case.objects.create(
        workspace=ws,
        number=1,
        title="Call back Jane Roe",
        feedback=feedback,
        customer=person,
        opened_at=now,
        resolution="Phoned Jane on +31 6 1234 5678",
    )
    survey = make_survey(ws)
    send = Send.objects.create(workspace=ws, survey=survey)
    invitation = Invitation.objects.create(
        workspace=ws,
        send=send,
        survey=survey,
        person=person,
        email=person.email,
        token_hash="a" * 64,
        expires_at=now + timedelta(days=30),
        draft={"WHY": "half-written"},
    )
    Invitation.objects.create(
        workspace=ws,
        send=send,
        survey=survey,
        person=other,
        email=other.email,
        token_hash="b" * 64,
        expires_at=now + timedelta(days=30),
    )
    Unsubscribe.objects.create(workspace=ws, person=person, invitation=invitation)
    Bounce.objects.create(workspace=ws, email="JANE@example.test", reason="mailbox full")
    Bounce.objects.create(workspace=ws, email=other.email, person=other)
    Transaction.objects.create(
        workspace=ws, customer=person, date=now.date(), amount=Decimal("123.45"), reference="INV-1"
    )
    Transaction.objects.create(workspace=ws, customer=other, date=now.date(), amount=Decimal("9"))
    return Dossier(
        person, other, employee, response, other_response, employee_responses, feedback, about, case
    )


def _personal(person) -> list[str]:
    return [person.code, person.name, person.email]


# --- export ------------------------------------------------------------------------------------


def test_the_export_holds_every_row_about_the_person_and_is_json(workspace, dossier):
    from servicegap.people.privacy import export_person

    doc = export_person(workspace, dossier.person)
    assert json.loads(json.dumps(doc)) == doc  # JSON-serialisable as it is
    assert doc["person"] == {
        "code": "C-JANE",
        "name": "Jane Roe",
        "kind": "customer",
        "email": "jane@example.test",
        "created_at": dossier.person.created_at.isoformat(),
        "unit": "SALES",
        "attributes": {"segment": "fleet"},
    }
    [response] = doc["responses"]
    assert response["contact"] == "+31 6 1234 5678"
    assert {(a["kind"], a["value"]) for a in response["answers"]} == {
        ("overall", 6.0),
        ("text", SECRET_TEXT),
    }
    [feedback] = doc["feedback"]
    assert (feedback["text"], feedback["contact"], feedback["consent"]) == (
        f"Complaint: {SECRET_TEXT}",
        "jane@example.test",
        True,
    )
    assert feedback["employee_named"] == "E-ANN"
    [case] = doc["cases"]
    assert (case["number"], case["title"]) == (1, "Call back Jane Roe")
    [invitation] = doc["invitations"]
    assert invitation["email"] == "jane@example.test" and invitation["draft"] == {
        "WHY": "half-written"
    }
    assert "token_hash" not in invitation
    assert doc["consent"]["unsubscribed_at"] is not None
    assert [c["contact"] for c in doc["consent"]["response_contact"]] == ["+31 6 1234 5678"]
    assert [c["consent"] for c in doc["consent"]["feedback_contact"]] == [True]
    assert [b["email"] for b in doc["bounces"]] == ["JANE@example.test"]  # matched by address
    assert doc["transactions"] == [
        {"date": timezone.now().date().isoformat(), "amount": "123.45", "reference": "INV-1"}
        | {"unit": None}
    ]
    text = json.dumps(doc)
    for theirs in ("C-JOHN", "John Doe", "john@example.test", "John's own words"):
        assert theirs not in text


def test_an_employee_export_shows_feedback_about_them_but_not_who_wrote_it(workspace, dossier):
    from servicegap.people.privacy import export_person

    doc = export_person(workspace, dossier.employee, protected=True)  # the CLI's export
    assert len(doc["responses"]) == 3
    assert {f["text"] for f in doc["feedback_about"]} == {
        "Ann Smith was wonderful",
        f"Complaint: {SECRET_TEXT}",
    }
    assert [r["feedback_id"] for r in doc["recognitions"]] == [dossier.about.pk]
    assert [a["email"] for a in doc["accounts"]] == ["employee@acme.test"]
    text = json.dumps(doc)
    assert "john@example.test" not in text and "C-JOHN" not in text and "C-JANE" not in text


def test_the_web_export_leaves_out_protected_answers_and_says_where_they_are(
    login, workspace, dossier
):
    """Finding 1 of the security review (issue 11): People → employee → Export data (JSON)
    returned every employee answer of that person, with their name."""
    client = login("owner")
    r = client.get(f"/w/acme/people/{dossier.employee.pk}/export.json")
    assert r.status_code == 200
    doc = json.loads(r.content)
    assert doc["person"]["code"] == "E-ANN" and doc["responses"] == []
    assert "servicegap person export" in doc["protected_answers"]
    text = r.content.decode()
    assert "Ann's view" not in text and '"perspective": "employee"' not in text
    page = client.get(f"/w/acme/people/{dossier.employee.pk}/").content.decode()
    assert "held anonymously" in page and "servicegap person export E-ANN" in page
    # a customer's own answers are still in the web export
    jane = json.loads(client.get(f"/w/acme/people/{dossier.person.pk}/export.json").content)
    assert len(jane["responses"]) == 1


def test_the_cli_export_keeps_protected_answers(workspace, dossier):
    result = cli("--workspace", "acme", "person", "export", "E-ANN")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["protected_answers"] == "included"
    assert sorted(r["perspective"] for r in doc["responses"]) == ["employee"] * 3
    assert "Ann's view 2" in result.stdout


def test_a_person_of_another_workspace_is_refused(workspace, other_workspace, dossier):
    from servicegap.people.privacy import PrivacyError, erase_person, export_person

    with pytest.raises(PrivacyError):
        export_person(other_workspace, dossier.person)
    with pytest.raises(PrivacyError):
        erase_person(other_workspace, dossier.person, actor="x")


# --- erasure -----------------------------------------------------------------------------------


def test_erasure_leaves_no_trace_of_the_person_and_keeps_the_figures(workspace, dossier):
    from servicegap.accounts.models import Membership
    from servicegap.cases.models import Case
    from servicegap.core.models import AuditEntry
    from servicegap.feedback.models import Feedback
    from servicegap.invitations.models import Bounce, Invitation, Unsubscribe
    from servicegap.loyalty.models import Transaction
    from servicegap.people.models import Person
    from servicegap.people.privacy import ERASED, erase_person
    from servicegap.surveys.models import Answer, Response

    ratings_before = sorted(
        Answer.objects.of(workspace).filter(kind="overall").values_list("value_num", flat=True)
    )
    done = erase_person(workspace, dossier.person, actor="owner@acme.test")

    assert not Person.objects.filter(code="C-JANE").exists()
    response = Response.objects.get(pk=dossier.response.pk)
    assert (response.respondent_id, response.contact, response.contact_consent_at) == (
        None,
        "",
        None,
    )
    assert Answer.objects.get(response=response, kind="text").value_text == ERASED
    assert (
        sorted(
            Answer.objects.of(workspace).filter(kind="overall").values_list("value_num", flat=True)
        )
        == ratings_before
    )
    feedback = Feedback.objects.get(pk=dossier.feedback.pk)
    assert (feedback.text, feedback.contact, feedback.consent, feedback.person_id) == (
        ERASED,
        "",
        False,
        None,
    )
    assert feedback.employee_id == dossier.employee.pk  # the employee it names is someone else
    case = Case.objects.get(pk=dossier.case.pk)
    assert (case.title, case.resolution, case.customer_id, case.number) == (ERASED, ERASED, None, 1)
    assert not Invitation.objects.filter(email="jane@example.test").exists()
    assert not Unsubscribe.objects.exists()
    assert list(Bounce.objects.values_list("email", flat=True)) == ["john@example.test"]
    assert Transaction.objects.count() == 1
    assert done["responses"] == 1 and done["text_answers"] == 1 and done["transactions"] == 1

    # Nobody else was touched.
    other = Response.objects.get(pk=dossier.other_response.pk)
    assert other.respondent_id == dossier.other.pk and other.contact == "john phone"
    assert Answer.objects.get(response=other, kind="text").value_text == "John's own words"
    assert Feedback.objects.get(pk=dossier.about.pk).text == "Ann Smith was wonderful"
    assert Membership.objects.filter(person=dossier.employee).count() == 1

    [entry] = AuditEntry.objects.of(workspace).filter(action="person.erase")
    assert entry.actor == "owner@acme.test" and entry.detail == done
    assert all(isinstance(n, int) for n in entry.detail.values())  # counts, no identifiers
    serialised = json.dumps(entry.detail)
    for value in [*_personal(dossier.person), "+31", "person_id"]:
        assert value not in serialised


def test_erasing_an_employee_keeps_them_one_respondent_for_the_anonymity_threshold(
    workspace, dossier
):
    from servicegap.accounts.models import Membership
    from servicegap.feedback.models import Feedback, Recognition
    from servicegap.people.models import Person
    from servicegap.people.privacy import ERASED, STAND_IN_PREFIX, erase_person
    from servicegap.surveys.models import Answer, Response

    done = erase_person(workspace, dossier.employee, actor="cli")
    respondents = set(
        Response.objects.filter(pk__in=[r.pk for r in dossier.employee_responses]).values_list(
            "respondent_id", flat=True
        )
    )
    # A response without a respondent counts as a respondent of its own: three unlinked answers
    # from one employee would pass a threshold of three. One anonymous stand-in keeps them one.
    [stand_in_id] = respondents
    stand_in = Person.objects.get(pk=stand_in_id)
    assert stand_in.code.startswith(STAND_IN_PREFIX) and stand_in.code != dossier.employee.code
    assert (stand_in.name, stand_in.email, stand_in.attributes, stand_in.unit_id) == (
        "",
        "",
        {},
        None,
    )
    texts = Answer.objects.filter(response__respondent=stand_in, kind="text")
    assert set(texts.values_list("value_text", flat=True)) == {ERASED}
    # Feedback naming them loses the name and the text; recognitions and the account link go.
    assert set(
        Feedback.objects.filter(pk__in=[dossier.feedback.pk, dossier.about.pk]).values_list(
            "employee_id", "text"
        )
    ) == {(None, ERASED)}
    assert not Recognition.objects.exists()
    assert not Membership.objects.filter(person__isnull=False).exists()
    assert done["feedback_about"] == 2 and done["recognitions"] == 1
    assert done["accounts_unlinked"] == 1


def test_erasure_is_one_transaction(workspace, dossier, monkeypatch):
    from servicegap.core.models import AuditEntry
    from servicegap.people import privacy
    from servicegap.people.models import Person
    from servicegap.surveys.models import Answer

    def broken(ws):
        raise RuntimeError("the aggregates could not be rebuilt")

    monkeypatch.setattr(privacy, "_rebuild_aggregates", broken)
    with pytest.raises(RuntimeError):
        privacy.erase_person(workspace, dossier.person, actor="cli")
    assert Person.objects.filter(code="C-JANE").exists()
    assert Answer.objects.get(response=dossier.response, kind="text").value_text == SECRET_TEXT
    assert not AuditEntry.objects.filter(action="person.erase").exists()


def test_erasure_rebuilds_the_aggregates_inside_its_transaction(workspace, dossier, monkeypatch):
    from django.db import connection

    from servicegap.aggregates import cells
    from servicegap.people import privacy

    calls = []
    rebuild = cells.rebuild

    def spy(ws):
        from servicegap.people.models import Person

        calls.append(
            (ws.pk, connection.in_atomic_block, Person.objects.filter(code="C-JANE").exists())
        )
        return rebuild(ws)

    monkeypatch.setattr(cells, "rebuild", spy)
    privacy.erase_person(workspace, dossier.person, actor="cli")
    assert calls == [(workspace.pk, True, False)]  # after the changes, before the commit


def test_after_erasing_an_employee_the_aggregates_count_the_stand_in(workspace, dossier):
    """The rebuilt aggregates agree with the answers: the anonymity threshold's presence rows
    name the stand-in, not the erased employee."""
    from servicegap.aggregates import cells
    from servicegap.aggregates.models import Presence
    from servicegap.people.privacy import erase_person
    from servicegap.surveys.models import Answer, Response

    for r in dossier.employee_responses:  # an answer the aggregates count ("overall" is not)
        Answer.objects.create(workspace=workspace, response=r, kind="nps", value_num=8)
    cells.rebuild(workspace)

    def employees() -> set[int]:
        rows = Presence.objects.of(workspace).filter(perspective="employee")
        return set(rows.values_list("respondent", flat=True))

    assert employees() == {dossier.employee.pk}
    erase_person(workspace, dossier.employee, actor="cli")
    [stand_in] = set(
        Response.objects.filter(pk__in=[r.pk for r in dossier.employee_responses]).values_list(
            "respondent_id", flat=True
        )
    )
    assert employees() == {stand_in} != {dossier.employee.pk}


def test_erasure_deletes_uploaded_files_and_scrubs_import_errors(
    workspace, dossier, tmp_path, django_capture_on_commit_callbacks
):
    from servicegap.imports.models import ImportJob
    from servicegap.people.privacy import erase_person

    (tmp_path / "uploads").mkdir()
    done_job = ImportJob.objects.create(
        workspace=workspace,
        kind="people",
        filename="people.csv",
        stored_path="uploads/1.csv",
        state="done",
        errors="people.csv:3: email: 'jane@example.test' is taken; code 'C-JANE' twice",
    )
    running = ImportJob.objects.create(
        workspace=workspace,
        kind="people",
        filename="more.csv",
        stored_path="uploads/2.csv",
        state="running",
    )
    for job in (done_job, running):
        job.upload_path.write_text("code,name\nC-JANE,Jane Roe\n")
    done_job.rejects_path.write_text("C-JANE\n")

    with django_capture_on_commit_callbacks(execute=True):
        done = erase_person(workspace, dossier.person, actor="cli")
    assert done["import_files"] == 2
    assert not done_job.upload_path.exists() and not done_job.rejects_path.exists()
    assert running.upload_path.exists()  # its worker is reading it
    errors = ImportJob.objects.get(pk=done_job.pk).errors
    assert "jane@" not in errors and "C-JANE" not in errors and "people.csv:3: email:" in errors


# --- CLI ---------------------------------------------------------------------------------------


def cli(*args: str):
    return CliRunner().invoke(main_group, list(args))


def test_cli_exports_to_stdout_or_a_file_and_audits_it(workspace, dossier, tmp_path):
    from servicegap.core.models import AuditEntry

    result = cli("person", "export", "C-JANE", "--workspace", "acme")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["person"]["code"] == "C-JANE"

    out = tmp_path / "jane.json"
    result = cli("--workspace", "acme", "person", "export", "C-JANE", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["responses"][0]["contact"] == "+31 6 1234 5678"
    assert AuditEntry.objects.filter(action="person.export").count() == 2


def test_cli_erase_needs_yes_and_a_known_code(workspace, dossier):
    from servicegap.people.models import Person

    refused = cli("--workspace", "acme", "person", "erase", "C-JANE")
    assert refused.exit_code == 1 and "--yes" in refused.output
    unknown = cli("--workspace", "acme", "person", "erase", "C-NOBODY", "--yes")
    assert unknown.exit_code == 1 and "no person with code 'C-NOBODY'" in unknown.output
    assert Person.objects.filter(code="C-JANE").exists()

    result = cli("--workspace", "acme", "person", "erase", "C-JANE", "--yes", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["erased"] is True and payload["counts"]["responses"] == 1
    assert not Person.objects.filter(code="C-JANE").exists()


# --- the People pages --------------------------------------------------------------------------


def test_the_owner_finds_a_person_and_downloads_their_data(login, workspace, dossier):
    from servicegap.core.models import AuditEntry

    client = login("owner")
    page = client.get("/w/acme/people/", {"q": "jane"}).content.decode()
    assert "C-JANE" in page and "C-JOHN" not in page
    assert "C-JOHN" in client.get("/w/acme/people/", {"kind": "customer"}).content.decode()

    detail = client.get(f"/w/acme/people/{dossier.person.pk}/").content.decode()
    assert f"/w/acme/people/{dossier.person.pk}/export.json" in detail

    r = client.get(f"/w/acme/people/{dossier.person.pk}/export.json")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/json")
    assert r["Content-Disposition"] == f'attachment; filename="person-{dossier.person.pk}.json"'
    assert json.loads(r.content)["person"]["email"] == "jane@example.test"
    entry = AuditEntry.objects.get(action="person.export")
    assert entry.actor == "owner@acme.test" and entry.detail == {"person_id": dossier.person.pk}


def test_the_owner_erases_after_typing_the_code_again(login, workspace, dossier):
    from servicegap.core.models import AuditEntry
    from servicegap.people.models import Person

    client = login("owner")
    url = f"/w/acme/people/{dossier.person.pk}/erase/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and b'name="confirm"' in confirm.content

    wrong = client.post(url, {"confirm": "C-JOHN"})
    assert wrong.status_code == 400 and b"not the person" in wrong.content
    assert Person.objects.filter(pk=dossier.person.pk).exists()

    r = client.post(url, {"confirm": "C-JANE"})
    assert r.status_code == 302 and r["Location"] == "/w/acme/people/"
    assert not Person.objects.filter(pk=dossier.person.pk).exists()
    assert AuditEntry.objects.get(action="person.erase").actor == "owner@acme.test"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["leader", "manager", "employee", "outsider"])
def test_only_owners_may_export_or_erase(login, workspace, dossier, persona):
    from servicegap.people.models import Person

    client = login(persona)
    pk = dossier.person.pk
    assert client.get(f"/w/acme/people/{pk}/export.json").status_code == 404
    assert client.post(f"/w/acme/people/{pk}/erase/", {"confirm": "C-JANE"}).status_code == 404
    assert Person.objects.filter(pk=pk).exists()


def test_the_erase_form_needs_the_csrf_token(workspace, users, dossier):
    from django.test import Client

    from servicegap.people.models import Person

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["owner"])
    r = client.post(f"/w/acme/people/{dossier.person.pk}/erase/", {"confirm": "C-JANE"})
    assert r.status_code == 403
    assert Person.objects.filter(pk=dossier.person.pk).exists()


def test_the_people_page_is_in_the_owners_navigation_only(login, workspace):
    assert b'href="/w/acme/people/"' in login("owner").get("/w/acme/").content
    assert b'href="/w/acme/people/"' not in login("leader").get("/w/acme/").content
