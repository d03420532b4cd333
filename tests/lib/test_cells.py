"""lib.cells: the one-pass sums of many responses (``add_responses``, what ingest, imports and the
rebuild use) are exactly those of ``response_cells`` per response merged into their slices."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from servicegap.lib.cells import (
    CellAnswer,
    Sums,
    add_responses,
    answered_families,
    families,
    response_cells,
)
from servicegap.lib.scales import MOMENTS, SCALED_KINDS, rescale

SCALES = (5, 7, 10)
ITEMS = ("A", "B", "C", "D", "E")
RATED = ("expectation", "experience", "adequate", "desired")
# Any finite value: the sums must match bit for bit, not only for whole numbers.
number = st.one_of(
    st.integers(0, 10).map(float),
    st.sampled_from((0.1, 0.2, 0.3, 0.7, 1e16, -1e16)),  # sums that depend on their order
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
)
maybe_number = st.one_of(st.none(), number)
target = st.one_of(st.none(), st.floats(1, 10), st.integers(1, 7).map(float))


@st.composite
def answers(draw) -> list[tuple[str, str, float | None, str, float | None]]:
    """At most one answer of a kind per item (the contract's rule), in any order, with answers
    that feed no cell among them."""
    out: list[tuple[str, str, float | None, str, float | None]] = []
    for item in draw(st.lists(st.sampled_from(ITEMS), unique=True, max_size=5)):
        for kind in draw(st.lists(st.sampled_from(RATED), unique=True, max_size=4)):
            out.append((item, kind, draw(maybe_number), "", draw(target)))
    for kind in draw(st.lists(st.sampled_from(("nps", "csat", "ces")), unique=True)):
        out.append(("", kind, draw(maybe_number), "", None))
    if draw(st.booleans()):
        text = draw(st.sampled_from((*MOMENTS, "", "other")))
        out.append(("", "moment", None, text, None))
    for kind in draw(st.lists(st.sampled_from(("overall", "text", "rating")), unique=True)):
        out.append(("X" if kind == "rating" else "", kind, draw(maybe_number), "words", None))
    if draw(st.booleans()):
        out.append(("", "experience", draw(number), "", None))  # no item: counts nowhere
    return draw(st.permutations(out))


response = st.tuples(
    st.sampled_from(("day 1", "day 2", "day 3")),  # the slice (head) a response adds to
    st.booleans(),  # anonymous
    st.sampled_from(SCALES),
    answers(),
)


def per_response(responses, scale_max: int) -> dict:
    """The definition: ``response_cells`` of each response, merged in order into its slice."""
    by_head: dict = {}
    for head, anonymous, scale, mine in responses:
        cell_answers = [
            CellAnswer(item, kind, rescale(raw, scale, scale_max)
                       if raw is not None and kind in SCALED_KINDS else raw,
                       raw, text, scale, target)
            for item, kind, raw, text, target in mine
        ]  # fmt: skip
        cells = by_head.setdefault(head, {})
        for key, sums in response_cells(cell_answers, anonymous).items():
            if key in cells:
                cells[key].merge(sums)
            else:
                cells[key] = sums
    return by_head


def exact(by_head: dict) -> list:
    """Heads in order (the month cells add the day cells in this order), every float as hex."""
    return [
        (head, {key: _bits(sums) for key, sums in cells.items()}) for head, cells in by_head.items()
    ]


def _bits(sums: Sums) -> tuple:
    return tuple(v.hex() if isinstance(v, float) else v for v in sums.as_tuple())


@settings(max_examples=400, deadline=None)
@given(st.lists(response, max_size=40), st.sampled_from(SCALES), st.integers(0, 40))
def test_one_pass_gives_exactly_the_sums_of_each_response_merged_in_order(
    responses, scale_max, split
):
    together: dict = {}
    add_responses(together, responses, scale_max)
    assert exact(together) == exact(per_response(responses, scale_max))
    # In chunks, into the same sums (ingest chunk by chunk, the rebuild range by range).
    chunked: dict = {}
    add_responses(chunked, responses[:split], scale_max)
    add_responses(chunked, responses[split:], scale_max)
    assert exact(chunked) == exact(together)


@given(answers())
def test_families_of_answered_tuples_are_those_of_cell_answers(mine):
    cell_answers = [
        CellAnswer(item, kind, raw, raw, text, 7, target) for item, kind, raw, text, target in mine
    ]
    assert answered_families(mine) == families(cell_answers)


def test_a_whole_file_of_one_slice_adds_up():
    mine = [("A", "expectation", 5.0, "", None), ("A", "experience", 7.0, "", 6.0),
            ("B", "experience", 4.0, "", 6.0), ("", "nps", 9.0, "", None),
            ("", "moment", None, "misery", None)]  # fmt: skip
    by_head: dict = {}
    add_responses(by_head, [("d", False, 7, mine), ("d", True, 7, mine)], 7)
    cells = by_head["d"]
    assert cells[("A", "gap")].as_tuple() == (2, 4.0, 8.0, 0, 0, 0, 1)
    assert ("B", "gap") not in cells  # no expectation: no gap of its own …
    assert cells[("B", "target_gap")].as_tuple() == (2, -4.0, 8.0, 0, 0, 0, 1)  # … but vs target
    assert cells[("A", "target_gap")].as_tuple() == (2, 2.0, 2.0, 0, 0, 0, 1)
    assert cells[("A", "pair_expect")].s1 == 10.0 and cells[("A", "pair_experience")].s1 == 14.0
    assert cells[("A", "experience")].c1 == 2  # 7 of 7: top two boxes
    assert cells[("", "gap")].as_tuple() == (2, 4.0, 8.0, 0, 0, 0, 1)  # A only: both sides
    assert cells[("", "target_gap")].as_tuple() == (2, -1.0, 0.5, 0, 0, 0, 1)  # mean of 1 and -2
    assert cells[("", "nps")].as_tuple() == (2, 18.0, 162.0, 2, 0, 0, 1)
    assert cells[("", "moment")].c3 == 2
