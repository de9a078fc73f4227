"""Volume and duration curves and their crossovers, on logs whose answers are known by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest

from calc import InputError, crossovers, duration_curve, prepare, price, read_calls, volume_curve
from calc.curves import (
    MEAN_DURATIONS_S,
    VOLUME_FACTORS,
    covered_months,
    format_calls,
    format_duration,
    log_point,
    log_points,
)
from tests.conftest import ROOT, make_log, one_tariff

PER_CALL = one_tariff("name: Per call\ncomponents: [{type: per_event, fee: 1}]")
FLAT = one_tariff("name: Flat\ncomponents: [{type: monthly_fee, amount: 100}]")
TEN_CENTS = one_tariff("name: Ten cents a call\ncomponents: [{type: per_event, fee: 0.10}]")
PER_SECOND = one_tariff("name: Per second\ncomponents: [{type: per_minute, rate: 0.06, increment: 1/1}]")


def fifty_calls_in_january():
    days = [1 + (i % 31) for i in range(50)]
    return make_log([{"start": f"2026-01-{d:02d} 10:{i % 60:02d}:00", "duration_s": 50} for i, d in enumerate(days)])


def test_default_grids_have_25_points_from_end_to_end():
    assert len(VOLUME_FACTORS) == len(MEAN_DURATIONS_S) == 25
    assert VOLUME_FACTORS[0] == pytest.approx(0.1) and VOLUME_FACTORS[-1] == pytest.approx(10)
    assert VOLUME_FACTORS[12] == pytest.approx(1)
    assert MEAN_DURATIONS_S[0] == pytest.approx(10) and MEAN_DURATIONS_S[-1] == pytest.approx(600)


def test_volume_curve_by_hand_and_its_crossover():
    curve = volume_curve(fifty_calls_in_january(), [PER_CALL, FLAT], [1, 3])
    assert curve[["tariff", "x", "monthly_cost"]].values.tolist() == [
        ["Per call", 50.0, Decimal("50.00")],
        ["Flat", 50.0, Decimal("100.00")],
        ["Per call", 150.0, Decimal("150.00")],
        ["Flat", 150.0, Decimal("100.00")],
    ]
    assert set(curve["unit"]) == {"calls a month"} and set(curve["curve"]) == {"volume"}
    [crossing] = crossovers(curve)
    assert (crossing.cheaper, crossing.dearer, crossing.at, crossing.low, crossing.high) == (
        "Flat",
        "Per call",
        100.0,
        50.0,
        150.0,
    )
    assert crossing.sentence == "Flat becomes cheaper than Per call above 100 calls a month"


def test_duration_curve_by_hand_and_where_per_second_stops_being_cheaper():
    # A call of d seconds costs 0.001 d per second and 0.10 per call: equal at 100 s.
    curve = duration_curve(fifty_calls_in_january(), [TEN_CENTS, PER_SECOND], [50, 150])
    assert curve[["tariff", "x", "total"]].values.tolist() == [
        ["Ten cents a call", 50.0, Decimal("5.00")],
        ["Per second", 50.0, Decimal("2.50")],
        ["Ten cents a call", 150.0, Decimal("5.00")],
        ["Per second", 150.0, Decimal("7.50")],
    ]
    [crossing] = crossovers(curve)
    assert crossing.at == pytest.approx(100.0)
    assert crossing.sentence == "Ten cents a call becomes cheaper than Per second for calls longer than 1 min 40 s"


def test_monthly_cost_is_the_total_per_covered_month():
    # 1 to 15 January: half a month of 31 days covered is 15/31 of a month.
    log = make_log([{"start": "2026-01-01 09:00", "duration_s": 5}, {"start": "2026-01-15 09:00", "duration_s": 5}])
    assert covered_months(log) == Fraction(15, 31)
    curve = volume_curve(log, [FLAT], [1])
    assert curve["total"].tolist() == [Decimal("48.39")]
    assert curve["monthly_cost"].tolist() == [Decimal("100.01")]  # the invoiced 48.39 x 31/15 = 100.006
    assert curve["calls_per_month"].tolist() == [pytest.approx(2 * 31 / 15)]


def test_records_a_month_when_the_log_has_no_call():
    log = make_log([{"start": f"2026-01-{day} 09:00", "duration_s": 0, "channel": "sms"} for day in (1, 31)])
    curve = volume_curve(log, [FLAT], [1, 2])
    assert curve["unit"].tolist() == ["records a month"] * 2 and curve["x"].tolist() == [2.0, 4.0]


def test_every_point_is_priced_by_the_engine():
    log = prepare(read_calls(ROOT / "data" / "logs" / "support_desk.csv"))
    curve = volume_curve(log, [PER_CALL, PER_SECOND], [1.0])
    assert curve["total"].tolist() == [price(log, PER_CALL).total, price(log, PER_SECOND).total]
    calls = int((log.log.records["channel"] == "voice").sum())
    assert curve["calls_per_month"].iloc[0] == pytest.approx(calls / float(covered_months(log)))


def test_duration_curve_reaches_the_target_mean():
    log = prepare(read_calls(ROOT / "data" / "logs" / "support_desk.csv"))
    curve = duration_curve(log, [PER_SECOND], [10, 130, 600])
    assert curve["x"].tolist() == pytest.approx([10, 130, 600], abs=0.5)
    assert curve["monthly_cost_value"].is_monotonic_increasing


def crossing_frame(totals_a, totals_b, xs, currency_b="EUR"):
    rows = []
    for x, a, b in zip(xs, totals_a, totals_b, strict=True):
        rows.append({"curve": "volume", "unit": "calls a month", "tariff": "A", "currency": "EUR", "x": x, "total": a})
        rows.append(
            {"curve": "volume", "unit": "calls a month", "tariff": "B", "currency": currency_b, "x": x, "total": b}
        )
    return pd.DataFrame(rows).assign(total=lambda f: f["total"].map(Decimal))


def test_crossings_both_ways_and_along_an_equal_stretch():
    # B - A: +5, 0, -10, 0, +10, -10
    frame = crossing_frame([10, 20, 30, 40, 50, 60], [15, 20, 20, 40, 60, 50], [1000, 2000, 3000, 4000, 5000, 6000])
    assert [c.sentence for c in crossovers(frame)] == [
        "B becomes cheaper than A above 2,000 calls a month",  # equal at 2,000: the last equal point
        "A becomes cheaper than B above 4,000 calls a month",
        "B becomes cheaper than A above 5,500 calls a month",  # +10 at 5,000, -10 at 6,000: halfway
    ]


def test_no_crossing_between_currencies_or_when_one_stays_cheaper():
    assert crossovers(crossing_frame([10, 20], [15, 10], [1, 2], currency_b="USD")) == []
    assert crossovers(crossing_frame([10, 20], [15, 25], [1, 2])) == []
    assert crossovers(crossing_frame([10, 20], [10, 20], [1, 2])) == []


@pytest.mark.parametrize(
    ("value", "text"), [(14_213.7, "14,200"), (999.6, "1,000"), (842.4, "842"), (0.2, "0"), (1_234_567, "1,230,000")]
)
def test_calls_in_words(value, text):
    assert format_calls(value) == text


@pytest.mark.parametrize(("value", "text"), [(9.4, "9 s"), (59.5, "1 min"), (130.4, "2 min 10 s"), (600, "10 min")])
def test_durations_in_words(value, text):
    assert format_duration(value) == text


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda log: volume_curve(log, [PER_CALL], [0.5, 0]), "factors must be finite and above 0, got 0"),
        (lambda log: volume_curve(log, [PER_CALL], []), "factors must hold at least one value"),
        (lambda log: volume_curve(log, [], [1]), "no tariff for the curve"),
        (lambda log: volume_curve(log, [PER_CALL, PER_CALL], [1]), 'tariff name "Per call" is used twice'),
        (lambda log: duration_curve(log, [PER_CALL], [float("inf")]), "mean_durations_s must be finite"),
        (
            lambda log: duration_curve(make_log([{"duration_s": 0}]), [PER_CALL], [60]),
            "the log has no answered voice call",
        ),
        (lambda log: crossovers(pd.DataFrame({"x": [1]})), "curve: not a cost curve, missing column 'currency'"),
    ],
)
def test_bad_curve_requests_are_refused(call, message):
    with pytest.raises(InputError, match=message):
        call(fifty_calls_in_january())


def test_both_log_points_price_each_tariff_once_and_equal_each_log_point(presets):
    log = prepare(read_calls(ROOT / "data" / "logs" / "support_desk.csv"))
    both = log_points(log, presets)
    for curve in ("volume", "duration"):
        pd.testing.assert_frame_equal(both[curve], log_point(log, presets, curve))
    assert both["volume"]["total"].tolist() == [price(log, t).total for t in presets]
    assert set(both["duration"]["unit"]) == {"s"}
