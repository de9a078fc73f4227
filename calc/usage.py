"""Usage charges record by record: per_minute and per_event components (section 3 of the rules).

Money inside one tariff is an integer count of a small unit,
``1 / (60 * 10**S * Q)`` of the currency, where ``S`` is the largest number of
decimal places of any money value in the tariff (at least ``decimals``) and
``Q`` makes every included-minute and tier bound a whole number of time steps.
Then ``billed_seconds * rate / 60`` is an exact integer product and a month's
usage an exact integer sum. Every rule works on whole columns: segments as
array arithmetic, time bands from a minute-of-week lookup, rate decks by a
vectorized longest-prefix search (`calc.decks`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from calc.components import HourlyTeam, PerEvent, PerMinute
from calc.coverage import team_coverage
from calc.decks import DeckIndex
from calc.prepared import BLOCK_RECORDS, US_PER_SECOND, PreparedLog, billed_seconds
from calc.records import CHANNELS, DIRECTIONS
from calc.schedule import MINUTES_PER_DAY, moment_codes, parse_schedule
from calc.tiers import graduated_cost, tier_bands, volume_rate

__all__ = [
    "BLOCK_RECORDS",
    "Units",
    "Usage",
    "team_candidates",
    "covered_records",
    "price_per_minute",
    "price_per_event",
]

_SAFE_INT = 2**62


class Units:
    """The exact integer money unit of one tariff: ``1 / (60 * 10**scale * time_steps)`` of its currency.

    Parameters
    ----------
    components : list
        The tariff's components (their included minutes and tier bounds set `time_steps`).
    scale : int
        Decimal places that hold every money value of the tariff exactly (`calc.tariff.money_scale`).
    """

    def __init__(self, components: list, scale: int) -> None:
        self.scale = scale
        steps = [
            bound.denominator
            for c in components
            if isinstance(c, PerMinute) and c.has_volume_pricing
            for bound in c.minute_boundaries()
        ]
        self.time_steps = math.lcm(1, *steps)  # time steps per second
        self.per_currency = 60 * 10**self.scale * self.time_steps

    def money(self, amount: Decimal) -> int:
        """An amount in units (exact: the scale covers every money value)."""
        return int(Decimal(amount).scaleb(self.scale)) * 60 * self.time_steps

    def per_time_step(self, rate_per_minute: Decimal) -> int:
        """A rate per minute in units per time step (exact: the scale covers every money value)."""
        return int(Decimal(rate_per_minute).scaleb(self.scale))

    def per_second(self, rate_per_minute: Decimal) -> int:
        """A rate per minute in units per second."""
        return self.per_time_step(rate_per_minute) * self.time_steps

    def minor_unit(self, decimals: int) -> int:
        """Units in one minor unit of the invoice."""
        return self.per_currency // 10**decimals


@dataclass
class Usage:
    """Per-record usage of one tariff, filled component by component."""

    charges: np.ndarray | None  # None: per-record results not kept
    billed: np.ndarray | None
    component_months: dict[str, list[Fraction]]
    billed_total: int = 0
    charged_actual_us: int = 0
    overhead: Fraction = Fraction(0)
    unrated: int = 0


def _int_dtype(bound: int) -> type:
    """int64 when every sum fits, else exact Python integers (slow, never wrong)."""
    return np.int64 if bound < _SAFE_INT else object


def _where(mask: np.ndarray, value: int | np.ndarray, dtype: type) -> np.ndarray:
    """`value` (one, or one per record) where `mask`, else 0, in `dtype`.

    ``np.where(mask, value, 0)`` would first make a Python integer beyond int64 an int64
    and fail; here it stays an exact Python integer in an object array.
    """
    out = np.zeros(len(mask), dtype=dtype)
    out[mask] = value[mask] if isinstance(value, np.ndarray) else value
    return out


def round_records(charges: np.ndarray, minor: int, mode: str) -> np.ndarray:
    """Each charge rounded to a multiple of `minor`, in place (charges are >= 0)."""
    if mode == "up":
        charges += minor - 1
        charges //= minor
    elif mode == "half_up":
        charges *= 2
        charges += minor
        charges //= 2 * minor
    else:
        return charges
    charges *= minor
    return charges


def team_candidates(log: PreparedLog, team: HourlyTeam, holidays: np.ndarray | None = None) -> np.ndarray:
    """The records a covering team may take: answered voice calls, not internal, starting in its hours (section 5).

    Parameters
    ----------
    log : PreparedLog
    team : HourlyTeam
    holidays : numpy.ndarray of int64, optional
        The tariff's holidays [days since 1970-01-01].

    Returns
    -------
    numpy.ndarray of bool
        Per record (sorted order); all False for a log without timestamps.

    Examples
    --------
    >>> import pandas as pd
    >>> from calc import read_calls
    >>> from calc.prepared import prepare
    >>> starts = ["2026-01-05 08:59", "2026-01-05 09:00"]  # a Monday
    >>> log = prepare(read_calls(pd.DataFrame({"start": starts, "duration_s": [9, 9]})))
    >>> team = HourlyTeam(type="hourly_team", rate=20, agents=1, schedule=["mon-fri 09:00-18:00"])
    >>> team_candidates(log, team).tolist()
    [False, True]
    """
    if not log.has_time:
        return np.zeros(log.records, dtype=bool)
    candidates = log.answered & (log.channel == CHANNELS.index("voice"))
    candidates &= log.direction != DIRECTIONS.index("internal")
    if team.schedule is not None:
        candidates &= parse_schedule(team.schedule).covers(log.start_us, holidays)
    return candidates


def covered_records(log: PreparedLog, team: HourlyTeam | None, holidays: np.ndarray | None) -> np.ndarray | None:
    """Records the tariff's covering team handles itself (section 5), None without such a team."""
    if team is None or not log.has_time or log.records == 0:
        return None
    index = np.flatnonzero(team_candidates(log, team, holidays))
    covered = np.zeros(log.records, dtype=bool)
    covered[index] = team_coverage(log.start_us[index], log.occupied_us()[index], team.agents)
    return covered


