"""Reading CSV: the fast split path reads every file it takes exactly as the csv module does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicegap.transfer import csvio
from servicegap.transfer.registry import EmptyFile, TransferError

# Few characters, so that separators, line ends and blanks meet often.
pieces = st.sampled_from(["a", "b", " ", ",", "\n", "\r\n", "\r", '"', "é", "\t", "\xa0", "\x1f"])
text = st.lists(pieces, max_size=40).map("".join)


def by_csv_module(data: str):
    header, line, records = csvio._read(data, "f.csv")
    if header is None:
        raise EmptyFile("f.csv: the file is empty")
    if len(header) == 1 and any(sep in header[0] for sep in ";\t"):
        raise TransferError("f.csv: columns are separated by tabs")
    return line, header, records


@settings(max_examples=2000, deadline=None)
@given(text)
def test_the_fast_path_reads_what_the_csv_module_reads(data):
    try:
        expected = by_csv_module(data)
    except Exception as exc:  # the fast path must refuse alike (or leave the file to csv)
        with pytest.raises(type(exc)):
            csvio.read_csv(data.encode(), "f.csv")
        return
    assert csvio.read_csv(data.encode(), "f.csv") == expected


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_lf_and_crlf_files_take_the_fast_path(end):
    data = end.join(["response_id,item", "r1,A", "", "r2,B"]) + end
    assert csvio._plain_lines(data) is not None
    assert csvio.read_csv(data.encode(), "f.csv") == (
        1,
        ["response_id", "item"],
        [(2, ["r1", "A"]), (4, ["r2", "B"])],
    )


@pytest.mark.parametrize(
    ("data", "stripped"),
    [("a,b\nc,d\n", True), ("a, b\n", False), ("a,b \n", False), (" a,b", False),
     ("a,b\n c", False), ("a,b\tc\n", False), ("a,\xa0b\n", False), ("a b,c d\n", False),
     ("a,b\r\nc,d\r\n", True)],
)  # fmt: skip
def test_files_whose_cells_have_no_edge_whitespace_are_not_stripped_again(data, stripped):
    plain = csvio._plain_lines(data)
    assert plain is not None and plain[1] is stripped
    line, header, records = csvio.read_csv(data.encode(), "f.csv")
    lines = [cells for _, cells in records]
    assert [header, *lines] == [[c.strip() for c in x.split(",")] for x in data.splitlines()]


def test_a_lone_carriage_return_is_left_to_the_csv_module():
    assert csvio._plain_lines("a,b\rc,d\r\n") is None
