from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from servicegap.accounts.models import Membership, MembershipUnit
from servicegap.core.models import Workspace
from servicegap.people.models import Unit

SCOPED_ROLES = ("manager", "employee")


@transaction.atomic
def set_membership(
    workspace: Workspace, email: str, role: str, unit_codes: list[str], password: str | None = None
):
    """Create the user if needed and give them ``role`` in ``workspace``, scoped to the units."""
    units = list(Unit.objects.of(workspace).filter(code__in=unit_codes))
    missing = sorted(set(unit_codes) - {u.code for u in units})
    if missing:
        raise ValueError(f"--unit: no unit {', '.join(missing)} in workspace {workspace.slug}")
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
    membership, _ = Membership.objects.update_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )
    MembershipUnit.objects.filter(membership=membership).delete()
    if role in SCOPED_ROLES:
        MembershipUnit.objects.bulk_create(
            [MembershipUnit(workspace=workspace, membership=membership, unit=u) for u in units]
        )
    return user, created
