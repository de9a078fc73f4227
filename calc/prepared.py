"""A call log prepared once for pricing: sorted by start, cut into months, built in blocks.

`prepare` turns a normalized `CallLog` into a `PreparedLog` (`calc.prepared_log`);
`prepare_columns` does the same from the records' numpy columns (`calc.parquet_log`
reads a Parquet log straight into them). The columns are built block by block
(`BLOCK_RECORDS` records at once), so no log-length temporary is made. The names
of `calc.prepared_log` are importable from here too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from calc.periods import TIMELESS_LABEL, Period, periods_from_dates
from calc.prepared_log import (
    BLOCK_RECORDS,
    US_PER_DAY,
    US_PER_SECOND,
    PreparedLog,
    billed_seconds,
    calls_in_progress,
    month_starts_us,
)
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
        period_first = np.searchsorted(start_us, month_starts_us(periods), side="left")
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
