"""Resolving the workspace of a page: the one place pages are scoped to a tenant, a role and
the member's units.

Roles: each page names the roles that may use it (``workspace_view(*roles)``); anyone else gets
404. Units: owners and leaders see every unit; managers and employees see workspace-wide figures
but each unit's own figures only for their units and the units below them. A page asked for
another unit (``unit`` in the URL or the query string) answers 404, here, before the view runs;
rows broken down by unit are cut to the member's units by ``visible_rows``.
"""

from __future__ import annotations

import functools
from typing import Any

from django.http import Http404

from servicegap.accounts.models import Membership, MembershipUnit, Role
from servicegap.core.models import Workspace
from servicegap.people.models import Unit

UNIT_SCOPED_ROLES = (Role.MANAGER, Role.EMPLOYEE)


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
            scope = unit_scope(membership)
            asked = kwargs.get("unit") or request.GET.get("unit")
            if scope is not None and asked and asked not in scope:
                raise Http404("not this member's unit")
            request.workspace = membership.workspace
            request.membership = membership
            request.unit_scope = scope
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


def unit_scope(membership: Membership) -> frozenset[str] | None:
    """The codes of the units ``membership`` may see one by one; None: every unit."""
    if membership.role not in UNIT_SCOPED_ROLES:
        return None
    frontier = set(
        MembershipUnit.objects.filter(membership=membership).values_list("unit_id", flat=True)
    )
    units = list(Unit.objects.of(membership.workspace_id).values_list("pk", "parent_id", "code"))
    children: dict[int | None, list[int]] = {}
    for pk, parent, _ in units:
        children.setdefault(parent, []).append(pk)
    seen: set[int] = set()
    while frontier:
        pk = frontier.pop()
        if pk not in seen:
            seen.add(pk)
            frontier.update(children.get(pk, []))
    return frozenset(code for pk, _, code in units if pk in seen)


def visible_rows(doc: dict[str, Any], scope: frozenset[str] | None) -> dict[str, Any]:
    """A report document with the rows of units outside ``scope`` left out."""
    if scope is None or not isinstance(doc.get("rows"), list):
        return doc
    rows = [r for r in doc["rows"] if not isinstance(r, dict) or r.get("unit") in (None, *scope)]
    # "tied with" names only rows still shown: not another unit's units or employees
    kept = {r.get(key) for r in rows if isinstance(r, dict) for key in ("unit", "employee")}
    kept |= {f"{r['employee']} · {r.get('unit') or ''}".rstrip(" ·") for r in rows
             if isinstance(r, dict) and r.get("employee")}  # fmt: skip
    rows = [
        {**r, "tied_with": [c for c in r["tied_with"] if c in kept]}
        if isinstance(r, dict) and isinstance(r.get("tied_with"), list)
        else r
        for r in rows
    ]
    return {**doc, "rows": rows}
