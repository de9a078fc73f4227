"""Pricing in partitions: each partition mapped to per-month statistics, combined exactly, finished once.

A log too large for memory is priced as map, combine and finish (see
``docs/scale.md``): `partial_of` reduces one partition of records to a
picklable `LogPartial` (per tariff and month: usage charges in the tariff's
integer units, billed seconds of volume-priced components; per month: distinct
agents and what peak concurrency needs), `combine` adds two partials of
consecutive partitions, and `finish` turns the result into the same
`calc.rating.Comparison` the in-memory engine gives, through the same month
code (`calc.rating.finish_months`). One partition or a thousand give the same
totals to the last digit.

Partitions must be in time order (every record of a later partition starts at
or after every record of an earlier one) when a tariff counts seats from peak
concurrency or has a mixed model; everything else combines in any order. The
mixed model's team walk is sequential: each partition is mapped with the
previous one's partial, whose covered calls still in progress it takes over
(`partial_of`'s ``previous``), so those partitions are mapped one after another.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import reduce

import numpy as np

from calc.components import USAGE_TYPES, PerEvent, PerMinute, PerSeat
from calc.coverage import team_coverage
from calc.errors import InputError
from calc.i18n import N_, _
from calc.periods import TIMELESS_LABEL, Period, periods_from_dates
from calc.prepared import US_PER_DAY, US_PER_SECOND, PreparedLog, calls_in_progress, prepare
from calc.rating import Comparison, TariffResult, finish_months
from calc.records import CHANNELS, DIRECTIONS, CallLog
from calc.tariff import Tariff, check_unique_names, money_scale
from calc.usage import Units, Usage, _volume_priced, price_per_event, price_per_minute, team_candidates

__all__ = [
    "MIXED_MODEL_REFUSAL",
    "LogPartial",
    "MonthFacts",
    "check_partitionable",
    "partial_of",
    "combine",
    "combine_all",
    "finish",
]

MIXED_MODEL_REFUSAL = N_("the mixed model needs the whole log in time order: use --engine memory or stream")
VOICE = CHANNELS.index("voice")
INTERNAL = DIRECTIONS.index("internal")


def check_partitionable(tariffs: list[Tariff], in_order: bool = False) -> None:
    """Refuse tariffs a partitioned engine cannot price (the mixed model's team walk, unless `in_order`).

    Parameters
    ----------
    tariffs : list of Tariff
    in_order : bool
        True when the partitions are mapped one after another, each given the previous
        one's partial (`partial_of`'s ``previous``): the team walk then carries the covered
        calls still in progress from one partition to the next.

    Raises
    ------
    InputError
        Naming the first tariff with a covering team, or when no tariff or two equal names are given.
    """
    if not tariffs:
        raise InputError(_("no tariff to compare: give at least one tariff"))
    check_unique_names(tariffs, "tariffs")
    for tariff in tariffs:
        if tariff.covering_team is not None and not in_order:
            raise InputError(
                _('tariff "{tariff}": {refusal}').format(tariff=tariff.name, refusal=_(MIXED_MODEL_REFUSAL))
            )


def _month_number(start_us: np.ndarray) -> np.ndarray:
    """Calendar month of each instant [months since 1970-01]."""
    return start_us.astype("datetime64[us]").astype("datetime64[M]").astype(np.int64)


def _month_start_us(month: int) -> int:
    """First instant of a calendar month [us since 1970]."""
    return int(np.datetime64(int(month), "M").astype("datetime64[us]").astype(np.int64))


def _month_label(month: int) -> str:
    return str(np.datetime64(int(month), "M"))


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
                ).format(later=_when(later.first_us), earlier=_when(self.last_us))
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


def _when(moment_us: int) -> str:
    return str(np.datetime64(int(moment_us), "us"))


@dataclass
class TariffPartial:
    """One tariff's statistics over some partitions.

    Attributes
    ----------
    usage_months : dict of str to dict of str to Fraction
        Per usage component label and month label: its exact charges [currency]
        (for a volume-priced component, its connection fees only).
    volume_billed : dict of str to dict of str to int
        Per volume-priced component (included minutes, tiers) and month: billed seconds [s].
    volume_charged_us : dict of str to int
        Per volume-priced component: talk time of its charged records [us].
    billed_seconds : int
        Every per_minute component's billed seconds [s].
    charged_actual_us : int
        Talk time of the records the per_minute components charged [us].
    overhead : Fraction
        Rounding overhead of the components that are not volume-priced [currency].
    unrated : int
        Records a deck matched but could not rate.
    """

    usage_months: dict[str, dict[str, Fraction]] = field(default_factory=dict)
    volume_billed: dict[str, dict[str, int]] = field(default_factory=dict)
    volume_charged_us: dict[str, int] = field(default_factory=dict)
    billed_seconds: int = 0
    charged_actual_us: int = 0
    overhead: Fraction = Fraction(0)
    unrated: int = 0

    def plus(self, other: TariffPartial) -> TariffPartial:
        """The exact sum of two partials of the same tariff."""
        return TariffPartial(
            usage_months=_add_nested(self.usage_months, other.usage_months),
            volume_billed=_add_nested(self.volume_billed, other.volume_billed),
            volume_charged_us=_add_flat(self.volume_charged_us, other.volume_charged_us),
            billed_seconds=self.billed_seconds + other.billed_seconds,
            charged_actual_us=self.charged_actual_us + other.charged_actual_us,
            overhead=self.overhead + other.overhead,
            unrated=self.unrated + other.unrated,
        )


def _add_flat(a: dict, b: dict) -> dict:
    out = dict(a)
    for key, value in b.items():
        out[key] = out[key] + value if key in out else value
    return out


def _add_nested(a: dict, b: dict) -> dict:
    out = dict(a)
    for key, inner in b.items():
        out[key] = _add_flat(out[key], inner) if key in out else dict(inner)
    return out


@dataclass
class LogPartial:
    """Everything pricing needs of some consecutive partitions of a log (picklable).

    Attributes
    ----------
    records, rejected : int
        Records priced and rows refused.
    has_time : bool or None
        Whether the records carry timestamps (None: no record yet).
    first_us, last_us : int or None
        First and last start [us since 1970].
    talk_seconds : Fraction
        Talk time of answered voice records [s].
    agents : dict of str to numpy.ndarray, optional
        Per month label: sorted distinct non-empty agents (only when a tariff counts them).
    peaks : Peaks, optional
        Only when a tariff counts seats from peak concurrency (and the partitions hold calls).
    tariffs : list of TariffPartial
        In the order of the tariffs priced.
    team_calls : dict of int to numpy.ndarray, optional
        Per tariff with a covering team (by position): sorted end times of the calls
        its team covers still in progress after the last partition [us].
    """

    records: int
    rejected: int
    has_time: bool | None
    first_us: int | None
    last_us: int | None
    talk_seconds: Fraction
    agents: dict[str, np.ndarray] | None
    peaks: Peaks | None
    tariffs: list[TariffPartial]
    team_calls: dict[int, np.ndarray] | None = None


def _seat_needs(tariffs: list[Tariff]) -> tuple[bool, bool]:
    seats = {c.seats for t in tariffs for c in t.components if isinstance(c, PerSeat)}
    return "agents" in seats, "peak_concurrent" in seats


def _team_walk(
    log: PreparedLog, tariff: Tariff, holidays: np.ndarray | None, carried: np.ndarray
) -> tuple[np.ndarray | None, np.ndarray]:
    """The records the tariff's team covers in this partition, and its covered calls still in progress after it.

    The covered calls carried in from earlier partitions (at most ``agents`` of them: no
    more are ever in progress) enter the walk as calls that begin together just before
    this partition's first candidate, so they are covered and hold their agents until
    their ends, exactly as in one walk over the whole log.
    """
    team = tariff.covering_team
    if team is None or not log.has_time or log.records == 0:
        return None, carried
    index = np.flatnonzero(team_candidates(log, team, holidays))
    covered = np.zeros(log.records, dtype=bool)
    if len(index) == 0:
        return covered, carried
    starts = log.start_us[index]
    occupied = log.occupied_us()[index]
    before = min(int(starts[0]), int(carried.min(initial=starts[0]))) - 1
    walk_starts = np.concatenate((np.full(len(carried), before, dtype=np.int64), starts))
    walk_lengths = np.concatenate((carried - before, occupied))
    taken = team_coverage(walk_starts, walk_lengths, team.agents)[len(carried) :]
    covered[index] = taken
    ends = np.concatenate((carried, (starts + occupied)[taken]))
    return covered, np.sort(ends[ends > starts[-1]])


def _tariff_partial(
    log: PreparedLog, tariff: Tariff, covered: np.ndarray | None = None, left_out: Collection[str] = ()
) -> TariffPartial:
    """Usage of one partition under one tariff, by component and month (`covered`: the team's calls).

    The components labelled in `left_out` are priced elsewhere (`calc.piece_lengths`).
    """
    units = Units(tariff.components, money_scale(tariff))
    holidays = tariff.holiday_days() if tariff.holidays else None
    usage = Usage(charges=None, billed=None, component_months={})
    partial = TariffPartial()
    for label, component in zip(tariff.labels, tariff.components, strict=True):
        if label in left_out:
            continue
        if isinstance(component, PerMinute) and component.has_volume_pricing:
            # Fees per record here; the month's tier cost once its billed total is known (`finish`).
            fees_only = component.model_copy(update={"tiers": None, "included_minutes": Decimal(0), "rate": Decimal(0)})
            own = Usage(
                charges=np.zeros(log.records, dtype=np.int64),
                billed=np.zeros(log.records, dtype=np.int64),
                component_months=usage.component_months,
            )
            price_per_minute(
                log, fees_only, units, covered, own, label, tariff.round_per_call, tariff.decimals, holidays
            )
            months = (p.label for p in log.periods)
            partial.volume_billed[label] = dict(zip(months, log.month_sums(own.billed), strict=True))
            partial.volume_charged_us[label] = own.charged_actual_us
            usage.billed_total += own.billed_total
            usage.charged_actual_us += own.charged_actual_us
        elif isinstance(component, PerMinute):
            price_per_minute(
                log, component, units, covered, usage, label, tariff.round_per_call, tariff.decimals, holidays
            )
        elif isinstance(component, PerEvent):
            price_per_event(log, component, units, covered, usage, label)
    for label, values in usage.component_months.items():
        partial.usage_months[label] = dict(zip((p.label for p in log.periods), values, strict=True))
    partial.billed_seconds = usage.billed_total
    partial.charged_actual_us = usage.charged_actual_us
    partial.overhead = usage.overhead
    partial.unrated = usage.unrated
    return partial


def partial_of(
    log: CallLog | PreparedLog,
    tariffs: list[Tariff],
    rejected: int | None = None,
    previous: LogPartial | None = None,
    left_out: Sequence[Collection[str]] | None = None,
) -> LogPartial:
    r"""Map one partition of a log to its statistics under every tariff.

    Parameters
    ----------
    log : CallLog or PreparedLog
        The partition's normalized records (any order inside the partition).
    tariffs : list of Tariff
        Checked by `check_partitionable`.
    rejected : int, optional
        Rows the partition's import refused (default: those the log lists).
    previous : LogPartial, optional
        The partial of the partitions before this one (or of the one just before), whose
        covering teams' calls still in progress this partition's team walk takes over.
        Needed only for tariffs with a covering team (mixed model).
    left_out : sequence of collections of str, optional
        Per tariff: the labels of components priced elsewhere, whose usage the partial
        leaves out (`calc.piece_lengths` prices them from counts by length).

    Returns
    -------
    LogPartial

    Examples
    --------
    >>> import pandas as pd
    >>> from calc import read_calls
    >>> from calc.tariff import parse_tariffs
    >>> [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.07}]")
    >>> frame = pd.DataFrame({"start": ["2026-01-05 09:00", "2026-01-05 09:01"], "duration_s": [61, 30]})
    >>> parts = [partial_of(read_calls(frame[:1]), [tariff]), partial_of(read_calls(frame[1:]), [tariff])]
    >>> finish(combine_all(parts), [tariff]).results[0].total
    Decimal('0.21')
    """
    prepared = log if isinstance(log, PreparedLog) else prepare(log)
    if rejected is None:
        rejected = prepared.rejected
    needs_agents, needs_peak = _seat_needs(tariffs)
    count = prepared.records
    carried_in = (previous.team_calls if previous is not None else None) or {}
    team_calls = {}
    results = []
    for number, tariff in enumerate(tariffs):
        covered = None
        if tariff.covering_team is not None:
            holidays = tariff.holiday_days() if tariff.holidays else None
            carried = carried_in.get(number, np.zeros(0, dtype=np.int64))
            covered, team_calls[number] = _team_walk(prepared, tariff, holidays, carried)
        results.append(_tariff_partial(prepared, tariff, covered, left_out[number] if left_out else ()))
    has_time = prepared.has_time if count else None
    agents = None
    if needs_agents:
        agents = {}
        if count:
            import pandas as pd  # the log's records are pandas already

            text = prepared.log.records["agent"].to_numpy(dtype=object)[prepared.order]
            for index, period in enumerate(prepared.periods):
                first = prepared.period_first[index]
                stop = prepared.period_first[index + 1] if index + 1 < len(prepared.periods) else count
                names = pd.unique(text[first:stop])  # hashed: the distinct few, then sorted
                agents[period.label] = np.sort(names[names != ""].astype(str))
    return LogPartial(
        records=count,
        rejected=int(rejected),
        has_time=has_time,
        first_us=int(prepared.start_us[0]) if count and has_time else None,
        last_us=int(prepared.start_us[-1]) if count and has_time else None,
        talk_seconds=prepared.talk_seconds(),
        agents=agents,
        peaks=Peaks.of(prepared) if needs_peak and has_time else None,
        tariffs=results,
        team_calls=team_calls or None,
    )


def combine(earlier: LogPartial, later: LogPartial) -> LogPartial:
    """The exact statistics of two consecutive partials (`later`'s records start at or after `earlier`'s).

    Parameters
    ----------
    earlier, later : LogPartial
        Of the same tariffs, in time order.

    Returns
    -------
    LogPartial

    Raises
    ------
    InputError
        If one partial has timestamps and the other not, or peak concurrency is
        counted or a team walks the calls and `later` starts before `earlier` ends.
    """
    if earlier.has_time is not None and later.has_time is not None and earlier.has_time != later.has_time:
        raise InputError(_("dataset: some partitions have start times and others none; a log has them all or none"))
    has_time = earlier.has_time if earlier.has_time is not None else later.has_time
    teams = earlier.team_calls is not None or later.team_calls is not None
    if teams and earlier.last_us is not None and later.first_us is not None and later.first_us < earlier.last_us:
        raise InputError(
            _(
                "dataset: a partition starts before the previous one ends ({later} after {earlier}); "
                "the mixed model's team walk needs the partitions in time order"
            ).format(later=_when(later.first_us), earlier=_when(earlier.last_us))
        )
    agents = None
    if earlier.agents is not None or later.agents is not None:
        agents = dict(earlier.agents or {})
        for label, names in (later.agents or {}).items():
            agents[label] = np.union1d(agents[label], names) if label in agents else names
    if earlier.peaks is None or later.peaks is None:
        peaks = earlier.peaks if later.peaks is None else later.peaks
    else:
        peaks = earlier.peaks.then(later.peaks)
    starts = [moment for moment in (earlier.first_us, later.first_us) if moment is not None]
    ends = [moment for moment in (earlier.last_us, later.last_us) if moment is not None]
    return LogPartial(
        records=earlier.records + later.records,
        rejected=earlier.rejected + later.rejected,
        has_time=has_time,
        first_us=min(starts) if starts else None,
        last_us=max(ends) if ends else None,
        talk_seconds=earlier.talk_seconds + later.talk_seconds,
        agents=agents,
        peaks=peaks,
        tariffs=[a.plus(b) for a, b in zip(earlier.tariffs, later.tariffs, strict=True)],
        team_calls=later.team_calls if later.team_calls is not None else earlier.team_calls,
    )


def combine_all(partials: Iterable[LogPartial]) -> LogPartial:
    """Combine partials of consecutive partitions, in order.

    Parameters
    ----------
    partials : iterable of LogPartial
        At least one.

    Returns
    -------
    LogPartial
    """
    return reduce(combine, partials)


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


def _tier_costs(component: PerMinute, units: Units, billed: list[int]) -> list[int]:
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
            costs = _tier_costs(component, units, billed)
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
