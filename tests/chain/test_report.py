"""The chain report's contract on the CLI, the API and the pages; links import; rounds."""

from __future__ import annotations

import json

import pytest

from servicegap.people.models import InternalLink
from tests.chain.support import chain, internal_survey, link, rate, units
from tests.report_support import cli_json, unnamed
from tests.transfer.test_import_export import cli, ok, refused, write

KEYS = ["supplier", "customer", "n", "mean", "ci_low", "ci_high", "weak", "suppressed"]


@pytest.mark.django_db
def test_rows_carry_the_contracts_keys_and_the_unit_names(workspace):
    chain(workspace)
    doc = cli_json("acme", "chain")
    assert list(doc) == ["rows"]
    rows = {(r["supplier"], r["customer"]): r for r in doc["rows"]}
    assert [list(r) for r in unnamed(doc["rows"])] == [KEYS] * 3
    parts = rows["PARTS", "SERVICE"]
    assert (parts["supplier_name"], parts["customer_name"]) == ("Parts", "Service")
    assert parts["n"] == 6 and parts["mean"] == pytest.approx((15 + 3 * 6 + 2 * 6) / 18)
    assert parts["ci_low"] < parts["mean"] < parts["ci_high"] and not parts["suppressed"]
    assert parts["weak"] and not rows["DESK", "SALES"]["weak"]  # 2.5 against (2.5 + 5.7) / 2
    unrated = rows["SERVICE", "SALES"]
    assert (unrated["n"], unrated["mean"], unrated["suppressed"]) == (0, None, False)


@pytest.mark.django_db
def test_a_link_rated_by_too_few_is_hidden_and_cannot_be_subtracted(workspace):
    chain(workspace, parts_people=6, desk_people=2)
    rate(workspace, "PARTS", "SALES", "sal9", 4, 4, 4)  # SALES: 2 rate DESK, 1 rates PARTS
    rows = {(r["supplier"], r["customer"]): r for r in cli_json("acme", "chain")["rows"]}
    assert rows["DESK", "SALES"]["suppressed"] and rows["PARTS", "SALES"]["suppressed"]
    assert rows["DESK", "SALES"]["n"] is None and rows["DESK", "SALES"]["mean"] is None
    # PARTS's own total (7 raters) less PARTS → SERVICE (6) would give away PARTS → SALES (1)
    assert rows["PARTS", "SERVICE"]["suppressed"]
    text = json.dumps(cli_json("acme", "chain"))
    assert "sal0" not in text and "sal9" not in text