def _usage_match(log: PreparedLog, c: PerMinute | PerEvent, covered: np.ndarray | None) -> np.ndarray:
    """Records a usage component charges: its channel and direction, less the team's calls (voice and any)."""
    match = log.matches(c.channel, c.direction)
    return match & ~covered if covered is not None and c.channel in ("voice", "any") else match


@dataclass
class _TimePrice:
    """What one per_minute component asks of each charged record before fees and caps."""

    billed: np.ndarray  # [s]
    time_charge: np.ndarray | int  # [units], per record; or one rate [units/s] for every billed second
    fee: int | np.ndarray  # connection fee [units], one or per record
    exact_cost: Fraction | None  # the same records at per-second billing [currency]; None: by share


def price_per_minute(
    log: PreparedLog,
    c: PerMinute,
    units: Units,
    covered: np.ndarray | None,
    usage: Usage,
    label: str,
    round_per_call: str,
    decimals: int,
    holidays: np.ndarray | None,
) -> None:
    """Add one per_minute component's charges to `usage` (section 3, steps 1-5, 3a-3c).

    The log is priced in blocks of `BLOCK_RECORDS` records (a month may span
    several blocks; graduated tiers carry each month's billed time from one block
    to the next), so the work stays in the processor's cache and reuses its
    buffers. Rate decks and volume tiers (which need a whole month's total first)
    are priced in one block.
    """
    dtype = charge_dtype(log, c, units)
    whole = c.destinations is not None or (c.tiers is not None and c.tier_mode == "volume")
    size = max(log.records, 1) if whole else BLOCK_RECORDS
    if dtype is object and usage.charges is not None:
        usage.charges = usage.charges.astype(object)
    month_charges = [0] * len(log.periods)
    carried = np.zeros(len(log.periods), dtype=dtype)  # each month's billed time steps in earlier blocks
    totals = _Totals()
    for first in range(0, log.records, size):
        part = log if size >= log.records else log.block(first, first + size)
        part_covered = None if covered is None else covered[first : first + size]
        charge, billed = _price_block(
            part, c, units, part_covered, usage, round_per_call, decimals, holidays, carried, totals
        )
        if usage.charges is not None:
            usage.charges[first : first + size] += charge
            usage.billed[first : first + size] += billed
        month_charges = [a + b for a, b in zip(month_charges, part.month_sums(charge), strict=True)]
    usage.component_months[label] = [Fraction(s, units.per_currency) for s in month_charges]
    usage.billed_total += totals.billed
    usage.charged_actual_us += totals.charged_us
    time_total = Fraction(totals.time_charge, units.per_currency)
    if totals.exact_cost is not None:
        usage.overhead += time_total - totals.exact_cost
    elif totals.billed:
        billed_us = totals.billed * US_PER_SECOND
        usage.overhead += time_total * Fraction(billed_us - totals.charged_us, billed_us)


