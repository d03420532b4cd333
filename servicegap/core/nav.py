"""The workspace navigation, filtered by role.

Each capability declares its entries in its AppConfig (``nav = (NavEntry(...),)``, see
``servicegap.core.capabilities``); ``order`` places them. The context processor
(``servicegap.core.context.workspace_nav``) turns them into links for the current user.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str  # a URL taking the workspace ``slug``
    roles: tuple[str, ...] = ()  # empty: every member
    order: int = 100  # place in the navigation, low first


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


def nav_links(path: str, slug: str, role: str) -> list[NavLink]:
    """The entries ``role`` may use, as links; the one whose page contains ``path`` is current."""
    from servicegap.core.capabilities import nav_entries

    links = []
    for entry in nav_entries():
        if entry.roles and role not in entry.roles:
            continue
        links.append(NavLink(entry.label, reverse(entry.url_name, kwargs={"slug": slug}), False))
    # The longest matching prefix is current, so "Home" (/w/acme/) is not current everywhere.
    best = max(
        (link for link in links if path.startswith(link.url)),
        key=lambda x: len(x.url),
        default=None,
    )
    return [NavLink(x.label, x.url, x is best) for x in links]
