"""The mixed-team sweep: every size priced, the optimum checked against brute force."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import InputError, Tariff, best_team_size, load_tariffs, prepare, read_calls, team_sweep
from calc.teams import peak_concurrency
from tests.calc.reference_pricer import in_schedule, reference_price, seconds_of
from tests.calc.test_properties import as_frame, money, records, schedules
from tests.conftest import ROOT, make_log, one_tariff

MIXED = load_tariffs(ROOT / "data" / "tariffs" / "mixed_core_overflow.yaml")[0]


def mixed(agents=1, fee="5", extra=""):
    return one_tariff(
        f"""
name: Core + overflow
components:
  - {{type: hourly_team, label: core, rate: 20, agents: {agents}, hours_per_month: 1, covers_calls: true}}
  - {{type: per_event, label: overflow, fee: {fee}}}
{extra}"""
    )


def test_hand_checked_sweep():
    # Monday 5 January: three 10-minute calls starting a minute apart, one Sunday call; 1 covered day of 31.
    log = make_log(
        [
            {"start": "2026-01-05 09:00:00", "duration_s": 600},
            {"start": "2026-01-05 09:01:00", "duration_s": 600},
            {"start": "2026-01-05 09:02:00", "duration_s": 600},
            {"start": "2026-01-05 12:00:00", "duration_s": 0},  # unanswered: neither covered nor overflow
        ]
    )
    sweep = team_sweep(log, mixed())
    assert sweep[["agents", "total", "covered_calls", "overflow_calls", "out_of_hours_calls"]].values.tolist() == [
        [0, Decimal("15.00"), 0, 3, 0],
        [1, Decimal("10.65"), 1, 2, 0],  # 20 x 1 h x 1/31 = 0.645 + 2 x 5
        [2, Decimal("6.29"), 2, 1, 0],
        [3, Decimal("1.94"), 3, 0, 0],
    ]
    assert best_team_size(sweep).agents == 3


def test_out_of_hours_calls_overflow_whatever_the_size():
    log = make_log(
        [
            {"start": "2026-01-05 09:00:00", "duration_s": 60},  # Monday, in hours
            {"start": "2026-01-10 09:00:00", "duration_s": 60},  # Saturday, outside
            {"start": "2026-01-10 09:30:00", "duration_s": 60},
        ]
    )
    team = "  - {type: hourly_team, rate: 0, agents: 1, schedule: [mon-fri 09:00-18:00], covers_calls: true}"
    tariff = one_tariff(f"name: T\ncomponents:\n{team}\n  - {{type: per_event, fee: 1}}")
    sweep = team_sweep(log, tariff, [0, 1, 5])
    assert sweep[["agents", "overflow_calls", "out_of_hours_calls"]].values.tolist() == [
        [0, 3, 2],
        [1, 2, 2],
        [5, 2, 2],
    ]


def test_default_sizes_stop_where_the_team_takes_every_call():
    log = prepare(read_calls(ROOT / "data" / "logs" / "support_desk.csv"))
    sweep = team_sweep(log, MIXED)
    assert sweep["agents"].tolist() == list(range(len(sweep)))
    last = sweep.iloc[-1]
    assert last["overflow_calls"] == last["out_of_hours_calls"]
    assert sweep.iloc[-2]["overflow_calls"] > last["overflow_calls"]
    best = best_team_size(sweep)
    assert (best.agents, best.total, best.overflow_calls) == (2, Decimal("31933.20"), 4588)
    assert best.total == min(sweep["total"])


def test_sizes_are_sorted_and_deduplicated():
    sweep = team_sweep(make_log([{"start": "2026-01-05 09:00", "duration_s": 60}]), mixed(), [3, 1, 3, np.int64(0)])
    assert sweep["agents"].tolist() == [0, 1, 3]


def test_ties_go_to_the_smallest_team():
    sweep = team_sweep(make_log([{"start": "2026-01-05 09:00", "duration_s": 60}]), mixed(fee="0"), [0, 1])
    sweep["total"] = Decimal(0)
    assert best_team_size(sweep).agents == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda log: team_sweep(log, one_tariff("name: P\ncomponents: [{type: per_event, fee: 1}]")),
            'tariff "P" has no hourly_team with covers_calls: true',
        ),
        (lambda log: team_sweep(log, mixed(), [1, -1]), "sizes must be whole numbers of agents >= 0, got -1"),
        (lambda log: team_sweep(log, mixed(), [1.5]), "sizes must be whole numbers of agents >= 0, got 1.5"),
        (lambda log: team_sweep(log, mixed(), []), "sizes must hold at least one team size"),
        (lambda log: team_sweep(make_log([{"duration_s": 60}]), mixed()), "test: the log has no start times"),
        (lambda log: best_team_size(team_sweep(log, mixed()).iloc[:0]), "sweep: no team size was priced"),
        (lambda log: best_team_size(team_sweep(log, mixed())[["agents"]]), "missing column 'overflow_calls'"),
    ],
)
def test_bad_sweeps_are_refused(call, message):
    with pytest.raises(InputError, match=message):
        call(make_log([{"start": "2026-01-05 09:00", "duration_s": 60}]))


def brute_force_peak(starts, durations):
    peak = 0
    for start in starts:
        peak = max(peak, sum(1 for s, d in zip(starts, durations, strict=True) if s <= start < s + d))
    return peak


@settings(max_examples=200, deadline=None)
@given(calls=st.lists(st.tuples(st.integers(0, 100), st.integers(0, 30)), max_size=30))
def test_peak_concurrency_equals_brute_force(calls):
    starts = np.array([c[0] for c in calls], dtype=np.int64)
    durations = np.array([c[1] for c in calls], dtype=np.int64)
    assert peak_concurrency(starts, durations) == brute_force_peak(starts.tolist(), durations.tolist())


def brute_force_overflow(rows, team):
    """Answered voice calls the team does not take, simulated call by call from section 5."""
    busy, overflow = [], 0
    for row in sorted(rows, key=lambda r: r["start"]):
        if not (row["answered"] and row["channel"] == "voice" and row["direction"] != "internal"):
            continue
        if team.schedule is not None and not in_schedule(row["start"], team.schedule, set()):
            overflow += 1
            continue
        start = seconds_of(row["start"])
        busy = [end for end in busy if end > start]
        if len(busy) < team.agents:
            busy.append(start + row["duration"])  # exact: 10.0000004 s still runs 10 s later
        else:
            overflow += 1
    return overflow


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    rate=money,
    fee=money,
    schedule=st.none() | schedules,
    per_minute_rate=money,
)
def test_optimum_equals_brute_force_over_the_reference_pricer(data, rate, fee, schedule, per_minute_rate):
    rows = sorted(data.draw(records(timed=True), label="records"), key=lambda r: r["start"])
    team = {"type": "hourly_team", "rate": rate, "agents": 1, "covers_calls": True}
    team.update({"schedule": schedule} if schedule else {"hours_per_month": 10})
    usage = [{"type": "per_event", "fee": fee}, {"type": "per_minute", "rate": per_minute_rate, "increment": "6/6"}]
    tariff = Tariff.model_validate({"name": "M", "components": [team, *usage]})
    log = prepare(read_calls(as_frame(rows, True), "random"))
    sizes = range(0, 5)
    sweep = team_sweep(log, tariff, sizes)
    expected = {}
    for size in sizes:
        sized = tariff.model_copy(
            update={"components": [tariff.components[0].model_copy(update={"agents": size}), *tariff.components[1:]]}
        )
        expected[size] = reference_price(rows, sized)["total"]
        row = sweep[sweep["agents"] == size].iloc[0]
        assert Fraction(row["total"]) == expected[size]
        assert row["overflow_calls"] == brute_force_overflow(rows, sized.components[0])
    cheapest = min(sizes, key=lambda size: (expected[size], size))
    assert best_team_size(sweep).agents == cheapest


def test_regression_team_sweep_neither_counts_internal_calls_nor_works_holidays():
    tariff = one_tariff(
        """
name: Core
holidays: [2026-03-02]
components:
  - {type: hourly_team, rate: 20, agents: 1, schedule: ["mon-fri 09:00-17:00"], covers_calls: true}
  - {type: per_event, fee: 1}
"""
    )
    log = make_log(
        [
            {"start": "2026-03-02 10:00", "duration_s": "60"},  # a holiday Monday: out of the team's hours
            {"start": "2026-03-03 10:00", "duration_s": "60"},  # covered
            {"start": "2026-03-03 11:00", "duration_s": "60", "direction": "internal"},  # never a team's call
        ]
    )
    row = team_sweep(log, tariff, [1]).iloc[0]
    assert (row["covered_calls"], row["overflow_calls"], row["out_of_hours_calls"]) == (1, 1, 1)
