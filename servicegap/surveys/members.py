"""Who may answer an employee, leader or internal survey on its link (docs/security.md).

Anyone holding a customer survey's link may answer it. A protected survey (perspective employee,
leader or internal, or the employee, leader, internal or exit template) speaks for the company's
own people, so its link answers only a signed-in member of the right kind; everyone else answers
through a personal single-use invitation (servicegap/invitations). An anonymous visitor is sent
to the sign-in page and back; a POST of theirs stores nothing.

The kind of a member is that of their person record (employee or leader) when the membership is
linked to one, else their role's (employees and managers answer as employees, leaders as
leaders; an owner without a person record is nobody's respondent). Internal surveys are answered
by employees and leaders alike.

The response is stored without a link to the account: its respondent is a pseudonym, a keyed
hash of the survey and the user that only the server's secret key can recompute. It counts the
member as one distinct respondent however often they answer (so nobody can pad a small group past
the anonymity threshold alone), and it keeps the member to one answer per survey and calendar
month (workspace time zone) without storing who answered.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac

from servicegap.accounts.models import Membership, MembershipUnit, Role
from servicegap.core.models import Workspace
from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.people.models import PersonKind
from servicegap.surveys.models import Response, Survey, SurveyTemplate

PROTECTED_TEMPLATES = frozenset(
    {SurveyTemplate.EMPLOYEE, SurveyTemplate.LEADER, SurveyTemplate.INTERNAL, SurveyTemplate.EXIT}
)
# Who answers each protected perspective (the kinds of member above).
ANSWERED_BY = {
    "employee": frozenset({PersonKind.EMPLOYEE}),
    "leader": frozenset({PersonKind.LEADER}),
    "internal": frozenset({PersonKind.EMPLOYEE, PersonKind.LEADER}),
}
KIND_OF_ROLE = {Role.EMPLOYEE: PersonKind.EMPLOYEE, Role.MANAGER: PersonKind.EMPLOYEE,
                Role.LEADER: PersonKind.LEADER}  # fmt: skip
PSEUDONYM_PREFIX = "anon-"


def needs_sign_in(survey: Survey) -> bool:
    return survey.perspective in PROTECTED_PERSPECTIVES or survey.template in PROTECTED_TEMPLATES


def member_kind(membership: Membership) -> str:
    """employee, leader or "" (not a respondent of protected surveys)."""
    person = membership.person
    if person is not None and person.kind in (PersonKind.EMPLOYEE, PersonKind.LEADER):
        return str(person.kind)
    return str(KIND_OF_ROLE.get(membership.role, ""))  # type: ignore[call-overload]


def may_answer(membership: Membership, survey: Survey) -> bool:
    # An exit survey kept at the customer perspective by mistake is still the employees'.
    perspective = survey.perspective if survey.perspective in ANSWERED_BY else "employee"
    return member_kind(membership) in ANSWERED_BY[perspective]


def pseudonym(survey: Survey, who: str) -> str:
    """The respondent code of the answers of ``who`` (``person:<id>`` or ``user:<id>``) to
    ``survey``: stable, so they count once, and not reversible without the secret key."""
    digest = salted_hmac("servicegap.surveys.members", f"{survey.workspace_id}:{survey.pk}:{who}")
    return PSEUDONYM_PREFIX + digest.hexdigest()[:24]


def who(membership: Membership) -> str:
    """The same person answering signed in or through their invitation gets one pseudonym."""
    if membership.person_id is not None:
        return f"person:{membership.person_id}"
    return f"user:{membership.user_id}"


def home_unit(membership: Membership) -> str | None:
    """The unit the member's answers belong to: their person record's, else their one unit."""
    if membership.person is not None and membership.person.unit is not None:
        return membership.person.unit.code
    codes = list(
        MembershipUnit.objects.filter(membership=membership).values_list("unit__code", flat=True)
    )
    return codes[0] if len(codes) == 1 else None


def answered_this_month(workspace: Workspace, survey: Survey, code: str) -> bool:
    zone = ZoneInfo(workspace.time_zone or "UTC")
    now = timezone.now().astimezone(zone)
    start = datetime(now.year, now.month, 1, tzinfo=zone)
    return (
        Response.objects.of(workspace)
        .filter(survey=survey, respondent__code=code, submitted_at__gte=start)
        .exists()
    )


def gate(request, workspace: Workspace, survey: Survey, context: dict) -> HttpResponse | dict:
    """The page refusing the visitor, or the ``data_extra`` of their answer (pseudonym, unit)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    membership = (
        Membership.objects.of(workspace)
        .select_related("person__unit")
        .filter(user=request.user)
        .first()
    )
    if membership is None or not may_answer(membership, survey):
        return render(request, "surveys/members_only.html", context, status=403)
    code = pseudonym(survey, who(membership))
    if answered_this_month(workspace, survey, code):
        return render(request, "surveys/members_answered.html", context, status=409)
    extra: dict[str, str] = {"respondent": code}
    unit = home_unit(membership)
    if unit:
        extra["unit"] = unit
    return extra
