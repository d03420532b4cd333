from datetime import UTC, datetime

import pytest

from servicegap.gaps.headline import headline
from servicegap.people.models import Person
from tests.report_support import respond as record

WHEN = datetime(2026, 3, 1, 10, tzinfo=UTC)


def respond(ws, perspective, item, expectation, experience, respondent=None, scale_max=7):
    answers = [(item, k, v) for k, v in (("expectation", expectation), ("experience", experience))]
    return record(
        ws,
        perspective,
        [a for a in answers if a[2] is not None],
        respondent=respondent,
        when=WHEN,
        scale_max=scale_max,
    )


def row(rows, code):
    return next(r for r in rows if r.code == code)


@pytest.mark.django_db
def test_the_gap_is_paired_within_each_response(workspace, standards):
    for e, x in [(6, 4), (7, 5), (5, 4)]:
        respond(workspace, "customer", "GREET", e, x)
    fig = row(headline(workspace), "GREET").figures["customer"]
    assert fig.n == 3
    assert fig.gap == pytest.approx(-5 / 3)
    assert fig.expectation_mean == pytest.approx(6)
    assert fig.experience_mean == pytest.approx(13 / 3)
    assert fig.ci_low < fig.gap < fig.ci_high


@pytest.mark.django_db
def test_one_response_has_a_gap_but_no_interval(workspace, standards):
    respond(workspace, "customer", "GREET", 6, 3)
    fig = row(headline(workspace), "GREET").figures["customer"]
    assert fig.n == 1 and fig.gap == pytest.approx(-3)
    assert fig.ci_low is None and fig.ci_high is None


@pytest.mark.django_db
def test_without_an_expectation_the_gap_is_against_the_target(workspace, standards):
    respond(workspace, "customer", "CLEAN", None, 4)
    respond(workspace, "customer", "CLEAN", None, 5)
    fig = row(headline(workspace), "CLEAN").figures["customer"]
    assert fig.n == 2 and fig.gap == pytest.approx(4.5 - 6)


@pytest.mark.django_db
def test_ratings_on_another_scale_are_rescaled_to_the_workspace_scale(workspace, standards):
    respond(workspace, "customer", "GREET", 5, 3, scale_max=5)  # 5 -> 7, 3 -> 4 on 1..7
    fig = row(headline(workspace), "GREET").figures["customer"]
    assert fig.expectation_mean == pytest.approx(7)
    assert fig.experience_mean == pytest.approx(4)


@pytest.mark.django_db
def test_employee_figures_are_hidden_below_five_respondents(workspace, standards):
    people = [
        Person.objects.create(workspace=workspace, code=f"E{i}", kind="employee") for i in range(5)
    ]
    for p in people[:4]:
        respond(workspace, "employee", "GREET", 6, 5, respondent=p)
        respond(workspace, "employee", "GREET", 6, 5, respondent=p)  # same person twice: still 4
    fig = row(headline(workspace), "GREET").figures["employee"]
    assert fig.hidden and fig.gap is None and fig.n == 0
    respond(workspace, "employee", "GREET", 6, 5, respondent=people[4])
    fig = row(headline(workspace), "GREET").figures["employee"]
    assert not fig.hidden and fig.respondents == 5 and fig.n == 9


@pytest.mark.django_db
def test_top_two_box_share_counts_the_two_highest_points(workspace, standards):
    for x in (7, 6, 5, 1):
        respond(workspace, "customer", "GREET", 6, x)
    fig = row(headline(workspace), "GREET").figures["customer"]
    assert fig.top2_share == pytest.approx(0.5)


@pytest.mark.django_db
def test_another_workspaces_answers_never_count(workspace, other_workspace, standards):
    respond(other_workspace, "customer", "GREET", 1, 7)
    fig = row(headline(workspace), "GREET").figures["customer"]
    assert fig.n == 0 and fig.gap is None
