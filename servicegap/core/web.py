"""Resolving the workspace of a page: the one place pages are scoped to a tenant."""

from __future__ import annotations

import functools

from django.http import Http404

from servicegap.accounts.models import Membership, Role
from servicegap.core.models import Workspace


def memberships_of(user):
    return (
        Membership.objects.filter(user=user).select_related("workspace").order_by("workspace__slug")
    )


def workspace_view(*roles: str):
    """Decorate a view taking ``slug``: 404 unless the user is a member (with one of ``roles``).

    A user of another workspace gets 404, never 403, so the existence of a workspace does not leak.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug: str, *args, **kwargs):
            membership = (
                Membership.objects.select_related("workspace")
                .filter(user=request.user, workspace__slug=slug)
                .first()
            )
            if membership is None:
                raise Http404("no such workspace")
            if roles and membership.role not in roles:
                raise Http404("not for this role")
            request.workspace = membership.workspace
            request.membership = membership
            return view(request, *args, **kwargs)

        # The persona x URL matrix reads this to know who may see the page.
        wrapper.allowed_roles = tuple(roles) or ALL_ROLES  # type: ignore[attr-defined]
        return wrapper

    return decorator


OWNER_ONLY = (Role.OWNER,)
ALL_ROLES = tuple(Role.values)


def workspace_for_slug(slug: str) -> Workspace:
    try:
        return Workspace.objects.get(slug=slug)
    except Workspace.DoesNotExist:
        raise Http404("no such workspace") from None
