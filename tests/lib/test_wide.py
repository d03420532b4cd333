"""lib/wide.py: the dates of wide files and SurveyMonkey's second header row."""

from __future__ import annotations

import pytest

from servicegap.lib.wide import DateFormatError, date_reader, read_wide


def test_google_forms_dates_with_an_offset():
    read = date_reader("Timestamp", ["2019/03/04 10:21:33 AM GMT+1", "2019/03/04 1:05:00 PM GMT+1"])
    assert read("2019/03/04 10:21:33 AM GMT+1") == "2019-03-04T10:21:33+01:00"
    assert read("2019/03/04 1:05:00 PM GMT+1") == "2019-03-04T13:05:00+01:00"


def test_month_first_is_proven_by_a_day_over_twelve():
    read = date_reader("Timestamp", ["3/24/2022 13:06:29", "3/1/2022 9:00:00"])
    assert read("3/1/2022 9:00:00") == "2022-03-01T09:00:00"


def test_day_first_is_proven_by_a_day_over_twelve_with_dots():
    read = date_reader("Datum", ["24.03.2022 13:06", "01.04.2022 08:00"])
    assert read("01.04.2022 08:00") == "2022-04-01T08:00:00"


def test_ambiguous_dates_are_refused_naming_the_column_and_examples():
    with pytest.raises(DateFormatError) as caught:
        date_reader("Timestamp", ["9/6/2018 0:06:16", "1/2/2018 3:00:00"])
    assert "Timestamp: the dates (1/2/2018 3:00:00, 9/6/2018 0:06:16) fit both" in str(caught.value)
    assert date_reader("T", ["9/6/2018"], "DMY")("9/6/2018") == "2018-06-09T00:00:00"
    assert date_reader("T", ["9/6/2018"], "%m/%d/%Y")("9/6/2018") == "2018-09-06T00:00:00"


def test_an_unknown_date_format_option_is_refused():
    with pytest.raises(DateFormatError, match="use DMY, MDY, YMD"):
        date_reader("T", ["2020-01-01"], "day first")


def test_iso_and_javascript_dates():
    read = date_reader("Submit Date (UTC)", ["2019-03-04 10:21:33"])
    assert read("2019-03-04 10:21:33") == "2019-03-04T10:21:33"
    assert read("2024-05-01T08:00:00Z") == "2024-05-01T08:00:00+00:00"
    assert (
        read("Mon Sep 08 2025 13:58:23 GMT-0500 (Central Daylight Time)")
        == "2025-09-08T13:58:23-05:00"
    )
    with pytest.raises(ValueError, match="not a date this import reads"):
        read("yesterday")


def test_surveymonkey_second_header_row_is_folded_into_the_names():
    text = (
        "Respondent ID,End Date,Which fruits?,,Comments\n"
        ",,Apples,Pears,Open-Ended Response\n"
        "1,03/04/2019 10:21:33 AM,Apples,,Nice\n"
    )
    export = read_wide(text)
    assert [c.id for c in export.columns] == [
        "Respondent ID", "End Date", "Which fruits? [Apples]", "Which fruits? [Pears]", "Comments",
    ]  # fmt: skip
    assert [line for line, _ in export.rows] == [3]
