"""The API's view of the workspace itself: the workspace the key belongs to.

(No ``from __future__ import annotations``: Ninja reads the annotations at import time.)
"""

from ninja import Router, Schema

from servicegap.api.auth import scoped
from servicegap.api.errors import Error

router = Router(tags=["workspace"])


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
