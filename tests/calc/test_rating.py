"""Hand-computed bills: each row names the rule of docs/billing-rules.md it checks."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from calc import price
from tests.conftest import make_log, one_tariff

PM = "name: T\n{head}components: [{{type: per_minute, {fields}}}]"


def per_minute(fields: str, head: str = "") -> str:
    return PM.format(fields=fields, head=head)


def calls(*durations, **extra):
    return [{"duration_s": d, **extra} for d in durations]


CASES = [
    # (rule checked, tariff, records, total, billed seconds)
    ("60/60: exactly 60 s is one minute", per_minute("rate: 0.07"), calls(60), "0.07", 60),
    ("60/60: 61 s is two minutes", per_minute("rate: 0.07"), calls(61), "0.14", 120),
    ("60/60: 1 s is a full minute", per_minute("rate: 0.07"), calls(1), "0.07", 60),
    ("1/1: 61 s bills 61 s", per_minute("rate: 0.06, increment: 1/1"), calls(61), "0.06", 61),
    (
        "30/6: exactly first (30 s) bills 30",
        per_minute("rate: 0.06, increment: 30/6"),
        calls(30),
        "0.03",
        30,
    ),
    (
        "30/6: first + 1 s bills 36",
        per_minute("rate: 0.06, increment: 30/6"),
        calls(31),
        "0.04",
        36,
    ),
    (
        "30/6: a fraction of a second rounds up first",
        per_minute("rate: 0.06, increment: 30/6"),
        calls("30.001"),
        "0.04",
        36,
    ),
    ("6/6: 13 s bills 18", per_minute("rate: 0.10, increment: 6/6"), calls(13), "0.03", 18),
    (
        "0-second answered call bills 0 s but pays the connection fee",
        per_minute("rate: 0.07, connection_fee: 0.01"),
        calls(0, answered="true"),
        "0.01",
        0,
    ),
    (
        "0-second call is unanswered by default: nothing",
        per_minute("rate: 0.07, connection_fee: 0.01"),
        calls(0),
        "0.00",
        0,
    ),
    ("grace_s itself is charged", per_minute("rate: 0.07, grace_s: 5"), calls(5), "0.07", 60),
    (
        "below grace_s is free",
        per_minute("rate: 0.07, grace_s: 5, connection_fee: 0.5"),
        calls("4.999"),
        "0.00",
        0,
    ),
    (
        "min_charge raises connection fee plus time",
        per_minute("rate: 0.07, increment: 1/1, connection_fee: 0.01, min_charge: 0.05"),
        calls(10),
        "0.05",
        10,
    ),
    (
        "bill_unanswered pays the connection fee only",
        per_minute("rate: 0.07, connection_fee: 0.02, bill_unanswered: true"),
        calls(0, 30, answered="false"),
        "0.04",
        0,
    ),
    (
        "unanswered without bill_unanswered is free",
        per_minute("rate: 0.07, connection_fee: 0.02"),
        calls(30, answered="false"),
        "0.00",
        0,
    ),
    (
        "round up keeps an exact 0.07 (100 calls = 7.00, not 8.00)",
        per_minute("rate: 0.07", "round_per_call: up\n"),
        calls(*[60] * 100),
        "7.00",
        6000,
    ),
    (
        "round up per call: 1 s at 0.05/min is 0.01 each",
        per_minute("rate: 0.05, increment: 1/1", "round_per_call: up\n"),
        calls(1, 1, 1),
        "0.03",
        3,
    ),
    (
        "no per-call rounding: 3 s at 0.05/min rounds on the invoice to 0.00",
        per_minute("rate: 0.05, increment: 1/1"),
        calls(1, 1, 1),
        "0.00",
        3,
    ),
    (
        "invoice rounding is half-up: 0.005 becomes 0.01",
        per_minute("rate: 0.05, increment: 1/1"),
        calls(6),
        "0.01",
        6,
    ),
    (
        "round half_up per call: 0.0075 becomes 0.01",
        per_minute("rate: 0.09, increment: 1/1", "round_per_call: half_up\n"),
        calls(5, 5, 5),
        "0.03",
        15,
    ),
    (
        "direction inbound skips outbound and empty",
        per_minute("rate: 0.07, direction: inbound"),
        [{"duration_s": 60, "direction": d} for d in ("inbound", "outbound", "")],
        "0.07",
        60,
    ),
    (
        "direction any matches empty direction",
        per_minute("rate: 0.07"),
        [{"duration_s": 60, "direction": d} for d in ("inbound", "outbound", "")],
        "0.21",
        180,
    ),
    (
        "channel voice ignores sms",
        per_minute("rate: 0.07"),
        [{"duration_s": 60, "channel": "voice"}, {"duration_s": 60, "channel": "sms"}],
        "0.07",
        60,
    ),
    (
        "included minutes are used first",
        per_minute("rate: 0.06, increment: 1/1, included_minutes: 1"),
        calls(30, 45),
        "0.02",
        75,
    ),
    (
        "graduated: a tier bound hit exactly stays in the tier",
        per_minute("increment: 1/1, tiers: [{up_to: 2, rate: 0.10}, {up_to: null, rate: 0.05}]"),
        calls(120),
        "0.20",
        120,
    ),
    (
        "graduated: past the bound each slice at its rate",
        per_minute("increment: 1/1, tiers: [{up_to: 2, rate: 0.10}, {up_to: null, rate: 0.05}]"),
        calls(120, 60),
        "0.25",
        180,
    ),
    (
        "volume: up_to is inclusive",
        per_minute("increment: 1/1, tier_mode: volume, tiers: [{up_to: 2, rate: 0.10}, {up_to: null, rate: 0.05}]"),
        calls(120),
        "0.20",
        120,
    ),
    (
        "volume: one second past the bound, all at the next rate",
        per_minute("increment: 1/1, tier_mode: volume, tiers: [{up_to: 2, rate: 0.10}, {up_to: null, rate: 0.05}]"),
        calls(121),
        "0.10",
        121,
    ),
    (
        "tiers start after included minutes",
        per_minute("increment: 1/1, included_minutes: 1, tiers: [{up_to: 1, rate: 0.60}, {up_to: null, rate: 0.06}]"),
        calls(180),
        "0.66",
        180,
    ),
    (
        "per_event charges answered records",
        "name: T\ncomponents: [{type: per_event, fee: 0.5}]",
        calls(10, 0),
        "0.50",
        0,
    ),
    (
        "per_event with bill_unanswered charges every match",
        "name: T\ncomponents: [{type: per_event, fee: 0.5, bill_unanswered: true}]",
        calls(10, 0),
        "1.00",
        0,
    ),
    (
        "per_event on sms",
        "name: T\ncomponents: [{type: per_event, fee: 0.075, channel: sms}]",
        [{"duration_s": 0, "channel": "sms", "answered": "true"}] * 3,
        "0.23",
        0,
    ),
    (
        "monthly_fee on a log without timestamps is one full month",
        "name: T\ncomponents: [{type: monthly_fee, amount: 10}]",
        calls(1),
        "10.00",
        0,
    ),
    (
        "per_seat with fixed seats",
        "name: T\ncomponents: [{type: per_seat, amount: 10, seats: 3}]",
        calls(1),
        "30.00",
        0,
    ),
    (
        "per_seat counts distinct non-empty agents",
        "name: T\ncomponents: [{type: per_seat, amount: 10, seats: agents}]",
        [{"duration_s": 5, "agent": a} for a in ("a", "b", "a", "")],
        "20.00",
        0,
    ),
    (
        "hourly_team with hours_per_month",
        "name: T\ncomponents: [{type: hourly_team, rate: 20, agents: 2, hours_per_month: 160}]",
        calls(1),
        "6400.00",
        0,
    ),
    (
        "minimum_spend adds the shortfall",
        "name: T\ncomponents: [{type: per_minute, rate: 0.07}, {type: minimum_spend, amount: 5}]",
        calls(60),
        "5.00",
        60,
    ),
    (
        "minimum_spend adds nothing above the floor",
        "name: T\ncomponents: [{type: per_minute, rate: 1}, {type: minimum_spend, amount: 5}]",
        calls(*[60] * 6),
        "6.00",
        360,
    ),
]


@pytest.mark.parametrize(("rule", "tariff", "records", "total", "billed"), CASES, ids=[c[0] for c in CASES])
def test_hand_computed_bill(rule, tariff, records, total, billed):
    result = price(make_log(records), one_tariff(tariff))
    assert result.total == Decimal(total)
    assert result.billed_seconds == billed


def timed(*rows):
    return [
        {"start": start, "duration_s": duration, **extra}
        for start, duration, *rest in rows
        for extra in [rest[0] if rest else {}]
    ]


def test_month_covered_by_a_single_day_is_prorated():
    log = make_log(timed(("2026-01-31 10:00:00", 5), ("2026-02-10 10:00:00", 5)))
    result = price(log, one_tariff("name: T\ncomponents: [{type: monthly_fee, amount: 31}]"))
    assert result.months == {"2026-01": Decimal("1.00"), "2026-02": Decimal("11.07")}
    assert result.total == Decimal("12.07")


def test_gap_month_without_records_still_pays_fixed_fees():
    log = make_log(timed(("2026-01-31 10:00:00", 5), ("2026-03-01 10:00:00", 5)))
    result = price(log, one_tariff("name: T\ncomponents: [{type: monthly_fee, amount: 28}]"))
    assert result.months == {
        "2026-01": Decimal("0.90"),
        "2026-02": Decimal("28.00"),
        "2026-03": Decimal("0.90"),
    }


def test_schedule_counts_staffed_hours_on_covered_days_only():
    # Monday 5 to Wednesday 7 January 2026: three staffed days of 8 hours.
    log = make_log(timed(("2026-01-05 10:00:00", 5), ("2026-01-07 10:00:00", 5)))
    tariff = one_tariff(
        "name: T\ncomponents: [{type: hourly_team, rate: 10, agents: 1, schedule: ['mon-fri 09:00-17:00']}]"
    )
    assert price(log, tariff).total == Decimal("240.00")


def test_overnight_schedule_is_split_at_midnight():
    # Saturday 3 and Sunday 4 January 2026 covered; 'sun 22:00-02:00' staffs 2 h on Sunday only.
    log = make_log(timed(("2026-01-03 10:00:00", 5), ("2026-01-04 10:00:00", 5)))
    tariff = one_tariff(
        "name: T\ncomponents: [{type: hourly_team, rate: 10, agents: 1, schedule: ['sun 22:00-02:00']}]"
    )
    assert price(log, tariff).total == Decimal("20.00")


MIXED = (
    "name: T\ncomponents:\n"
    "  - {{type: hourly_team, rate: 0, agents: 1, {hours}, covers_calls: true}}\n"
    "  - {{type: per_minute, rate: 1}}\n"
)


@pytest.mark.parametrize(
    ("second_start", "total"),
    [("2026-01-05 10:01:00", "0.00"), ("2026-01-05 10:00:59", "1.00")],
    ids=["ending exactly when the next starts frees the agent", "one second of overlap overflows"],
)
def test_covers_calls_boundary(second_start, total):
    log = make_log(timed(("2026-01-05 10:00:00", 60), (second_start, 30)))
    result = price(log, one_tariff(MIXED.format(hours="hours_per_month: 0")))
    assert result.total == Decimal(total)
    assert result.record_covered.tolist() == [True, total == "0.00"]


def test_covers_calls_ties_in_start_keep_log_order():
    log = make_log(timed(("2026-01-05 10:00:00", 60), ("2026-01-05 10:00:00", 120)))
    assert price(log, one_tariff(MIXED.format(hours="hours_per_month: 0"))).total == Decimal("2.00")


def test_covers_calls_only_inside_the_schedule():
    log = make_log(timed(("2026-01-05 08:59:59", 60), ("2026-01-05 09:00:00", 60), ("2026-01-05 09:30:00", 60)))
    tariff = one_tariff(MIXED.format(hours="schedule: ['mon 09:00-09:30']"))
    result = price(log, tariff)
    assert result.record_covered.tolist() == [False, True, False]
    assert result.components["per_minute"] == Decimal("2.00")


def test_covered_calls_still_count_as_actual_talk_time():
    log = make_log(timed(("2026-01-05 10:00:00", 90)))
    result = price(log, one_tariff(MIXED.format(hours="hours_per_month: 0")))
    assert (result.billed_seconds, result.actual_seconds) == (0, 90)


def test_per_record_charges_add_up_to_usage():
    log = make_log(calls(61, 30, 125, 0, answered="true"))
    result = price(log, one_tariff(per_minute("rate: 0.07, increment: 30/6, connection_fee: 0.01")))
    assert result.record_billed_seconds.tolist() == [66, 30, 126, 0]
    charges = [Fraction(units, result.unit) for units in result.record_charge_units.tolist()]
    # 66 s at 0.07/min + 0.01, 30 s + 0.01, 126 s + 0.01, an answered 0-second call: the fee.
    assert charges == [Fraction("0.087"), Fraction("0.045"), Fraction("0.157"), Fraction("0.01")]
    assert result.total == Decimal("0.30")
