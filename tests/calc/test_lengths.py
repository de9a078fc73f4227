"""Months priced from counts by length equal the record-by-record pricing, on random logs and tariffs.

`calc.lengths` prices a per_minute component from its charged calls counted by
month and length when no record's charge is kept (``records=False``, the command
line); `calc.usage` prices record by record in blocks (``records=True``). Counting
blocks of 1 to 7 records put block boundaries inside months and between calls
that start at the same instant; tiers and bundles then cross blocks.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import InputError, compare, parse_tariffs, prepare, price, read_calls
from tests.calc.test_properties import as_frame, records, tariffs


def _bills(log, tariffs_, records_kept, block_records=10**9):
    with mock.patch("calc.lengths.BLOCK_RECORDS", block_records):
        try:
            return [
                (r.months, r.total, r.component_months, r.billed_seconds, r.charged_actual_seconds)
                + (r.rounding_overhead_cost, r.unrated, r.components)
                for r in compare(log, tariffs_, records=records_kept).results
            ]
        except InputError as error:
            return str(error)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), tariff=tariffs(), block_records=st.integers(1, 7))
def test_counts_by_length_equal_records(data, tariff, block_records):
    timed = data.draw(st.booleans(), label="timed")
    rows = data.draw(records(timed), label="records")
    rows.sort(key=lambda r: r["start"]) if timed else None
    log = prepare(read_calls(as_frame(rows, timed), "random"))
    assert _bills(log, [tariff], False, block_records) == _bills(log, [tariff], True)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), drawn=st.lists(tariffs(), min_size=2, max_size=3))
def test_tariffs_sharing_counts_equal_records(data, drawn):
    """Tariffs charging the same records share one count of the log (cached on it): each still gets its own bill."""
    rows = data.draw(records(True), label="records")
    rows.sort(key=lambda r: r["start"])
    log = prepare(read_calls(as_frame(rows, True), "random"))
    named = [tariff.model_copy(update={"name": f"T{number}"}) for number, tariff in enumerate(drawn)]
    assert _bills(log, named, False) == _bills(log, named, True)


def _calls(durations, start=dt.datetime(2026, 1, 5, 9, 0), answered=True):
    return [
        {
            "start": start + dt.timedelta(minutes=number),
            "duration": Fraction(duration),
            "channel": "voice",
            "direction": "inbound",
            "answered": answered,
            "answered_text": str(answered).lower(),
            "agent": "",
            "destination": "",
            "resolved": None,
        }
        for number, duration in enumerate(durations)
    ]


def _only_by_length(log, tariff):
    """Price with the record-by-record path forbidden: the counts by length must do it all."""
    with mock.patch("calc.rating.price_per_minute", side_effect=AssertionError("priced record by record")):
        return price(log, tariff, records=False)


@pytest.mark.parametrize(
    ("component", "total"),
    [
        # 61 s and 0.5 s bill 2 min and 1 min at 0.045 plus 0.015 each: 0.105 and 0.06, rounded up per call.
        ("{type: per_minute, rate: 0.045, increment: 60/60, connection_fee: 0.015}", "0.17"),
        # 1/1 at 0.06 a minute: 62 s is 0.062 (0.061 + 0.001), rounded up per call to 0.07, and 0.01.
        ("{type: per_minute, rate: 0.06, increment: 1/1}", "0.08"),
    ],
)
def test_one_rate_priced_from_counts(component, total):
    log = prepare(read_calls(as_frame(_calls(["61", "0.5"]), True), "two calls"))
    [tariff] = parse_tariffs(f"name: A\nround_per_call: up\ncomponents: [{component}]")
    assert _only_by_length(log, tariff).total == Decimal(total)


def test_tiers_priced_from_the_month_total():
    """Five 60 s calls, 2 included minutes, then 0.10 up to 2 more minutes and 0.05 after: 0.20 + 0.05."""
    log = prepare(read_calls(as_frame(_calls([60] * 5), True), "five calls"))
    [tariff] = parse_tariffs(
        "name: B\ncomponents: [{type: per_minute, increment: 60/60, included_minutes: 2,"
        " tiers: [{up_to: 2, rate: 0.10}, {up_to: null, rate: 0.05}]}]"
    )
    result = _only_by_length(log, tariff)
    assert result.total == Decimal("0.25")
    assert result.billed_seconds == 300


def test_unanswered_calls_pay_the_fee_rounded():
    """bill_unanswered: an unanswered call pays the connection fee alone, rounded up per call like any call."""
    log = prepare(read_calls(as_frame(_calls([0, 0], answered=False), True), "two missed calls"))
    [tariff] = parse_tariffs(
        "name: C\nround_per_call: up\n"
        "components: [{type: per_minute, rate: 0.1, connection_fee: 0.011, bill_unanswered: true}]"
    )
    assert _only_by_length(log, tariff).total == Decimal("0.04")
