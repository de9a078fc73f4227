"""Pricing in partitions (map, combine, finish) equals pricing the whole log, to the last digit."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import InputError, Tariff, compare, read_calls
from calc.partials import MIXED_MODEL_REFUSAL, check_partitionable, combine_all, finish, partial_of
from tests.calc.test_properties import as_frame, records, tariffs
from tests.conftest import one_tariff


def in_memory(frame: pd.DataFrame, tariff_list: list[Tariff]) -> dict | str:
    try:
        return compare(read_calls(frame, "random"), tariff_list, records=False).to_json()
    except InputError as error:
        return str(error)


def in_partitions(frame: pd.DataFrame, tariff_list: list[Tariff], cuts: list[int]) -> dict | str:
    bounds = [0, *cuts, len(frame)]
    parts = [frame.iloc[a:b].reset_index(drop=True) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    try:
        partials = []
        for part in parts:  # one after another: a team's calls in progress are carried to the next partition
            previous = partials[-1] if partials else None
            partials.append(partial_of(read_calls(part, "random"), tariff_list, previous=previous))
        return finish(combine_all(partials), tariff_list).to_json()
    except InputError as error:
        return str(error)


def day_cuts(frame: pd.DataFrame) -> list[int]:
    """Where a new day (midnight) or a new month begins in a log sorted by start."""
    if "start" not in frame or frame.empty:
        return []
    days = pd.to_datetime(frame["start"]).dt.floor("D")
    return [int(i) for i in (days.ne(days.shift()).to_numpy().nonzero()[0]) if i > 0]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), first=tariffs(), second=tariffs())
def test_partitions_equal_the_whole_log(data, first, second):
    timed = data.draw(st.booleans(), label="timed")
    rows = data.draw(records(timed), label="records")
    if timed:
        rows.sort(key=lambda r: r["start"])
    frame = as_frame(rows, timed)
    if frame.empty:
        return
    tariff_list = [first, second.model_copy(update={"name": "U"})]  # mixed models too
    inside = st.lists(st.integers(1, max(len(frame) - 1, 1)), max_size=6)
    midnights = st.lists(st.sampled_from(day_cuts(frame) or [0]), max_size=3)
    cuts = sorted({c for c in data.draw(inside, label="cuts") + data.draw(midnights, label="midnights") if c > 0})
    cuts = [c for c in cuts if c < len(frame)]
    assert in_partitions(frame, tariff_list, cuts) == in_memory(frame, tariff_list)


def frame_of(rows: list[tuple[str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {"start": [r[0] for r in rows], "duration_s": [str(r[1]) for r in rows], "agent": [r[2] for r in rows]}
    )


EDGE_TARIFF = """
name: Edges
components:
  - {type: per_minute, rate: 0.01, included_minutes: 2, tiers: [{up_to: 3, rate: 0.05}, {up_to: null, rate: 0.02}]}
  - {type: per_minute, label: volume, channel: voice, tiers: [{up_to: 4, rate: 0.09}, {up_to: null, rate: 0.03}],
     tier_mode: volume, connection_fee: 0.001}
  - {type: per_seat, amount: 30, seats: agents}
  - {type: per_seat, amount: 45, seats: peak_concurrent}
  - {type: minimum_spend, amount: 1}
  - {type: surcharge, percent: 22}
