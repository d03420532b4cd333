from datetime import UTC, datetime

import pytest

from servicegap.journeys.models import Journey, Touchpoint
from servicegap.people.models import Person
from servicegap.surveys.contract import ResponseError, record_response
from servicegap.surveys.models import Answer, Response, Survey


def body(**over):
    data = {
        "submitted_at": "2026-03-01T10:00:00Z",
        "perspective": "customer",
        "answers": [
            {"item": "GREET", "kind": "expectation", "value": 6},
            {"item": "GREET", "kind": "experience", "value": 4},
            {"kind": "nps", "value": 9},
        ],
    }
    data.update(over)
    return data


@pytest.mark.django_db
def test_a_valid_response_is_stored_one_row_per_answer(workspace, standards):
    r = record_response(workspace, body())
    rows = list(Answer.objects.of(workspace).filter(response=r).order_by("kind"))
    assert [(a.item, a.kind, a.value) for a in rows] == [
        ("GREET", "expectation", 6.0),
        ("GREET", "experience", 4.0),
        ("", "nps", 9.0),
    ]
    assert rows[0].standard_version.version == 1
    assert r.scale_max == 7 and r.submitted_at == datetime(2026, 3, 1, 10, tzinfo=UTC)


@pytest.mark.django_db
def test_a_local_time_with_a_zone_is_stored_in_utc(workspace, standards):
    r = record_response(
        workspace, body(submitted_at="2026-07-01T12:00:00", time_zone="Europe/Amsterdam")
    )
    assert r.submitted_at == datetime(2026, 7, 1, 10, tzinfo=UTC)
    assert r.time_zone == "Europe/Amsterdam"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"perspective": "boss"}, "perspective"),
        ({"submitted_at": "yesterday"}, "submitted_at"),
        ({"submitted_at": "2026-03-01T10:00:00"}, "submitted_at"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"unit": "NOPE"}, "unit"),
        ({"supplier": "SALES"}, "supplier"),
        ({"answers": []}, "answers"),
        ({"answers": [{"item": "GREET", "kind": "experience", "value": 99}]}, "answers[0].value"),
        ({"answers": [{"item": "NOPE", "kind": "experience", "value": 3}]}, "answers[0].item"),
        ({"answers": [{"item": "GREET", "kind": "experience", "value": 3}] * 2}, "answers[1]"),
    ],
)
def test_it_rejects_a_response_breaking_the_contract_and_stores_nothing(
    workspace, standards, over, field
):
    with pytest.raises(ResponseError) as err:
        record_response(workspace, body(**over))
    assert err.value.field == field
    assert Response.objects.of(workspace).count() == 0
    assert Answer.objects.of(workspace).count() == 0


@pytest.mark.django_db
def test_an_unknown_respondent_code_creates_a_person_of_the_perspectives_kind(workspace, standards):
    record_response(workspace, body(perspective="employee", respondent="E-77"))
    assert Person.objects.of(workspace).get(code="E-77").kind == "employee"


@pytest.mark.django_db
def test_the_unit_defaults_to_the_touchpoints_owning_unit(workspace, standards):
    from servicegap.people.models import Unit

    j = Journey.objects.create(workspace=workspace, code="BUY", name="Buying a car")
    sales = Unit.objects.of(workspace).get(code="SALES")
    Touchpoint.objects.create(
        workspace=workspace, journey=j, code="TEST-DRIVE", name="Test drive", step=1, unit=sales
    )
    r = record_response(workspace, body(touchpoint="TEST-DRIVE"))
    assert r.unit == sales


@pytest.mark.django_db
def test_ratings_are_checked_against_the_surveys_scale(workspace, standards):
    Survey.objects.create(workspace=workspace, code="P5", title="Five point", scale_max=5)
    with pytest.raises(ResponseError):
        record_response(workspace, body(survey="P5"))  # expectation 6 > 5
    r = record_response(
        workspace, body(survey="P5", answers=[{"item": "GREET", "kind": "experience", "value": 5}])
    )
    assert r.scale_max == 5


@pytest.mark.django_db
def test_a_supplier_is_rated_from_the_internal_perspective(workspace, standards):
    r = record_response(workspace, body(perspective="internal", unit="SALES", supplier="SERVICE"))
    assert r.supplier.code == "SERVICE" and r.unit.code == "SALES"


@pytest.mark.django_db
def test_another_workspaces_codes_are_unknown(workspace, other_workspace, standards):
    with pytest.raises(ResponseError) as err:
        record_response(other_workspace, body())
    assert err.value.field == "answers[0].item"


@pytest.mark.django_db
def test_a_new_version_of_a_standard_leaves_past_answers_pointing_at_the_old_one(
    workspace, standards
):
    record_response(workspace, body())
    greet = standards[0]
    greet.title = "Greets every customer by name within 30 seconds"
    greet.save_version()
    record_response(workspace, body())
    versions = sorted(
        a.standard_version.version for a in Answer.objects.of(workspace).filter(kind="experience")
    )
    assert versions == [1, 2]
    old = Answer.objects.of(workspace).filter(standard_version__version=1).first()
    assert old.standard_version.title == "Greets every customer by name"
