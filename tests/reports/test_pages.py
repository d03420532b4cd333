"""The report pages: one per kind with a filter form, a chart, the table and a CSV download."""

from __future__ import annotations

import csv
import io
import math
from datetime import UTC, datetime

import pytest

from servicegap.gaps.kinds import ReportError, run
from servicegap.reports import registry
from tests.report_support import respond

KINDS = [kind.name for kind in registry.pages()]  # every kind with a page


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
    from servicegap.people.models import Unit

    units = [Unit.objects.of(workspace).filter(code=c).first() for c in ("SALES", "SERVICE")]
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
                ("GREET", "competitor_experience", 7 - x),
            ],
            touchpoint=visit if i % 2 else call,
            unit=units[i % 3 % 2],  # by unit too (consistency); None where the fixture has none
            when=when,
        )
    from servicegap.competitors.models import Competitor
    from servicegap.surveys.models import Answer

    # the competitor ratings name their competitor, as the contract requires of every one
    Competitor.objects.create(workspace=workspace, code="RIVAL", name="Rival Motors")
    Answer.objects.of(workspace).filter(kind="competitor_experience").update(competitor="RIVAL")
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
    assert "Download as CSV" in html
    # A kind without the common filters (actions, recovery) reads other data: its own tests.
    if not registry.get(kind).filtered:  # type: ignore[union-attr]
        return
    assert 'name="perspective"' in html
    if kind != "alerts":
        assert 'role="img"' in html, f"no chart on the {kind} page"
        assert "<table" in html
        assert "(n)</th>" in html or ">n = " in html, "no n column"


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
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="id_{field}_errors"' in html
    assert 'class="figures report-table"' not in html


@pytest.mark.django_db
def test_employee_slicing_rules_show_as_a_field_error(login, data):
    html = login("owner").get(url("gaps", "perspective=employee&from=2026-02-03")).content.decode()
    assert 'id="id_from_errors"' in html and "first day of a month" in html


@pytest.mark.django_db
def test_a_small_group_is_hidden_not_shown(login, workspace, standards):
    from servicegap.people.models import Unit

    sales = Unit.objects.get(code="SALES")  # the employee's unit: the one their reports show
    for _ in range(2):
        respond(
            workspace, "employee", [("GREET", "expectation", 6), ("GREET", "experience", 2)],
            unit=sales,
        )  # fmt: skip
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


def pdf_pages(body: bytes) -> list[str]:
    """The text of each page of a PDF."""
    import io

    from pypdf import PdfReader

    assert body.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]


def reports_in(body: bytes) -> list[str]:
    """The kinds whose heading starts a page, in order (each report starts on a page)."""
    headings = {kind.heading: kind.name for kind in registry.pages()}
    found = []
    for text in pdf_pages(body):
        first = text.strip().splitlines()[0] if text.strip() else ""
        if first in headings:
            found.append(headings[first])
    return found


@pytest.mark.django_db
def test_the_printable_pdf_has_one_page_per_report_and_is_audited(login, data):
    from servicegap.core.models import AuditEntry

    response = login("owner").get("/w/acme/reports/pdf/?period=quarter")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert reports_in(response.content) == KINDS
    entry = AuditEntry.objects.filter(action="export.report").latest("pk")
    assert entry.detail["kind"] == "pdf" and entry.detail["filters"]["period"] == "quarter"


@pytest.mark.django_db
def test_the_pdf_names_a_filter_a_report_does_not_take_instead_of_failing(login, data):
    # Employee data by touchpoint is refused by every report (422 in the API): each page says so.
    response = login("owner").get("/w/acme/reports/pdf/?perspective=employee&touchpoint=T1")
    assert response.status_code == 200 and reports_in(response.content) == KINDS


