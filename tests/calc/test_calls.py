"""The canonical call-log reader: every row priced or refused with line and reason."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from calc import InputError, normalize_records, read_calls
from calc.calls import Refusals, stripped_text


def write(tmp_path, text, name="calls.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_fields_and_defaults(tmp_path):
    log = read_calls(
        write(
            tmp_path,
            "start,duration_s,channel,direction,answered,agent\n"
            "2026-01-05 09:00:00,61.5,,inbound,,alice\n"
            "2026-01-05 09:01:00,0,SMS,,true,\n",
        )
    )
    records = log.records
    assert records["line"].tolist() == [2, 3]
    assert records["duration_s"].tolist() == [61.5, 0.0]
    assert records["channel"].tolist() == ["voice", "sms"]
    assert records["direction"].tolist() == ["inbound", ""]
    assert records["answered"].tolist() == [True, True]
    assert records["agent"].tolist() == ["alice", ""]
    assert str(records["start"].iloc[0]) == "2026-01-05 09:00:00"
    assert log.rejected.empty and log.has_time


def test_answered_defaults_to_duration_above_zero(tmp_path):
    log = read_calls(write(tmp_path, "duration_s\n0\n0.001\n"))
    assert log.records["answered"].tolist() == [False, True]
    assert not log.has_time


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("2026-01-05 09:00:00,", "no duration"),
        ("2026-01-05 09:00:00,abc", "'duration_s' is not a number of seconds or hh:mm:ss: 'abc'"),
        ("2026-01-05 09:00:00,-3", "'duration_s' is negative: '-3'"),
        ("2026-01-05 09:00:00,1e12", "'duration_s' is out of range: '1e+12'"),
        ("yesterday,5", "'start' is not a readable time: 'yesterday'"),
        (",5", "missing start"),
        ("2026-01-05 09:00:00,5,fax", "unknown channel value 'fax'"),
        ("2026-01-05 09:00:00,5,voice,sideways", "unknown direction value 'sideways'"),
        (
            "2026-01-05 09:00:00,5,voice,inbound,maybe",
            "unknown answered value 'maybe'",
        ),
    ],
)
def test_rejected_rows_keep_line_and_reason(tmp_path, row, reason):
    header = "start,duration_s,channel,direction,answered"
    fill = "," * (4 - row.count(","))
    log = read_calls(write(tmp_path, f"{header}\n2026-01-05 08:00:00,5,,,\n{row}{fill}\n"))
    assert log.rejected.to_dict("records") == [{"line": 3, "raw": f"{row}{fill}", "reason": reason}]
    assert len(log.records) == 1


def test_mixed_good_and_bad_rows_lose_nothing(tmp_path):
    lines = ["duration_s,channel"] + [f"{n},voice" if n % 3 else f"{n},fax" for n in range(1, 31)]
    log = read_calls(write(tmp_path, "\n".join(lines) + "\n"))
    assert len(log.records) + len(log.rejected) == 30
    assert log.rejected["line"].tolist() == [n + 1 for n in range(3, 31, 3)]


def test_ragged_rows_and_quoted_newlines_take_the_exact_path(tmp_path):
    text = 'start,duration_s\n2026-01-01 10:00,5\n\n2026-01-01 10:00,5,7\n"2026-01-01\n10:00",6\n2026-01-02 10:00,8\n'
    log = read_calls(write(tmp_path, text))
    # The quoted value spans lines 5-6 and still reads as a time; the record keeps its first line.
    assert log.records["line"].tolist() == [2, 5, 7]
    assert log.rejected[["line", "reason"]].values.tolist() == [[4, "expected 2 fields, found 3"]]


def test_blank_lines_are_not_rows_and_lines_stay_true(tmp_path):
    log = read_calls(write(tmp_path, "duration_s\n5\n\n\n7\n"))
    assert log.records["line"].tolist() == [2, 5]


def test_utf8_bom_and_cp1252(tmp_path):
    bom = read_calls(write(tmp_path, "\ufeffduration_s,agent\n5,José\n", "bom.csv"))
    latin = read_calls(write(tmp_path, "duration_s,agent\n5,José\n", "latin.csv", encoding="cp1252"))
    assert bom.records["agent"].tolist() == latin.records["agent"].tolist() == ["José"]


def test_parquet_and_dataframe(tmp_path):
    frame = pd.DataFrame(
        {
            "start": pd.to_datetime(["2026-01-05 09:00", "2026-01-05 09:05"]),
            "duration_s": [30.0, -1.0],
            "channel": ["voice", "voice"],
        }
    )
    frame.to_parquet(tmp_path / "calls.parquet")
    for log in (read_calls(tmp_path / "calls.parquet"), read_calls(frame)):
        assert log.records["duration_s"].tolist() == [30.0]
        assert log.rejected[["line", "reason"]].values.tolist() == [[2, "duration_s is negative: '-1.0'"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"calls.csv: the file is empty"),
        (
            b"start,agent\n2026-01-01,a\n",
            r"calls.csv: cannot find the call duration: .*\(columns found: start, agent\)",
        ),
        (b"\x00\x01\x02binary\x00", r"calls.csv: this is a binary file"),
    ],
)
def test_files_that_cannot_be_read(tmp_path, content, message):
    path = tmp_path / "calls.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_calls(path)


def test_header_only_file_has_no_records(tmp_path):
    log = read_calls(write(tmp_path, "start,duration_s\n"))
    assert log.records.empty and log.rejected.empty


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"nope.csv: no such file"):
        read_calls(tmp_path / "nope.csv")


def test_records_stay_editable(tmp_path):
    """Regression: codes kept from the file's categories were read-only and refused assignments."""
    log = read_calls(write(tmp_path, "duration_s,channel,direction,answered\n5,voice,inbound,true\n6,voice,,false\n"))
    records = log.records
    records.loc[0, "channel"] = "sms"
    records.loc[1, "direction"] = "outbound"
    records.loc[0, "answered"] = False
    records.loc[1, "duration_s"] = 1.0
    assert records[["channel", "direction", "answered", "duration_s"]].values.tolist() == [
        ["sms", "inbound", False, 5.0],
        ["voice", "outbound", False, 1.0],
    ]


