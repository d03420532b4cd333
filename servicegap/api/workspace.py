from __future__ import annotations

from ninja import Router, Schema

from servicegap.api.auth import scoped

router = Router(tags=["workspace"])


class WorkspaceOut(Schema):
    slug: str
    name: str
    scale_max: int
    time_zone: str
    anonymity_threshold: int


@router.get("/workspace", response={200: WorkspaceOut}, auth=scoped("read"))
def get_workspace(request):
    """The workspace the API key belongs to."""
    return request.workspace
