from __future__ import annotations


def workspace_nav(request):
    """The current workspace and membership for the navigation bar, when a page has one."""
    return {
        "workspace": getattr(request, "workspace", None),
        "membership": getattr(request, "membership", None),
    }
