"""Training records: the import, the trained-against-untrained gap (Welch), the page, and
"My impact" on an employee's My page."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner
from scipy import stats

from servicegap.cli import main_group
from servicegap.people.models import Person, Unit
from servicegap.skills.compare import compare
from servicegap.skills.models import Training
from servicegap.surveys.models import Response
from tests.recognition_support import compliment, employee, link
from tests.report_support import respond


def _import(tmp_path, text: str):
    path = tmp_path / "training.csv"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(main_group, ["--workspace", "acme", "import", "training", str(path)])


@pytest.fixture
def staff(workspace):
    return {
        "anna": employee(workspace, "E-ANNA", "Anna Adams", "SALES"),
        "ben": employee(workspace, "E-BEN", "Ben Brown", "SALES"),
    }


@pytest.mark.django_db
def test_import_training_stores_records_and_exports_them(tmp_path, workspace, standards, staff):
    result = _import(tmp_path, "employee,standard,trained_on,note\n"
                               "E-ANNA,GREET,2026-01-15,Workshop\nE-BEN,CALLBACK,2026-02-01,\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    stored = {(t.person.code, t.standard.code, t.trained_on, t.note)
              for t in Training.objects.of(workspace).select_related("person", "standard")}  # fmt: skip
    assert stored == {("E-ANNA", "GREET", date(2026, 1, 15), "Workshop"),
                      ("E-BEN", "CALLBACK", date(2026, 2, 1), "")}  # fmt: skip
    out = CliRunner().invoke(main_group, ["--workspace", "acme", "export", "training"])
    assert out.stdout.splitlines()[0] == "employee,standard,trained_on,note"
    assert "E-ANNA,GREET,2026-01-15,Workshop" in out.stdout


@pytest.mark.django_db
def test_a_bad_row_names_its_field_and_nothing_is_written(tmp_path, workspace, standards, staff):
    result = _import(tmp_path, "employee,standard,trained_on\n"
                               "E-ANNA,GREET,2026-01-15\nE-NOBODY,GREET,2026-01-15\n"
                               "E-BEN,GREET,15/01/2026\n")  # fmt: skip
    assert result.exit_code != 0 and "Traceback" not in result.output
    said = result.output
    assert "employee" in said and "E-NOBODY" in said
    assert "trained_on" in said and "15/01/2026" in said
    assert not Training.objects.of(workspace).exists()


def _served(workspace, person, gaps, when):
    unit = Unit.objects.of(workspace).get(code="SALES")
    for expectation, experience in gaps:
        r = respond(workspace, "customer", [("GREET", "expectation", expectation),
                                            ("GREET", "experience", experience)],
                    unit=unit, when=when)  # fmt: skip
        Response.objects.filter(pk=r.pk).update(employee=person)


@pytest.mark.django_db
def test_trained_against_untrained_is_welch_on_the_customers_gaps(workspace, standards, staff):
    anna, ben = staff["anna"], staff["ben"]
    Training.objects.create(workspace=workspace, person=anna, standard=standards[0],
                            trained_on=date(2026, 3, 1))  # fmt: skip
    before, after = datetime(2026, 2, 10, tzinfo=UTC), datetime(2026, 4, 10, tzinfo=UTC)
    _served(workspace, anna, [(6, 3), (6, 4), (7, 4)], before)  # not yet trained: untrained
    _served(workspace, anna, [(6, 6), (6, 7), (5, 6), (6, 5)], after)
    _served(workspace, ben, [(6, 4), (7, 5), (6, 5)], after)
    [row] = compare(workspace)
    trained, untrained = [0, 1, 1, -1], [-3, -2, -3, -2, -2, -1]
    want = stats.ttest_ind(trained, untrained, equal_var=False)
    ci = want.confidence_interval(0.95)
    assert row["standard"] == "GREET" and row["trained"]["n"] == 4 and row["untrained"]["n"] == 6
    assert row["diff"] == pytest.approx(sum(trained) / 4 - sum(untrained) / 6)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((ci.low, ci.high))
    assert row["beyond_chance"]


@pytest.mark.django_db
def test_the_training_page_for_an_owner_and_a_manager_of_another_unit(
    workspace, standards, staff, login, users
):
    cleo = employee(workspace, "E-CLEO", "Cleo Clark", "SERVICE")
    for person in (staff["anna"], cleo):
        Training.objects.create(workspace=workspace, person=person, standard=standards[1],
                                trained_on=date(2026, 3, 1))  # fmt: skip
    html = login("owner").get("/w/acme/training/").content.decode()
    assert "Anna Adams" in html and "Cleo Clark" in html and "Calls back within one" in html
    html = login("manager").get("/w/acme/training/").content.decode()  # manages SALES
    assert "Anna Adams" in html and "Cleo Clark" not in html
    assert login("employee").get("/w/acme/training/").status_code == 404


@pytest.mark.django_db
def test_my_impact_shows_the_units_results_compliments_and_moves(
    workspace, standards, users, login
):
    anna = employee(workspace, "E-ANNA", "Anna Adams", "SALES")
    link(workspace, users["employee"], anna)
    compliment(workspace, anna, "Anna found the perfect car for us", days_ago=3)
    sales = Unit.objects.of(workspace).get(code="SALES")
    for month, experiences in (
        (2, [2, 3, 3, 2, 3, 2, 3, 3, 2, 3]),
        (5, [6, 6, 7, 6, 5, 6, 7, 6, 6, 7]),
    ):
        for i, x in enumerate(experiences):
            respond(workspace, "customer",
                    [("GREET", "expectation", 6), ("GREET", "experience", x), ("", "nps", x + 3)],
                    unit=sales, when=datetime(2026, month, 3 + i, 10, tzinfo=UTC))  # fmt: skip
    html = login("employee").get("/w/acme/me/").content.decode()
    assert "My impact" in html and "2026-Q2" in html
    assert "Customer NPS: 90 (95 % interval 38 to 100, n = 10)" in html
    assert "Compliments that named you: 1 in all" in html
    assert "Greets every customer by name: gap 0.20, up 3.60 on the quarter before" in html
    assert Person.objects.get(pk=anna.pk).unit == sales
