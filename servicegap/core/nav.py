"""The workspace navigation, filtered by role.

Each capability declares its entries in its AppConfig (``nav = (NavEntry(...),)``, see
``servicegap.core.capabilities``); ``order`` places them and ``group`` puts them in one of the
menu's groups (``GROUPS``), so an owner's twenty entries fit one line at 1280 px. The context
processor (``servicegap.core.context.workspace_nav``) turns them into links for the current user.
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
    group: str = ""  # one of GROUPS; empty: a link of its own (Home, My page)
    setting: str = ""  # shown only while this Django setting is true (the demo mailbox)


# The menu's groups, in this order after the ungrouped links: what a workspace measures, what it
# does about it, how it collects answers, and how it is set up.
GROUPS = ("Measure", "Act", "Collect", "Set up")


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool
    group: str = ""


@dataclass(frozen=True)
class NavGroup:
    label: str
    links: tuple[NavLink, ...]
    current: bool  # the current page is one of its links

    @property
    def slug(self) -> str:
        return self.label.lower().replace(" ", "-")


def nav_links(path: str, slug: str, role: str) -> list[NavLink]:
    """The entries ``role`` may use, as links; the one whose page contains ``path`` is current."""
    from django.conf import settings

    from servicegap.core.capabilities import nav_entries

    links = []
    for entry in nav_entries():
        if entry.roles and role not in entry.roles:
            continue
        if entry.setting and not getattr(settings, entry.setting, False):
            continue
        url = reverse(entry.url_name, kwargs={"slug": slug})
        links.append(NavLink(entry.label, url, False, entry.group))
    # The longest matching prefix is current, so "Home" (/w/acme/) is not current everywhere.
    best = max(
        (link for link in links if path.startswith(link.url)),
        key=lambda x: len(x.url),
        default=None,
    )
    return [NavLink(x.label, x.url, x is best, x.group) for x in links]


def nav_menu(links: list[NavLink]) -> list[NavLink | NavGroup]:
    """The links as the menu shows them: ungrouped ones first, then each group in GROUPS order.

    A group with a single link for this role (an employee's "Measure": Reports) is that link,
    not a menu of one."""
    if unknown := {x.group for x in links} - {"", *GROUPS}:
        raise ValueError(f"nav entries name unknown groups {sorted(unknown)}; see GROUPS")
    items: list[NavLink | NavGroup] = [x for x in links if not x.group]
    for name in GROUPS:
        members = tuple(x for x in links if x.group == name)
        if len(members) == 1:
            items.append(members[0])
        elif members:
            items.append(NavGroup(name, members, any(x.current for x in members)))
    return items
