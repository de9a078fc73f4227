"""A call log prepared once for pricing: numpy columns sorted by start, months and counts.

`prepare` turns a normalized `CallLog` into a `PreparedLog`; `calc.rating`
prices it under any number of tariffs. What several tariffs ask of the log
(billed seconds under an increment, matching records, normalized dialled
numbers, distinct agents and peak concurrency per month) is worked out once
and cached on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from calc.decks import normalize_destinations
from calc.periods import TIMELESS_LABEL, Period, periods_from_dates
from calc.records import CHANNELS, DIRECTIONS, CallLog

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BLOCK_RECORDS",
    "PreparedLog",
    "prepare",
    "prepare_columns",
    "billed_seconds",
    "calls_in_progress",
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
        month_starts = _month_starts_us(self.periods)
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


def _month_starts_us(periods: list[Period]) -> np.ndarray:
    """First instant of each period's calendar month [us since 1970]."""
    months = np.array([p.label for p in periods], dtype="datetime64[M]")
    return months.astype("datetime64[us]").astype(np.int64)


def prepare(log: CallLog) -> PreparedLog:
    """Sort a normalized log by start and work out its months, once for all tariffs.

    Parameters
    ----------
    log : CallLog

    Returns
    -------
    PreparedLog

    Examples
    --------
    >>> import pandas as pd
    >>> from calc import read_calls
    >>> prepared = prepare(read_calls(pd.DataFrame({"duration_s": ["12.0000001", "12"]})))
    >>> prepared.ceil_s.tolist()  # durations are exact as written: more than 12 s bills 13
    [13, 12]
    """
    records = log.records
    count = len(records)
    if "resolved" in records.columns:
        resolved = records["resolved"].to_numpy(dtype=bool)
    else:
        resolved = np.zeros(count, dtype=bool)
    return prepare_columns(
        log,
        start_us=records["start"].to_numpy(dtype="datetime64[us]").view(np.int64) if log.has_time else None,
        duration_s=records["duration_s"].to_numpy(dtype=np.float64),
        channel=_codes(records["channel"], CHANNELS),
        direction=_codes(records["direction"], DIRECTIONS),
        answered=records["answered"].to_numpy(dtype=bool),
        resolved=resolved,
    )


