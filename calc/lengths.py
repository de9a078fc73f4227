"""Per-minute charges from counts of calls by month and length, when only the months are asked for.

Under one rate (no time bands, no rate deck) or segments, what a per_minute
component charges a record depends on nothing but its length in whole seconds.
A month's usage is then the sum, over the lengths, of the number of calls of
that length times the charge of one such call: the log is read once to count
its charged calls by month and length (shared by every tariff that charges the
same records), and each tariff prices a few thousand lengths instead of every
record. Included minutes and graduated tiers ask only for each month's total
billed time: a record pays ``F(end) - F(end - steps)`` of the month's
cumulative time, and those slices add up to ``F(total)``.

The record-by-record pricing of `calc.usage` stays the reference: it is used
whenever records are kept, and the two are checked equal on random logs and
tariffs (``tests/calc/test_lengths.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from calc.components import PerMinute
from calc.prepared import BLOCK_RECORDS, US_PER_SECOND, PreparedLog, billed_seconds
from calc.tiers import graduated_cost, tier_bands, volume_rate
from calc.usage import Units, Usage, charge_dtype, round_records, segment_price

__all__ = ["LengthCounts", "charged_lengths", "count_lengths", "priced_by_length", "price_by_length", "price_counts"]

_MAX_CELLS = 2**20  # months x lengths counted at most, when the log is small (else four per record)


@dataclass(frozen=True)
class LengthCounts:
    """A component's charged records counted by month and length.

    Attributes
    ----------
    counts : numpy.ndarray of int64, shape (months, lengths)
        Charged records of each month by length rounded up to whole seconds.
    unanswered : list of int
        Unanswered records it matches in each month (they pay the connection fee when billed).
    charged_us : int
        Talk time of the charged records [us].
    seconds : numpy.ndarray of int64, optional
        The length of each column of `counts` [s] (default: 0, 1, 2, ...).
    """

    counts: np.ndarray
    unanswered: list[int]
    charged_us: int
    seconds: np.ndarray | None = None


def charged_lengths(part: PreparedLog, c: PerMinute, covered: np.ndarray | None) -> tuple[np.ndarray, int, int]:
    """The lengths [s] of the records of `part` that `c` charges, the unanswered ones it matches, the talk time [us].

    `covered` (the records a covering team handles, or None) is left out of what
    `c` charges whatever its channel: the caller passes it only for voice and any.
    """
    match = part.matches(c.channel, c.direction)
    if covered is not None:
        match = match & ~covered
    charged = match & part.answered
    unanswered = int(np.count_nonzero(match)) - int(np.count_nonzero(charged))
    if c.grace_s:
        # The values as read on both sides: a duration equal to grace_s is not under it.
        charged &= ~(part.duration_s < float(c.grace_s))
    return part.ceil_s[charged], unanswered, int(part.duration_us.sum(where=charged))


def count_lengths(log: PreparedLog, c: PerMinute, covered: np.ndarray | None) -> LengthCounts:
    """Count the records `c` charges by month and length, in blocks (cached on the log when no team covers).

    Parameters
    ----------
    log : PreparedLog
    c : PerMinute
        Its channel, direction and ``grace_s`` choose the charged records.
    covered : numpy.ndarray of bool or None
        Records a covering team handles (never charged for voice or any channel).

    Returns
    -------
    LengthCounts
    """
    key = ("lengths", c.channel, c.direction, c.grace_s)
    if covered is None and key in log._cache:
        return log._cache[key]
    months = len(log.periods)
    counts = np.zeros((months, log.longest_s() + 1), dtype=np.int64)
    unanswered = [0] * months
    charged_us = 0
    bounds = np.append(log.period_first, log.records).tolist()
    without_team = covered is not None and c.channel in ("voice", "any")
    for month in range(months):
        for first in range(bounds[month], bounds[month + 1], BLOCK_RECORDS):
            stop = min(first + BLOCK_RECORDS, bounds[month + 1])
            part = log.block(first, stop)
            lengths, missed, talk_us = charged_lengths(part, c, covered[first:stop] if without_team else None)
            found = np.bincount(lengths)  # as long as the block's longest call: an outlier costs one block
            counts[month, : len(found)] += found
            unanswered[month] += missed
            charged_us += talk_us
    result = LengthCounts(counts=counts, unanswered=unanswered, charged_us=charged_us)
    if covered is None:
        log._cache[key] = result
    return result


def priced_by_length(c: PerMinute, units: Units, round_per_call: str, has_time: bool) -> bool:
    """Whether a record's charge under `c` is a function of its length alone, or the months need only totals.

    Parameters
    ----------
    c : PerMinute
    units : Units
        The tariff's.
    round_per_call : str
        The tariff's rounding of each call's charge.
    has_time : bool
        Whether the log's records carry start times (time bands then price by the hour).

    Returns
    -------
    bool
    """
    if c.destinations is not None:
        return False
    if c.has_volume_pricing:  # the months' totals price the time; nothing may act on a record's charge
        return round_per_call == "none" and not units.money(c.min_charge) and c.max_charge is None
    return c.time_bands is None or not has_time


def _by_length_applies(log: PreparedLog, c: PerMinute, units: Units, round_per_call: str) -> bool:
    """`priced_by_length`, and few enough months x lengths to count."""
    if not priced_by_length(c, units, round_per_call, log.has_time):
        return False
    return (log.longest_s() + 1) * len(log.periods) <= max(4 * log.records, _MAX_CELLS)


def price_by_length(
    log: PreparedLog,
    c: PerMinute,
    units: Units,
    covered: np.ndarray | None,
    usage: Usage,
    label: str,
    round_per_call: str,
    decimals: int,
) -> bool:
    """Add one per_minute component's months to `usage` from counts by length; False when that does not apply.

    It applies when no record's charge is kept (``usage.charges`` is None) and
    the charge depends on the length alone (see the module's notes); the sums
    are the same exact integers `calc.usage.price_per_minute` adds record by record.
    """
    if usage.charges is not None or not _by_length_applies(log, c, units, round_per_call):
        return False
    lengths = count_lengths(log, c, covered)
    price_counts(lengths, c, units, charge_dtype(log, c, units), usage, label, round_per_call, decimals)
    return True


def price_counts(
    lengths: LengthCounts,
    c: PerMinute,
    units: Units,
    dtype: type,
    usage: Usage,
    label: str,
    round_per_call: str,
    decimals: int,
) -> None:
    """Add one per_minute component's months to `usage` from its charged records counted by month and length.

    Parameters
    ----------
    lengths : LengthCounts
        One row per period of the log.
    c : PerMinute
        Priced by length (`priced_by_length`).
    units : Units
    dtype : type
        np.int64 or object (Python integers): from `calc.usage.charge_dtype` of the whole log.
    usage : Usage
        Gets ``component_months[label]``, billed seconds, charged talk time and rounding overhead.
    label : str
    round_per_call : str
    decimals : int
        The tariff's.
    """
    seconds = lengths.seconds
    if seconds is None:
        seconds = np.arange(lengths.counts.shape[1], dtype=np.int64)
    exact_cost = None
    if c.segments is not None:
        price = segment_price(seconds, c, units, dtype)
        billed, time_charge = price.billed, price.time_charge
    else:
        billed = billed_seconds(seconds, *c.first_and_next)
        rate = units.per_second(c.rate or 0)
        time_charge = billed.astype(dtype) * rate
        exact_cost = Fraction(lengths.charged_us * rate, US_PER_SECOND * units.per_currency)
    fee = units.money(c.connection_fee)
    month_billed = [int(row @ billed) for row in lengths.counts]
    charged = [int(row.sum()) for row in lengths.counts]
    unanswered_fee = fee if c.bill_unanswered else 0
    if c.has_volume_pricing:
        time_months = _volume_months(c, units, month_billed, dtype)
        month_charges = [
            time + fee * calls + unanswered_fee * missed
            for time, calls, missed in zip(time_months, charged, lengths.unanswered, strict=True)
        ]
        exact_cost = None
    else:
        time_months = [_dot(row, time_charge) for row in lengths.counts]
        charge = _one_call_charges(c, units, time_charge + fee, round_per_call, decimals)
        if unanswered_fee:  # an unanswered call pays the fee alone, rounded like any call
            one_fee = np.array([fee], dtype=dtype)
            unanswered_fee = int(round_records(one_fee, units.minor_unit(decimals), round_per_call)[0])
        month_charges = [
            _dot(row, charge) + unanswered_fee * missed
            for row, missed in zip(lengths.counts, lengths.unanswered, strict=True)
        ]
    usage.component_months[label] = [Fraction(s, units.per_currency) for s in month_charges]
    billed_total = sum(month_billed)
    usage.billed_total += billed_total
    usage.charged_actual_us += lengths.charged_us
    time_total = Fraction(sum(time_months), units.per_currency)
    if exact_cost is not None:
        usage.overhead += time_total - exact_cost
    elif billed_total:
        billed_us = billed_total * US_PER_SECOND
        usage.overhead += time_total * Fraction(billed_us - lengths.charged_us, billed_us)


def _dot(counts: np.ndarray, values: np.ndarray) -> int:
    """Exact ``sum(counts * values)``: int64 when the component's bound allows, else Python integers."""
    if values.dtype == object:
        return int(counts.astype(object) @ values)
    return int(counts @ values)


def _one_call_charges(c: PerMinute, units: Units, charge: np.ndarray, round_per_call: str, decimals: int) -> np.ndarray:
    """What one charged call of each length pays: fee included, then floor, cap and rounding per call [units]."""
    minimum = units.money(c.min_charge)
    if minimum:
        charge = np.maximum(charge, minimum)
    if c.max_charge is not None:
        charge = np.minimum(charge, units.money(c.max_charge))
    if round_per_call != "none":
        charge = round_records(charge, units.minor_unit(decimals), round_per_call)
    return charge


def _volume_months(c: PerMinute, units: Units, month_billed: list[int], dtype: type) -> list[int]:
    """Each month's time charge under included minutes and tiers, from its billed seconds [units]."""
    included, lows, rates = tier_bands(c, units)
    steps = [billed * units.time_steps for billed in month_billed]
    if c.tiers is not None and c.tier_mode == "volume":
        return [max(total - included, 0) * volume_rate(total, included, lows, rates) for total in steps]
    cost_to = graduated_cost(lows, rates, dtype)
    totals = np.asarray(steps, dtype=dtype)
    return [int(cost) for cost in cost_to(totals) - cost_to(np.zeros_like(totals))]