@pytest.mark.django_db
def test_the_cli_the_api_and_the_report_page_answer_the_same_document(
    client, workspace, api_key, login
):
    chain(workspace)
    got = client.get("/api/v1/reports/chain", HTTP_AUTHORIZATION=f"Bearer {api_key}")
    assert got.status_code == 200 and got.json() == cli_json("acme", "chain")
    page = login("owner").get("/w/acme/reports/chain/")
    text = page.content.decode()
    assert page.status_code == 200 and 'role="img"' in text and "weakest is Parts" in text
    csv = login("owner").get("/w/acme/reports/chain/?format=csv").content.decode()
    assert "PARTS,Service,SERVICE" in csv.replace('"', "")
    pdf = login("owner").get("/w/acme/reports/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_import_links_writes_every_line_or_none(workspace, tmp_path):
    units(workspace)
    good = write(tmp_path, "links.csv", "supplier,customer\nPARTS,SERVICE\nDESK,SALES\n")
    result = ok(cli("import", "links", good, "--json"))
    assert json.loads(result.stdout)["created"] == 2
    pairs = set(InternalLink.objects.of(workspace).values_list("supplier__code", "customer__code"))
    assert pairs == {("PARTS", "SERVICE"), ("DESK", "SALES")}
    ok(cli("import", "links", good))  # again: unchanged, nothing doubled
    assert InternalLink.objects.of(workspace).count() == 2
    exported = ok(cli("export", "links")).stdout.splitlines()
    assert exported == ["supplier,customer,description", "DESK,SALES,", "PARTS,SERVICE,"]
    bad = write(
        tmp_path,
        "bad.csv",
        "supplier,customer\nSERVICE,SALES\nNOPE,SALES\nSALES,SALES\nSERVICE,SALES\n,PARTS\n",
    )
    result = refused(cli("import", "links", bad))
    for line in (
        f"{bad}:3: supplier: unknown unit NOPE",
        f"{bad}:4: customer: a unit cannot be its own supplier (SALES)",
        f"{bad}:5: customer: SERVICE,SALES appears again (first on line 2)",
        f"{bad}:6: supplier: is required",
    ):
        assert line in result.stderr
    assert InternalLink.objects.of(workspace).count() == 2  # the good line 2 was not written
    header = write(tmp_path, "header.csv", "from,to\nPARTS,SALES\n")
    assert "supplier" in refused(cli("import", "links", header)).stderr


@pytest.mark.django_db
def test_the_chain_page_is_for_owners_and_leaders(workspace, login):
    chain(workspace)
    page = login("owner").get("/w/acme/chain/")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'role="img"' in text and '<title id="chain-title">' in text and "<desc" in text
    assert "Parts → Service" in text and "<strong>weak</strong>" in text
    assert "weakest is Parts → Service" in text
    assert login("leader").get("/w/acme/chain/").status_code == 200
    for persona in ("employee", "manager"):
        assert login(persona).get("/w/acme/chain/").status_code == 404
        assert login(persona).get("/w/acme/chain/links/").status_code == 404


@pytest.mark.django_db
def test_links_are_added_and_removed_by_unit_names(workspace, login):
    found = units(workspace)
    owner = login("owner")
    page = owner.get("/w/acme/chain/links/").content.decode()
    assert ">Parts</option>" in page and ">Front desk</option>" in page
    added = owner.post(
        "/w/acme/chain/links/",
        {"supplier": found["PARTS"].pk, "customer": found["SERVICE"].pk, "description": "Parts"},
    )
    assert added.status_code == 302
    again = owner.post(
        "/w/acme/chain/links/", {"supplier": found["PARTS"].pk, "customer": found["SERVICE"].pk}
    )
    assert again.status_code == 422 and "already depends on" in again.content.decode()
    same = owner.post(
        "/w/acme/chain/links/", {"supplier": found["PARTS"].pk, "customer": found["PARTS"].pk}
    )
    assert same.status_code == 422 and "its own supplier" in same.content.decode()
    made = InternalLink.objects.of(workspace).get()
    assert login("employee").post(f"/w/acme/chain/links/{made.pk}/remove/").status_code == 404
    owner = login("owner")  # the one test client, signed in again
    assert owner.post(f"/w/acme/chain/links/{made.pk}/remove/").status_code == 302
    assert not InternalLink.objects.of(workspace).exists()


@pytest.mark.django_db
def test_a_round_sends_the_internal_survey_to_each_customer_units_employees(workspace, login):
    from servicegap.invitations.models import Send
    from servicegap.people.models import Person

    found = units(workspace)
    link(workspace, "PARTS", "SERVICE")
    link(workspace, "DESK", "SALES")
    for code, unit in (("e1", "SERVICE"), ("e2", "SERVICE"), ("e3", "SALES")):
        Person.objects.create(workspace=workspace, code=code, kind="employee",
                              unit=found[unit], email=f"{code}@acme.test")  # fmt: skip
    survey = internal_survey(workspace)
    owner = login("owner")
    preview = owner.post("/w/acme/chain/round/", {"survey": survey.pk, "action": "preview"})
    text = preview.content.decode()
    assert preview.status_code == 200 and "Service</strong> (2 employees) rates Parts" in text
    assert not Send.objects.of(workspace).exists()
    started = owner.post("/w/acme/chain/round/", {"survey": survey.pk, "action": "start"})
    assert started.status_code == 302
    sends = Send.objects.of(workspace).select_related("unit")
    assert {(s.unit.code, s.person_kind, s.survey_id) for s in sends} == {
        ("SERVICE", "employee", survey.pk),
        ("SALES", "employee", survey.pk),
    }
    survey.supplier = found["PARTS"]  # a survey preset to PARTS goes to PARTS's customers only
    survey.save()
    owner.post("/w/acme/chain/round/", {"survey": survey.pk, "action": "start"})
    assert Send.objects.of(workspace).filter(unit__code="SERVICE").count() == 2
    assert Send.objects.of(workspace).filter(unit__code="SALES").count() == 1
    refused = owner.post("/w/acme/chain/round/", {"survey": "", "action": "start"})
    assert refused.status_code == 422 and "This field is required" in refused.content.decode()


@pytest.mark.django_db
def test_a_live_internal_answer_without_a_unit_is_about_the_raters_unit(workspace):
    from servicegap.people.models import Person
    from servicegap.surveys.contract import record_response

    found = units(workspace)
    internal_survey(workspace)
    Person.objects.create(workspace=workspace, code="e1", kind="employee", unit=found["SERVICE"])
    data = {"submitted_at": "2026-03-10T10:00:00+00:00", "perspective": "internal",
            "respondent": "e1", "supplier": "PARTS", "survey": "INTERNAL",
            "answers": [{"item": "INT-0", "kind": "rating", "value": 3}]}  # fmt: skip
    assert record_response(workspace, data, live=True).unit.code == "SERVICE"
    from servicegap.surveys.models import Response

    assert Response.objects.of(workspace).get().unit_id == found["SERVICE"].pk
    imported = record_response(workspace, data, live=False)
    assert imported.unit is None  # an import says what it says
