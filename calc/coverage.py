"""Which calls a dedicated team handles itself (section 5 of the rules, the mixed model)."""

from __future__ import annotations

import heapq

import numpy as np

__all__ = ["team_coverage"]


def _open_before(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """For each call (sorted by start), how many earlier calls are still in progress at its start.

    A call occupies ``[start, end)``; a call ending exactly at another's start is over.
    """
    count = len(starts)
    index = np.arange(count)
    ended_anywhere = np.searchsorted(np.sort(ends), starts, side="right")
    # Calls counted above that come at or after i: zero-length calls sharing i's start.
    zero = (ends == starts).astype(np.int64)
    zero_cum = np.cumsum(zero)
    group_end = np.searchsorted(starts, starts, side="right")
    zero_from_here = zero_cum[group_end - 1] - zero_cum + zero
    return index - (ended_anywhere - zero_from_here)


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
    operations. Only busy periods that reach the team size are walked call by
    call with a heap of the covered calls' end times.

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
    in_progress = _open_before(starts_us, ends_us)
    running_end = np.maximum.accumulate(ends_us)
    new_period = np.ones(count, dtype=bool)
    new_period[1:] = starts_us[1:] >= running_end[:-1]
    period_id = np.cumsum(new_period) - 1
    congested_periods = np.unique(period_id[in_progress >= agents])
    congested = np.isin(period_id, congested_periods)
    covered[~congested] = True
    walk = np.flatnonzero(congested)
    if len(walk):
        covered[walk] = _walk(starts_us[walk].tolist(), ends_us[walk].tolist(), agents)
    return covered


def _walk(starts: list[int], ends: list[int], agents: int) -> list[bool]:
    """The sequential pass over congested busy periods (inherently one call at a time)."""
    busy: list[int] = []
    taken = []
    push, pop = heapq.heappush, heapq.heappop
    for start, end in zip(starts, ends, strict=True):
        while busy and busy[0] <= start:
            pop(busy)
        if len(busy) < agents:
            push(busy, end)
            taken.append(True)
        else:
            taken.append(False)
    return taken
