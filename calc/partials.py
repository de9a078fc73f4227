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

This module holds the map and the combine; peak concurrency's statistics are in
`calc.peaks` and the finish in `calc.partial_results` (`finish`, `MonthFacts`,
`tier_costs`, importable from here too).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import reduce

import numpy as np

from calc.components import PerEvent, PerMinute, PerSeat
from calc.coverage import team_coverage
from calc.errors import InputError
from calc.i18n import N_, _
from calc.partial_results import MonthFacts, finish, tier_costs  # re-exported: finish and its parts live there
from calc.peaks import Peaks, moment_text
from calc.prepared import PreparedLog, prepare
from calc.records import CallLog
from calc.tariff import Tariff, check_unique_names, money_scale
from calc.usage import Units, Usage, price_per_event, price_per_minute, team_candidates

__all__ = [
    "MIXED_MODEL_REFUSAL",
    "LogPartial",
    "MonthFacts",
    "Peaks",
    "TariffPartial",
    "check_partitionable",
    "partial_of",
    "combine",
    "combine_all",
    "finish",
    "tier_costs",
]

MIXED_MODEL_REFUSAL = N_("the mixed model needs the whole log in time order: use --engine memory or stream")


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
            ).format(later=moment_text(later.first_us), earlier=moment_text(earlier.last_us))
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