@dataclass
class _Totals:
    """One component's sums over the blocks priced so far."""

    billed: int = 0  # [s]
    charged_us: int = 0  # talk time of the charged records [us]
    time_charge: int = 0  # [units]
    exact_cost: Fraction | None = Fraction(0)  # per-second billing at the same rates [currency]; None: by share


def _price_block(
    log: PreparedLog,
    c: PerMinute,
    units: Units,
    covered: np.ndarray | None,
    usage: Usage,
    round_per_call: str,
    decimals: int,
    holidays: np.ndarray | None,
    carried: np.ndarray,
    totals: _Totals,
) -> tuple[np.ndarray, np.ndarray]:
    """One block's charges [units] and billed seconds [s]; adds its sums to `totals`."""
    match = _usage_match(log, c, covered)
    charged = match & log.answered
    if c.grace_s:
        # The values as read on both sides: a duration equal to grace_s is not under it.
        charged &= ~(log.duration_s < float(c.grace_s))
    unanswered_paid = match & ~log.answered if c.bill_unanswered else None
    dtype = carried.dtype.type if carried.dtype != object else object
    if c.destinations is not None:
        wanted = charged if unanswered_paid is None else charged | unanswered_paid
        price, unrated = _deck_price(log, c, units, wanted, dtype)
        charged &= ~unrated
        if unanswered_paid is not None:
            unanswered_paid &= ~unrated
        usage.unrated += int(unrated.sum())
    elif c.segments is not None:
        price = segment_price(log.ceil_s, c, units, dtype)
    else:
        price = _rate_price(log, c, units, charged, dtype, holidays)
    billed = np.where(charged, price.billed, 0)
    if c.has_volume_pricing:
        time_charge = _volume_priced(log, c, units, billed.astype(dtype) * units.time_steps, dtype, carried)
    elif isinstance(price.time_charge, int):
        time_charge = billed.astype(dtype, copy=False) * price.time_charge  # billed is 0 where not charged
    else:
        time_charge = np.where(charged, price.time_charge, 0).astype(dtype, copy=False)
    time_total = int(time_charge.sum())
    charge = time_charge
    fee = price.fee
    if np.any(fee):
        np.add(charge, fee, out=charge, where=charged)
    minimum = units.money(c.min_charge)
    if minimum:
        charge = np.where(charged, np.maximum(charge, minimum), charge)
    if c.max_charge is not None:
        charge = np.where(charged, np.minimum(charge, units.money(c.max_charge)), charge)
    if unanswered_paid is not None and unanswered_paid.any() and np.any(fee):
        np.add(charge, fee, out=charge, where=unanswered_paid)
    if round_per_call != "none":
        charge = round_records(charge, units.minor_unit(decimals), round_per_call)
    totals.billed += int(billed.sum())
    totals.charged_us += int(log.duration_us.sum(where=charged))
    totals.time_charge += time_total
    if price.exact_cost is None or totals.exact_cost is None:
        totals.exact_cost = None
    else:
        totals.exact_cost += price.exact_cost
    return charge, billed


def charge_dtype(log: PreparedLog, c: PerMinute, units: Units) -> type:
    """int64 when every month's sum of this component's charges fits, else exact Python integers."""
    return _int_dtype(_charge_bound(log, c, units))


def _charge_bound(log: PreparedLog, c: PerMinute, units: Units) -> int:
    """An upper bound of any month's sum of this component's charges [units], to choose int64 or Python ints."""
    longest = log.longest_s()
    increments = [c.first_and_next] + [s.first_and_next for s in c.segments or []]
    if c.destinations is not None:
        increments += [_deck_tables(c, units).widest_increment]
    billed = longest + max(first + step for first, step in increments)
    billed += sum(s.up_to_s or 0 for s in c.segments or [])
    values = c.money_values()
    largest = max(values, default=Decimal(0))
    per_record = (billed * units.time_steps + 1) * units.per_time_step(largest)
    per_record += units.money(largest) * (len(c.segments or []) + 3)  # fees, floor and cap
    return (per_record + units.per_currency) * max(log.records, 1)


