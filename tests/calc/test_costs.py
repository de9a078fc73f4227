"""Cost summaries and the per-record table, against bills worked out by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from calc import price
from calc.costs import record_table, summarize
from tests.conftest import make_log, one_tariff

CARRIER = """
name: Carrier
components:
  - {type: per_minute, rate: 0.07, increment: 60/60}
  - {type: monthly_fee, amount: 10}
"""


@pytest.fixture
def log():
    return make_log(
        [
            {"start": "2026-03-02 10:05:00", "duration_s": 61},
            {"start": "2026-03-02 09:00:00", "duration_s": 30},
            {"start": "2026-03-31 18:30:00", "duration_s": 0},
        ]
    )


def test_summary_of_a_hand_computed_bill(log):
    tariff = one_tariff(CARRIER)
    summary = summarize(price(log, tariff), log)
    # 61 s -> 2 min, 30 s -> 1 min: 3 x 0.07 = 0.21; fee 10 x 30/31 days = 9.677...
    assert summary.components == {"per_minute": Decimal("0.21"), "monthly_fee": Decimal("9.68")}
    assert summary.total == Decimal("9.89")
    assert summary.months == {"2026-03": Decimal("9.89")}
    assert summary.component_types == {"per_minute": "per_minute", "monthly_fee": "monthly_fee"}
    assert summary.billed_minutes == 3
    assert summary.actual_minutes == Fraction(91, 60)
    assert summary.rounding_overhead_minutes == Fraction(89, 60)
    # per second the same calls cost 91/60 x 0.07 = 0.10617; rounding adds 0.10383
    assert summary.rounding_overhead == Decimal("0.10")
    assert summary.effective_rate_per_minute == Decimal("6.5209")  # 9.89 / (91/60)
    assert summary.charged_calls == 2
    assert summary.covered_calls == 0
    assert summary.cost_per_call["median"] == pytest.approx(0.105)
    assert summary.cost_per_call["max"] == pytest.approx(0.14)
    assert summary.cost_by_hour[9] == pytest.approx(0.07)
    assert summary.cost_by_hour[10] == pytest.approx(0.14)
    assert sum(summary.cost_by_hour) == pytest.approx(0.21)


def test_a_log_without_talk_time_has_no_effective_rate():
    log = make_log([{"duration_s": 0}])
    summary = summarize(price(log, one_tariff(CARRIER)), log)
    assert summary.effective_rate_per_minute is None
    assert summary.cost_per_call == {}


def test_record_table_is_exact_and_in_the_logs_order(log):
    tariff = one_tariff(CARRIER)
    per_second = one_tariff("name: Per second\ncomponents: [{type: per_minute, rate: 0.07, increment: 1/1}]")
    table = record_table(log, [price(log, tariff), price(log, per_second)])
    # the second record starts first; the table keeps the log's order all the same
    assert table["line"].tolist() == [1, 2, 3]
    assert table["duration_s"].tolist() == [61, 30, 0]
    assert table["Carrier"].tolist() == ["0.140000", "0.070000", "0.000000"]
    # 61 s x 0.07/60 = 0.0711666..., 30 s = 0.035 exactly: rounded half-up, never through a float
    assert table["Per second"].tolist() == ["0.071167", "0.035000", "0.000000"]


def test_record_table_rounds_half_up_at_the_sixth_place():
    log = make_log([{"duration_s": 1}])
    tariff = one_tariff("name: T\ncomponents: [{type: per_minute, rate: 0.0000003, increment: 1/1}]")
    # 1 s x 0.0000003 / 60 = 0.000000005: exactly half a unit of the sixth place
    assert record_table(log, [price(log, tariff)])["T"].tolist() == ["0.000000"]
    tariff = one_tariff("name: T\ncomponents: [{type: per_minute, rate: 0.00006, increment: 1/1}]")
    assert record_table(log, [price(log, tariff)])["T"].tolist() == ["0.000001"]
