"""Resolving the workspace of a page: the one place pages are scoped to a tenant, a role and
the member's units.

Roles: each page names the roles that may use it (``workspace_view(*roles)``); anyone else gets
404. Units (the rule of docs/security.md, "Who sees what"): owners and leaders see every unit;
managers and employees see their units and the units below them. Their units are those of their
membership, or, when it names none, the unit of their person record. A page asked for another
unit (``unit`` in the URL or the query string) answers 404, here, before the view runs; a report
page asked for no unit shows their own unit's figures (the first of their units by code), never
the workspace's; rows broken down by unit are cut to the member's units by ``visible_rows``.
"""

from __future__ import annotations

import functools
from typing import Any

from django.http import Http404, QueryDict

from servicegap.accounts.models import Membership, MembershipUnit, Role
from servicegap.core.models import Workspace
from servicegap.people.models import Person, Unit

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
            if scope is not None and not asked and _figures(request, slug):
                own = own_unit(membership.workspace, scope)
                if not own:  # a member of no unit has no figures to see
                    raise Http404("this member has no unit")
                request.GET = _with_unit(request.GET, own)
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
    if not frontier and membership.person_id is not None:
        # A member given no unit is scoped by their person record's (the employee's own unit).
        frontier = set(Person.objects.filter(pk=membership.person_id, unit__isnull=False)
                       .values_list("unit_id", flat=True))  # fmt: skip
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


def own_unit(workspace: Workspace, scope: frozenset[str]) -> str:
    """The unit a scoped member's figures are of when they ask for none: the first by code of
    the top units of their scope (those whose parent lies outside it)."""
    units = Unit.objects.of(workspace).filter(code__in=scope)
    tops = [code for code, parent in units.values_list("code", "parent__code")
            if parent not in scope]  # fmt: skip
    return min(tops, default="")


def _figures(request, slug: str) -> bool:
    """Pages of figures that a unit filters: the report pages and their CSV and PDF."""
    return request.path.startswith(f"/w/{slug}/reports/")


def _with_unit(query: QueryDict, unit: str) -> QueryDict:
    query = query.copy()
    query["unit"] = unit
    return query


def _in_scope(row: dict[str, Any], scope: frozenset[str]) -> bool:
    """A row about a unit in ``scope``, or about none; an internal link (the chain) when its
    customer or its supplier is one of them."""
    if isinstance(row.get("supplier"), str):  # perception rows' "customer" is a figure
        return row.get("customer") in scope or row["supplier"] in scope
    return row.get("unit") in (None, *scope)


def visible_rows(doc: dict[str, Any], scope: frozenset[str] | None) -> dict[str, Any]:
    """A report document with the rows of units outside ``scope`` left out."""
    if scope is None or not isinstance(doc.get("rows"), list):
        return doc
    rows = [r for r in doc["rows"] if not isinstance(r, dict) or _in_scope(r, scope)]
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
