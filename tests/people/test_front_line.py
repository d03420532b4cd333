"""The front-line flag: set by the people import's ``front_line`` column, kept without it,
shown on the People pages."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from servicegap.cli import main_group
from servicegap.people.models import Person


def _import(tmp_path, text: str):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(main_group, ["--workspace", "acme", "import", "people", str(path)])


@pytest.mark.django_db
def test_the_people_import_sets_and_keeps_the_front_line_flag(tmp_path, workspace, login):
    head = "code,name,kind,unit,email"
    result = _import(tmp_path, f"{head},front_line\nE1,Bob,employee,SALES,,true\n"
                               "E2,Cat,employee,SALES,,false\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    flags = dict(Person.objects.of(workspace).values_list("code", "front_line"))
    assert flags == {"E1": True, "E2": False}
    assert _import(tmp_path, f"{head}\nE1,Bob B.,employee,SALES,\n").exit_code == 0
    assert Person.objects.get(workspace=workspace, code="E1").front_line  # no column: kept
    html = login("owner").get("/w/acme/people/").content.decode()
    assert "employee, front line" in html
    bob = Person.objects.get(workspace=workspace, code="E1")
    html = login("owner").get(f"/w/acme/people/{bob.pk}/").content.decode()
    assert "Yes, talks to customers" in html


@pytest.mark.django_db
def test_a_bad_front_line_value_names_the_column_and_writes_nothing(tmp_path, workspace):
    result = _import(tmp_path, "code,name,kind,unit,email,front_line\n"
                               "E1,Bob,employee,SALES,,sometimes\n")  # fmt: skip
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "front_line" in result.output and "sometimes" in result.output
    assert not Person.objects.of(workspace).exists()