"""

# Calls crossing midnight at the end of January, one still running across every cut,
# the same agents on both sides of a cut, tiers crossed in the middle of a partition.
EDGE_ROWS = [
    ("2026-01-31 23:50:00", 1500, "a"),
    ("2026-01-31 23:55:00", 900, "b"),
    ("2026-01-31 23:59:59", 61, "a"),
    ("2026-02-01 00:00:00", 30, "c"),
    ("2026-02-01 00:10:00", 3600, "a"),
    ("2026-02-01 00:10:00", 200, "b"),
    ("2026-02-01 00:20:00", 45, ""),
    ("2026-02-01 00:30:00", 90, "c"),
    ("2026-02-28 23:59:00", 180, "b"),
    ("2026-03-01 00:01:00", 7200, "d"),
    ("2026-03-01 01:00:00", 30, "a"),
]


@pytest.mark.parametrize("cuts", [[1], [3], [4], [5], [6], [9], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [2, 8]])
def test_hidden_edges_across_cuts(cuts):
    tariff_list = [one_tariff(EDGE_TARIFF)]
    frame = frame_of(EDGE_ROWS)
    expected = in_memory(frame, tariff_list)
    assert isinstance(expected, dict)
    assert expected["tariffs"][0]["months"]  # a real bill, not a refusal
    assert in_partitions(frame, tariff_list, cuts) == expected


def test_peak_counts_a_call_in_progress_across_partitions():
    frame = frame_of(EDGE_ROWS[:6])
    tariff_list = [one_tariff("name: S\ncomponents: [{type: per_seat, amount: 31, seats: peak_concurrent}]")]
    whole = in_memory(frame, tariff_list)
    # Four calls at 2026-02-01 00:10 (three from January still running): 4 seats in February.
    assert whole["tariffs"][0]["months"] == {"2026-01": "3.00", "2026-02": "4.43"}
    assert in_partitions(frame, tariff_list, [1, 2, 3, 4, 5]) == whole


def test_partitions_out_of_time_order_are_refused_for_peak_seats():
    frame = frame_of(EDGE_ROWS[:4])
    tariff_list = [one_tariff("name: S\ncomponents: [{type: per_seat, amount: 31, seats: peak_concurrent}]")]
    parts = [
        partial_of(read_calls(frame.iloc[2:], "b"), tariff_list),
        partial_of(read_calls(frame.iloc[:2]), tariff_list),
    ]
    with pytest.raises(InputError, match="peak_concurrent needs the partitions in time order"):
        combine_all(parts)


MIXED = """
name: Mixed
components:
  - {type: hourly_team, rate: 20, agents: 2, hours_per_month: 1, covers_calls: true}
  - {type: per_minute, rate: 0.05, increment: 1/1}
  - {type: per_event, fee: 0.1}
"""


def test_mixed_model_needs_partitions_in_order():
    mixed = one_tariff(MIXED)
    with pytest.raises(InputError, match=re.escape(f'tariff "Mixed": {MIXED_MODEL_REFUSAL}')):
        check_partitionable([mixed])
    check_partitionable([mixed], in_order=True)  # mapped one after another: the walk is carried


@pytest.mark.parametrize("cuts", [[1], [2], [3], [4], [5], [6], list(range(1, 11))])
def test_team_calls_in_progress_carried_across_cuts(cuts):
    frame = frame_of(EDGE_ROWS)
    tariff_list = [one_tariff(MIXED)]
    whole = in_memory(frame, tariff_list)
    # Two agents: the calls of 23:50 and 23:55 hold the team over midnight, so those of 23:59:59 and 00:00
    # overflow; at 00:10 the 23:55 call has just ended, one 00:10 call is covered and the other overflows.
    assert whole["tariffs"][0]["components"]["per_event"] == "0.30"
    assert in_partitions(frame, tariff_list, cuts) == whole


def test_every_preset_in_partitions(presets):
    start = dt.datetime(2026, 1, 30, 22, 0)
    rows = []
    for k in range(400):
        when = start + dt.timedelta(minutes=37 * k + (k % 7))
        rows.append((when.isoformat(sep=" "), (k * 53) % 900, f"agent{k % 9}"))
    frame = frame_of(rows)
    frame["destination"] = ["+39 333 1234", "+44 20 7946", "06 1234", ""][0:1] * len(frame)
    frame["channel"] = ["voice", "voice", "sms", "chat", "voice"] * 80
    frame["direction"] = ["outbound", "inbound", "", "outbound"] * 100
    usable = [t for t in presets if t.covering_team is None]
    assert len(usable) >= 15
    expected = in_memory(frame, usable)
    assert isinstance(expected, dict)
    assert in_partitions(frame, usable, [1, 57, 58, 200, 399]) == expected
