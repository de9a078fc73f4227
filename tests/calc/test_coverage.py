"""Team coverage (the mixed model) against a brute-force reading of section 5."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from calc import team_coverage


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
