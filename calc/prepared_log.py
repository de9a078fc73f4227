"""The prepared call log: numpy columns sorted by start, and what tariffs ask of it, cached.

`PreparedLog` holds a log's records as columns in order of start, with its months;
`calc.rating` prices it under any number of tariffs. What several tariffs ask of the
log (billed seconds under an increment, matching records, normalized dialled
numbers, distinct agents and peak concurrency per month) is worked out once and
cached on it. `billed_seconds` and `calls_in_progress` are the column arithmetic it
uses. It is made by `calc.prepared.prepare` (or `prepare_columns`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import numpy as np

from calc.decks import normalize_destinations
from calc.periods import Period
from calc.records import CHANNELS, DIRECTIONS, CallLog

__all__ = [
    "BLOCK_RECORDS",
    "PreparedLog",
    "billed_seconds",
    "calls_in_progress",
    "month_starts_us",
    "US_PER_SECOND",
    "US_PER_DAY",
]

US_PER_SECOND = 1_000_000
BLOCK_RECORDS = 65_536  # records worked on at once: a block's columns and temporaries stay in cache
US_PER_DAY = 86_400 * US_PER_SECOND
VOICE = CHANNELS.index("voice")
INTERNAL = DIRECTIONS.index("internal")


def billed_seconds(ceil_s: np.ndarray, first: int | np.ndarray, step: int | np.ndarray) -> np.ndarray:
    """Billed seconds for whole-second durations under increment ``first/step``.

    Parameters
    ----------
    ceil_s : numpy.ndarray of int64
        Durations rounded up to whole seconds [s].
    first, step : int or numpy.ndarray of int64
        The first block and the following steps [s], one for all or one per record.

    Returns
    -------
    numpy.ndarray of int64
        0 for 0 s; `first` up to `first`; then `first` plus whole steps.

    Examples
    --------
    >>> billed_seconds(np.array([0, 1, 30, 31, 60, 61]), 30, 6).tolist()
    [0, 30, 30, 36, 60, 66]
    """
    # In place, one division: these arrays are as long as the log.
    if isinstance(step, int) and step == 1:
        billed = np.maximum(ceil_s, first)
    elif isinstance(first, int) and isinstance(step, int) and first == step:
        billed = ceil_s + (step - 1)  # 60/60, 6/6: whole steps, and 0 stays 0
        billed //= step
        billed *= step
        return billed
    else:
        billed = ceil_s - first
        np.maximum(billed, 0, out=billed)
        billed += step - 1
        billed //= step
        billed *= step
        billed += first
    billed[ceil_s == 0] = 0
    return billed


def calls_in_progress(starts_us: np.ndarray, ends_us: np.ndarray, moments_us: np.ndarray) -> np.ndarray:
    """How many calls are in progress at each moment; a call occupies ``[start, end)``.

    Parameters
    ----------
    starts_us, ends_us : numpy.ndarray of int64
        The calls' starts and ends, each sorted [us].
    moments_us : numpy.ndarray of int64
        When to count [us].

    Returns
    -------
    numpy.ndarray of int64
        Calls begun at or before each moment and not ended by it: a call ending at a
        moment does not count, one starting then does.

    Examples
    --------
    >>> calls_in_progress(np.array([0, 5, 10]), np.array([10, 10, 15]), np.array([5, 10])).tolist()
    [2, 1]
    """
    started = np.searchsorted(starts_us, moments_us, side="right")
    return (started - np.searchsorted(ends_us, moments_us, side="right")).astype(np.int64)


@dataclass(frozen=True, eq=False)
class PreparedLog:
    """A call log as numpy columns sorted by start, ready for any number of tariffs.

    Attributes
    ----------
    call_log : CallLog or callable
        The normalized log it was made from, or a function that makes it (a
        scenario's records are built only when asked; pricing never asks). Read
        it as `log`.
    order : numpy.ndarray
        Position in ``log.records`` of each sorted record.
    start_us, duration_us : numpy.ndarray of int64
        Start [us since 1970, 0 without timestamps] and length [us, rounded].
    ceil_s : numpy.ndarray of int64
        Length rounded up to whole seconds, from the length as written [s].
    duration_s : numpy.ndarray of float64
        Length as read [s] (for ``grace_s`` and talk time).
    channel, direction : numpy.ndarray of int8
        Codes into `calc.calls.CHANNELS` and `calc.calls.DIRECTIONS`.
    answered, resolved : numpy.ndarray of bool
    periods : list of Period
    period_first : numpy.ndarray of int64
        First record index of each period (records of a period are contiguous).

    derived : tuple of (PreparedLog, numpy.ndarray), optional
        ``(base, take)`` when this log's records are ``base``'s at positions
        ``take`` (a scenario): agent codes and dialled numbers are then taken
        from the base's, worked out once for every scenario of it.
    rejected_rows : int, optional
        Refused rows, when known without making the log (`calc.parquet_log`).

    Notes
    -----
    The columns may be read-only views of ``log.records`` (a log already sorted by
    start is not copied); never write to them. `agent` and `record_period` are
    worked out on first use: most tariffs need neither.
    """

    call_log: CallLog | Callable[[], CallLog]
    order: np.ndarray
    start_us: np.ndarray
    duration_us: np.ndarray
    ceil_s: np.ndarray
    duration_s: np.ndarray
    channel: np.ndarray
    direction: np.ndarray
    answered: np.ndarray
    resolved: np.ndarray
    periods: list[Period]
    period_first: np.ndarray
    has_time: bool
    derived: tuple[PreparedLog, np.ndarray] | None = None
    rejected_rows: int | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def log(self) -> CallLog:
        """The normalized log it was made from."""
        if isinstance(self.call_log, CallLog):
            return self.call_log
        return self._cached(("log",), self.call_log)

    @property
    def records(self) -> int:
        """Number of priced records."""
        return len(self.order)

    @property
    def rejected(self) -> int:
        """Number of refused rows."""
        if self.rejected_rows is not None:  # read straight into columns: the log is made only when asked
            return self.rejected_rows
        return self.derived[0].rejected if self.derived is not None else len(self.log.rejected)

    def block(self, first: int, stop: int) -> PreparedLog:
        """Records ``first`` to ``stop - 1`` as a log of their own: views of the columns, the same months.

        A month may begin before the block or end after it (``period_first`` is
        clipped to the block); month sums of a block add up to the log's.
        """
        stop = min(stop, self.records)
        return PreparedLog(
            call_log=self.call_log,
            order=self.order[first:stop],
            start_us=self.start_us[first:stop],
            duration_us=self.duration_us[first:stop],
            ceil_s=self.ceil_s[first:stop],
            duration_s=self.duration_s[first:stop],
            channel=self.channel[first:stop],
            direction=self.direction[first:stop],
            answered=self.answered[first:stop],
            resolved=self.resolved[first:stop],
            periods=self.periods,
            period_first=np.clip(self.period_first - first, 0, stop - first),
            has_time=self.has_time,
        )

    def _cached(self, key: tuple, make: object) -> object:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def agent(self) -> np.ndarray:
        """Agent code of each record (sorted order), -1 when empty (int64, worked out on first use)."""

        def make() -> np.ndarray:
            if self.derived is not None:
                base, take = self.derived
                return base.agent[take]
            import pandas as pd  # the log's records are pandas already

            text = self.log.records["agent"].to_numpy(dtype=object)[self.order]
            codes, _ = pd.factorize(text)
            return np.where(text == "", -1, codes).astype(np.int64)

        return self._cached(("agent",), make)

    @property
    def record_period(self) -> np.ndarray:
        """Index into `periods` of each record (int64, worked out on first use)."""

        def make() -> np.ndarray:
            counts = np.diff(np.append(self.period_first, self.records))
            return np.repeat(np.arange(len(self.periods), dtype=np.int64), counts)

        return self._cached(("record_period",), make)

    def longest_s(self) -> int:
        """The longest record, rounded up to whole seconds [s] (0 for an empty log)."""
        return self._cached(("longest",), lambda: int(self.ceil_s.max(initial=0)))

    def billed(self, first: int, step: int) -> np.ndarray:
        """Billed seconds of every record under an increment (cached per log)."""
        return self._cached(("billed", first, step), lambda: billed_seconds(self.ceil_s, first, step))

    def matches(self, channel: str, direction: str) -> np.ndarray:
        """Records of a channel (``any``: all) and direction (``any``: all but internal), section 3 step 1."""

        def make() -> np.ndarray:
            mask = np.ones(self.records, dtype=bool) if channel == "any" else self.channel == CHANNELS.index(channel)
            if direction == "any":
                return mask & (self.direction != INTERNAL)
            return mask & (self.direction == DIRECTIONS.index(direction))

        return self._cached(("match", channel, direction), make)

    def occupied_us(self) -> np.ndarray:
        """How long each record occupies a line or an agent: its length rounded *up* to whole microseconds [us].

        Starts are whole microseconds, so a record ``[start, start + duration_s)`` is in
        progress at a later start exactly when that start is before ``start + occupied_us``:
        a call of 10.0000004 s still holds its line when another starts 10 s later
        (rounding to the nearest microsecond would end it first), and a call of
        0.0000001 s occupies one microsecond rather than none.
        """

        def make() -> np.ndarray:
            # duration_us is the nearest microsecond; it is below the length when it rounded down.
            return self.duration_us + (self.duration_us / US_PER_SECOND < self.duration_s)

        return self._cached(("occupied",), make)

    def start_days(self) -> np.ndarray | None:
        """Date of each record's start [days since 1970-01-01]; None without timestamps."""
        return self.start_us // US_PER_DAY if self.has_time else None

    def covered_days(self) -> np.ndarray:
        """Every date from the first record's to the last one's [days since 1970-01-01]."""
        if not self.has_time or self.records == 0:
            return np.zeros(0, dtype=np.int64)
        return np.arange(self.start_us[0] // US_PER_DAY, self.start_us[-1] // US_PER_DAY + 1, dtype=np.int64)

    def destinations(self) -> np.ndarray:
        """Dialled numbers as written, in sorted order (object array of str)."""

        def make() -> np.ndarray:
            if self.derived is not None:
                base, take = self.derived
                return base.destinations()[take]
            return self.log.records["destination"].to_numpy(dtype=object)[self.order]

        return self._cached(("destinations",), make)

    def normalized_destinations(self, country_code: str | None, national_prefix: str) -> np.ndarray:
        """Dialled numbers normalized for a rate deck (`calc.decks.normalize_destinations`), in sorted order."""

        def make() -> np.ndarray:
            if self.derived is not None:
                base, take = self.derived
                return base.normalized_destinations(country_code, national_prefix)[take]
            return normalize_destinations(self.destinations(), country_code, national_prefix)

        return self._cached(("deck-numbers", country_code, national_prefix), make)

    def talk_seconds(self) -> Fraction:
        """Sum of ``duration_s`` over answered voice records, exact for the values read [s]."""

        def make() -> Fraction:
            whole_us = 0
            finer: list[float] = []
            for first in range(0, self.records, BLOCK_RECORDS):
                part = slice(first, first + BLOCK_RECORDS)
                calls = self.answered[part] & (self.channel[part] == VOICE)
                seconds = self.duration_s[part]
                talk_us = self.duration_us[part]
                whole = talk_us / US_PER_SECOND == seconds
                whole_us += int(talk_us.sum(where=calls & whole))  # whole microseconds: exact
                finer.extend(seconds[calls & ~whole].tolist())
            # Finer than a microsecond (rare): each duration as the decimal it was written as, summed exactly
            # (12.0000001 + 192 is 204.0000001, not the float sum's 204.00000009999999).
            exact = (Fraction(Decimal(repr(s))) for s in finer)
            return Fraction(whole_us, US_PER_SECOND) + sum(exact, Fraction(0))

        return self._cached(("talk",), make)

    def agents_per_period(self) -> list[int]:
        """Distinct non-empty agents among each period's records."""

        def make() -> list[int]:
            bounds = np.append(self.period_first, self.records)
            counts = []
            for first, last in zip(bounds[:-1], bounds[1:], strict=True):
                codes = self.agent[first:last]
                counts.append(len(np.unique(codes[codes >= 0])))
            return counts

        return self._cached(("agents",), make)

    def peak_concurrent_per_period(self) -> list[int]:
        """Highest number of answered voice records, not internal, in progress at one instant of each month.

        A record occupies ``[start, start + duration)``; a call still running when a
        month begins counts in that month too.
        """
        return self._cached(("peak",), self._peak_concurrent)

    def _peak_concurrent(self) -> list[int]:
        occupied_us = self.occupied_us()
        calls = self.answered & (self.channel == VOICE) & (self.direction != INTERNAL) & (occupied_us > 0)
        starts = self.start_us[calls]  # sorted: the log is
        ends = np.sort(starts + occupied_us[calls])
        month_starts = month_starts_us(self.periods)
        in_progress = calls_in_progress(starts, ends, starts)  # the peak is reached at some call's start
        period = np.searchsorted(month_starts, starts, side="right") - 1
        peaks = calls_in_progress(starts, ends, month_starts)  # calls still running as each month begins
        if len(starts):
            np.maximum.at(peaks, period, in_progress)
        return [int(p) for p in peaks]

    def month_sums(self, values: np.ndarray) -> list[int]:
        """Exact integer sum of `values` (sorted order) in each period."""
        sums = [0] * len(self.periods)
        if self.records == 0:
            return sums
        present = np.flatnonzero(np.diff(np.append(self.period_first, self.records)) > 0)
        totals = np.add.reduceat(values, self.period_first[present])
        for index, total in zip(present, totals, strict=True):
            sums[index] = int(total)
        return sums


def month_starts_us(periods: list[Period]) -> np.ndarray:
    """First instant of each period's calendar month [us since 1970]."""
    months = np.array([p.label for p in periods], dtype="datetime64[M]")
    return months.astype("datetime64[us]").astype(np.int64)
