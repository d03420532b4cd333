"""The workspace navigation: one list, one entry per capability, filtered by role.

A capability adds its pages by appending a ``NavEntry`` here; the context processor
(``servicegap.core.context.workspace_nav``) turns the list into links for the current user.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str  # a URL taking the workspace ``slug``
    roles: tuple[str, ...] = ()  # empty: every member


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


NAV: list[NavEntry] = [
    NavEntry("Home", "workspace_home"),
    NavEntry("Standards", "standard_list"),
    NavEntry("Journeys", "journey_list"),
    NavEntry("Reports", "report_index"),
    NavEntry("Surveys", "survey_list", roles=("owner", "leader", "manager")),
    NavEntry("Invitations", "invitation_index", roles=("owner", "leader")),
    NavEntry("Imports", "import_index", roles=("owner", "leader")),
    NavEntry("Channels", "channel_page", roles=("owner",)),
    NavEntry("People", "person_list", roles=("owner",)),
    NavEntry("Audit log", "audit_log", roles=("owner",)),
    NavEntry("Users", "member_list", roles=("owner",)),
]


def nav_links(path: str, slug: str, role: str) -> list[NavLink]:
    """The entries ``role`` may use, as links; the one whose page contains ``path`` is current."""
    links = []
    for entry in NAV:
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
