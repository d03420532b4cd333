"""The grouped menu: ungrouped links first, then the groups in order; one-link groups are links."""

from __future__ import annotations

import pytest

from servicegap.core.capabilities import nav_entries
from servicegap.core.nav import GROUPS, NavGroup, NavLink, nav_menu


def _link(label: str, group: str, current: bool = False) -> NavLink:
    return NavLink(label, f"/w/acme/{label.lower()}/", current, group)


def test_groups_follow_the_ungrouped_links_in_their_fixed_order():
    links = [
        _link("Home", ""),
        _link("Standards", "Set up"),
        _link("Reports", "Measure"),
        _link("Feedback", "Act"),
        _link("Cases", "Act", current=True),
        _link("Users", "Set up"),
    ]
    menu = nav_menu(links)
    assert [x.label for x in menu] == ["Home", "Reports", "Act", "Set up"]
    act = menu[2]
    assert isinstance(act, NavGroup) and act.current and act.slug == "act"
    assert [x.label for x in act.links] == ["Feedback", "Cases"]
    # "Measure" has one link for this role: the link itself, not a menu of one.
    assert isinstance(menu[1], NavLink)


def test_an_unknown_group_is_refused_naming_it():
    with pytest.raises(ValueError, match="Setup"):
        nav_menu([_link("Brand", "Setup")])


def test_every_declared_entry_is_in_a_known_group_and_the_owner_sees_at_most_seven_items():
    entries = nav_entries()
    assert {e.group for e in entries} <= {"", *GROUPS}
    owner = [
        NavLink(e.label, "/", False, e.group) for e in entries if not e.roles or "owner" in e.roles
    ]
    assert len(owner) > 15 and len(nav_menu(owner)) <= 7
