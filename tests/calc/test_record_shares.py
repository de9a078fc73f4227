"""Curve points from record shares equal the scenario engine's log priced record by record, to the last digit."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import InputError, load_tariff_files, parse_tariffs, prepare, price, read_calls
from calc.curves import covered_months, duration_curve, volume_curve
from calc.money import round_half_up
from calc.record_shares import by_shares_on_durations, by_shares_on_volume, duration_totals, volume_totals
from calc.scenarios import VOICE, Scenario, prepare_scenario
from tests.calc.test_properties import as_frame, records, tariffs
from tests.conftest import ROOT

factors = st.lists(
    st.sampled_from([0.1, 0.25, 0.5, 0.75, 1.0, 1.3, 2.0, 2.5, 3.0, 10.0]) | st.floats(0.05, 6.0),
    min_size=1,
    max_size=4,
)


def random_log(data):
    timed = data.draw(st.booleans(), label="timed")
    rows = data.draw(records(timed), label="records")
    rows.sort(key=lambda r: r["start"]) if timed else None
    return prepare(read_calls(as_frame(rows, timed), "random"))


def plain(log, tariff, scenario):
    """The plain path: the scenario's log, made and priced record by record (or the refusal's message)."""
    point = prepare_scenario(log, scenario)
    try:
        return point, price(point, tariff).total
    except InputError as error:
        return point, str(error)


def shares_or_refusal(work):
    try:
        return work()
    except InputError as error:
        return str(error)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), tariff=tariffs(), factors=factors, seed=st.integers(0, 3))
def test_volume_points_equal_the_scenario_engine(data, tariff, factors, seed):
    log = random_log(data)
    got = shares_or_refusal(lambda: volume_totals(log, [tariff], factors, seed))
    expected = [plain(log, tariff, Scenario(volume_factor=f, seed=seed)) for f in factors]
    refusals = [total for _, total in expected if isinstance(total, str)]
    if refusals:
        assert got == refusals[0]
        return
    for point, (scaled, total) in zip(got, expected, strict=True):
        assert point.totals == [total]
        talking = scaled.answered & (scaled.channel == VOICE)
        assert point.records == scaled.records
        assert point.voice_records == int((scaled.channel == VOICE).sum())
        assert point.answered_calls == int(talking.sum())
        assert point.talk_us == int(scaled.duration_us.sum(where=talking))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), tariff=tariffs(), factors=factors)
def test_duration_points_equal_the_scenario_engine(data, tariff, factors):
    log = random_log(data)
    got = shares_or_refusal(lambda: duration_totals(log, [tariff], factors))
    expected = [plain(log, tariff, Scenario(duration_factor=f)) for f in factors]
    refusals = [total for _, total in expected if isinstance(total, str)]
    if refusals:
        assert got == refusals[0]
        return
    for point, (scaled, total) in zip(got, expected, strict=True):
        assert point.totals == [total]
        talking = scaled.answered & (scaled.channel == VOICE)
        assert point.answered_calls == int(talking.sum())
        assert point.talk_us == int(scaled.duration_us.sum(where=talking))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), first=tariffs(), second=tariffs(), seed=st.integers(0, 3))
def test_curves_equal_their_points_priced_one_by_one(data, first, second, seed):
    """Two tariffs at once (one may be priced from shares and the other not): every row as the plain path gives it."""
    log = random_log(data)
    both = [first.model_copy(update={"name": "first"}), second.model_copy(update={"name": "second"})]
    by_name = {t.name: t for t in both}
    try:
        volume = volume_curve(log, both, [0.3, 1.0, 2.5], seed=seed)
    except InputError:
        return  # a refusal is the plain path's too: the tests above check it
    for row in volume.itertuples(index=False):
        point = prepare_scenario(log, Scenario(volume_factor=row.volume_factor, seed=seed))
        expected_row(row, point, by_name[row.tariff])
        calls = point.records if row.unit == "records a month" else int((point.channel == VOICE).sum())
        months = covered_months(point)
        assert row.x == (float(Fraction(calls) / months) if months else 0.0)
    talking = log.answered & (log.channel == VOICE)
    if not log.duration_us[talking].sum():
        return
    mean_s = float(log.duration_us[talking].mean()) / 1e6
    targets = [mean_s / 2, mean_s * 3]
    durations = duration_curve(log, both, targets)
    for number, row in enumerate(durations.itertuples(index=False)):
        point = prepare_scenario(log, Scenario(duration_factor=targets[number // 2] / mean_s))
        expected_row(row, point, by_name[row.tariff])
        answered = point.answered & (point.channel == VOICE)
        assert row.x == float(point.duration_us[answered].mean()) / 1e6


def expected_row(row, point, tariff):
    total = price(point, tariff).total
    months = covered_months(point)
    assert row.total == total
    assert row.monthly_cost == (round_half_up(Fraction(total) / months, tariff.decimals) if months else Decimal(0))


def test_which_tariffs_are_priced_from_shares():
    simple, banded, mixed, holidays, deck = parse_tariffs(
        """
