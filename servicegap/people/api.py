"""The API's read endpoints for people and units: the unit tree, and the customers, employees and
leaders a page at a time.

(No ``from __future__ import annotations``: Ninja reads the annotations at import time.)
"""

from datetime import datetime
from typing import Any

from ninja import Router, Schema
from ninja.pagination import paginate

from servicegap.api.auth import scoped
from servicegap.api.errors import responses
from servicegap.api.pagination import Pages
from servicegap.people.models import Person, PersonKind, Unit

router = Router(tags=["catalogue"], auth=scoped("read"))


class PersonOut(Schema):
    code: str
    name: str
    kind: PersonKind
    unit: str | None
    email: str
    attributes: dict[str, Any]
    referred_by: str | None  # the referring customer's code (docs/loyalty.md)
    created_at: datetime

    @staticmethod
    def resolve_unit(obj: Person) -> str | None:
        return obj.unit.code if obj.unit is not None else None

    @staticmethod
    def resolve_referred_by(obj: Person) -> str | None:
        return obj.referred_by.code if obj.referred_by is not None else None


@router.get("/people", response=responses(list[PersonOut], params=True))
@paginate(Pages)
def list_people(request, kind: PersonKind | None = None):
    """Customers, employees and leaders, by code, a page at a time (``page``, ``page_size``)."""
    people = (
        Person.objects.of(request.workspace)
        .select_related("unit", "referred_by")
        .order_by("code", "pk")
    )
    return people.filter(kind=kind) if kind else people


class UnitOut(Schema):
    code: str
    name: str
    parent: str | None

    @staticmethod
    def resolve_parent(obj: Unit) -> str | None:
        return obj.parent.code if obj.parent is not None else None


@router.get("/units", response=responses(list[UnitOut]))
def list_units(request):
    """Every unit of the workspace (a tree: each names its parent's code)."""
    return Unit.objects.of(request.workspace).select_related("parent").order_by("code")
