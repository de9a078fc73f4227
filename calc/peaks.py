"""Peak concurrency across partitions of a log: the statistics a partition keeps, and how two combine.

`Peaks.of` reduces one prepared partition's answered voice calls (not internal)
to per-month prefix maxima of the calls in progress, the count in progress at
each month start it spans and the end times still running after it;
`Peaks.then` joins consecutive partitions in time order and `Peaks.per_month`
gives each month's peak, as `PreparedLog.peak_concurrent_per_period` does for a
whole log (see ``docs/scale.md``). Used by `calc.partials`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from calc.errors import InputError
from calc.i18n import _
from calc.prepared import PreparedLog, calls_in_progress
from calc.records import CHANNELS, DIRECTIONS

__all__ = ["Peaks", "moment_text"]

VOICE = CHANNELS.index("voice")
INTERNAL = DIRECTIONS.index("internal")


def _month_number(start_us: np.ndarray) -> np.ndarray:
    """Calendar month of each instant [months since 1970-01]."""
    return start_us.astype("datetime64[us]").astype("datetime64[M]").astype(np.int64)


def _month_start_us(month: int) -> int:
    """First instant of a calendar month [us since 1970]."""
    return int(np.datetime64(int(month), "M").astype("datetime64[us]").astype(np.int64))


def _strict_highs(times: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The points where `values` first reach each new high, in order (the rest can never be a peak)."""
    if len(values) == 0:
        return times, values
    running = np.maximum.accumulate(values)
    keep = np.ones(len(values), dtype=bool)
    keep[1:] = values[1:] > running[:-1]
    return times[keep], values[keep]


def _open_after(ends: np.ndarray, moments: np.ndarray | int) -> np.ndarray | int:
    """How many of the sorted end times `ends` are after each moment (calls still in progress then)."""
    return len(ends) - np.searchsorted(ends, moments, side="right")


@dataclass
class Peaks:
    """What peak concurrency needs of consecutive partitions of answered voice calls, not internal.

    Attributes
    ----------
    first_us, last_us : int
        First and last call start [us since 1970].
    highs : dict of int to (numpy.ndarray, numpy.ndarray)
        Per month [months since 1970-01]: the starts at which the count of these partitions'
        calls in progress first reaches each new high, and that count.
    month_starts : dict of int to int
        For each month whose first instant is in ``(first_us, last_us]``: these
        partitions' calls started before it and still in progress then.
    tail : numpy.ndarray of int64
        Sorted end times of the calls still in progress after ``last_us`` [us].
    """

    first_us: int
    last_us: int
    highs: dict[int, tuple[np.ndarray, np.ndarray]]
    month_starts: dict[int, int]
    tail: np.ndarray

    @classmethod
    def of(cls, log: PreparedLog) -> Peaks | None:
        """The statistics of one prepared partition; None when it holds no such call."""
        occupied_us = log.occupied_us()
        calls = log.answered & (log.channel == VOICE) & (log.direction != INTERNAL) & (occupied_us > 0)
        starts = log.start_us[calls]  # sorted: the log is
        if len(starts) == 0:
            return None
        ends = np.sort(starts + occupied_us[calls])
        in_progress = calls_in_progress(starts, ends, starts)
        months = _month_number(starts)
        bounds = np.flatnonzero(np.diff(months)) + 1
        highs = {}
        for first, stop in zip(np.r_[0, bounds], np.r_[bounds, len(starts)], strict=True):
            highs[int(months[first])] = _strict_highs(starts[first:stop], in_progress[first:stop])
        first_us, last_us = int(starts[0]), int(starts[-1])
        month_starts = {}
        for month in range(int(months[0]) + 1, int(months[-1]) + 1):
            moment = _month_start_us(month)
            before = int(np.searchsorted(starts, moment, side="left"))
            month_starts[month] = before - int(np.searchsorted(ends, moment, side="right"))
        return cls(first_us, last_us, highs, month_starts, ends[ends > last_us])

    def then(self, later: Peaks) -> Peaks:
        """These partitions followed by `later` ones, whose calls all start at or after ``last_us``."""
        if later.first_us < self.last_us:
            raise InputError(
                _(
                    "dataset: a partition starts before the previous one ends ({later} after {earlier}); "
                    "seats: peak_concurrent needs the partitions in time order (sort the files by start, "
                    "or name them in time order)"
                ).format(later=moment_text(later.first_us), earlier=moment_text(self.last_us))
            )
        carried = self.tail
        highs = dict(self.highs)
        for month, (times, values) in later.highs.items():
            values = values + _open_after(carried, times)
            if month in highs:
                times = np.concatenate((highs[month][0], times))
                values = np.concatenate((highs[month][1], values))
            highs[month] = _strict_highs(times, values)
        month_starts = dict(self.month_starts)
        for month in range(_month_of(self.last_us) + 1, _month_of(later.first_us) + 1):
            month_starts[month] = int(_open_after(carried, _month_start_us(month)))
        for month, local in later.month_starts.items():
            month_starts[month] = local + int(_open_after(carried, _month_start_us(month)))
        tail = np.sort(np.concatenate((carried[carried > later.last_us], later.tail)))
        return Peaks(self.first_us, later.last_us, highs, month_starts, tail)

    def per_month(self, months: list[int]) -> list[int]:
        """Highest count in progress in each month, as `PreparedLog.peak_concurrent_per_period`."""
        first_month, last_month = _month_of(self.first_us), _month_of(self.last_us)
        peaks = []
        for month in months:
            if month <= first_month:
                at_start = 0  # no call began before the first
            elif month <= last_month:
                at_start = self.month_starts[month]
            else:
                at_start = int(_open_after(self.tail, _month_start_us(month)))
            values = self.highs.get(month, (None, np.zeros(0, dtype=np.int64)))[1]
            peaks.append(max(at_start, int(values.max(initial=0))))
        return peaks


def _month_of(moment_us: int) -> int:
    return int(_month_number(np.array([moment_us], dtype=np.int64))[0])


def moment_text(moment_us: int) -> str:
    """An instant as text for messages, to the microsecond (ISO 8601)."""
    return str(np.datetime64(int(moment_us), "us"))
