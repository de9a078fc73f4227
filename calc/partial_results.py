"""Finishing combined partials: a log's statistics priced into the same comparison as in memory.

`finish` turns a `calc.partials.LogPartial` of a whole log into the
`calc.rating.Comparison` the in-memory engine gives: `MonthFacts` stands in for
the prepared log (periods, covered days, agents and peaks per month),
`tier_costs` prices each month's billed seconds of a volume-priced component
once, and the months are finished by the same code (`calc.rating.finish_months`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from calc.components import USAGE_TYPES, PerMinute
from calc.periods import TIMELESS_LABEL, Period, periods_from_dates
from calc.prepared import US_PER_DAY, US_PER_SECOND
from calc.rating import Comparison, TariffResult, finish_months
from calc.tariff import Tariff, money_scale
from calc.usage import Units, _volume_priced

if TYPE_CHECKING:  # calc.partials imports this module: the names are for annotations only
    from calc.partials import LogPartial, TariffPartial

__all__ = ["MonthFacts", "finish", "tier_costs"]


@dataclass(frozen=True, eq=False)
class MonthFacts:
    """What finishing the months asks of a log, from its combined statistics (a stand-in for `PreparedLog`).

    Attributes
    ----------
    records, rejected : int
    has_time : bool
    periods : list of Period
    """

    records: int
    rejected: int
    has_time: bool
    periods: list[Period]
    partial: LogPartial = field(repr=False)

    @classmethod
    def of(cls, partial: LogPartial) -> MonthFacts:
        """Months from the first record's date to the last one's, as `calc.prepared.prepare` makes them."""
        if not partial.records:
            periods = []
        elif partial.has_time:
            first, last = partial.first_us // US_PER_DAY, partial.last_us // US_PER_DAY
            periods = periods_from_dates(np.datetime64(int(first), "D"), np.datetime64(int(last), "D"))
        else:
            periods = [Period(TIMELESS_LABEL, 1, 1, (0,) * 7)]
        return cls(partial.records, partial.rejected, bool(partial.has_time), periods, partial)

    def covered_days(self) -> np.ndarray:
        """Every date from the first record's to the last one's [days since 1970-01-01]."""
        if not self.has_time or self.records == 0:
            return np.zeros(0, dtype=np.int64)
        first, last = self.partial.first_us // US_PER_DAY, self.partial.last_us // US_PER_DAY
        return np.arange(first, last + 1, dtype=np.int64)

    def agents_per_period(self) -> list[int]:
        """Distinct non-empty agents in each period."""
        agents = self.partial.agents or {}
        return [len(agents.get(period.label, ())) for period in self.periods]

    def peak_concurrent_per_period(self) -> list[int]:
        """Highest number of answered voice records, not internal, in progress at one instant of each month."""
        if self.partial.peaks is None:
            return [0] * len(self.periods)
        months = [int(np.datetime64(p.label, "M").astype(np.int64)) for p in self.periods]
        return self.partial.peaks.per_month(months)

    def talk_seconds(self) -> Fraction:
        """Talk time of answered voice records [s]."""
        return self.partial.talk_seconds


class _MonthTotals:
    """Months as the records of a log: one per month, so `_volume_priced` prices each month's total."""

    def __init__(self, months: int) -> None:
        self.records = months
        self.period_first = np.arange(months, dtype=np.int64)

    def month_sums(self, values: np.ndarray) -> list[int]:
        return [int(v) for v in values]


def tier_costs(component: PerMinute, units: Units, billed: list[int]) -> list[int]:
    """Time charge of each month's billed seconds under included minutes and tiers [units]."""
    if not billed:
        return []
    steps = np.array([seconds * units.time_steps for seconds in billed], dtype=object)
    carried = np.zeros(len(billed), dtype=object)
    costs = _volume_priced(_MonthTotals(len(billed)), component, units, steps, object, carried)
    return [int(cost) for cost in costs]


def _result(facts: MonthFacts, tariff: Tariff, partial: TariffPartial) -> TariffResult:
    units = Units(tariff.components, money_scale(tariff))
    labels = [period.label for period in facts.periods]
    usage_months: dict[str, list[Fraction]] = {}
    overhead = partial.overhead
    for label, component in zip(tariff.labels, tariff.components, strict=True):
        if component.type not in USAGE_TYPES:
            continue
        got = partial.usage_months.get(label, {})
        series = [got.get(month, Fraction(0)) for month in labels]
        if label in partial.volume_billed:
            billed = [partial.volume_billed[label].get(month, 0) for month in labels]
            costs = tier_costs(component, units, billed)
            series = [fees + Fraction(cost, units.per_currency) for fees, cost in zip(series, costs, strict=True)]
            billed_us = sum(billed) * US_PER_SECOND
            if billed_us:
                time_total = Fraction(sum(costs), units.per_currency)
                charged_us = partial.volume_charged_us.get(label, 0)
                overhead += time_total * Fraction(billed_us - charged_us, billed_us)
        usage_months[label] = series
    bill = finish_months(facts, tariff, usage_months)
    return TariffResult(
        tariff=tariff,
        total=bill.total,
        months=bill.months,
        components=bill.components,
        component_months=bill.component_months,
        billed_seconds=partial.billed_seconds,
        actual_seconds=facts.talk_seconds(),
        charged_actual_seconds=Fraction(partial.charged_actual_us, US_PER_SECOND),
        rounding_overhead_cost=overhead,
        record_billed_seconds=None,
        record_charge_units=None,
        record_covered=None,
        unit=units.per_currency,
        unrated=partial.unrated,
    )


def finish(partial: LogPartial, tariffs: list[Tariff]) -> Comparison:
    """The comparison of every tariff from the combined statistics, as `calc.rating.compare` gives it.

    Parameters
    ----------
    partial : LogPartial
        Of the whole log (`combine_all` of every partition).
    tariffs : list of Tariff
        The tariffs `partial` was mapped with, in the same order.

    Returns
    -------
    Comparison
        Its ``log`` is a `MonthFacts`; results carry no per-record arrays.

    Raises
    ------
    InputError
        If a tariff counts seats from something the log does not hold (agents, timestamps).
    """
    facts = MonthFacts.of(partial)
    return Comparison(
        log=facts, results=[_result(facts, tariff, part) for tariff, part in zip(tariffs, partial.tariffs, strict=True)]
    )
