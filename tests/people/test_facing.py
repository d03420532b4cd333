"""Which units customers see by name: the first level of the tree with more than one unit."""

from __future__ import annotations

from servicegap.people.facing import customer_facing


def test_below_a_single_head_office_only_the_branches_are_customer_facing():
    tree = [("HQ", None), ("HRG", "HQ"), ("YRK", "HQ"), ("HRG-PARTS", "HRG"), ("YRK-SVC", "YRK")]
    assert customer_facing(tree) == {"HRG", "YRK"}


def test_a_flat_list_is_shown_whole_and_a_chain_of_single_units_is_walked_down():
    assert customer_facing([("A", None), ("B", None)]) == {"A", "B"}
    chain = [("GROUP", None), ("UK", "GROUP"), ("LEEDS", "UK"), ("YORK", "UK"), ("PARTS", "YORK")]
    assert customer_facing(chain) == {"LEEDS", "YORK"}


def test_a_single_unit_is_shown_and_no_units_show_nothing():
    assert customer_facing([("HQ", None)]) == {"HQ"}
    assert customer_facing([]) == set()
