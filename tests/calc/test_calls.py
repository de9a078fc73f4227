"""The canonical call-log reader: every row priced or refused with line and reason."""

from __future__ import annotations

import pandas as pd
import pytest

from calc import InputError, read_calls


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
