from __future__ import annotations

from servicegap.core.nav import nav_links, nav_menu


def workspace_nav(request):
    """The current workspace, membership and navigation links, when a page has a workspace."""
    workspace = getattr(request, "workspace", None)
    membership = getattr(request, "membership", None)
    nav = []
    if workspace is not None and membership is not None:
        nav = nav_links(request.path, workspace.slug, membership.role)
    return {"workspace": workspace, "membership": membership, "nav": nav, "nav_menu": nav_menu(nav)}
