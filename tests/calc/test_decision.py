"""The decision (calc.decision): contract against proposals month by month, switching, risk, checked by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from calc import InputError, compare, decide, parse_tariffs, read_calls
from calc.decision import median, nearest_rank
from tests.conftest import make_log

D = Decimal

# Seven calls over three months. January is a part month: the log starts on the 15th,
# so 17 of its 31 days are covered; February (28 days) and March (31) are full.
# February's three calls last 155 s each, so whichever of them the volume scenario
# drops or copies, the bill is the same: the volatility can be worked out by hand.
ROWS = [
    {"start": "2026-01-15 09:00:00", "duration_s": "61"},
    {"start": "2026-01-20 10:00:00", "duration_s": "30"},
    {"start": "2026-02-03 09:00:00", "duration_s": "155"},
    {"start": "2026-02-10 09:00:00", "duration_s": "155"},
    {"start": "2026-02-11 09:00:00", "duration_s": "155"},
    {"start": "2026-03-02 09:00:00", "duration_s": "1800"},
    {"start": "2026-03-31 17:00:00", "duration_s": "90"},
]
TARIFFS = """
- name: Contract 60/60
  components:
    - {type: per_minute, rate: 0.10, increment: 60/60}
    - {type: monthly_fee, amount: 5}
- name: Per second
  components:
    - {type: per_minute, rate: 0.30, increment: 1/1}
- name: 包月套餐 Flat
  components:
    - {type: per_minute, rate: 0.01, increment: 60/60}
    - {type: monthly_fee, amount: 7}
