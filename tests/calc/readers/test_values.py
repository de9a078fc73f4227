"""Cell values: the distinct-value shortcuts give what a row-by-row reading gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from calc.readers.values import (
    date_order,
    parse_seconds,
    per_distinct,
    read_seconds,
    read_times,
    words_to_answered,
    words_to_channel,
    words_to_direction,
)

cells = st.sampled_from([None, "", " a", "a", "A ", "b", "Answered", "no answer", "inbound", "SMS", "?", "呼入"])


@given(values=st.lists(cells, max_size=12), categorical=st.booleans())
def test_per_distinct_is_convert_on_each_row(values, categorical):
    text = pd.Series(values, dtype="category" if categorical else object)
    converted = per_distinct(text, lambda word: word.strip().upper())
    assert converted.tolist() == [("" if value is None else value).strip().upper() for value in values]


def test_per_distinct_keeps_codes_it_can_and_they_stay_writable():
    text = pd.Series(pd.Categorical([" a", "b ", " a"]))
    converted = per_distinct(text, str.strip)
    converted.iloc[0] = "b"
    assert converted.tolist() == ["b", "b", "a"] and list(converted.cat.categories) == ["a", "b"]
    assert text.tolist() == [" a", "b ", " a"]


def plain(values: pd.Series) -> list:
    return values.astype(object).where(values.notna(), None).tolist()


@given(values=st.lists(cells, max_size=12))
def test_words_read_alike_from_text_and_from_categories(values):
    text = pd.Series([value or "" for value in values], dtype=object)
    written = [bool(value.strip()) for value in text]
    for convert in (words_to_answered, words_to_direction, words_to_channel):
        from_text, share_text = convert(text)
        from_codes, share_codes = convert(text.astype("category"))
        assert plain(from_codes) == plain(from_text)
        known = sum(1 for word, seen in zip(plain(from_text), written, strict=True) if seen and word is not None)
        assert share_codes == share_text == (known / sum(written) if any(written) else 1.0)


def test_read_seconds_gives_problems_by_position_parse_seconds_by_label():
    text = pd.Series(["65", "-4", "x"], index=[10, 20, 30])
    seconds, problems = read_seconds(text)
    _, reasons = parse_seconds(text)
    assert problems.to_dict() == {1: "is negative: '-4'", 2: "is not a number of seconds or hh:mm:ss: 'x'"}
    assert reasons.to_dict() == {10: "", 20: "is negative: '-4'", 30: "is not a number of seconds or hh:mm:ss: 'x'"}
    assert np.isnan(seconds[1:]).all() and seconds[0] == 65.0


def test_read_seconds_of_a_typed_column_scales_and_refuses_in_range():
    seconds, problems = read_seconds(pd.Series([65000.0, np.inf, np.nan]), scale=0.001)
    assert seconds[0] == 65.0 and np.isnan(seconds[1:]).all()
    assert problems.to_dict() == {1: "is out of range: 'inf'"}


@pytest.mark.parametrize(
    ("cells", "order", "problems"),
    [
        (
            ["2026-02-30 10:00", "2026-04-31 10:00:00", "2026-03-01 09:00"],
            None,
            {0: "2026-02-30 10:00", 1: "2026-04-31 10:00:00"},
        ),
        (["30/02/2026 10:00", "13/02/2026 10:00"], "dayfirst", {0: "30/02/2026 10:00"}),
        (["02/30/2026 10:00", "02/13/2026 10:00"], "monthfirst", {0: "02/30/2026 10:00"}),
        (["2026-02-29", "2024-02-29"], None, {0: "2026-02-29"}),
    ],
)
def test_dates_that_do_not_exist_are_refused_not_rolled_over(cells, order, problems):
    times, found, _ = read_times(pd.Series(cells), order, None)
    why = "is a date that does not exist in the calendar"
    assert found.to_dict() == {row: f"{why}: '{text}'" for row, text in problems.items()}
    assert times.isna().tolist() == [row in problems for row in range(len(cells))]


def test_two_digit_years_as_strptime_reads_them():
    times, found, form = read_times(pd.Series(["01/09/17 16:33", "13/09/2017 9:05", "1/1/99"]), "dayfirst", None)
    expected = [pd.Timestamp("2017-09-01 16:33"), pd.Timestamp("2017-09-13 09:05"), pd.Timestamp("1999-01-01")]
    assert times.tolist() == expected
    assert found.empty and "two-digit years" in form


def test_excel_serial_dates():
    times, found, form = read_times(pd.Series(["46083.375", "46084", "99999"]), None, None)
    assert times.tolist()[:2] == [pd.Timestamp("2026-03-02 09:00"), pd.Timestamp("2026-03-03")]
    assert found.to_dict() == {2: "is not a readable time: '99999'"}  # outside 1990-2100: not a call's date
    assert form == "Excel serial dates (days since 1899-12-30)"


@pytest.mark.parametrize(
    ("cells", "order"),
    [
        (["1/9/2017 10:00", "2/9/2017 10:00", "5/9/2017 10:00"], "dayfirst"),
        (["9/1/2017 10:00", "9/2/2017 10:00", "9/5/2017 10:00"], "monthfirst"),
        (["1/2/2017 10:00", "2/1/2017 10:00"], None),
    ],
)
def test_ambiguous_order_decided_by_which_number_varies(cells, order):
    assert date_order(pd.Series(cells))[0] == order
