"""Per-minute components of a log read in pieces, priced once from counts by month and length.

When a log is priced piece by piece (`calc.parquet_log.compare_parquet`), the
per_minute components whose charge depends on a record's length alone
(`calc.lengths.priced_by_length`) need of each piece only its charged records
counted by month and length. `LengthTally` adds those integer counts up over the
pieces (exactly, in any order; a month cut between pieces adds up like any
other) and, once the log is read, prices each such component once from the
totals with `calc.lengths.price_counts`, as the in-memory engine does for
``compare(..., records=False)``. Memory stays one piece plus the counts; the
time per piece is the counting. The other components keep the partials path
(`calc.partials`, told to leave these out).

Lengths up to `DENSE_SECONDS` are counted in arrays; longer calls (rare, and up to
`calc.records.MAX_DURATION_S` long) are kept as their lengths, so an outlier
costs no array as long as itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from calc.components import PerMinute
from calc.lengths import LengthCounts, charged_lengths, price_counts, priced_by_length
from calc.partials import LogPartial, MonthFacts
from calc.prepared import PreparedLog
from calc.tariff import Tariff, money_scale
from calc.usage import Units, Usage, charge_dtype

__all__ = ["DENSE_SECONDS", "LengthTally"]

#: Longest call counted in an array [s]; longer ones are kept one by one (a day: calls are minutes long).
DENSE_SECONDS = 86_400


@dataclass
class _Counts:
    """The records one choice of channel, direction and grace charges, counted so far (per month label)."""

    dense: dict[str, np.ndarray] = field(default_factory=dict)  # counts by length, up to DENSE_SECONDS
    long: dict[str, list[np.ndarray]] = field(default_factory=dict)  # lengths above DENSE_SECONDS [s]
    unanswered: dict[str, int] = field(default_factory=dict)
    charged_us: int = 0

    def add(self, month: str, lengths: np.ndarray, unanswered: int, charged_us: int) -> None:
        short = lengths[lengths <= DENSE_SECONDS]
        found = np.bincount(short)
        row = self.dense.get(month, np.zeros(0, dtype=np.int64))
        if len(found) > len(row):
            row = np.concatenate((row, np.zeros(len(found) - len(row), dtype=np.int64)))
        row[: len(found)] += found
        self.dense[month] = row
        if len(short) < len(lengths):
            self.long.setdefault(month, []).append(lengths[lengths > DENSE_SECONDS])
        self.unanswered[month] = self.unanswered.get(month, 0) + unanswered
        self.charged_us += charged_us

    def of_months(self, months: list[str]) -> LengthCounts:
        """The counts as one row per month of `months`, a column per length that occurs."""
        width = max((len(row) for row in self.dense.values()), default=0)
        dense = np.zeros((len(months), width), dtype=np.int64)
        for index, month in enumerate(months):
            row = self.dense.get(month)
            if row is not None:
                dense[index, : len(row)] = row
        used = np.flatnonzero(dense.any(axis=0))
        long = [np.concatenate(self.long[month]) if month in self.long else np.zeros(0, np.int64) for month in months]
        long_seconds = _distinct(np.concatenate(long)) if long else np.zeros(0, dtype=np.int64)
        long_counts = np.zeros((len(months), len(long_seconds)), dtype=np.int64)
        for index, lengths in enumerate(long):
            np.add.at(long_counts[index], np.searchsorted(long_seconds, lengths), 1)
        return LengthCounts(
            counts=np.concatenate((dense[:, used], long_counts), axis=1),
            unanswered=[self.unanswered.get(month, 0) for month in months],
            charged_us=self.charged_us,
            seconds=np.concatenate((used, long_seconds)).astype(np.int64),
        )


@dataclass(frozen=True)
class _Extent:
    """How many records and how long the longest: what `calc.usage.charge_dtype` asks of a log."""

    records: int
    longest: int

    def longest_s(self) -> int:
        return self.longest


class LengthTally:
    r"""The per_minute components of some tariffs that price by length, counted over a log's pieces.

    Parameters
    ----------
    tariffs : list of Tariff
        Without rate decks or covering teams (`calc.parquet_log` prices those otherwise).
    has_time : bool
        Whether the log's records carry start times.

    Attributes
    ----------
    left_out : list of set of str
        Per tariff: the labels of the components priced here (for `calc.partials.partial_of`).

    Examples
    --------
    >>> import numpy as np
    >>> from calc.prepared import prepare_columns
    >>> from calc.tariff import parse_tariffs
    >>> [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.06, connection_fee: 0.01}]")
    >>> tally = LengthTally([tariff], has_time=False)
    >>> for seconds in ([61.0, 30.0], [30.0]):
    ...     codes, yes = np.zeros(len(seconds), np.int8), np.ones(len(seconds), bool)
    ...     tally.add(prepare_columns(None, start_us=None, duration_s=np.array(seconds), channel=codes,
    ...                               direction=codes, answered=yes, resolved=~yes, rejected_rows=0))
    >>> usage = tally.usage(["all"], 0)  # 60/60: 2 + 1 + 1 minutes at 0.06, three fees of 0.01
    >>> [str(month) for month in usage.component_months["per_minute"]], usage.billed_total
    (['27/100'], 240)
    """

    def __init__(self, tariffs: list[Tariff], has_time: bool) -> None:
        self._tariffs = tariffs
        self.left_out: list[set[str]] = []
        self._priced: list[list[tuple[str, PerMinute, Units]]] = []
        self._counts: dict[tuple, tuple[PerMinute, _Counts]] = {}  # the first component of each choice of records
        for tariff in tariffs:
            units = Units(tariff.components, money_scale(tariff))
            priced = [
                (label, c, units)
                for label, c in zip(tariff.labels, tariff.components, strict=True)
                if isinstance(c, PerMinute) and priced_by_length(c, units, tariff.round_per_call, has_time)
            ]
            self._priced.append(priced)
            self.left_out.append({label for label, _, _ in priced})
            for _, c, _ in priced:
                self._counts.setdefault(_key(c), (c, _Counts()))
        self._records = 0
        self._longest = 0

    def add(self, piece: PreparedLog) -> None:
        """Count the charged records of one piece of the log (any piece, in any order)."""
        if not self._counts or not piece.records:
            return
        self._records += piece.records
        self._longest = max(self._longest, piece.longest_s())
        bounds = np.append(piece.period_first, piece.records).tolist()
        for index, period in enumerate(piece.periods):
            month = piece.block(bounds[index], bounds[index + 1])
            for c, counts in self._counts.values():
                counts.add(period.label, *charged_lengths(month, c, None))

    def usage(self, months: list[str], number: int) -> Usage:
        """What the counted components of the tariff at position `number` add to its usage, per month of `months`."""
        tariff = self._tariffs[number]
        usage = Usage(charges=None, billed=None, component_months={})
        extent = _Extent(self._records, self._longest)
        for label, c, units in self._priced[number]:
            lengths = self._counts[_key(c)][1].of_months(months)
            dtype = charge_dtype(extent, c, units)
            price_counts(lengths, c, units, dtype, usage, label, tariff.round_per_call, tariff.decimals)
        return usage

    def price_into(self, partial: LogPartial) -> None:
        """Put the counted components' months, billed time and overhead into the log's combined `partial`."""
        months = [period.label for period in MonthFacts.of(partial).periods]
        for number, tariff_partial in enumerate(partial.tariffs):
            if not self._priced[number]:
                continue
            usage = self.usage(months, number)
            for label, values in usage.component_months.items():
                tariff_partial.usage_months[label] = dict(zip(months, values, strict=True))
            tariff_partial.billed_seconds += usage.billed_total
            tariff_partial.charged_actual_us += usage.charged_actual_us
            tariff_partial.overhead += usage.overhead


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (`numpy.unique` would import ``numpy.ma``, longer than a piece takes)."""
    ordered = np.sort(values)
    return ordered[np.append(True, ordered[1:] != ordered[:-1])] if len(ordered) else ordered


def _key(c: PerMinute) -> tuple:
    """What chooses the records a per_minute component charges (without a covering team)."""
    return (c.channel, c.direction, c.grace_s)
