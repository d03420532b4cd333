"""Referrals: the people import's optional ``referred_by`` column (a customer code), the people
API, the export, and a bad code refused with its line and column and nothing written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from servicegap.cli import main_group
from servicegap.people.models import Person

HEAD = "code,name,kind,unit,email,referred_by"


def _import(tmp_path, text: str):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(main_group, ["--workspace", "acme", "import", "people", str(path)])


def _referrers(workspace) -> dict[str, str | None]:
    people = Person.objects.of(workspace).select_related("referred_by")
    return {p.code: p.referred_by.code if p.referred_by else None for p in people}


@pytest.mark.django_db
def test_referred_by_links_customers_of_the_same_file_and_is_kept_without_the_column(
    tmp_path, workspace
):
    # C2 is referred by C3, a row further down the same file
    result = _import(tmp_path, f"{HEAD}\nC1,Ann,customer,,,\nC2,Bo,customer,,,C3\n"
                               "C3,Cy,customer,,,C1\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _referrers(workspace) == {"C1": None, "C2": "C3", "C3": "C1"}
    result = _import(tmp_path, "code,name,kind,unit,email\nC2,Bo B.,customer,,\n")
    assert result.exit_code == 0, result.output
    assert _referrers(workspace)["C2"] == "C3"  # no column: kept
    result = _import(tmp_path, f"{HEAD}\nC2,Bo B.,customer,,,\n")
    assert result.exit_code == 0, result.output
    assert _referrers(workspace)["C2"] is None  # an empty cell clears it


@pytest.mark.django_db
def test_an_unknown_referrer_names_the_line_and_column_and_writes_nothing(tmp_path, workspace):
    result = _import(tmp_path, f"{HEAD}\nC1,Ann,customer,,,\nC2,Bo,customer,,,NOBODY\n")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "3" in result.output and "referred_by" in result.output
    assert "unknown customer NOBODY" in result.output
    assert not Person.objects.of(workspace).exists()  # C1 was good: still not written


@pytest.mark.django_db
def test_a_customer_cannot_refer_themselves_nor_be_referred_by_an_employee(tmp_path, workspace):
    result = _import(tmp_path, f"{HEAD}\nC1,Ann,customer,,,C1\n")
    assert result.exit_code != 0 and "cannot refer themselves" in result.output
    result = _import(tmp_path, f"{HEAD}\nE1,Eve,employee,SALES,,\nC1,Ann,customer,,,E1\n")
    assert result.exit_code != 0 and "only customers refer customers" in result.output
    assert not Person.objects.of(workspace).exists()


@pytest.mark.django_db
def test_the_api_and_the_export_carry_referred_by(tmp_path, client, workspace, api_key):
    assert _import(tmp_path, f"{HEAD}\nC1,Ann,customer,,,\nC2,Bo,customer,,,C1\n").exit_code == 0
    r = client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {api_key}")
    assert r.status_code == 200, r.content
    got = {p["code"]: p["referred_by"] for p in r.json()["items"]}
    assert got == {"C1": None, "C2": "C1"}
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        main_group, ["--workspace", "acme", "export", "people", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("code,name,kind,unit,email,front_line,referred_by")
    assert lines[2].split(",")[6] == "C1"


@pytest.mark.django_db
def test_a_persons_export_names_their_referrals_and_erasure_clears_both_links(tmp_path, workspace):
    from servicegap.people.privacy import erase_person, export_person, summary

    text = f"{HEAD}\nC1,Ann,customer,,,\nC2,Bo,customer,,,C1\nC3,Cy,customer,,,C2\n"
    assert _import(tmp_path, text).exit_code == 0
    bo = Person.objects.get(workspace=workspace, code="C2")
    assert export_person(workspace, bo)["referrals"] == {"referred_by": "C1", "referred": ["C3"]}
    assert summary(workspace, bo)["referrals"] == 2
    erase_person(workspace, bo, "test")
    assert _referrers(workspace) == {"C1": None, "C3": None}
