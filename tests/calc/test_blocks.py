"""Pricing in blocks equals pricing the whole log at once, on random logs and tariffs.

`calc.usage.price_per_minute` prices a log in blocks of `BLOCK_RECORDS` records;
here blocks of 1 to 7 records put block boundaries inside months, between
calls that start at the same instant, and across included minutes and tiers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from unittest import mock

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import InputError, parse_tariffs, prepare, price, read_calls
from tests.calc.test_properties import as_frame, records, tariffs


def _priced(log, tariff, block_records):
    with mock.patch("calc.usage.BLOCK_RECORDS", block_records):
        try:
            return price(log, tariff)
        except InputError as error:
            return str(error)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), tariff=tariffs(), block_records=st.integers(1, 7))
def test_blocks_equal_the_whole_log(data, tariff, block_records):
    timed = data.draw(st.booleans(), label="timed")
    rows = data.draw(records(timed), label="records")
    rows.sort(key=lambda r: r["start"]) if timed else None
    log = prepare(read_calls(as_frame(rows, timed), "random"))
    whole = _priced(log, tariff, 10**9)
    blocked = _priced(log, tariff, block_records)
    if isinstance(whole, str):
        assert blocked == whole
        return
    assert blocked.months == whole.months
    assert blocked.total == whole.total
    assert blocked.component_months == whole.component_months
    assert blocked.billed_seconds == whole.billed_seconds
    assert blocked.charged_actual_seconds == whole.charged_actual_seconds
    assert blocked.rounding_overhead_cost == whole.rounding_overhead_cost
    assert blocked.unrated == whole.unrated
    assert np.array_equal(blocked.record_charge_units, whole.record_charge_units)
    assert np.array_equal(blocked.record_billed_seconds, whole.record_billed_seconds)


def test_included_minutes_carried_across_blocks():
    """A month's bundle spent in one block is not offered again in the next (regression guard)."""
    frame = as_frame(
        [
            {
                "start": dt.datetime(2026, 1, 5, 9, 0, second),
                "duration": Fraction(60),
                "channel": "voice",
                "direction": "inbound",
                "answered": True,
                "answered_text": "true",
                "agent": "",
                "destination": "",
                "resolved": None,
            }
            for second in range(5)
        ],
        timed=True,
    )
    [tariff] = parse_tariffs(
        "name: B\ncomponents: [{type: per_minute, rate: 0.10, increment: 60/60, included_minutes: 2}]"
    )
    log = prepare(read_calls(frame, "five calls"))
    assert _priced(log, tariff, 2).total == _priced(log, tariff, 10**9).total == Decimal("0.30")


def test_a_start_out_of_order_at_a_block_boundary_is_sorted():
    """The in-order check runs in blocks: a start lower than the one before, just past a block, is still seen."""
    starts = ["2026-01-05 09:00", "2026-01-05 09:01", "2026-01-05 09:02", "2026-01-05 08:00", "2026-01-05 09:03"]
    frame = pd.DataFrame({"start": starts, "duration_s": [1, 2, 3, 4, 5]})
    for block_records in (1, 2, 3, 4, 10):
        with mock.patch("calc.prepared.BLOCK_RECORDS", block_records):
            log = prepare(read_calls(frame, "one late row"))
        assert log.order.tolist() == [3, 0, 1, 2, 4]
        assert log.ceil_s.tolist() == [4, 1, 2, 3, 5]
