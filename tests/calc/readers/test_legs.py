"""Calls, not legs: the merge of a ring group, a transfer and a conference, computed by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

from calc.readers.legs import merge_legs

T = pd.Timestamp


def legs() -> tuple[pd.DataFrame, np.ndarray]:
    rows = [
        # line, start, duration_s, answered, agent, direction, call id
        (1, "09:00:00", 45.0, False, "", "inbound", "ring"),  # the trunk leg: IVR time, Dial not answered
        (2, "09:00:05", 30.0, True, "201", "", "ring"),  # the member who answered
        (3, "09:00:05", 0.0, False, "202", "", "ring"),  # the member who did not
        (4, "10:00:00", 60.0, True, "201", "inbound", "xfer"),  # answered, then transferred
        (5, "10:01:02", 90.0, True, "202", "", "xfer"),  # the transfer target talks longer
        (6, "11:00:00", 50.0, True, "", "inbound", "conf"),  # conference: three overlapping legs
        (7, "11:00:10", 70.0, True, "201", "internal", "conf"),
        (8, "11:00:20", 65.0, True, "202", "internal", "conf"),
        (9, "12:00:00", 0.0, False, "", "internal", ""),  # a call of its own
        (10, "12:30:00", 12.0, True, "203", "internal", "int"),  # an internal call stays internal
        (11, "12:30:01", 11.0, True, "204", "internal", "int"),
    ]
    frame = pd.DataFrame(
        {
            "line": [r[0] for r in rows],
            "start": [T(f"2026-03-02 {r[1]}") for r in rows],
            "duration_s": [r[2] for r in rows],
            "answered": [r[3] for r in rows],
            "agent": [r[4] for r in rows],
            "direction": pd.Categorical([r[5] for r in rows], categories=["", "inbound", "outbound", "internal"]),
        }
    )
    return frame, np.array([r[6] for r in rows], dtype=object)


def test_ring_group_transfer_and_conference_by_hand():
    calls = merge_legs(*legs())
    assert calls["line"].tolist() == [1, 4, 6, 9, 10]
    assert calls["start"].tolist() == [
        T("2026-03-02 09:00"),
        T("2026-03-02 10:00"),
        T("2026-03-02 11:00"),
        T("2026-03-02 12:00"),
        T("2026-03-02 12:30"),
    ]
    # Longest answered leg: the ring group's 45 s trunk leg was not answered, so 30 s, not 45 s or 75 s.
    assert calls["duration_s"].tolist() == [30.0, 90.0, 70.0, 0.0, 12.0]
    assert calls["answered"].tolist() == [True, True, True, False, True]
    assert calls["agent"].tolist() == ["201", "202", "201", "", "203"]
    assert calls["direction"].astype(str).tolist() == ["inbound", "inbound", "inbound", "internal", "internal"]


def test_ids_that_never_repeat_leave_the_records_as_they_are():
    frame, _ = legs()
    same = merge_legs(frame, np.array([str(n) for n in range(len(frame))], dtype=object))
    assert same is frame


def test_merge_is_whole_column_on_many_calls():
    calls = 50_000
    frame = pd.DataFrame(
        {
            "line": np.arange(1, 2 * calls + 1),
            "start": pd.Timestamp("2026-03-02") + pd.to_timedelta(np.arange(2 * calls), unit="s"),
            "duration_s": np.tile([10.0, 20.0], calls),
            "answered": np.tile([True, False], calls),
            "agent": np.tile(["a", "b"], calls),
        }
    )
    keys = np.repeat(np.arange(calls).astype(str), 2).astype(object)
    merged = merge_legs(frame, keys)
    assert len(merged) == calls
    assert merged["duration_s"].sum() == 10.0 * calls and merged["agent"].eq("a").all()
