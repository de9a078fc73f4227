"""Which calls a dedicated team handles itself (section 5 of the rules, the mixed model)."""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Sequence

import numpy as np

__all__ = ["team_coverage"]


def _open_at_most(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """For each call (sorted by start), at least how many calls are in progress at its start, itself included.

    A call occupies ``[start, end)``. Counted as in progress: every call begun at
    or before it (itself and the calls before it in order) whose end is not before
    its start. Calls ending exactly then are over and counted all the same, so
    the count is never below the true one, which is all the congestion test needs.
    """
    return np.arange(1, len(starts) + 1) - np.searchsorted(np.sort(ends), starts, side="left")


def team_coverage(starts_us: np.ndarray, durations_us: np.ndarray, agents: int) -> np.ndarray:
    """Mark the calls a team of `agents` takes, in order of start, overflow the rest.

    Parameters
    ----------
    starts_us : numpy.ndarray of int64
        Start of each candidate call [us], sorted ascending (ties in log order).
    durations_us : numpy.ndarray of int64
        Length of each call [us].
    agents : int
        Team size: a call is covered when fewer than `agents` covered calls are
        still in progress at its start.

    Returns
    -------
    numpy.ndarray of bool
        True for covered calls.

    Notes
    -----
    Calls in a busy period (a run of overlapping calls) that never sees
    `agents` calls in progress are all covered; those are found with whole-array
    operations. Only busy periods that reach the team size are walked, with a
    heap of the covered calls' end times; while the team is full, every call
    that starts before the first covered call ends overflows, and the walk jumps
    over them at once (a binary search), so its steps grow with the covered
    calls, not with all calls.

    Examples
    --------
    >>> team_coverage(np.array([0, 0, 5, 10]), np.array([10, 10, 5, 1]), 1).tolist()
    [True, False, False, True]
    """
    count = len(starts_us)
    covered = np.zeros(count, dtype=bool)
    if count == 0 or agents <= 0:
        return covered
    ends_us = starts_us + durations_us
    # A busy period is a run of overlapping calls; one whose calls never find the team full is all covered.
    new_period = np.ones(count, dtype=bool)
    new_period[1:] = starts_us[1:] >= np.maximum.accumulate(ends_us)[:-1]
    period_first = np.flatnonzero(new_period)
    period_peak = np.maximum.reduceat(_open_at_most(starts_us, ends_us), period_first)
    congested = np.repeat(period_peak > agents, np.diff(np.append(period_first, count)))
    covered[~congested] = True
    walk = np.flatnonzero(congested)
    if len(walk):
        # memoryview: each value read becomes a Python int on its own, without converting the whole column.
        starts, ends = (np.ascontiguousarray(values[walk], dtype=np.int64) for values in (starts_us, ends_us))
        taken = _walk(memoryview(starts), memoryview(ends), agents)
        covered[walk[taken]] = True
    return covered


def _walk(starts: Sequence[int], ends: Sequence[int], agents: int) -> list[int]:
    """The sequential pass over congested busy periods: positions of the covered calls.

    `starts` is sorted; `ends` is read only for the calls the team takes.
    """
    busy: list[int] = []  # end times of the covered calls in progress, a heap
    taken = []
    push, pop = heapq.heappush, heapq.heappop
    index, count = 0, len(starts)
    while index < count:
        start = starts[index]
        while busy and busy[0] <= start:
            pop(busy)
        if len(busy) < agents:
            push(busy, ends[index])
            taken.append(index)
            index += 1
        else:  # full until the first covered call ends: every call starting before then overflows
            index = bisect_left(starts, busy[0], index)
    return taken
