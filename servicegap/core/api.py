"""The API's view of the workspace itself: the workspace the key belongs to, and its unit tree.

(No ``from __future__ import annotations``: Ninja reads the annotations at import time.)
"""

from ninja import Router, Schema

from servicegap.api.auth import scoped
from servicegap.api.errors import Error, responses
from servicegap.core.models import Unit

router = Router(tags=["workspace"])
catalogue = Router(tags=["catalogue"], auth=scoped("read"))


class WorkspaceOut(Schema):
    slug: str
    name: str
    scale_max: int
    time_zone: str
    anonymity_threshold: int


@router.get("/workspace", response={200: WorkspaceOut, 401: Error, 403: Error}, auth=scoped("read"))
def get_workspace(request):
    """The workspace the API key belongs to."""
    return request.workspace


class UnitOut(Schema):
    code: str
    name: str
    parent: str | None

    @staticmethod
    def resolve_parent(obj: Unit) -> str | None:
        return obj.parent.code if obj.parent is not None else None


@catalogue.get("/units", response=responses(list[UnitOut]))
def list_units(request):
    """Every unit of the workspace (a tree: each names its parent's code)."""
    return Unit.objects.of(request.workspace).select_related("parent").order_by("code")
