"""Pricing a call log under tariffs, exactly and on whole columns.

The log is prepared once (`calc.prepared.PreparedLog`: numpy columns sorted by
start, months, covered days) and priced under any number of tariffs (`price`,
`compare`). Usage charges are worked out record by record in `calc.usage`;
this module adds the fixed costs of each month (fees, one-time costs, seats,
teams, minimum spends, surcharges) with `fractions.Fraction`, once per month,
and rounds each month half-up to the invoice's decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from calc.components import (
    USAGE_TYPES,
    HourlyTeam,
    MinimumSpend,
    MonthlyFee,
    OneTime,
    PerEvent,
    PerMinute,
    PerSeat,
    Surcharge,
)
from calc.errors import InputError
from calc.i18n import _
from calc.lengths import price_by_length
from calc.money import round_half_up
from calc.prepared import PreparedLog, billed_seconds, prepare
from calc.records import CallLog
from calc.schedule import parse_schedule
from calc.tariff import Tariff, check_unique_names, money_scale
from calc.usage import Units, Usage, covered_records, price_per_event, price_per_minute, team_candidates

__all__ = [
    "PreparedLog",
    "TariffResult",
    "Comparison",
    "prepare",
    "price",
    "MonthlyBill",
    "finish_months",
    "compare",
    "billed_seconds",
    "team_candidates",
]


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
    record_billed_seconds, record_charge_units : numpy.ndarray or None
        Per record (sorted order): billed seconds and usage charge in ``1/unit`` currency
        (None when priced with ``records=False``).
    record_covered : numpy.ndarray of bool or None
        Handled by the tariff's dedicated team (mixed model).
    unit : int
        Record charges are in ``1/unit`` of the currency.
    unrated : int
        Records a rate deck matched but could not rate (counted once per deck component).
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
    record_billed_seconds: np.ndarray | None
    record_charge_units: np.ndarray | None
    record_covered: np.ndarray | None
    unit: int
    unrated: int = 0

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
        "unrated": result.unrated,
    }


# --- fixed costs --------------------------------------------------------------


def _seats(log: PreparedLog, component: PerSeat, tariff: Tariff) -> list[int]:
    """Seats in each month: the whole number, or counted from the log (refused where the log cannot say)."""
    if component.seats == "agents":
        counts = log.agents_per_period()
        if log.records and not any(counts):
            raise InputError(
                _(
                    'tariff "{tariff}": seats: agents, but the log has no agent column or no agent at all; '
                    "give a whole number of seats instead"
                ).format(tariff=tariff.name)
            )
        return counts
    if component.seats == "peak_concurrent":
        if log.records and not log.has_time:
            raise InputError(
                _(
                    'tariff "{tariff}": seats: peak_concurrent needs start times, and the log has none; '
                    "give a whole number of seats instead"
                ).format(tariff=tariff.name)
            )
        return log.peak_concurrent_per_period()
    return [component.seats] * len(log.periods)


def _fixed_months(log: PreparedLog, component: object, tariff: Tariff) -> list[Fraction]:
    """Monthly fees, one-time costs, seats and hourly teams for each period (section 4)."""
    shares = [p.proration for p in log.periods]
    if isinstance(component, MonthlyFee):
        return [Fraction(component.amount) * share for share in shares]
    if isinstance(component, OneTime):
        part = Fraction(component.amount) / component.spread_months
        return [part if number < component.spread_months else Fraction(0) for number in range(len(shares))]
    if isinstance(component, PerSeat):
        seats = _seats(log, component, tariff)
        return [Fraction(component.amount) * n * share for n, share in zip(seats, shares, strict=True)]
    if isinstance(component, HourlyTeam):
        per_hour = Fraction(component.rate) * component.agents
        if component.hours_per_month is not None:
            return [per_hour * Fraction(component.hours_per_month) * share for share in shares]
        plan = parse_schedule(component.schedule)
        if not log.has_time:
            return [per_hour * Fraction(plan.minutes_per_plain_week()) / 60 * p.weeks for p in log.periods]
        days = log.covered_days()
        minutes = plan.minutes_on(days, tariff.holiday_days())
        month = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
        sums = np.zeros(len(log.periods), dtype=np.int64)
        np.add.at(sums, month - month[0], minutes)
        return [per_hour * int(m) / 60 for m in sums]
    raise TypeError(f"not a fixed component: {component!r}")  # not user text: a bug


def price(log: PreparedLog, tariff: Tariff, records: bool = True) -> TariffResult:
    r"""Price a prepared log under one tariff, following the billing rules exactly.

    Parameters
    ----------
    log : PreparedLog
        From `prepare`.
    tariff : Tariff
    records : bool
        Keep each record's charge, billed seconds and coverage (for the dashboard's
        tables and charts); False leaves ``record_*`` as None and saves three
        log-length arrays (the command line needs only the months).

    Returns
    -------
    TariffResult

    Raises
    ------
    InputError
        If the tariff counts seats from something the log does not hold (agents, timestamps).

    Examples
    --------
    >>> from calc import read_calls
    >>> from calc.tariff import parse_tariffs
    >>> import pandas as pd
    >>> log = prepare(read_calls(pd.DataFrame({"duration_s": [61, 30]})))
    >>> [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.07}]")
    >>> price(log, tariff).total
    Decimal('0.21')
    """
    units = Units(tariff.components, money_scale(tariff))
    holidays = tariff.holiday_days() if tariff.holidays else None
    covered = covered_records(log, tariff.covering_team, holidays)
    usage = Usage(
        charges=np.zeros(log.records, dtype=np.int64) if records else None,
        billed=np.zeros(log.records, dtype=np.int64) if records else None,
        component_months={},
    )
    for label, component in zip(tariff.labels, tariff.components, strict=True):
        if isinstance(component, PerMinute):
            by_length = price_by_length(
                log, component, units, covered, usage, label, tariff.round_per_call, tariff.decimals
            )
            if not by_length:  # each record's charge kept, or a charge that depends on more than the length
                price_per_minute(
                    log, component, units, covered, usage, label, tariff.round_per_call, tariff.decimals, holidays
                )
        elif isinstance(component, PerEvent):
            price_per_event(log, component, units, covered, usage, label)
    bill = finish_months(log, tariff, usage.component_months)
    return TariffResult(
        tariff=tariff,
        total=bill.total,
        months=bill.months,
        components=bill.components,
        component_months=bill.component_months,
        billed_seconds=usage.billed_total,
        actual_seconds=log.talk_seconds(),
        charged_actual_seconds=Fraction(usage.charged_actual_us, 1_000_000),
        rounding_overhead_cost=usage.overhead,
        record_billed_seconds=usage.billed,
        record_charge_units=usage.charges,
        record_covered=None if not records else covered if covered is not None else np.zeros(log.records, dtype=bool),
        unit=units.per_currency,
        unrated=usage.unrated,
    )


@dataclass(frozen=True)
class MonthlyBill:
    """A tariff's months finished from its usage: every component's exact shares, rounded months, total.

    Attributes
    ----------
    component_months : dict of str to list of Fraction
        Exact share of each component in each period [currency], in the tariff's order.
    months : dict of str to Decimal
        Each month's invoice, rounded half-up to ``decimals`` [currency].
    components : dict of str to Decimal
        Each component's exact share over all months, rounded half-up [currency].
    total : Decimal
        Sum of the rounded months [currency].
    """

    component_months: dict[str, list[Fraction]]
    months: dict[str, Decimal]
    components: dict[str, Decimal]
    total: Decimal


def finish_months(log: PreparedLog, tariff: Tariff, usage_months: dict[str, list[Fraction]]) -> MonthlyBill:
    """Add the fixed costs, minimum spends and surcharges to the usage of each month and round (section 4).

    Both engines finish here: the in-memory `price` and the partitioned one
    (`calc.partial_results.finish`), so a rule of section 4 lives in one place.

    Parameters
    ----------
    log : PreparedLog or calc.partial_results.MonthFacts
        What the months ask of the log: ``periods``, ``records``, ``has_time``,
        ``covered_days()``, ``agents_per_period()``, ``peak_concurrent_per_period()``.
    tariff : Tariff
    usage_months : dict of str to list of Fraction
        Exact share of each per_minute and per_event component in each period [currency].

    Returns
    -------
    MonthlyBill

    Raises
    ------
    InputError
        If the tariff counts seats from something the log does not hold (agents, timestamps).
    """
    months_of: dict[str, list[Fraction]] = dict(usage_months)
    later: list[tuple[str, object]] = []
    for label, component in zip(tariff.labels, tariff.components, strict=True):
        if isinstance(component, MinimumSpend | Surcharge):
            later.append((label, component))
        elif component.type not in USAGE_TYPES:
            months_of[label] = _fixed_months(log, component, tariff)
    usage_labels = [label for label, c in zip(tariff.labels, tariff.components, strict=True) if c.type in USAGE_TYPES]
    usage_months = _month_totals(log, [months_of[label] for label in usage_labels])
    for label, component in later:
        if isinstance(component, MinimumSpend):
            months_of[label] = [
                max(Fraction(component.amount) * period.proration - spent, Fraction(0))
                for period, spent in zip(log.periods, usage_months, strict=True)
            ]
    not_surcharges = [months_of[label] for label in months_of]  # every component but the surcharges
    everything = _month_totals(log, not_surcharges)
    for label, component in later:
        if isinstance(component, Surcharge):
            base = usage_months if component.of == "usage" else everything
            months_of[label] = [Fraction(component.percent) / 100 * amount for amount in base]
    component_months = {label: months_of[label] for label in tariff.labels}
    months = {}
    for index, period in enumerate(log.periods):
        exact = sum((values[index] for values in component_months.values()), Fraction(0))
        months[period.label] = round_half_up(exact, tariff.decimals)
    total = sum(months.values(), Decimal(0)).quantize(Decimal(1).scaleb(-tariff.decimals))
    components = {
        label: round_half_up(sum(values, Fraction(0)), tariff.decimals) for label, values in component_months.items()
    }
    return MonthlyBill(component_months=component_months, months=months, components=components, total=total)


def _month_totals(log: PreparedLog, series: list[list[Fraction]]) -> list[Fraction]:
    """Month by month sum of several components' exact shares."""
    totals = [Fraction(0)] * len(log.periods)
    for values in series:
        totals = [a + b for a, b in zip(totals, values, strict=True)]
    return totals


def compare(log: CallLog | PreparedLog, tariffs: list[Tariff], records: bool = True) -> Comparison:
    """Price one log under several tariffs.

    Parameters
    ----------
    log : CallLog or PreparedLog
    tariffs : list of Tariff
        Names must be unique.
    records : bool
        Keep each record's charges in the results (see `price`).

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
        raise InputError(_("no tariff to compare: give at least one tariff"))
    check_unique_names(tariffs, "tariffs")
    prepared = log if isinstance(log, PreparedLog) else prepare(log)
    return Comparison(log=prepared, results=[price(prepared, tariff, records) for tariff in tariffs])
