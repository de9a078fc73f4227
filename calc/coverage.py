"""Which calls a dedicated team handles itself (section 5 of the rules, the mixed model)."""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Sequence

import numpy as np

__all__ = ["team_coverage"]

_BLOCK = 65_536  # calls counted at once: the counts stay in cache and no log-length count array is made


def _congested_periods(starts_us: np.ndarray, durations_us: np.ndarray, agents: int) -> tuple[np.ndarray, np.ndarray]:
    """First call of each busy period, and whether the period may find the team full.

    A busy period is a run of overlapping calls (a call occupies ``[start, end)``).
    A period is congested when at some call's start at least ``agents + 1`` calls
    are in progress by an upper count: every call begun at or before it (itself
    and the calls before it in order) whose end is not before its start. Calls
    ending exactly then are over and counted all the same, which is all the test
    needs: a period that is not congested is covered whole.
    """
    count = len(starts_us)
    ends = starts_us + durations_us
    new_period = np.ones(count, dtype=bool)
    new_period[1:] = starts_us[1:] >= np.maximum.accumulate(ends)[:-1]
    period_first = np.flatnonzero(new_period)
    del new_period
    ends.sort()  # only counted from here on
    crowded = np.empty(count, dtype=bool)
    for first in range(0, count, _BLOCK):
        starts = starts_us[first : first + _BLOCK]
        in_progress = np.arange(first + 1, first + 1 + len(starts)) - np.searchsorted(ends, starts, side="left")
        np.greater(in_progress, agents, out=crowded[first : first + _BLOCK])
    return period_first, np.logical_or.reduceat(crowded, period_first)


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
    operations, in blocks. Only busy periods that reach the team size are walked,
    with a heap of the covered calls' end times; while the team is full, every call
    that starts before the first covered call ends overflows, and the walk jumps
    over them at once (a binary search), so its steps grow with the covered
    calls, not with all calls.

    Examples
    --------
    >>> team_coverage(np.array([0, 0, 5, 10]), np.array([10, 10, 5, 1]), 1).tolist()
    [True, False, False, True]
    """
    count = len(starts_us)
    if count == 0 or agents <= 0:
        return np.zeros(count, dtype=bool)
    starts_us = np.ascontiguousarray(starts_us, dtype=np.int64)
    durations_us = np.ascontiguousarray(durations_us, dtype=np.int64)
    period_first, congested = _congested_periods(starts_us, durations_us, agents)
    period_stop = np.append(period_first[1:], count)
    covered = np.repeat(~congested, period_stop - period_first)
    if congested.any():
        # memoryview: each value read becomes a Python int on its own, without converting the whole column.
        ranges = zip(period_first[congested].tolist(), period_stop[congested].tolist(), strict=True)
        taken = _walk(memoryview(starts_us), memoryview(durations_us), agents, ranges)
        covered[np.array(taken, dtype=np.int64)] = True
    return covered


def _walk(starts: Sequence[int], durations: Sequence[int], agents: int, ranges: object) -> list[int]:
    """The sequential pass over congested busy periods: positions of the covered calls.

    `starts` is sorted; `ranges` are ``(first, stop)`` pairs of call positions, one
    per busy period (the team is free at the start of each). `durations` is read
    only for the calls the team takes.
    """
    taken: list[int] = []
    take = taken.append
    push, pop = heapq.heappush, heapq.heappop
    for first, stop in ranges:
        busy: list[int] = []  # end times of the covered calls in progress, a heap
        index = first
        while index < stop:
            if len(busy) < agents:
                start = starts[index]
                while busy and busy[0] <= start:
                    pop(busy)
            else:  # full until the first covered call ends: every call starting before then overflows
                index = bisect_left(starts, busy[0], index, stop)
                if index == stop:
                    break
                start = starts[index]
                pop(busy)  # the first covered call has ended by this start
                while busy and busy[0] <= start:
                    pop(busy)
            push(busy, start + durations[index])
            take(index)
            index += 1
    return taken