steps = st.lists(
    st.tuples(st.lists(st.booleans(), min_size=6, max_size=6), st.sampled_from(["no duration", "missing start", "x"])),
    max_size=5,
)


@given(steps=steps)
def test_refusals_keep_the_first_reason_of_each_row(steps):
    refusals, expected = Refusals(6), [""] * 6
    for mask, reason in steps:
        refusals.refuse(np.array(mask), reason)
        expected = [before or (reason if refused else "") for before, refused in zip(expected, mask, strict=True)]
    assert refusals.column(pd.RangeIndex(6)).tolist() == expected
    assert refusals.mask.tolist() == [bool(reason) for reason in expected]


def test_refusals_quote_the_value_and_can_be_handed_to_normalize_records():
    frame = pd.DataFrame({"duration_s": ["5", "-1", "x"]})
    refusals = Refusals(3)
    refusals.refuse(np.array([False, False, True]), "checked before: '", frame["duration_s"])
    handed = normalize_records(frame, "x.csv", reasons=refusals)
    as_column = normalize_records(frame, "x.csv", reasons=refusals.column(frame.index))
    assert handed.rejected["reason"].tolist() == ["duration_s is negative: '-1'", "checked before: 'x'"]
    pd.testing.assert_frame_equal(handed.rejected, as_column.rejected)
    assert refusals.mask.tolist() == [False, False, True]  # normalize_records refused in a copy


text_cells = st.one_of(st.none(), st.text(alphabet=" \t\u00a0\u3000aé1-\u200b", max_size=5))


@given(values=st.lists(text_cells, max_size=12), start=st.integers(0, 3))
def test_stripped_text_is_pandas_strip(values, start):
    column = pd.Series(values, dtype=object).iloc[start:]  # a slice: Arrow arrays with an offset
    for kind in (column, column.astype("str")):
        expected = kind.fillna("").astype(str).str.strip()
        pd.testing.assert_series_equal(stripped_text(kind), expected)


words = st.sampled_from([None, "", " SMS", "voice", "Voice ", "chat", "fax", "inbound", " outbound", "true", "0", "x"])


@given(rows=st.lists(st.tuples(words, words, words, words), max_size=10))
def test_categorical_columns_normalize_like_text(rows):
    frame = pd.DataFrame(rows, columns=["channel", "direction", "answered", "agent"], dtype=object)
    frame.insert(0, "duration_s", [float(n) for n in range(len(rows))])
    categorical = frame.astype({name: "category" for name in ["channel", "direction", "answered", "agent"]})
    text = normalize_records(frame, "x.csv")
    coded = normalize_records(categorical, "x.csv")
    pd.testing.assert_frame_equal(coded.records, text.records)
    pd.testing.assert_frame_equal(coded.rejected.drop(columns="raw"), text.rejected.drop(columns="raw"))


def test_checked_text_columns_are_taken_as_they_are():
    frame = pd.DataFrame({"duration_s": [5.0], "agent": pd.Series([" a "], dtype="str")})
    assert normalize_records(frame, "x.csv").records["agent"].tolist() == ["a"]
    assert normalize_records(frame, "x.csv", checked=True).records["agent"].tolist() == [" a "]


@pytest.mark.parametrize(
    "start",
    ["1970-01-01 00:00:00", "1989-12-31 23:59:59", "2100-01-01 00:00:00", "2150-06-01 10:00:00"],
)
def test_placeholder_starts_outside_1990_to_2100_are_refused(start):
    log = read_calls(
        pd.DataFrame({"start": [start, "1990-01-01 00:00:00", "2099-12-31 23:59:59"], "duration_s": [5, 6, 7]})
    )
    assert log.rejected[["line", "reason"]].values.tolist() == [
        [1, f"start is a placeholder or out of range (before 1990-01-01 or from 2100-01-01 on): '{start}'"]
    ]
    assert log.records["duration_s"].tolist() == [6.0, 7.0]


def test_an_impossible_date_in_a_file_is_refused_with_its_line(tmp_path):
    log = read_calls(write(tmp_path, "start,duration_s\r2026-03-01 09:00,5\r2026-02-30 10:00,6\r2026-04-31 11:00,7\r"))
    why = "'start' is a date that does not exist in the calendar"
    assert log.rejected.values.tolist() == [
        [3, "2026-02-30 10:00,6", f"{why}: '2026-02-30 10:00'"],
        [4, "2026-04-31 11:00,7", f"{why}: '2026-04-31 11:00'"],
    ]