def prepare_columns(
    call_log: CallLog | Callable[[], CallLog],
    *,
    start_us: np.ndarray | None,
    duration_s: np.ndarray,
    channel: np.ndarray,
    direction: np.ndarray,
    answered: np.ndarray,
    resolved: np.ndarray,
    rejected_rows: int | None = None,
) -> PreparedLog:
    """`prepare` from the records' columns, in the log's order: sorted by start, with the months.

    Parameters
    ----------
    call_log : CallLog or callable
        The log the columns are from, or a function that makes it (see `PreparedLog`).
    start_us : numpy.ndarray of int64 or None
        Starts [us since 1970]; None for a log without timestamps.
    duration_s : numpy.ndarray of float64
        Lengths as read [s].
    channel, direction : numpy.ndarray of int8
        Codes into `calc.calls.CHANNELS` and `calc.calls.DIRECTIONS`.
    answered, resolved : numpy.ndarray of bool
    rejected_rows : int, optional
        Refused rows, when `call_log` is a function.

    Returns
    -------
    PreparedLog
        Its columns are the arrays given when they are already in order by start.

    Examples
    --------
    >>> starts = np.array(["2026-02-01T09:00", "2026-01-31T23:59"], dtype="datetime64[us]").view(np.int64)
    >>> codes, yes = np.zeros(2, dtype=np.int8), np.ones(2, dtype=bool)
    >>> log = prepare_columns(
    ...     None, start_us=starts, duration_s=np.array([61.5, 30.0]), channel=codes, direction=codes,
    ...     answered=yes, resolved=~yes, rejected_rows=0,
    ... )
    >>> log.order.tolist(), log.ceil_s.tolist(), [p.label for p in log.periods], log.period_first.tolist()
    ([1, 0], [30, 62], ['2026-01', '2026-02'], [0, 1])
    """
    count = len(duration_s)
    has_time = start_us is not None and count > 0
    if has_time:
        in_order = _sorted(start_us)  # most exports are: no sort, no copies
        order = _positions(count) if in_order else np.argsort(start_us, kind="stable")
        start_us = start_us if in_order else start_us[order]
    else:
        in_order = True
        order = _positions(count)
        start_us = np.zeros(count, dtype=np.int64)

    def column(values: np.ndarray) -> np.ndarray:
        return values if in_order else values[order]

    duration_s = column(duration_s)
    duration_us, ceil_s = _whole_units(duration_s)
    if has_time:
        days = (start_us[0] // US_PER_DAY, start_us[-1] // US_PER_DAY)
        periods = periods_from_dates(np.datetime64(int(days[0]), "D"), np.datetime64(int(days[1]), "D"))
        # Records are sorted by start: each month's first record is where its first instant would go.
        period_first = np.searchsorted(start_us, _month_starts_us(periods), side="left")
    else:
        # No record means no covered day: nothing to bill.
        periods = [Period(TIMELESS_LABEL, 1, 1, (0,) * 7)] if count else []
        period_first = np.zeros(len(periods), dtype=np.int64)
    return PreparedLog(
        call_log=call_log,
        order=order,
        start_us=start_us,
        duration_us=duration_us,
        ceil_s=ceil_s,
        duration_s=duration_s,
        channel=column(channel),
        direction=column(direction),
        answered=column(answered),
        resolved=column(resolved),
        periods=periods,
        period_first=period_first.astype(np.int64),
        has_time=has_time,
        rejected_rows=rejected_rows,
    )


def _sorted(start_us: np.ndarray) -> bool:
    """Whether starts never go down, checked in blocks (no log-length comparison array)."""
    last = len(start_us) - 1  # each start is compared with the next one
    return all(
        bool(np.all(start_us[first + 1 : stop + 1] >= start_us[first:stop]))
        for first, stop in ((first, min(first + BLOCK_RECORDS, last)) for first in range(0, last, BLOCK_RECORDS))
    )


def _positions(count: int) -> np.ndarray:
    """``0 .. count - 1``: int32 when that holds them (half the memory of a log-length int64 column)."""
    return np.arange(count, dtype=np.int32 if count < 2**31 else np.int64)


def _whole_units(duration_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each length to the nearest microsecond [us], and rounded up to whole seconds [s].

    In blocks, straight into the two int64 columns: no log-length float temporary.
    Whole seconds come from the value read, not the rounded microseconds:
    12.0000001 s is more than 12 s.
    """
    duration_us = np.empty(len(duration_s), dtype=np.int64)
    ceil_s = np.empty(len(duration_s), dtype=np.int64)
    scaled = np.empty(min(len(duration_s), BLOCK_RECORDS), dtype=np.float64)
    for first in range(0, len(duration_s), BLOCK_RECORDS):
        part = slice(first, first + BLOCK_RECORDS)
        seconds = duration_s[part]
        block = np.multiply(seconds, US_PER_SECOND, out=scaled[: len(seconds)])
        np.rint(block, out=duration_us[part], casting="unsafe")
        np.ceil(seconds, out=ceil_s[part], casting="unsafe")
    return duration_us, ceil_s


def _codes(column: pd.Series, values: tuple[str, ...]) -> np.ndarray:
    """Positions in `values` of a text column's values, int8 (-1 for any other); categories are mapped once."""
    import pandas as pd  # the log's records are pandas already

    if isinstance(column.dtype, pd.CategoricalDtype):
        where = np.array([values.index(v) if v in values else -1 for v in column.cat.categories] + [-1], np.int8)
        return where[column.cat.codes.to_numpy()]  # a missing value's code -1 takes the last entry, -1
    return pd.Categorical(column, categories=values).codes.astype(np.int8)
