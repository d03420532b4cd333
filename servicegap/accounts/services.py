from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from servicegap.accounts.models import Membership, MembershipUnit
from servicegap.core.models import Workspace
from servicegap.people.models import Person, Unit

SCOPED_ROLES = ("manager", "employee")


@transaction.atomic
def linkable_person(workspace: Workspace, code: str, email: str) -> Person:
    """The employee or leader record ``code`` that the member ``email`` may be linked to: it
    exists and no other member of the workspace is linked to it (ValueError says why not)."""
    person = Person.objects.of(workspace).filter(code=code).first()
    if person is None:
        raise ValueError(f"--person: no person {code!r} in workspace {workspace.slug}")
    if person.kind not in ("employee", "leader"):
        raise ValueError(f"--person: {code!r} is a {person.kind}; link an employee or a leader")
    taken = Membership.objects.of(workspace).filter(person=person)
    if taken.exclude(user__email__iexact=email).exists():
        raise ValueError(f"--person: {code!r} is already linked to another member")
    return person


def set_membership(
    workspace: Workspace,
    email: str,
    role: str,
    unit_codes: list[str],
    password: str | None = None,
    person: str | None = None,
):
    """Create the user if needed and give them ``role`` in ``workspace``, scoped to the units.
    ``person``: the code of their employee or leader record ("" unlinks; None leaves it), which
    their "My page" and recognitions are found by."""
    units = list(Unit.objects.of(workspace).filter(code__in=unit_codes))
    missing = sorted(set(unit_codes) - {u.code for u in units})
    if missing:
        raise ValueError(f"--unit: no unit {', '.join(missing)} in workspace {workspace.slug}")
    record = linkable_person(workspace, person, email) if person else None
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User(username=email, email=email)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    elif password:
        user.set_password(password)
        user.save(update_fields=["password"])
    defaults: dict = {"role": role}
    if person is not None:
        defaults["person"] = record
    membership, _ = Membership.objects.update_or_create(
        workspace=workspace, user=user, defaults=defaults
    )
    MembershipUnit.objects.filter(membership=membership).delete()
    if role in SCOPED_ROLES:
        MembershipUnit.objects.bulk_create(
            [MembershipUnit(workspace=workspace, membership=membership, unit=u) for u in units]
        )
    return user, created