- name: bundle
  components:
    - {type: per_minute, included_minutes: 1500, tiers: [{up_to: 1000, rate: 0.015}, {up_to: null, rate: 0.01}]}
    - {type: per_seat, amount: 20, seats: agents}
    - {type: minimum_spend, amount: 50}
- name: banded
  components: [{type: per_minute, rate: 0.02, time_bands: [{when: "mon-fri 08:00-18:00", rate: 0.03}]}]
- name: mixed
  components:
    - {type: hourly_team, rate: 20, agents: 2, hours_per_month: 160, covers_calls: true}
    - {type: per_minute, rate: 0.05}
- name: holidays
  holidays: ["2026-01-06"]
  components: [{type: per_minute, rate: 0.02, time_bands: [{when: "hol 00:00-24:00", rate: 0.01}]}]
- name: deck
  components: [{type: per_minute, destinations: [{prefix: "39", rate: 0.02, effective_from: 2026-02-01}]}]
"""
    )
    assert [by_shares_on_volume(t) for t in (simple, banded, mixed, holidays, deck)] == [
        True,
        True,
        False,
        False,
        False,
    ]
    assert [by_shares_on_durations(t) for t in (simple, banded, mixed, holidays, deck)] == [
        True,
        True,
        False,
        True,
        True,
    ]


def test_a_volume_point_by_hand():
    """Three calls in January under a bundle: x2 takes each twice; x0.5 keeps 2 of 3 (the first and the last)."""
    log = prepare(
        read_calls(
            pd.DataFrame(
                {"start": ["2026-01-05 09:00", "2026-01-12 09:00", "2026-01-26 09:00"], "duration_s": [120, 60, 180]}
            )
        )
    )
    [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.10, included_minutes: 5}]")
    double, half = volume_totals(log, [tariff], [2.0, 0.5])
    assert (double.records, double.totals) == (6, [Decimal("0.70")])  # 12 minutes, 5 included
    assert half.records == 2
    assert half.totals == [Decimal("0.00")]  # at most 5 minutes: all included


@pytest.mark.parametrize("sample", ["support_desk.csv", "omnichannel_smb.csv", "outbound_international.csv"])
def test_the_presets_on_a_sample_log_equal_the_scenario_engine(sample):
    """Thousands of records in few groups (weights far above 1), every preset: equal to the plain path."""
    log = prepare(read_calls(ROOT / "data" / "logs" / sample))
    presets = load_tariff_files(sorted((ROOT / "data" / "tariffs").glob("*.yaml")))
    for point, factor in zip(volume_totals(log, presets, [0.37, 2.6], seed=5), [0.37, 2.6], strict=True):
        scaled = prepare_scenario(log, Scenario(volume_factor=factor, seed=5))
        assert point.totals == [price(scaled, t).total for t in presets]
    for point, factor in zip(duration_totals(log, presets, [0.45, 3.1]), [0.45, 3.1], strict=True):
        scaled = prepare_scenario(log, Scenario(duration_factor=factor))
        assert point.totals == [price(scaled, t).total for t in presets]