@dataclass(frozen=True)
class _DeckTables:
    """A deck's rows as arrays in one tariff's units, with a last row for records no row prices."""

    index: DeckIndex
    firsts: np.ndarray
    steps: np.ndarray
    rates: list[int]  # units per second
    fees: list[int]  # units
    widest_increment: tuple[int, int]


_DECK_TABLES: dict[tuple, tuple[list, _DeckTables]] = {}


def _deck_tables(c: PerMinute, units: Units) -> _DeckTables:
    """The deck of `c` in `units`, built once per deck and unit (kept for the last few decks priced)."""
    rows = c.destinations
    key = (id(rows), units.scale, units.time_steps, c.increment, c.connection_fee)
    cached = _DECK_TABLES.get(key)
    if cached is not None and cached[0] is rows:
        return cached[1]
    first_default, step_default = c.first_and_next
    increments = [
        tuple(map(int, r.increment.split("/"))) if r.increment else (first_default, step_default) for r in rows
    ]
    tables = _DeckTables(
        index=DeckIndex(rows),
        firsts=np.array([f for f, _ in increments] + [1], dtype=np.int64),
        steps=np.array([s for _, s in increments] + [1], dtype=np.int64),
        rates=[units.per_second(r.rate) for r in rows] + [0],
        fees=[units.money(r.connection_fee if r.connection_fee is not None else c.connection_fee) for r in rows] + [0],
        widest_increment=max(increments, key=sum),
    )
    if len(_DECK_TABLES) >= 8:
        _DECK_TABLES.pop(next(iter(_DECK_TABLES)))
    _DECK_TABLES[key] = (rows, tables)
    return tables


def _rate_price(
    log: PreparedLog, c: PerMinute, units: Units, charged: np.ndarray, dtype: type, holidays: np.ndarray | None
) -> _TimePrice:
    """Rate and increment, with time bands when set (3c): the first band covering the start prices the record."""
    first, step = c.first_and_next
    billed = log.billed(first, step)
    fee = units.money(c.connection_fee)
    if c.has_volume_pricing:
        return _TimePrice(billed, np.zeros(log.records, dtype=dtype), fee, None)
    if c.time_bands is None or not log.has_time:
        rate = units.per_second(c.rate)
        talk_us = int(log.duration_us.sum(where=charged))
        exact = Fraction(talk_us * rate, US_PER_SECOND * units.per_currency)
        return _TimePrice(billed, rate, fee, exact)  # one rate: charged once billed is known
    rates = [units.per_second(c.rate)] + [units.per_second(band.rate) for band in c.time_bands]
    by_moment = np.zeros(8 * 8 * MINUTES_PER_DAY, dtype=np.intp)  # which band prices a start at each moment
    for number in range(len(c.time_bands), 0, -1):  # the first band that covers wins: fill from the last
        by_moment[parse_schedule(c.time_bands[number - 1].when).table().ravel()] = number
    key = ("moments", None if holidays is None else holidays.tobytes())
    if key not in log._cache:
        log._cache[key] = moment_codes(log.start_us, holidays)
    band = by_moment[log._cache[key]]
    rate = np.asarray(rates, dtype=dtype)[band]
    return _TimePrice(billed, billed.astype(dtype) * rate, fee, _exact_cost(log, charged, band, rates, units))


def _exact_cost(log: PreparedLog, charged: np.ndarray, group: np.ndarray, rates: list[int], units: Units) -> Fraction:
    """The charged records at per-second billing, each at its group's rate [currency]."""
    talk_us = np.zeros(len(rates), dtype=np.int64)
    np.add.at(talk_us, group[charged], log.duration_us[charged])
    total = sum(int(us) * rate for us, rate in zip(talk_us, rates, strict=True))
    return Fraction(total, US_PER_SECOND * units.per_currency)


