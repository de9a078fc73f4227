"""Pricing a call log under tariffs, exactly and on whole columns.

The log is prepared once (`PreparedLog`: numpy columns sorted by start, months,
covered days) and priced under any number of tariffs (`price`, `compare`).

Money inside one tariff is an integer count of a small unit,
``1 / (60 * 10**S * Q)`` of the currency, where ``S`` is the largest number of
decimal places of any money value in the tariff (at least ``decimals``) and
``Q`` makes every included-minute and tier bound a whole number of time steps.
Then ``billed_seconds * rate / 60`` is an exact integer product and a month's
usage an exact integer sum. Fixed costs and proration use `fractions.Fraction`
once per month; each month is rounded half-up to the invoice's decimals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from calc.calls import CHANNELS, DIRECTIONS, CallLog
from calc.coverage import team_coverage
from calc.errors import InputError
from calc.money import round_half_up
from calc.periods import TIMELESS_LABEL, Period, periods_from_dates
from calc.schedule import MINUTES_PER_DAY, parse_schedule, staffed_minutes_by_weekday
from calc.tariff import (
    HourlyTeam,
    MinimumSpend,
    MonthlyFee,
    PerEvent,
    PerMinute,
    PerSeat,
    Tariff,
    check_unique_names,
    money_scale,
)

__all__ = [
    "PreparedLog",
    "TariffResult",
    "Comparison",
    "prepare",
    "price",
    "compare",
    "billed_seconds",
    "team_candidates",
]

_US = 1_000_000
_SAFE_INT = 2**62


def billed_seconds(ceil_s: np.ndarray, first: int, step: int) -> np.ndarray:
    """Billed seconds for whole-second durations under increment ``first/step``.

    Parameters
    ----------
    ceil_s : numpy.ndarray of int64
        Durations rounded up to whole seconds [s].
    first, step : int
        The first block and the following steps [s].

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
    if step == 1:
        billed = np.maximum(ceil_s, first)
    else:
        billed = ceil_s - first
        np.maximum(billed, 0, out=billed)
        billed += step - 1
        billed //= step
        billed *= step
        billed += first
    billed[ceil_s == 0] = 0
    return billed


@dataclass(frozen=True, eq=False)
class PreparedLog:
    """A call log as numpy columns sorted by start, ready for any number of tariffs.

    Attributes
    ----------
    log : CallLog
        The normalized log it was made from.
    order : numpy.ndarray
        Position in ``log.records`` of each sorted record.
    start_us, duration_us, ceil_s : numpy.ndarray of int64
        Start [us since 1970, 0 without timestamps], length [us], length rounded up [s].
    channel, direction : numpy.ndarray of int8
        Codes into `calc.calls.CHANNELS` and `calc.calls.DIRECTIONS`.
    answered : numpy.ndarray of bool
    agent : numpy.ndarray of int64
        Agent code, -1 when empty.
    periods : list of Period
    record_period : numpy.ndarray of int64
        Index into `periods` of each record.
    period_first : numpy.ndarray of int64
        First record index of each period (records of a period are contiguous).
    """

    log: CallLog
    order: np.ndarray
    start_us: np.ndarray
    duration_us: np.ndarray
    ceil_s: np.ndarray
    channel: np.ndarray
    direction: np.ndarray
    answered: np.ndarray
    agent: np.ndarray
    periods: list[Period]
    record_period: np.ndarray
    period_first: np.ndarray
    has_time: bool
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def records(self) -> int:
        """Number of priced records."""
        return len(self.order)

    @property
    def rejected(self) -> int:
        """Number of refused rows."""
        return len(self.log.rejected)

    def billed(self, first: int, step: int) -> np.ndarray:
        """Billed seconds of every record under an increment (cached per log)."""
        key = ("billed", first, step)
        if key not in self._cache:
            self._cache[key] = billed_seconds(self.ceil_s, first, step)
        return self._cache[key]

    def matches(self, channel: str, direction: str) -> np.ndarray:
        """Records of a channel and direction (``any`` matches all directions)."""
        key = ("match", channel, direction)
        if key not in self._cache:
            mask = self.channel == CHANNELS.index(channel)
            if direction != "any":
                mask &= self.direction == DIRECTIONS.index(direction)
            self._cache[key] = mask
        return self._cache[key]

    def agents_per_period(self) -> list[int]:
        """Distinct non-empty agents among each period's records."""
        key = ("agents",)
        if key not in self._cache:
            bounds = np.append(self.period_first, self.records)
            counts = []
            for first, last in zip(bounds[:-1], bounds[1:], strict=True):
                codes = self.agent[first:last]
                counts.append(len(np.unique(codes[codes >= 0])))
            self._cache[key] = counts
        return self._cache[key]

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


