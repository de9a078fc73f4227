"""Cell values: the distinct-value shortcuts give what a row-by-row reading gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from calc.readers.values import (
    parse_seconds,
    per_distinct,
    read_seconds,
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
