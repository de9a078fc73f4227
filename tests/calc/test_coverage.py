"""Team coverage (the mixed model) against a brute-force reading of section 5."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc import coverage, team_coverage


def brute_force(starts, durations, agents):
    covered, ends = [], []
    for start, duration in zip(starts, durations, strict=False):
        ends = [end for end in ends if end > start]
        take = len(ends) < agents
        covered.append(take)
        if take:
            ends.append(start + duration)
    return covered


@settings(max_examples=300, deadline=None)
@given(
    calls=st.lists(st.tuples(st.integers(0, 300), st.integers(0, 60)), max_size=80),
    agents=st.integers(0, 6),
)
def test_coverage_equals_brute_force(calls, agents):
    calls.sort(key=lambda call: call[0])
    starts = np.array([c[0] for c in calls], dtype=np.int64)
    durations = np.array([c[1] for c in calls], dtype=np.int64)
    assert team_coverage(starts, durations, agents).tolist() == brute_force(starts.tolist(), durations.tolist(), agents)


def test_zero_length_calls_take_no_agent():
    starts = np.array([0, 0, 0, 5])
    durations = np.array([0, 0, 10, 1])
    assert team_coverage(starts, durations, 1).tolist() == [True, True, True, False]


@settings(max_examples=200, deadline=None)
@given(
    gaps=st.lists(st.integers(0, 3), min_size=1, max_size=300),
    durations=st.lists(st.integers(0, 90), min_size=300, max_size=300),
    agents=st.integers(1, 8),
    block=st.integers(1, 9),
)
def test_congested_logs_equal_brute_force(gaps, durations, agents, block):
    """Calls every few seconds lasting up to 90: the team is mostly full and most calls overflow."""
    starts = np.cumsum(gaps, dtype=np.int64)
    lengths = np.array(durations[: len(starts)], dtype=np.int64)
    expected = brute_force(starts.tolist(), lengths.tolist(), agents)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(coverage, "_BLOCK", block)  # busy periods and counts cross blocks
        assert team_coverage(starts, lengths, agents).tolist() == expected


def test_busy_periods_are_walked_apart():
    """Two congested periods, the second beginning when the first's last call ends: the team is free again."""
    starts = np.array([0, 0, 1, 10, 10, 11])
    durations = np.array([10, 10, 5, 3, 3, 1])
    assert team_coverage(starts, durations, 1).tolist() == [True, False, False, True, False, False]
