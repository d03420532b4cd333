"""Report filters take dates from 1900 to 2999: outside, the API answers 422 naming the field, the
page shows the error next to it (422) and the CLI names the option, instead of an OverflowError
in the aggregates' month arithmetic."""

from __future__ import annotations

import pytest

from servicegap.gaps.filters import ReportError, parse
from tests.report_support import cli, respond

KINDS = ("gaps", "perception", "moments", "nps", "csat", "ces", "drivers", "kano", "alerts")


def get(client, key, kind, **params):
    return client.get(f"/api/v1/reports/{kind}", params, HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def answered(workspace, standards):
    respond(workspace, answers=[("GREET", "expectation", 6), ("GREET", "experience", 4)])
    return workspace


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "9999-01-01", "to": "9999-12-31"}, "from"),
        ({"to": "9999-12-31"}, "to"),
        ({"from": "3000-01-01"}, "from"),
        ({"from": "1899-12-31"}, "from"),
        ({"from": "0001-01-01", "to": "2026-01-31"}, "from"),
        ({"from": "2026-01-01", "to": "0001-01-01"}, "to"),
    ],
)
def test_it_rejects_a_date_before_1900_or_after_2999_naming_the_field(params, field):
    with pytest.raises(ReportError) as caught:
        parse("gaps", params)
    assert caught.value.field == field
    assert "1900-01-01" in caught.value.message and "2999-12-31" in caught.value.message


def test_it_takes_the_first_and_last_day_of_the_range():
    filters = parse("gaps", {"from": "1900-01-01", "to": "2999-12-31"})
    assert (filters.date_from.year, filters.date_to.year) == (1900, 2999)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_the_api_answers_422_naming_from_for_a_window_in_the_year_9999(
    client, api_key, answered, kind
):
    r = get(client, api_key, kind, **{"from": "9999-01-01", "to": "9999-12-31"})
    assert r.status_code == 422
    assert r.json()["field"] == "from" and "2999-12-31" in r.json()["error"]


@pytest.mark.django_db
def test_the_api_answers_422_naming_to_for_a_last_day_in_the_year_9999(client, api_key, answered):
    r = get(client, api_key, "gaps", to="9999-12-31", perspective="employee", period="year")
    assert r.status_code == 422 and r.json()["field"] == "to"


@pytest.mark.django_db
def test_a_window_at_the_edges_of_the_range_is_a_report(client, api_key, answered):
    r = get(client, api_key, "gaps", **{"from": "1900-01-01", "to": "2999-12-31"})
    assert r.status_code == 200 and r.json()["rows"][0]["n"] == 1
    r = get(client, api_key, "alerts", **{"from": "2999-12-01", "to": "2999-12-31"})
    assert r.status_code == 200


@pytest.mark.django_db
def test_the_report_page_shows_the_error_next_to_from_with_422(login, answered):
    response = login("owner").get("/w/acme/reports/gaps/?from=9999-01-01&to=9999-12-31")
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_from_errors"' in html and "2999-12-31" in html


@pytest.mark.django_db
def test_the_report_csv_of_a_date_out_of_range_is_refused_with_422_not_a_file(login, answered):
    response = login("owner").get("/w/acme/reports/nps/?from=9999-01-01&format=csv")
    assert response.status_code == 422 and response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_the_printable_pdf_names_the_date_on_each_page_instead_of_failing(login, answered):
    response = login("owner").get("/w/acme/reports/pdf/?from=9999-01-01&to=9999-12-31")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_the_cli_exits_non_zero_naming_the_option_without_a_traceback(answered):
    result = cli("acme", "gaps", "--from", "9999-01-01")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "--from" in result.output and "2999-12-31" in result.output
    assert "Traceback" not in result.output and "OverflowError" not in result.output
    result = cli("acme", "nps", "--to", "9999-12-31", "--json")
    assert result.exit_code == 1 and "--to" in result.output
