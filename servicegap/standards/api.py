"""The API's read endpoints for the service standards: the list, and one with its history.

Each has its own output schema (never a model wholesale) and reaches rows only through
``Model.objects.of(request.workspace)``. (No ``from __future__ import annotations`` here: Ninja
reads the parameter annotations at import time and cannot resolve them as strings.)
"""

from datetime import datetime
from typing import Any

from ninja import Router, Schema
from ninja.errors import HttpError

from servicegap.api.auth import scoped
from servicegap.api.errors import responses
from servicegap.standards.models import Standard

router = Router(tags=["catalogue"], auth=scoped("read"))


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
    retired: bool
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


@router.get("/standards", response=responses(list[StandardOut]))
def list_standards(request):
    """The service standards with their behaviours and current version, published or not,
    retired or not."""
    return Standard.objects.of(request.workspace).order_by("code")


@router.get("/standards/{code}", response=responses(StandardDetailOut))
def get_standard(request, code: str):
    """One standard with its version history and the touchpoints where it applies."""
    standard = Standard.objects.of(request.workspace).filter(code=code).first()
    if standard is None:
        raise HttpError(404, f"there is no standard {code!r}")
    return standard