def segment_price(seconds: np.ndarray, c: PerMinute, units: Units, dtype: type) -> _TimePrice:
    """Segments inside a call (3a): each segment the call reaches bills its own part.

    `seconds` are the records' lengths rounded up to whole seconds [s].
    """
    billed = np.zeros(len(seconds), dtype=np.int64)
    time_charge = np.zeros(len(seconds), dtype=dtype)
    begin = 0
    for segment in c.segments:
        end = segment.up_to_s
        reached = seconds > begin
        if segment.fee is not None:
            billed += np.where(reached, end - begin, 0)
            time_charge += _where(reached, units.money(segment.fee), dtype)
        else:
            part = (seconds if end is None else np.minimum(seconds, end)) - begin
            first, step = segment.first_and_next
            part_billed = np.where(reached, billed_seconds(np.maximum(part, 1), first, step), 0)
            billed += part_billed
            time_charge += part_billed.astype(dtype) * units.per_second(segment.rate)
        begin = end if end is not None else begin
    return _TimePrice(billed, time_charge, units.money(c.connection_fee), None)


def _deck_price(
    log: PreparedLog, c: PerMinute, units: Units, wanted: np.ndarray, dtype: type
) -> tuple[_TimePrice, np.ndarray]:
    """Rate deck by destination (3b): the longest prefix in force prices the record; no row means unrated."""
    tables = _deck_tables(c, units)
    last = len(tables.rates) - 1  # the row of records no deck row prices
    row = np.full(log.records, last, dtype=np.int64)
    index = np.flatnonzero(wanted)
    if len(index):
        numbers = log.normalized_destinations(c.country_code, c.national_prefix)[index]
        days = log.start_days()
        found = tables.index.lookup(numbers, None if days is None else days[index])
        row[index] = np.where(found < 0, last, found)
    unrated = wanted & (row == last)
    billed = billed_seconds(log.ceil_s, tables.firsts[row], tables.steps[row])
    rate = np.asarray(tables.rates, dtype=dtype)[row]
    fee = np.asarray(tables.fees, dtype=dtype)[row]
    charged = wanted & ~unrated & log.answered
    exact = _exact_cost(log, charged, row, tables.rates, units)
    return _TimePrice(billed, billed.astype(dtype) * rate, fee, exact), unrated


def _volume_priced(
    log: PreparedLog, c: PerMinute, units: Units, steps: np.ndarray, dtype: object, carried: np.ndarray
) -> np.ndarray:
    """Time charge with included minutes and tiers, allotted to records in order of start.

    Each month's billed time accumulates record by record; a record pays what its
    slice of the month's cumulative time costs. Graduated pricing is a piecewise
    linear cost of cumulative time, ``F``, so a record pays ``F(end) - F(end - steps)``.
    `carried` holds each month's time steps in earlier blocks of the log; this
    block's are added to it.
    """
    counts = np.diff(np.append(log.period_first, log.records))
    end = np.cumsum(steps)
    end -= np.repeat(np.concatenate(([0], end))[log.period_first], counts)
    end += np.repeat(carried, counts)
    carried += np.asarray(log.month_sums(steps), dtype=carried.dtype)
    included, lows, rates = tier_bands(c, units)
    if c.tiers is not None and c.tier_mode == "volume":
        # volume tiers are priced in one block: `carried` holds the months' totals
        rate = np.repeat(np.asarray([volume_rate(total, included, lows, rates) for total in carried], dtype), counts)
        return np.maximum(end - np.maximum(end - steps, included), 0) * rate
    cost_to = graduated_cost(lows, rates, dtype)
    return cost_to(end) - cost_to(end - steps)


def price_per_event(
    log: PreparedLog, c: PerEvent, units: Units, covered: np.ndarray | None, usage: Usage, label: str
) -> None:
    """Add one per_event component's charges to `usage`: a flat fee per matching record, never rounded."""
    match = _usage_match(log, c, covered)
    if not c.bill_unanswered:
        match = match & log.answered
    if c.only_resolved:
        match = match & log.resolved
    fee = units.money(c.fee)
    dtype = _int_dtype(fee * max(log.records, 1))
    charge = _where(match, fee, dtype)
    if usage.charges is not None:
        usage.charges = usage.charges + charge
    usage.component_months[label] = [Fraction(s, units.per_currency) for s in log.month_sums(charge)]