@pytest.mark.django_db
def test_report_pdf_from_the_cli_writes_the_file(workspace, data, tmp_path):
    from click.testing import CliRunner

    from servicegap.cli import main_group

    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(
        main_group, ["--workspace", "acme", "report", "pdf", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert reports_in(out.read_bytes()) == KINDS
    missing = CliRunner().invoke(main_group, ["--workspace", "acme", "report", "pdf"])
    assert missing.exit_code != 0 and "--output" in missing.output


# Tables a manager can read: readable headers, rounded figures, intervals in one column.

RAW_HEADERS = ("expectation_mean", "experience_mean", "ci_low", "ci_high", "misery_ci_high",
               "top_box_pct", "csat_pct", "too_few_to_tell")  # fmt: skip


def headers(html: str) -> list[str]:
    import re

    return [
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", html)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_no_report_table_shows_a_raw_json_key_as_a_header(login, data, kind):
    shown = headers(login("owner").get(url(kind)).content.decode())
    assert not any(h in RAW_HEADERS or "_" in h for h in shown), shown


@pytest.mark.django_db
def test_the_gaps_table_names_its_columns_and_keeps_the_raw_keys_as_titles(login, data):
    html = login("owner").get(url("gaps")).content.decode()
    shown = headers(html)
    for name in ("Standard", "Rated both (n)", "Expected (mean)", "Experienced (mean)",
                 "Gap to own expectation", "95 % interval", "p-value", "q (BH-adjusted)",
                 "Significant", "Gap to target", "Rated vs target (n)",
                 "Gap to target: 95 % interval"):  # fmt: skip
        assert name in shown
    assert 'title="CSV: expectation_mean"' in html and 'CSV: ci_low, ci_high"' in html
    assert 'CSV: target_ci_low, target_ci_high"' in html


@pytest.mark.django_db
def test_the_gaps_table_writes_means_with_two_decimals_and_the_interval_as_low_to_high(
    login, data, workspace
):
    html = login("owner").get(url("gaps")).content.decode()
    greet = next(r for r in run(workspace, "gaps", {})["rows"] if r["item"] == "GREET")
    low, high = float(greet["ci_low"]), float(greet["ci_high"])
    written = f"{low:+.2f} … {high:+.2f}".replace("-", "\u2212")
    assert written in html
    assert f">{float(greet['expectation_mean']):.2f}<" in html


@pytest.mark.django_db
def test_the_csv_names_each_row_and_rounds_figures_to_what_their_interval_supports(
    login, data, workspace
):
    raw = next(r for r in run(workspace, "gaps", {})["rows"] if r["item"] == "GREET")
    text = login("owner").get(url("gaps", "format=csv")).content.decode()
    header, *_ = text.splitlines()
    assert header.startswith("name,item,")  # the name first, its code beside it
    greet = next(r for r in csv.DictReader(io.StringIO(text)) if r["item"] == "GREET")
    assert greet["name"] == raw["name"] and raw["name"] != "GREET"
    half = (raw["ci_high"] - raw["ci_low"]) / 2
    places = max(0, -math.floor(math.log10(half)))
    assert greet["gap"] == str(round(raw["gap"], places))  # not 15 decimals
    assert len(greet["gap"].partition(".")[2]) <= places


@pytest.mark.django_db
def test_the_csv_keeps_every_raw_column_while_the_page_leaves_empty_ones_out(login, data):
    html = login("owner").get(url("gaps")).content.decode()
    header = login("owner").get(url("gaps", "format=csv")).content.decode().splitlines()[0]
    assert "change_ci_low" in header and "superiority_gap" in header
    assert 'data-key="change_ci_low, change_ci_high"' not in html  # no previous period: empty
    assert "Change significant" not in html  # false, not empty, but meaningless without a change


@pytest.mark.django_db
def test_perception_groups_its_columns_under_each_perspective(login, data):
    html = login("owner").get(url("perception")).content.decode()
    assert 'scope="colgroup"' in html and ">Customers</th>" in html
    assert "Top-2-box %" in headers(html)


@pytest.mark.django_db
def test_a_single_figure_report_has_a_row_header_saying_it_covers_all_answers(login, data):
    html = login("owner").get(url("nps")).content.decode()
    assert '<th scope="row">All answers</th>' in html and "NPS" in headers(html)


def test_a_report_key_gets_its_readable_name_and_an_unknown_one_reads_as_words():
    from servicegap.reports.table import label

    assert label("expectation_mean") == "Expectation (mean)"
    assert label("q") == "q (BH-adjusted)"
    assert label("customer.top_box_pct") == "Top-2-box %"
    assert label("brand_new_figure") == "Brand new figure"


@pytest.mark.parametrize("key", ["touchpoint", "unit", "kind", "method", "expected", "direction"])
def test_every_alert_column_has_a_name(key):
    from servicegap.reports.table import LABELS

    assert LABELS[key] and LABELS[key] != key


@pytest.mark.parametrize(
    ("key", "value", "written"),
    [
        ("n", 3650, "3,650"),
        ("expectation_mean", 5.303076, "5.30"),
        ("gap", 0.18, "+0.18"),
        ("gap", -1.304, "\u22121.30"),
        ("p", 0.00002, "< 0.001"),
        ("q", 0.0042, "0.004"),
        ("p", 0.6830, "0.68"),
        ("csat_pct", 51.93, "51.9\u00a0%"),
        ("customer.top_box_pct", 6.89, "6.9\u00a0%"),
        ("importance", 0.1183, "11.8\u00a0%"),
        ("nps", -17.857, "\u221217.9"),
        ("significant", True, "yes"),
        ("too_few_to_tell", False, "no"),
        ("category", "M", "Must-be (M)"),
        ("method", "ewma", "EWMA"),
        ("direction", "down", "\u25bc down"),
        ("gap", None, "—"),
        ("item", "GREET", "GREET"),
    ],
)
def test_figures_are_written_for_reading(key, value, written):
    from servicegap.reports.table import number

    assert number(key, value) == written


def test_an_interval_is_one_column_written_like_its_figure():
    from servicegap.reports.table import cell, columns

    keys = ["touchpoint", "n", "misery_pct", "misery_ci_low", "misery_ci_high", "gap", "ci_low",
            "ci_high"]  # fmt: skip
    row = {"touchpoint": "VISIT", "n": 12, "misery_pct": 33.3, "misery_ci_low": 13.8,
           "misery_ci_high": 60.9, "gap": -0.5, "ci_low": -1.2, "ci_high": 0.25}  # fmt: skip
    cols = columns(keys, [row])
    assert [c.label for c in cols] == ["Touchpoint", "Answers (n)", "Misery %",
                                       "Misery: 95 % interval", "Gap", "95 % interval"]  # fmt: skip
    assert cols[3].title == "misery_ci_low, misery_ci_high" and cols[0].style == "rowhead"
    assert cell(cols[3], row, keys) == "13.8 … 60.9\u00a0%"
    assert cell(cols[5], row, keys) == "\u22121.20 … +0.25"


def test_a_hidden_perspective_reads_hidden_and_groups_span_their_columns():
    from servicegap.reports.table import cell, columns, groups

    keys = ["item", "customer.n", "customer.mean", "employee.suppressed", "employee.n"]
    rows = [{"item": "GREET", "customer.n": 9, "customer.mean": 5.0, "employee.suppressed": True},
            {"item": "CLEAN", "customer.n": 9, "customer.mean": 4.0, "employee.n": 7}]  # fmt: skip
    cols = columns(keys, rows)
    assert [c.title for c in cols] == ["item", "customer.n", "customer.mean", "employee.n"]
    assert groups(cols) == [("", 1), ("Customers", 2), ("Employees", 1)]
    assert cell(cols[3], rows[0], keys) == "hidden" and cell(cols[3], rows[1], keys) == "7"


# Charts that fit a phone: the narrow layout writes labels above the marks and cuts long codes.


def _gap_rows(codes):
    from servicegap.gaps.headline import HeadlineRow, PerspectiveFigure

    return [
        HeadlineRow(code, f"title of {code}", "people", 6,
                    {"customer": PerspectiveFigure("customer", n=12345, gap=-1.5 + i / 3,
                                                   ci_low=-2.0 + i / 3, ci_high=-1.0 + i / 3)})
        for i, code in enumerate(codes)
    ]  # fmt: skip


def test_the_narrow_bar_chart_puts_each_label_above_its_bar_within_the_width():
    from servicegap.gaps import charts

    codes = ["GREET", "A-VERY-LONG-STANDARD-CODE-INDEED-LONGER-THAN-A-PHONE"]
    chart = charts.gap_chart(_gap_rows(codes), charts.NARROW)
    assert chart is not None and chart.width <= 320
    for bar in chart.bars:
        assert bar.label_y < bar.top  # the label line is above the bar
        used = charts.text_px(bar.shown, charts.CODE_PX) + charts.text_px(bar.label)
        assert used + 12 <= chart.width, bar
        assert chart.axis.plot_left >= 0 and chart.axis.plot_right <= chart.width
    assert chart.bars[0].shown == "title of GREET"  # the name; the code is in its <title>
    assert chart.bars[1].shown.endswith("\u2026") and chart.bars[1].code == codes[1]


def test_the_wide_bar_chart_makes_room_for_long_codes():
    from servicegap.gaps import charts

    short = charts.gap_chart(_gap_rows(["A"]), charts.WIDE)
    long = charts.gap_chart(_gap_rows(["FIRST-CONTACT-NORTH"]), charts.WIDE)
    assert short is not None and long is not None
    assert long.axis.plot_left > short.axis.plot_left
    assert long.bars[0].shown == "title of FIRST-CONTACT-NORTH"
    assert long.bars[0].label == "\u22121.50 · n = 12,345"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["gaps", "perception", "moments", "nps", "drivers", "kano"])
def test_each_chart_comes_in_a_wide_and_a_narrow_layout(login, data, kind):
    html = login("owner").get(url(kind)).content.decode()
    assert "layout-wide" in html and "layout-narrow" in html
    assert f'id="rc-title-{kind}-wide"' in html and f'id="rc-title-{kind}-narrow"' in html


def test_scatter_labels_never_overlap_and_stay_in_the_chart():
    from servicegap.reports import report_charts as rc

    rows = [{"item": f"ITEM-{i}", "importance": 0.1 + (i % 3) / 100, "gap": -1 + (i % 4) / 50,
             "quadrant": "fix first" if i % 2 else "low priority"} for i in range(12)]  # fmt: skip
    for frame in rc.SCATTER_FRAMES:
        chart = rc.drivers(rows, frame)
        assert chart is not None
        boxes = [rc._box(p.text_x, p.text_y, rc.text_px(p.shown, rc.CODE_PX), p.anchor)
                 for p in chart.points if p.shown]  # fmt: skip
        assert boxes, "no label at all"
        assert len(boxes) < len(rows), "crowded points must leave some labels out"
        for i, a in enumerate(boxes):
            assert a[0] >= 0 and a[2] <= frame.width
            assert not any(rc._overlaps(a, b) for b in boxes[i + 1 :])


def test_the_alerts_chart_marks_each_alert_on_an_even_calendar():
    from servicegap.reports import report_charts as rc

    rows = [
        {"kind": "standard", "item": "GREET", "period": "2026-01", "value": 4.1, "expected": 4.5,
         "direction": "down", "method": "ewma"},
        {"kind": "standard", "item": "GREET", "period": "2026-04", "value": 5.1, "expected": 4.5,
         "direction": "up", "method": "ewma"},
        {"kind": "unit", "unit": "NORTH", "period": "2026-02", "value": 3.0, "expected": 4.0,
         "direction": "down", "method": "ewma"},
    ]  # fmt: skip
    for layout in rc.charts.LAYOUTS:
        chart = rc.alerts(rows, layout)
        assert chart is not None
        assert [r.code for r in chart.rows] == ["standard GREET", "unit NORTH"]
        assert len(chart.axis.ticks) == 4  # January to April, March included
        assert [d.perspective for d in chart.rows[0].dots] == ["down", "up"]
        assert "4.10, expected 4.50 (down)" in chart.rows[0].dots[0].label


@pytest.mark.django_db
def test_employee_views_offer_a_list_of_whole_periods_instead_of_free_dates(login, data):
    html = login("owner").get(url("gaps", "perspective=employee")).content.decode()
    assert 'name="window"' in html and 'name="from"' not in html and 'name="to"' not in html
    assert '<option value="2026-Q1">Q1 2026</option>' in html or "-Q" in html
    customer = login("owner").get(url("gaps")).content.decode()
    assert 'name="from"' in customer and 'name="window"' in customer


@pytest.mark.django_db
def test_a_calendar_period_is_the_same_as_its_first_and_last_day(workspace, data):
    by_window = run(workspace, "gaps", {"window": "2026-03"})
    by_dates = run(workspace, "gaps", {"from": "2026-03-01", "to": "2026-03-31"})
    assert by_window == by_dates
    with pytest.raises(ReportError) as both:
        run(workspace, "gaps", {"window": "2026-03", "from": "2026-03-01"})
    assert both.value.field == "window"
    with pytest.raises(ReportError):
        run(workspace, "gaps", {"window": "2026-13"})


def test_a_report_by_period_is_drawn_as_a_line_with_its_interval_band():
    from servicegap.reports import trend

    rows = [{"period": "2026-01", "gap": -1.0, "ci_low": -1.2, "ci_high": -0.8, "n": 40},
            {"period": "2026-02", "gap": -0.5, "ci_low": -0.7, "ci_high": -0.3, "n": 41},
            {"period": "2026-04", "gap": -0.2, "ci_low": -0.4, "ci_high": 0.0, "n": 39}]  # fmt: skip
    chart = trend.trend(rows, "gap")
    assert chart is not None and [t.label for t in chart.x_ticks] == [
        "2026-01", "2026-02", "2026-03", "2026-04"]  # fmt: skip
    assert len(chart.paths) == 2 and len(chart.bands) == 2  # March has no answers: a break
    assert chart.zero is not None and len(chart.marks) == 3
    first, second = chart.marks[0], chart.marks[1]
    assert second.y < first.y  # a smaller shortfall is drawn higher
