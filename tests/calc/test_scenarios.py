"""Scenario transforms, checked by hand: counts, seeds, the shape of the log, and the same engine afterwards."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import InputError, Scenario, apply_scenario, load_tariff_files, prepare, prepare_scenario, price, read_calls
from tests.calc.test_properties import as_frame, records
from tests.conftest import ROOT, make_log

PRESETS = load_tariff_files(sorted((ROOT / "data" / "tariffs").glob("*.yaml")))


def january_february():
    """3 calls in January (first on the 1st), 5 in February (last on the 28th): two full months."""
    starts = [
        "2026-01-01 09:00:00",
        "2026-01-14 10:30:00",
        "2026-01-30 16:45:10",
        "2026-02-02 08:15:00",
        "2026-02-09 11:00:00",
        "2026-02-17 14:20:00",
        "2026-02-20 09:59:59",
        "2026-02-28 17:00:00",
    ]
    return make_log([{"start": s, "duration_s": 60 + 10 * i, "agent": f"a{i % 3}"} for i, s in enumerate(starts)])


def per_month(log):
    return Counter(log.records["start"].dt.strftime("%Y-%m"))


@pytest.mark.parametrize(
    ("factor", "january", "february"),
    [
        (1, 3, 5),
        (2, 6, 10),
        (3, 9, 15),
        (0.5, 2, 3),  # 1.5 and 2.5 round half up
        (2.5, 8, 13),  # 7.5 -> 8, 12.5 -> 13
        (0.1, 1, 1),  # 0.3 and 0.5: the first and last records are always kept
        (10, 30, 50),
    ],
)
def test_volume_gives_round_k_times_each_month(factor, january, february):
    scaled = apply_scenario(january_february(), Scenario(volume_factor=factor, seed=4))
    assert per_month(scaled) == {"2026-01": january, "2026-02": february}


def test_volume_one_is_the_log_itself():
    log = january_february()
    assert apply_scenario(log, Scenario(volume_factor=1)) is log.log
    assert prepare_scenario(log, Scenario()) is log


def test_whole_factor_takes_every_record_that_many_times_on_its_weekday_and_time_of_day():
    log = january_february()
    scaled = apply_scenario(log, Scenario(volume_factor=3, seed=11)).records
    assert Counter(scaled["line"]) == {line: 3 for line in log.log.records["line"]}
    original = log.log.records.set_index("line")
    for line, rows in scaled.groupby("line"):
        start = original.loc[line, "start"]
        assert set(rows["start"].dt.day_of_week) == {start.weekday()}
        assert set(rows["start"].dt.time) == {start.time()}
        assert set(rows["start"].dt.month) == {start.month}
        assert (rows["duration_s"] == original.loc[line, "duration_s"]).all()
        assert start in set(rows["start"])  # one copy stays where it was
    assert scaled["start"].is_monotonic_increasing
    assert scaled["start"].min() >= pd.Timestamp("2026-01-01") and scaled["start"].max() < pd.Timestamp("2026-03-01")


def test_copies_spread_over_the_weeks_of_their_month():
    log = january_february()
    scaled = apply_scenario(log, Scenario(volume_factor=40, seed=2)).records
    # The 14 January call (line 2, a Wednesday) may go to the 7th, 14th, 21st or 28th, about 10 times each.
    days = Counter(scaled.loc[scaled["line"] == 2, "start"].dt.day)
    assert set(days) == {7, 14, 21, 28} and min(days.values()) >= 4


def test_moves_stay_inside_the_covered_days():
    # Covered days are 10 to 20 January: a Saturday on the 10th can only move to the 17th.
    log = make_log(
        [
            {"start": "2026-01-10 12:00:00", "duration_s": 30},
            {"start": "2026-01-20 12:00:00", "duration_s": 30},
        ]
    )
    scaled = apply_scenario(log, Scenario(volume_factor=20, seed=5)).records
    assert set(scaled["start"].dt.day) <= {10, 17, 13, 20}
    assert scaled["start"].dt.date.min().day == 10 and scaled["start"].dt.date.max().day == 20


def test_below_one_is_a_plain_subsample_that_keeps_the_calendar():
    log = january_february()
    scaled = prepare_scenario(log, Scenario(volume_factor=0.4, seed=9))
    lines = scaled.log.records["line"].tolist()
    assert len(set(lines)) == len(lines) and {1, 8} <= set(lines)  # the first and the last record
    original = log.log.records.set_index("line")["start"]
    assert (scaled.log.records.set_index("line")["start"] == original.loc[lines]).all()
    assert scaled.periods == log.periods


def test_smaller_samples_are_part_of_larger_ones_with_one_seed():
    log = prepare_scenario(january_february(), Scenario(volume_factor=6, seed=1))
    samples = [apply_scenario(log, Scenario(volume_factor=k, seed=8)).records for k in (0.3, 0.6, 0.9)]
    calls = [Counter(zip(r["line"], r["start"], r["duration_s"], strict=True)) for r in samples]
    assert [sum(c.values()) for c in calls] == [14, 29, 43]  # 0.3 x 18 and 0.3 x 30 ...
    assert not calls[0] - calls[1] and not calls[1] - calls[2]


def test_same_seed_same_log_other_seed_other_log():
    log = january_february()
    scenario = Scenario(volume_factor=3.5, answer_rate=0.5, duration_factor=1.2, seed=21)
    first = apply_scenario(log, scenario).records
    pd.testing.assert_frame_equal(first, apply_scenario(log, scenario).records)
    other = apply_scenario(log, Scenario(volume_factor=3.5, answer_rate=0.5, duration_factor=1.2, seed=22)).records
    assert not first[["line", "start"]].equals(other[["line", "start"]])


def test_changing_one_step_does_not_change_what_another_drew():
    log = january_february()
    plain = apply_scenario(log, Scenario(volume_factor=2.5, seed=3)).records
    longer = apply_scenario(log, Scenario(volume_factor=2.5, duration_factor=2, seed=3)).records
    assert plain[["line", "start"]].equals(longer[["line", "start"]])
    assert (longer["duration_s"] == plain["duration_s"] * 2).all()


def test_durations_scaled_shifted_clipped_and_kept_whole():
    log = make_log(
        [
            {"duration_s": 60},
            {"duration_s": 30},
            {"duration_s": 61},
            {"duration_s": 0, "answered": "false"},
            {"duration_s": 300, "channel": "chat"},
        ]
    )
    scaled = apply_scenario(log, Scenario(duration_factor=1.5, duration_shift_s=-50))
    assert scaled.records["duration_s"].tolist() == [40.0, 0.0, 42.0, 0.0, 300.0]  # 91.5 - 50 = 41.5 -> 42
    halved = apply_scenario(log, Scenario(duration_factor=0.5))
    assert halved.records["duration_s"].tolist() == [30.0, 15.0, 31.0, 0.0, 300.0]  # 30.5 -> 31, half up


def test_fractional_durations_keep_their_resolution():
    log = make_log([{"duration_s": "10.25"}, {"duration_s": "3"}])
    scaled = apply_scenario(log, Scenario(duration_factor=3, duration_shift_s=0.5))
    assert scaled.records["duration_s"].tolist() == [31.25, 9.5]


def ten_calls():
    rows = [{"duration_s": 100 + i, "channel": "voice"} for i in range(6)]
    rows += [{"duration_s": 0, "answered": "false"} for _ in range(4)]
    rows += [{"duration_s": 0, "channel": "sms", "answered": "false"}]
    return make_log(rows)


def test_answer_rate_up_gives_new_calls_a_real_talk_time():
    scaled = apply_scenario(ten_calls(), Scenario(answer_rate=0.8, seed=5)).records
    voice = scaled[scaled["channel"] == "voice"]
    assert voice["answered"].sum() == 8
    assert set(voice.loc[voice["answered"], "duration_s"]) <= {100.0, 101.0, 102.0, 103.0, 104.0, 105.0}
    assert not scaled.loc[scaled["channel"] == "sms", "answered"].any()  # other channels untouched


def test_answer_rate_down_leaves_no_talk_time():
    scaled = apply_scenario(ten_calls(), Scenario(answer_rate=0.25, seed=5)).records
    voice = scaled[scaled["channel"] == "voice"]
    assert voice["answered"].sum() == 3  # 2.5 rounds half up
    assert (voice.loc[~voice["answered"], "duration_s"] == 0).all()
    assert sorted(voice.loc[voice["answered"], "duration_s"]) == sorted(set(voice.loc[voice["answered"], "duration_s"]))


def test_answer_rate_needs_an_answered_call_to_copy():
    log = make_log([{"duration_s": 0}, {"duration_s": 0}])
    with pytest.raises(InputError, match="answer_rate 0.5: the log has no answered voice call"):
        apply_scenario(log, Scenario(answer_rate=0.5))


def test_channel_mix_moves_as_few_records_as_needed():
    log = make_log([{"duration_s": 60 + i} for i in range(10)])
    scaled = apply_scenario(log, Scenario(channel_mix={"voice": 0.7, "chat": 0.3}, seed=1)).records
    assert Counter(scaled["channel"]) == {"voice": 7, "chat": 3}
    # no chat in the log to copy from: the records keep their own length
    assert sorted(scaled["duration_s"]) == [60.0 + i for i in range(10)]


def test_channel_mix_shares_by_largest_remainder_first_listed_wins_ties():
    log = make_log([{"duration_s": 60} for _ in range(10)])
    scaled = apply_scenario(log, Scenario(channel_mix={"chat": 1, "voice": 1, "sms": 1}, seed=1)).records
    assert Counter(scaled["channel"]) == {"voice": 4, "sms": 3, "chat": 3}


def test_records_joining_a_channel_look_like_that_channel():
    rows = [{"duration_s": 60, "channel": "voice"} for _ in range(6)]
    rows += [{"duration_s": 0, "channel": "sms", "answered": "true"} for _ in range(4)]
    scaled = apply_scenario(make_log(rows), Scenario(channel_mix={"sms": 1}, seed=3)).records
    assert (scaled["channel"] == "sms").all()
    assert (scaled["duration_s"] == 0).all() and scaled["answered"].all()


def test_rejected_rows_are_kept():
    frame = pd.DataFrame({"start": ["2026-01-05 09:00", "2026-01-06 09:00", "soon"], "duration_s": ["60", "30", "5"]})
    log = read_calls(frame, "calls.csv")
    scaled = apply_scenario(log, Scenario(volume_factor=2, seed=1))
    assert len(scaled.records) == 4
    pd.testing.assert_frame_equal(scaled.rejected, log.rejected)
    assert scaled.source == "calls.csv (volume x2, seed 1)"


def test_a_log_without_timestamps_scales_too():
    log = make_log([{"duration_s": 10 * (i + 1)} for i in range(4)])
    scaled = apply_scenario(log, Scenario(volume_factor=2.5, seed=1)).records
    assert len(scaled) == 10 and scaled["start"].isna().all()
    assert Counter(scaled["line"]).most_common(1)[0][1] == 3


def test_a_data_frame_is_read_first():
    scaled = apply_scenario(pd.DataFrame({"duration_s": [30, 90]}), Scenario(volume_factor=2))
    assert sorted(scaled.records["duration_s"]) == [30.0, 30.0, 90.0, 90.0]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"volume_factor": 0}, "volume_factor must be above 0, got 0"),
        ({"volume_factor": float("nan")}, "volume_factor must be a finite number"),
        ({"duration_factor": -1}, "duration_factor must be 0 or more, got -1"),
        ({"duration_shift_s": "10"}, "duration_shift_s must be a number, got '10'"),
        ({"answer_rate": 1.5}, "answer_rate must be between 0 and 1, got 1.5"),
        ({"channel_mix": {"fax": 1}}, "channel_mix: unknown channel 'fax', expected some of voice, sms"),
        ({"channel_mix": {"voice": -1, "sms": 2}}, "channel_mix share of 'voice' must be 0 or more"),
        ({"channel_mix": {"voice": 0}}, "channel_mix shares must add up to more than 0"),
        ({"seed": -1}, "seed must be a whole number >= 0, got -1"),
        ({"seed": 1.5}, "seed must be a whole number >= 0, got 1.5"),
    ],
)
def test_bad_scenarios_are_refused(fields, message):
    with pytest.raises(InputError, match=message):
        Scenario(**fields)


def test_scenarios_are_hashable_values_that_describe_themselves():
    one = Scenario(volume_factor=2, channel_mix={"voice": 3, "chat": 1}, seed=1)
    assert one == Scenario(volume_factor=2.0, channel_mix={"chat": 0.25, "voice": 0.75}, seed=1)
    assert len({one, Scenario(volume_factor=2, channel_mix={"voice": 3, "chat": 1}, seed=1)}) == 1
    assert one.channel_mix == (("voice", 0.75), ("chat", 0.25))
    assert Scenario(duration_factor=1.5, duration_shift_s=-10, answer_rate=0.9).describe() == (
        "durations x1.5 -10 s, answer rate 90%"
    )
    assert Scenario().describe() == "as logged"


def test_the_one_x_point_is_the_real_bill():
    log = prepare(read_calls(ROOT / "data" / "logs" / "support_desk.csv"))
    for tariff in PRESETS:
        assert price(prepare_scenario(log, Scenario(volume_factor=1.0000000000000002)), tariff).total == (
            price(log, tariff).total
        )


scenarios = st.builds(
    Scenario,
    volume_factor=st.sampled_from([1, 0.2, 0.5, 1.7, 3]),
    duration_factor=st.sampled_from([1, 0.5, 2.25]),
    duration_shift_s=st.sampled_from([0, -30, 7.5]),
    answer_rate=st.sampled_from([None, 0, 0.5, 1]),
    channel_mix=st.sampled_from([None, {"voice": 1}, {"voice": 2, "chat": 1, "sms": 1}]),
    seed=st.integers(0, 3),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), scenario=scenarios)
def test_prepared_scenario_equals_preparing_the_scenario_log(data, scenario):
    timed = data.draw(st.booleans(), label="timed")
    rows = data.draw(records(timed), label="records")
    log = read_calls(as_frame(rows, timed), "random")
    try:
        fast = prepare_scenario(log, scenario)
    except InputError as error:
        assert "no answered voice call" in str(error)
        return
    slow = prepare(fast.log)
    for column in ("start_us", "duration_us", "ceil_s", "channel", "direction", "answered", "record_period"):
        assert np.array_equal(getattr(fast, column), getattr(slow, column)), column
    assert fast.periods == slow.periods == prepare(log).periods
    assert [total_or_refusal(fast, t) for t in PRESETS] == [total_or_refusal(slow, t) for t in PRESETS]


def total_or_refusal(log, tariff):
    """The total, or the message refusing the tariff on this log (rules v2: seats from a log without agents)."""
    try:
        return price(log, tariff).total
    except InputError as error:
        return str(error)


def test_the_volume_draw_order_is_kept_for_one_seed_only_and_changes_no_scenario():
    log = prepare(read_calls(ROOT / "data" / "logs" / "support_desk.csv"))
    prepare_scenario(log, Scenario(volume_factor=3, seed=1))
    first = prepare_scenario(log, Scenario(volume_factor=0.5, seed=1))
    prepare_scenario(log, Scenario(volume_factor=1.5, seed=2))
    again = prepare_scenario(log, Scenario(volume_factor=0.5, seed=1))
    assert [key for key in log._cache if key[0] == "volume_priority"] == [("volume_priority", 1)]
    fresh = prepare_scenario(prepare(read_calls(ROOT / "data" / "logs" / "support_desk.csv")), Scenario(0.5, seed=1))
    for scaled in (first, again):  # the order sorted for another factor draws the same records
        assert np.array_equal(scaled.start_us, fresh.start_us)
        assert np.array_equal(scaled.duration_us, fresh.duration_us)
        assert np.array_equal(scaled.derived[1], fresh.derived[1])
