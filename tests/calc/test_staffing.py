"""Team sizing with Erlang C: published figures, a plain exact reference, the log per interval, refusals."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc import (
    InputError,
    Tariff,
    agents_needed,
    average_speed_of_answer,
    erlang_b,
    erlang_c,
    hourly_team_rate,
    interval_load,
    prepare,
    read_calls,
    service_level,
    staff,
)

# --- a plain reference: the textbook formulas in exact arithmetic --------------


def reference_erlang_c(traffic: Fraction, agents: int) -> Fraction:
    """(A^N/N! N/(N-A)) / (sum_{k<N} A^k/k! + A^N/N! N/(N-A)), every term multiplied by N! to stay in integers."""
    traffic = Fraction(traffic)
    if agents <= traffic:
        return Fraction(1)
    scaled_terms = sum(traffic**k * (math.factorial(agents) // math.factorial(k)) for k in range(agents))
    waiting_term = traffic**agents * Fraction(agents) / (agents - traffic)
    return waiting_term / (scaled_terms + waiting_term)


def reference_erlang_b(traffic: Fraction, agents: int) -> Fraction:
    traffic = Fraction(traffic)
    terms = [traffic**k / math.factorial(k) for k in range(agents + 1)]
    return terms[-1] / sum(terms)


def reference_service_level(traffic: Fraction, agents: int, aht_s: float, within_s: float) -> float:
    if agents <= traffic:
        return 0.0
    return 1 - float(reference_erlang_c(traffic, agents)) * math.exp(-(agents - float(traffic)) * within_s / aht_s)


def reference_agents(traffic: Fraction, aht_s: float, target: float, within_s: float, occupancy: float) -> int:
    """Smallest N that passes every test, searched one agent at a time."""
    if traffic == 0:
        return 0
    agents = math.floor(traffic) + 1
    exact_occupancy = Fraction(Decimal(repr(occupancy)))
    while not (
        traffic <= exact_occupancy * agents and reference_service_level(traffic, agents, aht_s, within_s) >= target
    ):
        agents += 1
    return agents


def log_of(rows: list[dict]):
    columns = sorted({key for row in rows for key in row})
    frame = pd.DataFrame([{key: str(row.get(key, "")) for key in columns} for row in rows], columns=columns)
    return read_calls(frame, "test")


def calls_at(start: str, count: int, duration_s: float, **extra) -> list[dict]:
    return [{"start": start, "duration_s": duration_s, **extra} for _ in range(count)]


# --- published figures -------------------------------------------------------


def test_published_example_100_calls_in_30_minutes_need_14_agents_for_80_in_20():
    """The textbook example: 100 calls in 30 min, AHT 180 s, 10 Erlang; 80% in 20 s needs 14 agents, 88.8%."""
    assert agents_needed(10, 180, 0.8, 20) == 14
    assert service_level(10, 13, 180, 20) == pytest.approx(0.7956, abs=5e-5)
    assert service_level(10, 14, 180, 20) == pytest.approx(0.8884, abs=5e-5)
    assert average_speed_of_answer(10, 14, 180) == pytest.approx(7.8, abs=0.05)


@pytest.mark.parametrize(
    ("agents", "waiting", "level"),
    [(11, 0.6821, 0.3896), (12, 0.4494, 0.6402), (13, 0.2853, 0.7956), (14, 0.1741, 0.8884), (15, 0.1020, 0.9415)],
)
def test_published_table_for_10_erlang(agents, waiting, level):
    assert erlang_c(10, agents) == pytest.approx(waiting, abs=5e-5)
    assert service_level(10, agents, 180, 20) == pytest.approx(level, abs=5e-5)


@pytest.mark.parametrize(("traffic", "agents", "blocking"), [(10, 10, 0.2146), (2, 5, 0.0367), (5, 10, 0.0184)])
def test_published_erlang_b_table(traffic, agents, blocking):
    assert erlang_b(traffic, agents) == pytest.approx(blocking, abs=5e-5)


def test_published_example_through_a_log():
    team = staff(log_of(calls_at("2026-01-05 09:00:00", 100, 180)), interval=30)
    [row] = team.intervals.to_dict("records")
    assert (row["calls"], row["aht_s"], row["traffic_erlangs"], row["working_agents"], row["agents"]) == (
        100,
        180.0,
        10.0,
        14,
        14,
    )
    assert row["service_level"] == pytest.approx(0.8884, abs=5e-5)
    assert row["occupancy"] == pytest.approx(10 / 14)


# --- against the reference ---------------------------------------------------

GRID_TRAFFIC = [Fraction(1, 10), Fraction(1, 2), Fraction(1), Fraction(5, 2), Fraction(7), Fraction(193, 10), 42, 80]


@pytest.mark.parametrize("traffic", GRID_TRAFFIC)
def test_erlang_c_matches_the_factorial_formula_over_a_grid(traffic):
    agents = np.arange(0, int(traffic) + 30)
    expected = [float(reference_erlang_c(traffic, int(n))) for n in agents]
    assert erlang_c(float(traffic), agents) == pytest.approx(expected, rel=1e-12, abs=1e-300)
    expected_b = [float(reference_erlang_b(traffic, int(n))) for n in agents]
    assert erlang_b(float(traffic), agents) == pytest.approx(expected_b, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize(("traffic", "agents"), [(250, 265), (1000, 1040), (1000, 1100)])
def test_erlang_c_is_stable_for_large_teams(traffic, agents):
    assert erlang_c(traffic, agents) == pytest.approx(float(reference_erlang_c(traffic, agents)), rel=1e-9)


def test_erlang_c_broadcasts_and_matches_scalar_calls():
    traffic = np.array([[0.5], [3.0], [9.9]])
    agents = np.array([1, 4, 10, 12])
    table = erlang_c(traffic, agents)
    assert table.shape == (3, 4)
    assert table[2, 1] == 1.0 and table[0, 0] == pytest.approx(erlang_c(0.5, 1))
    assert table.tolist() == [[erlang_c(float(a), int(n)) for n in agents] for a in traffic[:, 0]]


def test_unstable_queue_waits_always_and_answers_nothing_in_time():
    assert erlang_c([10, 10, 0], [10, 9, 0]).tolist() == [1.0, 1.0, 1.0]
    assert service_level([10, 10], [10, 9], 180, 20).tolist() == [0.0, 0.0]
    assert average_speed_of_answer(10, 10, 180) == math.inf


traffic_values = st.integers(1, 4000).map(lambda k: Fraction(k, 100))


@settings(max_examples=80, deadline=None)
@given(traffic=traffic_values, extra=st.integers(-3, 25), aht=st.integers(10, 900), within=st.integers(0, 120))
def test_service_level_matches_the_reference(traffic, extra, aht, within):
    agents = max(0, math.floor(traffic) + extra)
    expected = reference_service_level(traffic, agents, aht, within)
    assert service_level(float(traffic), agents, aht, within) == pytest.approx(expected, rel=1e-11, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    traffic=st.lists(traffic_values | st.just(Fraction(0)), min_size=1, max_size=6),
    aht=st.integers(10, 900),
    target=st.sampled_from([0.5, 0.8, 0.9, 0.95, 0.99]),
    within=st.integers(0, 60),
    occupancy=st.sampled_from([1.0, 0.95, 0.85, 0.7]),
)
def test_agents_needed_is_the_first_agent_count_that_passes(traffic, aht, target, within, occupancy):
    found = agents_needed([float(a) for a in traffic], aht, target, within, occupancy)
    assert found.tolist() == [reference_agents(a, aht, target, within, occupancy) for a in traffic]


def test_service_level_rises_with_every_agent():
    levels = service_level(23.7, np.arange(24, 60), 240, 20)
    assert (np.diff(levels) > 0).all() and levels[-1] == pytest.approx(1.0)


def test_agents_needed_over_a_year_of_intervals_each_with_its_handle_time():
    traffic = [0.0, 0.4, 3.0, 10.0, 55.5]
    aht = [0.0, 120.0, 300.0, 180.0, 240.0]
    found = agents_needed(np.tile(traffic, 3504), np.tile(aht, 3504), 0.8, 20)
    expected = [reference_agents(Fraction(a), h, 0.8, 20, 1.0) for a, h in zip(traffic, aht, strict=True)]
    assert found.shape == (17520,) and found.dtype == np.int64
    # by hand for 3 Erlang, AHT 300 s: C(5, 3) = 0.2362, SL = 1 - 0.2362 exp(-2 x 20/300) = 79.3% < 80%, so 6
    assert expected[:4] == [0, 2, 6, 14]
    assert (found == np.tile(expected, 3504)).all()


# --- occupancy and shrinkage ---------------------------------------------------


def test_max_occupancy_adds_agents_when_it_binds():
    assert agents_needed(10, 180, 0.8, 20, max_occupancy=0.85) == 14  # 10/14 = 71%: the service level binds
    assert agents_needed(10, 180, 0.8, 20, max_occupancy=0.7) == 15  # 10/14.29: occupancy binds
    # exactly at the bound is allowed: 8.5 Erlang on 10 agents is 85%; 2.1 on 3 is 70% (2.0999999999999996 in floats)
    assert agents_needed(8.5, 60, 0.01, 0, max_occupancy=0.85) == 10
    assert agents_needed(2.1, 60, 0.01, 0, max_occupancy=0.7) == 3


@pytest.mark.parametrize(
    ("shrinkage", "scheduled"),
    [(0.0, 14), (0.3, 20), (0.35, 22), (Decimal("0.125"), 16), (0.5, 28), (0.99, 1400)],
)
def test_shrinkage_schedules_working_agents_up_exactly(shrinkage, scheduled):
    team = staff(log_of(calls_at("2026-01-05 09:00:00", 100, 180)), shrinkage=shrinkage)
    assert team.intervals[["working_agents", "agents"]].values.tolist() == [[14, scheduled]]
    assert team.peak_agents == scheduled and team.agent_hours == Fraction(scheduled, 2)
    assert team.intervals["service_level"][0] == pytest.approx(0.8884, abs=5e-5)  # the working agents' figure


def test_shrinkage_is_exact_where_floats_are_not():
    # 165 calls of 180 s in 30 min need 21 working agents; 21 / 0.7 is 30 exactly, 30.000000000000004 in floats
    team = staff(log_of(calls_at("2026-01-05 09:00:00", 165, 180)), shrinkage=0.3)
    assert team.intervals[["working_agents", "agents"]].values.tolist() == [[21, 30]]


# --- the log per interval --------------------------------------------------------


def test_every_interval_from_first_to_last_record_is_listed_even_without_calls():
    log = log_of(
        calls_at("2026-01-05 09:10:00", 2, 120)
        + calls_at("2026-01-05 09:29:59", 1, 300)
        + calls_at("2026-01-05 11:30:00", 1, 60)
    )
    team = staff(log, interval=30)
    frame = team.intervals
    assert frame["start"].dt.strftime("%H:%M").tolist() == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    assert frame["calls"].tolist() == [3, 0, 0, 0, 0, 1]
    assert frame["aht_s"].tolist() == [180.0, 0.0, 0.0, 0.0, 0.0, 60.0]
    assert frame["traffic_erlangs"][0] == pytest.approx(540 / 1800)
    assert frame["agents"].tolist()[1:5] == [0, 0, 0, 0]
    assert frame["service_level"][1:5].isna().all() and frame["asa_s"][1:5].isna().all()
    assert [row["service_level"] for row in team.to_json()["intervals"]][1:5] == [None] * 4


@pytest.mark.parametrize(
    ("minutes", "starts"),
    [
        (15, ["08:45", "09:00", "09:15", "09:30", "09:45"]),
        (30, ["08:30", "09:00", "09:30"]),
        (60, ["08:00", "09:00"]),
    ],
)
def test_intervals_follow_the_clock(minutes, starts):
    log = log_of(calls_at("2026-01-05 08:59:59", 1, 60) + calls_at("2026-01-05 09:45:00", 1, 60))
    load = interval_load(log, minutes)
    assert load["start"].dt.strftime("%H:%M").tolist() == starts
    assert load["calls"].sum() == 2


def test_only_answered_voice_calls_arriving_are_counted_but_every_record_spans_the_chart():
    log = log_of(
        [
            {"start": "2026-01-05 08:00:00", "duration_s": 30, "channel": "sms", "answered": "true"},
            {"start": "2026-01-05 09:00:00", "duration_s": 100, "direction": "inbound"},
            {"start": "2026-01-05 09:01:00", "duration_s": 200, "direction": ""},
            {"start": "2026-01-05 09:02:00", "duration_s": 900, "direction": "outbound"},
            {"start": "2026-01-05 09:03:00", "duration_s": 0, "direction": "inbound"},
            {"start": "2026-01-05 09:04:00", "duration_s": 50, "direction": "inbound", "answered": "false"},
            {"start": "2026-01-05 09:05:00", "duration_s": 500, "channel": "chat", "answered": "true"},
            {"start": "2026-01-05 10:20:00", "duration_s": 0, "direction": "outbound", "answered": "false"},
        ]
    )
    load = interval_load(log, 60)
    assert load[["calls", "aht_s"]].values.tolist() == [[0, 0.0], [2, 150.0], [0, 0.0]]


def test_calls_of_zero_seconds_still_need_one_agent():
    log = log_of(calls_at("2026-01-05 09:00:00", 3, 0, answered="true"))
    [row] = staff(log).intervals.to_dict("records")
    assert (row["calls"], row["traffic_erlangs"], row["working_agents"], row["service_level"]) == (3, 0.0, 1, 1.0)


def test_a_prepared_log_and_a_dataframe_give_the_same_staffing():
    rows = calls_at("2026-01-05 09:00:00", 40, 240) + calls_at("2026-01-05 10:15:00", 25, 100)
    log = log_of(rows)
    expected = staff(log, 15, 0.9, 15, 0.25, 0.9).intervals
    pd.testing.assert_frame_equal(staff(prepare(log), 15, 0.9, 15, 0.25, 0.9).intervals, expected)
    frame = pd.DataFrame(rows)
    pd.testing.assert_frame_equal(staff(frame, 15, 0.9, 15, 0.25, 0.9).intervals, expected)


# --- agent-hours and money ---------------------------------------------------------


def test_agent_hours_are_exact_and_the_cost_rounds_half_up_once():
    # one 15-minute interval needing 1 agent: 1/4 agent-hour
    team = staff(log_of(calls_at("2026-01-05 09:00:00", 1, 60)), interval=15)
    assert team.agent_hours == Fraction(1, 4)
    assert team.team_cost("0.10") == Decimal("0.03")  # 0.025 rounds half-up
    assert team.team_cost(Decimal("19.99"), decimals=3) == Decimal("4.998")  # 4.9975
    assert team.team_cost(0.1) == Decimal("0.03")  # a float rate is read through its repr
    json_hours = team.to_json()["agent_hours"]
    assert json_hours == 0.25


def test_cost_under_a_tariffs_hourly_team_uses_its_rate_and_decimals():
    team = staff(log_of(calls_at("2026-01-05 09:00:00", 100, 180)), interval=60)  # 5 Erlang, 8 agents for 1 h
    assert team.agent_hours == 8
    tariff = Tariff(
        name="Teams",
        decimals=3,
        components=[
            {"type": "hourly_team", "label": "day", "rate": "19.5005", "agents": 4, "hours_per_month": 160},
            {"type": "hourly_team", "label": "night", "rate": "25", "agents": 2, "hours_per_month": 80},
        ],
    )
    assert team.cost_under(tariff, "day") == Decimal("156.004")
    assert team.cost_under(tariff, "night") == Decimal("200.000")
    with pytest.raises(InputError, match=r'tariff "Teams" has several hourly_team components \(\'day\', \'night\'\)'):
        team.cost_under(tariff)
    with pytest.raises(InputError, match="no hourly_team component labelled 'evening'"):
        hourly_team_rate(tariff, "evening")
    plain = Tariff(name="Carrier", components=[{"type": "per_minute", "rate": "0.07"}])
    with pytest.raises(InputError, match='tariff "Carrier" has no hourly_team component to price agent-hours'):
        team.cost_under(plain)


def test_to_json_follows_the_contract():
    log = log_of(calls_at("2026-01-05 09:00:00", 100, 180) + calls_at("2026-01-05 10:00:00", 1, 100.04))
    result = staff(log, interval=30, service_level=0.8, answer_within=20, shrinkage=0.3, max_occupancy=0.85).to_json()
    assert result == {
        "interval_minutes": 30,
        "service_level_target": 0.8,
        "answer_within_s": 20,
        "shrinkage": 0.3,
        "max_occupancy": 0.85,
        "intervals": [
            {"start": "2026-01-05T09:00:00", "calls": 100, "aht_s": 180.0, "agents": 20, "service_level": 0.8884},
            {"start": "2026-01-05T09:30:00", "calls": 0, "aht_s": 0.0, "agents": 0, "service_level": None},
            # A = 100.04/1800 on 1 working agent: C = A, SL = 1 - A exp(-(1 - A) 20/100.04) = 0.9540; 1/0.7 -> 2
            {"start": "2026-01-05T10:00:00", "calls": 1, "aht_s": 100.0, "agents": 2, "service_level": 0.954},
        ],
        "peak_agents": 20,
        "agent_hours": 11,
    }


# --- refusals ----------------------------------------------------------------------

SAMPLE = calls_at("2026-01-05 09:00:00", 3, 60)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"interval": 20}, "interval must be one of 15, 30, 60 minutes, got 20"),
        ({"interval": "30"}, "interval must be one of 15, 30, 60 minutes, got '30'"),
        ({"interval": True}, "interval must be one of 15, 30, 60 minutes, got True"),
        ({"service_level": 0}, r"service_level must be a share between 0 and 1 \(exclusive\), e.g. 0.8, got 0"),
        ({"service_level": 1}, r"service_level must be a share between 0 and 1 \(exclusive\), e.g. 0.8, got 1"),
        ({"service_level": 80}, r"service_level must be a share between 0 and 1 .*got 80"),
        ({"service_level": "0.8"}, "service_level must be a number, got '0.8'"),
        ({"answer_within": -1}, "answer_within must be seconds >= 0, got -1"),
        ({"answer_within": math.nan}, "answer_within must be a finite number, got nan"),
        ({"shrinkage": -0.1}, r"shrinkage must be a share from 0 up to \(not including\) 1, e.g. 0.3, got -0.1"),
        ({"shrinkage": 1}, r"shrinkage must be a share from 0 up to \(not including\) 1, e.g. 0.3, got 1"),
        ({"max_occupancy": 0}, "max_occupancy must be a share above 0 and at most 1, e.g. 0.85, got 0"),
        ({"max_occupancy": 1.1}, "max_occupancy must be a share above 0 and at most 1, e.g. 0.85, got 1.1"),
    ],
)
def test_refused_parameters_name_what_was_expected_and_what_arrived(options, message):
    with pytest.raises(InputError, match=message):
        staff(log_of(SAMPLE), **options)


def test_a_log_without_timestamps_cannot_be_sized_per_interval():
    log = read_calls(pd.DataFrame({"duration_s": ["60", "120"]}), "durations.csv")
    with pytest.raises(InputError, match="durations.csv: the records have no start times, so calls cannot be placed"):
        staff(log)
    with pytest.raises(InputError, match="no start times"):
        interval_load(log, 30)


def test_a_log_without_records_is_refused():
    log = read_calls(pd.DataFrame({"start": ["2026-01-05 09:00:00"], "duration_s": ["-5"]}), "bad.csv")
    with pytest.raises(InputError, match=r"bad.csv: no records to size a team from \(1 rows rejected\)"):
        staff(log)


def test_a_dataframe_with_an_unreadable_row_is_refused():
    frame = pd.DataFrame({"start": ["2026-01-05 09:00:00", "yesterday"], "duration_s": [60, 60]})
    with pytest.raises(InputError, match="records: row 2 cannot be read: unreadable start: 'yesterday'"):
        staff(frame)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: erlang_c(-1, 3), "traffic must not be negative, got -1"),
        (lambda: erlang_c(math.inf, 3), "traffic must be finite numbers, got inf"),
        (lambda: erlang_c(2, 2.5), "agents must be whole numbers, got 2.5"),
        (lambda: erlang_b(2, -1), "agents must not be negative, got -1"),
        (lambda: service_level(2, 3, -180, 20), "aht_s must not be negative, got -180"),
        (lambda: service_level(2, 3, 180, -20), "answer_within must be seconds >= 0, got -20"),
        (lambda: agents_needed(2, 180, 1.0, 20), r"service_level must be a share between 0 and 1"),
        (lambda: agents_needed(2, 180, 0.8, 20, max_occupancy=-0.5), "max_occupancy must be a share above 0"),
        (lambda: staff(log_of(SAMPLE)).team_cost(-1), "rate must not be negative, got -1"),
        (lambda: staff(log_of(SAMPLE)).team_cost("abc"), "rate must be a number, got 'abc'"),
        (lambda: staff(log_of(SAMPLE)).team_cost(1, decimals=-1), "decimals must be a whole number >= 0, got -1"),
    ],
)
def test_refused_values_of_the_formulas(call, message):
    with pytest.raises(InputError, match=message):
        call()