"""
CONTRACT, PER_SECOND, FLAT = "Contract 60/60", "Per second", "包月套餐 Flat"

# Contract 60/60 (0.10 a billed minute, 5 a month prorated by covered days):
#   Jan: 61 s -> 120 s, 30 s -> 60 s: 3 min = 0.30; fee 5 * 17/31 = 2.7419..; 3.0419.. -> 3.04
#   Feb: 3 x 155 s -> 3 x 180 s: 9 min = 0.90; fee 5 -> 5.90
#   Mar: 1800 s + 90 s -> 120 s: 32 min = 3.20; fee 5 -> 8.20              total 17.14
# Per second (0.30 a minute = 0.005 a second):
#   Jan: 91 s = 0.455 -> 0.46 (half up); Feb: 465 s = 2.325 -> 2.33; Mar: 1890 s = 9.45   total 12.24
# 包月套餐 Flat (0.01 a billed minute, 7 a month):
#   Jan: 3 min 0.03 + 7 * 17/31 = 3.8387.. -> 3.8687.. -> 3.87; Feb: 0.09 + 7 = 7.09;
#   Mar: 0.32 + 7 = 7.32                                                    total 18.28
BILLS = {
    CONTRACT: [D("3.04"), D("5.90"), D("8.20")],
    PER_SECOND: [D("0.46"), D("2.33"), D("9.45")],
    FLAT: [D("3.87"), D("7.09"), D("7.32")],
}


@pytest.fixture(scope="module")
def comparison():
    return compare(make_log(ROWS), parse_tariffs(TARIFFS))


@pytest.fixture(scope="module")
def decision(comparison):
    return decide(comparison, contract=CONTRACT)


def test_each_months_invoice_and_the_difference(decision):
    assert decision.months == ["2026-01", "2026-02", "2026-03"]
    assert decision.contract_marked and decision.contract == CONTRACT
    for name, bills in BILLS.items():
        assert decision.offer(name).months == bills
    # offer minus contract: negative where the offer is cheaper
    assert decision.offer(PER_SECOND).differences == [D("-2.58"), D("-3.57"), D("1.25")]
    assert decision.offer(FLAT).differences == [D("0.83"), D("1.19"), D("-0.88")]
    assert decision.contract_offer.differences == [D("0.00")] * 3


def test_the_months_by_kind_of_component(decision):
    # January's fee: 5 * 17/31 = 2.7419.. -> 2.74, and 7 * 17/31 = 3.8387.. -> 3.84 (the invoice rounds the sum)
    assert decision.contract_offer.kinds == {
        "per_minute": [D("0.30"), D("0.90"), D("3.20")],
        "monthly_fee": [D("2.74"), D("5.00"), D("5.00")],
    }
    assert decision.offer(FLAT).kinds["monthly_fee"] == [D("3.84"), D("7.00"), D("7.00")]
    assert decision.offer(PER_SECOND).kinds == {"per_minute": [D("0.46"), D("2.33"), D("9.45")]}


def test_median_and_95th_percentile_of_the_monthly_difference(decision):
    # Per second, ascending: -3.57, -2.58, 1.25. Median -2.58; nearest rank ceil(0.95 * 3) = 3: 1.25
    assert decision.offer(PER_SECOND).median_difference == D("-2.58")
    assert decision.offer(PER_SECOND).p95_difference == D("1.25")
    # Flat, ascending: -0.88, 0.83, 1.19
    assert decision.offer(FLAT).median_difference == D("0.83")
    assert decision.offer(FLAT).p95_difference == D("1.19")


def test_saving_over_the_log_and_projected_to_a_year(decision):
    assert decision.offer(PER_SECOND).saving == D("4.90")  # 17.14 - 12.24
    assert decision.offer(FLAT).saving == D("-1.14")  # 17.14 - 18.28
    # Full months February and March: per second saves 3.57 and -1.25, mean 1.16, x 12 = 13.92
    assert decision.full_months == ["2026-02", "2026-03"]
    assert decision.offer(PER_SECOND).yearly_saving == D("13.92")
    # Flat: -1.19 and 0.88, mean -0.155, x 12 = -1.86
    assert decision.offer(FLAT).yearly_saving == D("-1.86")
    assert "2 full months (2026-02, 2026-03)" in decision.projection
    assert "2026-01 left out" in decision.projection


def test_cheapest_offer_each_month_and_switching(decision):
    assert decision.cheapest == [PER_SECOND, PER_SECOND, FLAT]
    assert decision.switching_bills == [D("0.46"), D("2.33"), D("7.32")]
    # against the contract: 3.04 - 0.46, 5.90 - 2.33, 8.20 - 7.32
    assert decision.switching_vs_contract == [D("2.58"), D("3.57"), D("0.88")]
    assert decision.switching_total == D("7.03")
    # against the best single offer (per second, 12.24 in all): only March changes, 9.45 - 7.32
    assert decision.best_single == PER_SECOND
    assert decision.switching_vs_best == [D("0.00"), D("0.00"), D("2.13")]
    assert decision.switching_vs_best_total == D("2.13")
    # projected: (3.57 + 0.88) / 2 * 12 = 26.70
    assert decision.switching_yearly == D("26.70")


def test_volatility_at_minus_and_plus_20_percent_volume(decision):
    # Volume x0.8 keeps round(0.8 n) records a month: January 2 of 2, February 2 of 3, March 2 of 2
    # (the first and last records always stay); x1.2: January 2, February 4 (one call copied), March 2.
    # So only February moves, by one 155 s call: 3 min under 60/60, 155 s under 1/1.
    contract = decision.contract_offer.volatility
    assert (contract.low, contract.base, contract.high) == (D("16.84"), D("17.14"), D("17.44"))
    assert contract.spread == D("0.60")
    per_second = decision.offer(PER_SECOND).volatility
    assert (per_second.low, per_second.high) == (D("11.46"), D("13.01"))  # February 310 s = 1.55, 620 s = 3.10
    assert per_second.percent == Fraction(155, 1224) * 100  # 1.55 / 12.24
    flat = decision.offer(FLAT).volatility
    assert (flat.low, flat.high) == (D("18.25"), D("18.31"))  # February 7.06 and 7.12


def test_ranking_cost_first_then_risk(comparison, decision):
    # Only per second lies within 1% of the cheapest total (12.24): the rest follow by total.
    assert decision.ranking == [PER_SECOND, CONTRACT, FLAT]
    assert decision.winner.name == PER_SECOND
    # With offers within 50% of the cheapest counted as equal on cost (up to 18.36: all three),
    # the steadiest bill comes first: Flat moves 0.33%, the contract 3.50%, per second 12.66%.
    loose = decide(comparison, contract=CONTRACT, cost_tie_percent=Fraction(50))
    assert loose.ranking == [FLAT, CONTRACT, PER_SECOND]


def test_without_a_marked_contract_the_cheapest_stands_in(comparison):
    decision = decide(comparison, swing=None)
    assert not decision.contract_marked
    assert decision.contract == PER_SECOND
    assert decision.offer(FLAT).saving == D("-6.04")  # 12.24 - 18.28
    assert decision.offer(FLAT).volatility is None
    assert decision.winner.name == PER_SECOND and decision.winner.saving == D("0.00")


def test_switching_only_between_offers_without_lock_in(comparison):
    # Flat cannot be left month by month: the plan picks between per second and the contract.
    decision = decide(comparison, contract=CONTRACT, candidates=[PER_SECOND], swing=None)
    assert decision.candidates == [CONTRACT, PER_SECOND]
    assert decision.cheapest == [PER_SECOND, PER_SECOND, CONTRACT]
    assert decision.switching_vs_contract == [D("2.58"), D("3.57"), D("0.00")]


def test_offers_in_another_currency_are_left_out():
    tariffs = parse_tariffs(TARIFFS + "- {name: Dollar, currency: USD, components: [{type: monthly_fee, amount: 1}]}")
    decision = decide(compare(make_log(ROWS), tariffs), contract=CONTRACT, swing=None)
    assert decision.left_out == ["Dollar"]
    assert [o.name for o in decision.offers] == [CONTRACT, PER_SECOND, FLAT]


def test_a_log_without_a_full_month_is_projected_by_covered_days():
    # 2026-01-10 to 2026-01-19: 10 days. Contract 60/60 bills 1 min = 0.10 + 5 * 10/31 = 1.7129.. -> 1.71;
    # per second 60 s = 0.30. Saving 1.41, x 365 / 10 = 51.465 -> 51.47
    log = make_log(
        [{"start": "2026-01-10 09:00", "duration_s": "60"}, {"start": "2026-01-19 09:00", "duration_s": "0"}]
    )
    decision = decide(compare(log, parse_tariffs(TARIFFS)), contract=CONTRACT, swing=None)
    assert decision.full_months == []
    assert decision.offer(PER_SECOND).saving == D("1.41")
    assert decision.offer(PER_SECOND).yearly_saving == D("51.47")
    assert "365 / 10 days covered" in decision.projection


def test_a_log_without_timestamps_counts_as_one_month():
    # 61 s, 30 s, 600 s: contract 2 + 1 + 10 min = 1.30 + 5 = 6.30; per second 691 s x 0.005 = 3.455 -> 3.46
    log = read_calls(pd.DataFrame({"duration_s": [61, 30, 600]}))
    decision = decide(compare(log, parse_tariffs(TARIFFS)), contract=CONTRACT, swing=None)
    assert decision.months == ["all"]
    assert decision.offer(PER_SECOND).saving == D("2.84")
    assert decision.offer(PER_SECOND).yearly_saving == D("34.08")  # 12 x 2.84
    assert decision.projection == "the log has no timestamps and counts as one month: 12 x its saving"


def test_an_unknown_contract_is_refused(comparison):
    with pytest.raises(InputError, match="contract 'Nobody' is not among the compared offers"):
        decide(comparison, contract="Nobody")
    with pytest.raises(InputError, match="candidate 'Nobody' is not among the compared offers in EUR"):
        decide(comparison, contract=CONTRACT, candidates=["Nobody"])


@pytest.mark.parametrize(
    ("values", "expected_median", "expected_p95"),
    [
        (["5"], "5", "5"),
        (["1", "2"], "1.5", "2"),
        (["-1.25", "0.10", "3.00", "2.00"], "1.05", "3.00"),
        ([str(v) for v in range(1, 21)], "10.5", "19"),  # rank ceil(0.95 * 20) = 19
        ([str(v) for v in range(1, 22)], "11", "20"),  # rank ceil(0.95 * 21) = ceil(19.95) = 20
    ],
)
def test_median_and_nearest_rank(values, expected_median, expected_p95):
    numbers = [D(v) for v in values]
    assert median(numbers) == D(expected_median)
    assert nearest_rank(numbers, 95) == D(expected_p95)


def test_percentiles_of_nothing_are_refused():
    with pytest.raises(InputError, match="median of no value"):
        median([])
    with pytest.raises(InputError, match="percent must be a whole number from 1 to 100, got 0"):
        nearest_rank([D(1)], 0)


# --- properties ------------------------------------------------------------------------------------

_month_calls = st.lists(st.integers(min_value=0, max_value=900), min_size=1, max_size=4)
_rates = st.sampled_from(["0.01", "0.05", "0.10", "0.30"])
_fees = st.sampled_from(["0", "1", "5", "12.34"])
_increments = st.sampled_from(["1/1", "6/6", "60/60"])


@given(
    months=st.lists(_month_calls, min_size=1, max_size=3),
    offers=st.lists(st.tuples(_rates, _fees, _increments), min_size=2, max_size=4),
)
def test_switching_never_loses_and_never_beats_the_monthly_minimum(months, offers):
    rows = [
        {"start": f"2026-{m + 1:02d}-{day + 1:02d} 09:00:00", "duration_s": str(duration)}
        for m, calls in enumerate(months)
        for day, duration in enumerate(calls)
    ]
    text = "\n".join(
        f"- {{name: T{i}, components: [{{type: per_minute, rate: {rate}, increment: {inc}}},"
        f" {{type: monthly_fee, amount: {fee}}}]}}"
        for i, (rate, fee, inc) in enumerate(offers)
    )
    comparison = compare(make_log(rows), parse_tariffs(text))
    decision = decide(comparison, contract="T0", swing=None)
    contract = decision.contract_offer
    # a plain reference: each month's lowest invoice among the offers
    lowest = [min(r.months[m] for r in comparison.results) for m in decision.months]
    assert decision.switching_bills == lowest
    assert all(saving >= 0 for saving in decision.switching_vs_contract)
    assert 0 <= decision.switching_vs_best_total <= decision.switching_total
    assert decision.switching_total == contract.total - sum(lowest)
    assert all(decision.switching_total >= offer.saving for offer in decision.offers)
    for offer in decision.offers:
        assert min(offer.differences) <= offer.median_difference <= offer.p95_difference <= max(offer.differences)
        assert offer.saving == -sum(offer.differences)
