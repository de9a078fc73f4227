"""The traffic profile, checked against counts worked out by hand."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from calc.teams import peak_concurrency
from calc.traffic import traffic_profile
from tests.conftest import make_log


@pytest.mark.parametrize(
    ("starts", "durations", "peak"),
    [
        ([], [], 0),
        ([0], [10], 1),
        ([0, 10], [10, 5], 1),  # one ends exactly when the next starts: no overlap
        ([0, 9], [10, 5], 2),
        ([0, 0, 0], [5, 5, 5], 3),
        ([0, 1, 2, 20], [30, 1, 1, 5], 2),
        ([0, 5], [0, 10], 1),  # a 0-second call occupies nothing
    ],
)
def test_peak_concurrency_by_hand(starts, durations, peak):
    assert peak_concurrency(np.array(starts, dtype=np.int64), np.array(durations, dtype=np.int64)) == peak


def test_profile_of_a_small_log():
    log = make_log(
        [
            # Monday 5 Jan 2026, 09:00 and 09:00:30, overlapping
            {"start": "2026-01-05 09:00:00", "duration_s": 45, "channel": "voice"},
            {"start": "2026-01-05 09:00:30", "duration_s": 90, "channel": "voice"},
            # unanswered voice call: counted as a record, not as talk time
            {"start": "2026-01-06 14:10:00", "duration_s": 0, "channel": "voice"},
            # an SMS on Sunday 1 Feb 23:59: a record, not a call
            {"start": "2026-02-01 23:59:00", "duration_s": 0, "channel": "sms", "answered": "true"},
            {"start": "2026-02-02 10:00:00", "duration_s": 300.5, "channel": "voice"},
        ]
    )
    profile = traffic_profile(log)
    assert profile.records == 5
    assert profile.rejected == 0
    assert profile.answered_voice == 3
    assert profile.records_by_channel == {"voice": 4, "sms": 1}
    assert profile.talk_seconds == Fraction(4355, 10)
    assert profile.short_call_share == pytest.approx(1 / 3)
    assert profile.mean_duration_s == pytest.approx(435.5 / 3)
    assert profile.median_duration_s == 90
    assert profile.months == ["2026-01", "2026-02"]
    assert profile.peak_concurrent == 2
    grid = profile.weekday_hour
    assert grid.sum() == 5
    assert grid[0, 9] == 2 and grid[1, 14] == 1 and grid[6, 23] == 1 and grid[0, 10] == 1
    # the histogram holds every answered call up to its last edge, the rest are counted apart
    assert profile.duration_counts.sum() + profile.longer_calls == 3
    assert profile.duration_bins_s[-1] % 60 == 0


def test_long_calls_fall_outside_the_histogram_and_are_counted():
    log = make_log([{"duration_s": 30}] * 99 + [{"duration_s": 5000}])
    profile = traffic_profile(log)
    assert profile.duration_bins_s[-1] == 120  # the 95th percentile is 30 s: the axis keeps 2 minutes
    assert profile.longer_calls == 1
    assert profile.duration_counts.sum() == 99
    assert profile.duration_counts[15] == 99  # 30 s falls in the 30-32 s bin


def test_a_log_without_timestamps_has_no_weekday_grid_or_concurrency():
    profile = traffic_profile(make_log([{"duration_s": 61}, {"duration_s": 59}]))
    assert profile.weekday_hour is None
    assert profile.peak_concurrent is None
    assert profile.months == ["all"]
    assert profile.short_call_share == 0.5


def test_an_empty_log():
    profile = traffic_profile(make_log([]))
    assert (profile.records, profile.answered_voice, profile.talk_seconds) == (0, 0, 0)
    assert profile.short_call_share is None and profile.mean_duration_s is None
    assert profile.months == []
