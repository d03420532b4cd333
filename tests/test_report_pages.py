"""The report pages: one per kind with a filter form, a chart, the table and a CSV download."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from servicegap.gaps.filters import KINDS
from tests.report_support import respond


def report_data(workspace):
    """Customers over two months at two touchpoints, with every kind of answer."""
    from servicegap.journeys.models import Journey, Touchpoint

    journey, _ = Journey.objects.get_or_create(
        workspace=workspace, code="BUY", defaults={"name": "Buying"}
    )
    visit, call = (
        Touchpoint.objects.get_or_create(
            workspace=workspace,
            code=code,
            defaults={"journey": journey, "name": code.title(), "step": step, "channel": "web"},
        )[0]
        for step, code in ((1, "VISIT"), (2, "CALL"))
    )
    moments = ["magic", "mediocrity", "misery", "misery", "magic", "mediocrity"]
    for i in range(12):
        when = datetime(2026, 2 + i % 2, 3 + i, 10, tzinfo=UTC)
        x = 3 + i % 4
        respond(
            workspace,
            answers=[
                ("GREET", "expectation", 6),
                ("GREET", "experience", x),
                ("CALLBACK", "expectation", 6),
                ("CALLBACK", "experience", 7 - i % 3),
                ("GREET", "kano_functional", "like"),
                ("GREET", "kano_dysfunctional", "dislike" if i % 2 else "neutral"),
                ("", "nps", min(10, 2 * x)),
                ("", "csat", max(1, x - 2)),
                ("", "ces", x),
                ("", "overall", x + i % 2),
                ("", "moment", moments[i % 6]),
            ],
            touchpoint=visit if i % 2 else call,
            when=when,
        )
    return workspace


@pytest.fixture
def data(workspace, standards):
    return report_data(workspace)


def url(kind: str, query: str = "") -> str:
    return f"/w/acme/reports/{kind}/" + (f"?{query}" if query else "")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_each_report_page_renders_with_its_chart_and_table_for_the_owner(login, data, kind):
    response = login("owner").get(url(kind))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="perspective"' in html and "Download as CSV" in html
    if kind != "alerts":
        assert 'role="img"' in html, f"no chart on the {kind} page"
        assert "<table" in html
        assert ">n</th>" in html or ".n</th>" in html or ">n = " in html, "no n column"


@pytest.mark.django_db
def test_the_moments_strip_marks_the_weakest_step(login, data):
    html = login("owner").get(url("moments")).content.decode()
    assert "weakest step" in html and 'class="seg misery"' in html


@pytest.mark.django_db
def test_the_driver_matrix_names_its_quadrants(login, data):
    html = login("owner").get(url("drivers")).content.decode()
    assert "fix first" in html and "Importance" in html


@pytest.mark.django_db
def test_nps_by_period_draws_one_bar_per_month(login, data):
    html = login("owner").get(url("nps", "by=period")).content.decode()
    assert ">2026-02</text>" in html and ">2026-03</text>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [("by=colour", "by"), ("from=yesterday", "from"), ("segment=north", "segment")],
)
def test_a_bad_filter_shows_its_error_next_to_the_field(login, data, query, field):
    response = login("owner").get(url("gaps", query))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_errors"' in html
    assert 'class="figures report-table"' not in html


@pytest.mark.django_db
def test_employee_slicing_rules_show_as_a_field_error(login, data):
    html = login("owner").get(url("gaps", "perspective=employee&from=2026-02-03")).content.decode()
    assert 'id="id_from_errors"' in html and "first day of a month" in html


@pytest.mark.django_db
def test_a_small_group_is_hidden_not_shown(login, workspace, standards):
    for _ in range(2):
        respond(workspace, "employee", [("GREET", "expectation", 6), ("GREET", "experience", 2)])
    html = login("employee").get(url("gaps", "perspective=employee")).content.decode()
    assert "Hidden: fewer than" in html
    assert "2.00" not in html and "\u22124.00" not in html


@pytest.mark.django_db
def test_every_member_sees_reports_in_the_nav(login, data):
    html = login("employee").get("/w/acme/").content.decode()
    assert 'href="/w/acme/reports/"' in html
    assert login("employee").get(url("gaps")).status_code == 200


@pytest.mark.django_db
def test_an_unknown_kind_is_404(login, data):
    assert login("owner").get(url("weather")).status_code == 404


@pytest.mark.django_db
def test_an_outsider_gets_404(client, users, data):
    client.force_login(users["outsider"])
    assert client.get(url("gaps")).status_code == 404


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_log_in(client, data):
    response = client.get(url("gaps"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_csv_download_has_the_header_and_one_line_per_row(login, data):
    response = login("owner").get(url("gaps", "format=csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(r["item"] for r in rows) == ["CALLBACK", "GREET"]
    assert {"item", "n", "gap", "ci_low", "ci_high"} <= set(rows[0])


@pytest.mark.django_db
def test_csv_flattens_nested_figures_into_dotted_columns(login, data):
    response = login("owner").get(url("perception", "format=csv"))
    header = response.content.decode().splitlines()[0].split(",")
    assert "customer.mean" in header and "significant.leader_vs_customer" in header


@pytest.mark.django_db
def test_csv_of_a_single_figure_is_one_row(login, data):
    rows = list(
        csv.DictReader(io.StringIO(login("owner").get(url("nps", "format=csv")).content.decode()))
    )
    assert len(rows) == 1 and rows[0]["n"] == "12"


def pdf_pages(body: bytes) -> int:
    import re

    assert body.startswith(b"%PDF-")
    return len(re.findall(rb"/Type\s*/Page\b", body))


@pytest.mark.django_db
def test_the_printable_pdf_has_one_page_per_report_and_is_audited(login, data):
    from servicegap.core.models import AuditEntry

    response = login("owner").get("/w/acme/reports/pdf/?period=quarter")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert pdf_pages(response.content) == len(KINDS)
    entry = AuditEntry.objects.filter(action="export.report").latest("pk")
    assert entry.detail["kind"] == "pdf" and entry.detail["filters"]["period"] == "quarter"


@pytest.mark.django_db
def test_the_pdf_names_a_filter_a_report_does_not_take_instead_of_failing(login, data):
    # Employee data by touchpoint is refused by every report (422 in the API): each page says so.
    response = login("owner").get("/w/acme/reports/pdf/?perspective=employee&touchpoint=T1")
    assert response.status_code == 200 and pdf_pages(response.content) == len(KINDS)


@pytest.mark.django_db
def test_report_pdf_from_the_cli_writes_the_file(workspace, data, tmp_path):
    from click.testing import CliRunner

    from servicegap.cli import main_group

    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(
        main_group, ["--workspace", "acme", "report", "pdf", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert pdf_pages(out.read_bytes()) == len(KINDS)
    missing = CliRunner().invoke(main_group, ["--workspace", "acme", "report", "pdf"])
    assert missing.exit_code != 0 and "--output" in missing.output