def prepare(log: CallLog) -> PreparedLog:
    """Sort a normalized log by start and work out its months, once for all tariffs.

    Parameters
    ----------
    log : CallLog

    Returns
    -------
    PreparedLog
    """
    records = log.records
    has_time = log.has_time
    if has_time:
        start_us = records["start"].to_numpy(dtype="datetime64[us]").astype(np.int64)
        order = np.argsort(start_us, kind="stable")
        start_us = start_us[order]
    else:
        order = np.arange(len(records))
        start_us = np.zeros(len(records), dtype=np.int64)
    duration_us = np.rint(records["duration_s"].to_numpy(dtype=np.float64)[order] * _US).astype(np.int64)
    ceil_s = -(-duration_us // _US)
    channel = pd.Categorical(records["channel"], categories=CHANNELS).codes[order].astype(np.int8)
    direction = pd.Categorical(records["direction"], categories=DIRECTIONS).codes[order].astype(np.int8)
    agent_text = records["agent"].to_numpy(dtype=object)[order]
    agent_codes, _ = pd.factorize(agent_text)
    agent = np.where(agent_text == "", -1, agent_codes).astype(np.int64)
    if has_time:
        days = start_us // (86_400 * _US)
        periods = periods_from_dates(np.datetime64(int(days[0]), "D"), np.datetime64(int(days[-1]), "D"))
        months = start_us.astype("datetime64[us]").astype("datetime64[M]").astype(np.int64)
        record_period = months - months[0]
    else:
        # No record means no covered day: nothing to bill.
        periods = [Period(TIMELESS_LABEL, 1, 1, (0,) * 7)] if len(records) else []
        record_period = np.zeros(len(records), dtype=np.int64)
    period_first = np.searchsorted(record_period, np.arange(len(periods)), side="left")
    return PreparedLog(
        log=log,
        order=order,
        start_us=start_us,
        duration_us=duration_us,
        ceil_s=ceil_s,
        channel=channel,
        direction=direction,
        answered=records["answered"].to_numpy(dtype=bool)[order],
        agent=agent,
        periods=periods,
        record_period=record_period,
        period_first=period_first.astype(np.int64),
        has_time=has_time,
    )


@dataclass(frozen=True, eq=False)
class TariffResult:
    """A tariff's bill for one log.

    Attributes
    ----------
    tariff : Tariff
    total : Decimal
        Sum of the rounded months [currency].
    months : dict of str to Decimal
        Each month's invoice, rounded half-up to ``decimals``.
    components : dict of str to Decimal
        Each component's exact share over all months, rounded half-up.
    component_months : dict of str to list of Fraction
        Exact share of each component in each month (for charts).
    billed_seconds : int
        Billed seconds of every per_minute component's charged records [s].
    actual_seconds : Fraction
        Talk time of answered voice records [s].
    charged_actual_seconds : Fraction
        Talk time of the records the per_minute components charged [s].
    rounding_overhead_cost : Fraction
        What the increments add over exact per-second billing at the same rates [currency].
    record_billed_seconds, record_charge_units : numpy.ndarray
        Per record (sorted order): billed seconds and usage charge in ``1/unit`` currency.
    record_covered : numpy.ndarray of bool
        Handled by the tariff's dedicated team (mixed model).
    unit : int
        Record charges are in ``1/unit`` of the currency.
    """

    tariff: Tariff
    total: Decimal
    months: dict[str, Decimal]
    components: dict[str, Decimal]
    component_months: dict[str, list[Fraction]]
    billed_seconds: int
    actual_seconds: Fraction
    charged_actual_seconds: Fraction
    rounding_overhead_cost: Fraction
    record_billed_seconds: np.ndarray
    record_charge_units: np.ndarray
    record_covered: np.ndarray
    unit: int

    @property
    def name(self) -> str:
        """The tariff's name."""
        return self.tariff.name

    @property
    def currency(self) -> str:
        """ISO code of the invoice currency."""
        return self.tariff.currency

    @property
    def rounding_overhead_seconds(self) -> Fraction:
        """Billed minus actual talk time of the charged records [s]."""
        return self.billed_seconds - self.charged_actual_seconds

    @property
    def effective_rate_per_minute(self) -> Fraction | None:
        """Total divided by actual answered voice minutes [currency/min]; None without talk time."""
        if self.actual_seconds == 0:
            return None
        return Fraction(self.total) / (self.actual_seconds / 60)

    def record_charges(self) -> np.ndarray:
        """Usage charge per record (sorted order) as float, for charts only [currency]."""
        return self.record_charge_units.astype(np.float64) / self.unit


@dataclass(frozen=True, eq=False)
class Comparison:
    """Several tariffs priced on one log."""

    log: PreparedLog
    results: list[TariffResult]

    def ranked(self) -> list[TariffResult]:
        """Results from the cheapest total up (stable for equal totals)."""
        return sorted(self.results, key=lambda result: result.total)

    def to_json(self) -> dict:
        """The ``compare --json`` object of section 6 of the billing rules."""
        return {
            "records": self.log.records,
            "rejected": self.log.rejected,
            "tariffs": [_result_json(result) for result in self.results],
        }


def _money_text(amount: Decimal) -> str:
    return f"{amount:f}"


def _seconds_json(seconds: Fraction) -> int | float:
    return int(seconds) if seconds.denominator == 1 else float(seconds)


def _result_json(result: TariffResult) -> dict:
    return {
        "name": result.name,
        "currency": result.currency,
        "total": _money_text(result.total),
        "months": {label: _money_text(v) for label, v in result.months.items()},
        "components": {label: _money_text(v) for label, v in result.components.items()},
        "billed_seconds": result.billed_seconds,
        "actual_seconds": _seconds_json(result.actual_seconds),
    }


# --- pricing -----------------------------------------------------------------


class _Units:
    """The exact integer money unit of one tariff."""

    def __init__(self, tariff: Tariff) -> None:
        self.scale = money_scale(tariff)
        steps = [
            bound.denominator
            for c in tariff.components
            if isinstance(c, PerMinute) and c.has_volume_pricing
            for bound in c.minute_boundaries()
        ]
        self.time_steps = math.lcm(1, *steps)  # time steps per second
        self.per_currency = 60 * 10**self.scale * self.time_steps

    def money(self, amount: Decimal) -> int:
        value = Fraction(amount) * self.per_currency
        return int(value)  # exact: the scale covers every money value

    def per_time_step(self, rate_per_minute: Decimal) -> int:
        return int(Fraction(rate_per_minute) * 10**self.scale)

    def minor_unit(self, decimals: int) -> int:
        return self.per_currency // 10**decimals


def _int_dtype(bound: int) -> type | np.dtype:
    """int64 when every sum fits, else exact Python integers (slow, never wrong)."""
    return np.int64 if bound < _SAFE_INT else object


def _round_records(charges: np.ndarray, minor: int, mode: str) -> np.ndarray:
    if mode == "up":
        return -(-charges // minor) * minor
    if mode == "half_up":
        return (charges * 2 + minor) // (2 * minor) * minor
    return charges


@dataclass
class _Usage:
    """Per-record usage of one tariff, filled component by component."""

    charges: np.ndarray
    billed: np.ndarray
    component_months: dict[str, list[Fraction]]
    billed_total: int = 0
    charged_actual_us: int = 0
    overhead: Fraction = Fraction(0)


def team_candidates(log: PreparedLog, team: HourlyTeam) -> np.ndarray:
    """The records a covering team may take: answered voice calls starting in its hours (section 5).

    Parameters
    ----------
    log : PreparedLog
    team : HourlyTeam

    Returns
    -------
    numpy.ndarray of bool
        Per record (sorted order); all False for a log without timestamps.

    Examples
    --------
    >>> from calc import read_calls
    >>> from calc.tariff import HourlyTeam
    >>> starts = ["2026-01-05 08:59", "2026-01-05 09:00"]  # a Monday
    >>> log = prepare(read_calls(pd.DataFrame({"start": starts, "duration_s": [9, 9]})))
    >>> team = HourlyTeam(type="hourly_team", rate=20, agents=1, schedule=["mon-fri 09:00-18:00"])
    >>> team_candidates(log, team).tolist()
    [False, True]
    """
    if not log.has_time:
        return np.zeros(log.records, dtype=bool)
    candidates = log.answered & (log.channel == CHANNELS.index("voice"))
    if team.schedule is not None:
        mask = parse_schedule(team.schedule)
        minute_of_day = (log.start_us // (60 * _US)) % MINUTES_PER_DAY
        weekday = (log.start_us // (86_400 * _US) + 3) % 7
        candidates &= mask[weekday * MINUTES_PER_DAY + minute_of_day]
    return candidates


def _covered(log: PreparedLog, team: HourlyTeam | None) -> np.ndarray | None:
    if team is None or not log.has_time or log.records == 0:
        return None
    index = np.flatnonzero(team_candidates(log, team))
    covered = np.zeros(log.records, dtype=bool)
    covered[index] = team_coverage(log.start_us[index], log.duration_us[index], team.agents)
    return covered


def _usage_match(log: PreparedLog, c: PerMinute | PerEvent, covered: np.ndarray | None) -> np.ndarray:
    """Records a usage component charges: its channel and direction, less the team's calls (voice only)."""
    match = log.matches(c.channel, c.direction)
    return match & ~covered if covered is not None and c.channel == "voice" else match


def _per_minute(
    log: PreparedLog,
    c: PerMinute,
    tariff: Tariff,
    units: _Units,
    covered: np.ndarray | None,
    usage: _Usage,
    label: str,
) -> None:
    match = _usage_match(log, c, covered)
    grace_us = math.ceil(Fraction(c.grace_s) * _US)
    charged = match & log.answered
    if grace_us:
        charged &= log.duration_us >= grace_us
    unanswered_paid = match & ~log.answered if c.bill_unanswered else None
    first, step = c.first_and_next
    billed = np.where(charged, log.billed(first, step), 0)
    fee = units.money(c.connection_fee)
    minimum = units.money(c.min_charge)
    top_rate = max([c.rate or 0] + [t.rate for t in c.tiers or []])
    per_record_bound = int(billed.max(initial=0)) * units.time_steps * units.per_time_step(top_rate)
    dtype = _int_dtype((per_record_bound + fee + minimum + units.per_currency) * max(log.records, 1))
    steps = billed if dtype is np.int64 and units.time_steps == 1 else billed.astype(dtype) * units.time_steps
    if c.has_volume_pricing:
        time_charge = _volume_priced(log, c, units, steps, dtype)
    else:
        time_charge = steps * units.per_time_step(c.rate)
    charge = time_charge + charged * fee if fee else time_charge
    if minimum:
        charge = np.where(charged, np.maximum(charge, minimum), charge)
    if unanswered_paid is not None and fee:
        charge = charge + unanswered_paid * fee
    if tariff.round_per_call != "none":
        charge = _round_records(charge, units.minor_unit(tariff.decimals), tariff.round_per_call)
    usage.charges = usage.charges + charge
    usage.billed = usage.billed + billed
    usage.component_months[label] = [Fraction(s, units.per_currency) for s in log.month_sums(charge)]
    billed_total = int(billed.sum())
    usage.billed_total += billed_total
    charged_us = int(np.dot(log.duration_us, charged))
    usage.charged_actual_us += charged_us
    over_us = billed_total * _US - charged_us
    if c.has_volume_pricing:
        total_time = int(time_charge.sum())
        billed_us = billed_total * _US
        share = Fraction(over_us, billed_us) if billed_us else Fraction(0)
        usage.overhead += Fraction(total_time, units.per_currency) * share
    else:
        usage.overhead += Fraction(over_us, _US) * Fraction(c.rate) / 60


def _volume_priced(log: PreparedLog, c: PerMinute, units: _Units, steps: np.ndarray, dtype: object) -> np.ndarray:
    """Time charge with included minutes and tiers, allotted to records in order of start.

    Each month's billed time accumulates record by record; a record pays what its
    slice of the month's cumulative time costs. Graduated pricing is a piecewise
    linear cost of cumulative time, ``F``, so a record pays ``F(end) - F(begin)``.
    """
    q = units.time_steps
    included = int(Fraction(c.included_minutes) * 60 * q)
    counts = np.diff(np.append(log.period_first, log.records))
    end = np.cumsum(steps)
    end -= np.repeat(np.concatenate(([0], end))[log.period_first], counts)
    lows, rates = [0, included], [0, units.per_time_step(c.rate or 0)]
    if c.tiers is not None:
        lows, rates = [0], [0]
        bound = included
        for tier in c.tiers:
            lows.append(bound)
            rates.append(units.per_time_step(tier.rate))
            bound = None if tier.up_to is None else included + int(Fraction(tier.up_to) * 60 * q)
    if c.tiers is not None and c.tier_mode == "volume":
        month_rates = []
        for total in log.month_sums(steps):
            # up_to is inclusive: the band whose upper bound is at or above the total
            band = int(np.searchsorted(np.asarray(lows[2:], dtype=object), max(total, included), "left"))
            month_rates.append(rates[band + 1])
        rate = np.repeat(np.asarray(month_rates, dtype=dtype), counts)
        return np.maximum(end - np.maximum(end - steps, included), 0) * rate
    lows_array = np.asarray(lows, dtype=dtype)
    rates_array = np.asarray(rates, dtype=dtype)
    band_cost = np.concatenate(([0], np.cumsum(np.diff(lows_array) * rates_array[:-1]))).astype(dtype)
    band = np.searchsorted(lows_array, end, side="right") - 1
    cost_to_end = band_cost[band] + (end - lows_array[band]) * rates_array[band]
    charge = np.diff(cost_to_end, prepend=np.zeros(1, dtype=dtype))
    present = log.period_first[counts > 0]
    charge[present] = cost_to_end[present]
    return charge


def _per_event(
    log: PreparedLog,
    c: PerEvent,
    units: _Units,
    covered: np.ndarray | None,
    usage: _Usage,
    label: str,
) -> None:
    match = _usage_match(log, c, covered)
    if not c.bill_unanswered:
        match = match & log.answered
    fee = units.money(c.fee)
    dtype = _int_dtype(fee * max(log.records, 1))
    charge = np.where(match, fee, 0).astype(dtype)
    usage.charges = usage.charges + charge
    usage.component_months[label] = [Fraction(s, units.per_currency) for s in log.month_sums(charge)]


def _fixed_months(log: PreparedLog, component: object) -> list[Fraction]:
    """Monthly fees, seats and hourly teams for each period, prorated by covered days."""
    shares = [p.proration for p in log.periods]
    if isinstance(component, MonthlyFee):
        return [Fraction(component.amount) * share for share in shares]
    if isinstance(component, PerSeat):
        seats = log.agents_per_period() if component.seats == "agents" else [component.seats] * len(shares)
        return [Fraction(component.amount) * n * share for n, share in zip(seats, shares, strict=True)]
    if isinstance(component, HourlyTeam):
        per_hour = Fraction(component.rate) * component.agents
        if component.hours_per_month is not None:
            return [per_hour * Fraction(component.hours_per_month) * share for share in shares]
        by_weekday = staffed_minutes_by_weekday(parse_schedule(component.schedule))
        months = []
        for period in log.periods:
            if log.has_time:
                minutes = sum(int(n) * int(m) for n, m in zip(period.covered_weekdays, by_weekday, strict=True))
            else:
                minutes = int(by_weekday.sum()) * period.weeks
            months.append(per_hour * Fraction(minutes) / 60)
        return months
    raise TypeError(f"not a fixed component: {component!r}")


def price(log: PreparedLog, tariff: Tariff) -> TariffResult:
    r"""Price a prepared log under one tariff, following the billing rules exactly.

    Parameters
    ----------
    log : PreparedLog
        From `prepare`.
    tariff : Tariff

    Returns
    -------
    TariffResult

    Examples
    --------
    >>> from calc import read_calls
    >>> from calc.tariff import parse_tariffs
    >>> log = prepare(read_calls(pd.DataFrame({"duration_s": [61, 30]})))
    >>> [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.07}]")
    >>> price(log, tariff).total
    Decimal('0.21')
    """
    units = _Units(tariff)
    covered = _covered(log, tariff.covering_team)
    usage = _Usage(
        charges=np.zeros(log.records, dtype=np.int64),
        billed=np.zeros(log.records, dtype=np.int64),
        component_months={},
    )
    fixed: dict[str, list[Fraction]] = {}
    minimums: dict[str, MinimumSpend] = {}
    for label, component in zip(tariff.labels, tariff.components, strict=True):
        if isinstance(component, PerMinute):
            _per_minute(log, component, tariff, units, covered, usage, label)
        elif isinstance(component, PerEvent):
            _per_event(log, component, units, covered, usage, label)
        elif isinstance(component, MinimumSpend):
            minimums[label] = component
            usage.component_months[label] = []
        else:
            fixed[label] = _fixed_months(log, component)
            usage.component_months[label] = []
    usage_months = [Fraction(0)] * len(log.periods)
    for values in usage.component_months.values():
        if values:
            usage_months = [a + b for a, b in zip(usage_months, values, strict=True)]
    for label, component in minimums.items():
        usage.component_months[label] = [
            max(Fraction(component.amount) * period.proration - spent, Fraction(0))
            for period, spent in zip(log.periods, usage_months, strict=True)
        ]
    usage.component_months.update(fixed)
    component_months = {label: usage.component_months[label] for label in tariff.labels}
    months = {}
    for index, period in enumerate(log.periods):
        exact = sum((values[index] for values in component_months.values()), Fraction(0))
        months[period.label] = round_half_up(exact, tariff.decimals)
    total = sum(months.values(), Decimal(0)).quantize(Decimal(1).scaleb(-tariff.decimals))
    voice_answered = log.answered & (log.channel == CHANNELS.index("voice"))
    return TariffResult(
        tariff=tariff,
        total=total,
        months=months,
        components={
            label: round_half_up(sum(values, Fraction(0)), tariff.decimals)
            for label, values in component_months.items()
        },
        component_months=component_months,
        billed_seconds=usage.billed_total,
        actual_seconds=Fraction(int(log.duration_us[voice_answered].sum()), _US),
        charged_actual_seconds=Fraction(usage.charged_actual_us, _US),
        rounding_overhead_cost=usage.overhead,
        record_billed_seconds=usage.billed,
        record_charge_units=usage.charges,
        record_covered=covered if covered is not None else np.zeros(log.records, dtype=bool),
        unit=units.per_currency,
    )


def compare(log: CallLog | PreparedLog, tariffs: list[Tariff]) -> Comparison:
    """Price one log under several tariffs.

    Parameters
    ----------
    log : CallLog or PreparedLog
    tariffs : list of Tariff
        Names must be unique.

    Returns
    -------
    Comparison
        Results in the order of `tariffs`; ``ranked()`` orders them by total.

    Raises
    ------
    InputError
        If two tariffs share a name or no tariff is given.
    """
    if not tariffs:
        raise InputError("no tariff to compare: give at least one tariff")
    check_unique_names(tariffs, "tariffs")
    prepared = log if isinstance(log, PreparedLog) else prepare(log)
    return Comparison(log=prepared, results=[price(prepared, tariff) for tariff in tariffs])
