import pytest

from servicegap.feedback.contract import record_feedback
from servicegap.feedback.models import Feedback, Recognition
from servicegap.people.models import Person, Unit
from servicegap.surveys.contract import ResponseError


@pytest.fixture
def priya(workspace):
    sales = Unit.objects.of(workspace).get(code="SALES")
    return Person.objects.create(
        workspace=workspace, code="E-PRIYA", name="Priya", kind="employee", unit=sales
    )


@pytest.mark.django_db
def test_a_compliment_naming_an_employee_is_routed_to_them(workspace, priya):
    fb = record_feedback(
        workspace,
        {"kind": "compliment", "text": "Priya explained everything", "employee": "E-PRIYA"},
    )
    assert fb.unit.code == "SALES"
    assert Recognition.objects.of(workspace).get().employee == priya


@pytest.mark.django_db
def test_a_complaint_makes_no_recognition(workspace, priya):
    record_feedback(
        workspace, {"kind": "complaint", "text": "Nobody called back", "employee": "E-PRIYA"}
    )
    assert Recognition.objects.of(workspace).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "rant", "text": "x"}, "kind"),
        ({"kind": "idea", "text": "  "}, "text"),
        ({"kind": "idea", "text": "x", "employee": "NOPE"}, "employee"),
        ({"kind": "idea", "text": "x", "contact": "me@example.com"}, "consent"),
        ({"kind": "idea", "text": "x", "consent": "maybe"}, "consent"),
        ({"kind": "idea", "text": "x", "submitted_at": "2026-01-01T10:00"}, "submitted_at"),
    ],
)
def test_it_rejects_bad_feedback_and_stores_nothing(workspace, priya, data, field):
    with pytest.raises(ResponseError) as err:
        record_feedback(workspace, data)
    assert err.value.field == field
    assert Feedback.objects.of(workspace).count() == 0


@pytest.mark.django_db
def test_contact_details_are_kept_with_consent_and_script_is_kept_as_text(workspace):
    fb = record_feedback(
        workspace,
        {
            "kind": "suggestion",
            "text": "<script>alert(1)</script>",
            "contact": "me@example.com",
            "consent": True,
        },
    )
    assert fb.contact == "me@example.com" and fb.consent
    assert fb.text == "<script>alert(1)</script>"
