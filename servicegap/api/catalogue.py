"""Read endpoints for the workspace's catalogue: units, standards, journeys, people.

Each has its own output schema (never a model wholesale) and reaches rows only through
``Model.objects.of(request.workspace)``. (No ``from __future__ import annotations`` here: Ninja
reads the parameter annotations at import time and cannot resolve them as strings.)
"""

from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from servicegap.api.auth import scoped
from servicegap.api.errors import responses
from servicegap.core.models import Person, PersonKind, Unit
from servicegap.journeys.models import Journey, Touchpoint
from servicegap.standards.models import Standard

router = Router(tags=["catalogue"], auth=scoped("read"))

MAX_PAGE = 10_000_000  # pages of at most 100 (NINJA_MAX_PER_PAGE_SIZE): offsets below 10**9


def _code(related: Any) -> str | None:
    return related.code if related is not None else None


class UnitOut(Schema):
    code: str
    name: str
    parent: str | None

    @staticmethod
    def resolve_parent(obj: Unit) -> str | None:
        return _code(obj.parent)


class StandardOut(Schema):
    code: str
    title: str
    why: str
    behaviours: list[str]
    dimension: str
    servqual: str
    need_or_want: str
    target: float | None
    published: bool
    version: int
    updated_at: datetime


class StandardVersionOut(Schema):
    version: int
    title: str
    behaviours: list[str]
    target: float | None
    published: bool
    created_at: datetime


class StandardDetailOut(StandardOut):
    versions: list[StandardVersionOut]
    touchpoints: list[str]

    @staticmethod
    def resolve_versions(obj: Standard) -> list[Any]:
        return list(obj.versions.order_by("version"))

    @staticmethod
    def resolve_touchpoints(obj: Standard) -> list[str]:
        return list(obj.touchpoints.order_by("code").values_list("code", flat=True))


class TouchpointOut(Schema):
    code: str
    name: str
    step: int
    channel: str
    unit: str | None
    standards: list[str]

    @staticmethod
    def resolve_unit(obj: Touchpoint) -> str | None:
        return _code(obj.unit)

    @staticmethod
    def resolve_standards(obj: Touchpoint) -> list[str]:
        return [s.code for s in obj.standards.all()]  # prefetched, ordered by code


class JourneyOut(Schema):
    code: str
    name: str
    description: str
    touchpoints: list[TouchpointOut]

    @staticmethod
    def resolve_touchpoints(obj: Journey) -> list[Any]:
        return list(obj.touchpoints.all())  # prefetched, ordered by step


class PersonOut(Schema):
    code: str
    name: str
    kind: PersonKind
    unit: str | None
    email: str
    attributes: dict[str, Any]
    created_at: datetime

    @staticmethod
    def resolve_unit(obj: Person) -> str | None:
        return _code(obj.unit)


@router.get("/units", response=responses(list[UnitOut]))
def list_units(request):
    """Every unit of the workspace (a tree: each names its parent's code)."""
    return Unit.objects.of(request.workspace).select_related("parent").order_by("code")


@router.get("/standards", response=responses(list[StandardOut]))
def list_standards(request):
    """The service standards with their behaviours and current version, published or not."""
    return Standard.objects.of(request.workspace).order_by("code")


@router.get("/standards/{code}", response=responses(StandardDetailOut))
def get_standard(request, code: str):
    """One standard with its version history and the touchpoints where it applies."""
    standard = Standard.objects.of(request.workspace).filter(code=code).first()
    if standard is None:
        raise HttpError(404, f"there is no standard {code!r}")
    return standard


@router.get("/journeys", response=responses(list[JourneyOut]))
def list_journeys(request):
    """Customer journeys with their touchpoints in order, and each touchpoint's standard codes."""
    touchpoints = (
        Touchpoint.objects.select_related("unit")
        .prefetch_related(
            Prefetch("standards", queryset=Standard.objects.only("code").order_by("code"))
        )
        .order_by("step")
    )
    return (
        Journey.objects.of(request.workspace)
        .prefetch_related(Prefetch("touchpoints", queryset=touchpoints))
        .order_by("code")
    )


class Pages(PageNumberPagination):
    """Ninja's page numbers with a bound on ``page``: an offset past 2**63 is a 500 in SQLite."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)


@router.get("/people", response=responses(list[PersonOut], params=True))
@paginate(Pages)
def list_people(request, kind: PersonKind | None = None):
    """Customers, employees and leaders, by code, a page at a time (``page``, ``page_size``)."""
    people = Person.objects.of(request.workspace).select_related("unit").order_by("code", "pk")
    return people.filter(kind=kind) if kind else people
