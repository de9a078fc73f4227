"""Curve points priced from each record's share of the bill, without pricing copies of records (exact).

A tariff's bill is additive record by record up to the month: every usage
component charges each record on its own (an integer count of the tariff's
unit, `calc.usage.Units`), and a volume-priced component (included minutes,
tiers) needs only each month's billed seconds; then the months are finished
once (fees, seats, minimums, surcharges, rounding: `calc.rating.finish_months`,
tiers: as `calc.partials` finishes them). So a scenario log whose records are
the log's own records taken several times, or the log's records with other
durations, is priced from sums, never record by record again:

- **Volume** (`volume_totals`): a factor takes each record of month ``m``
  ``copies[m]`` times and the first ``extra[m]`` of the month in the volume
  step's draw order once more (`calc.scenarios.month_targets`,
  `calc.scenarios.volume_priority`; the draw order is the same for every
  factor of one seed). A month's sum is then ``copies[m] * (the month's sum)
  + (the sum of its first extra[m] records in draw order)``: one cumulative
  sum per share, once, then a few integers per point. Copies moved by whole
  weeks keep their weekday and minute, so their charges are the record's own;
  a tariff for which a date can change a charge (holidays, deck rows that
  come into force on a date) or that counts seats from peak concurrency or
  covers calls with a team (both depend on when each copy starts) is priced
  on the scenario log instead.
- **Durations** (`duration_totals`): records with the same month, channel,
  direction, answered and resolved flags and length are charged the same and
  get the same new length, so each group is priced once and counted as many
  times as it has records; for a tariff with time bands or a rate deck the
  band and the deck row of each record (which a new length never changes) are
  part of the group too. Seats from peak concurrency and covering teams depend
  on the other calls in progress: such tariffs are priced on the scenario log.

Both give totals equal, to the last digit, to ``price(prepare_scenario(log,
scenario), tariff).total`` (tests/calc/test_record_shares.py checks this on
random logs and tariffs); only totals are given, not the other figures of a
`calc.rating.TariffResult`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from calc.calls import MAX_DURATION_S
from calc.components import PerEvent, PerMinute, PerSeat
from calc.decks import DeckIndex
from calc.partial_results import tier_costs
from calc.periods import Period
from calc.prepared import US_PER_SECOND, PreparedLog
from calc.rating import finish_months, price
from calc.scenarios import VOICE, Scenario, month_targets, prepare_scenario, volume_priority
from calc.schedule import parse_schedule
from calc.tariff import Tariff, money_scale
from calc.usage import Units, Usage, price_per_event, price_per_minute

__all__ = ["PointTotals", "volume_totals", "duration_totals", "by_shares_on_volume", "by_shares_on_durations"]

_SAFE = 2**62


@dataclass(frozen=True)
class PointTotals:
    """One scenario log, priced: what a curve shows of it.

    Attributes
    ----------
    records, voice_records : int
        The scenario log's records, and those of them on the voice channel.
    answered_calls : int
        Its answered voice records.
    talk_us : int
        Their talk time [us].
    totals : list of Decimal
        Each tariff's total [currency], in the order the tariffs were given.
    """

    records: int
    voice_records: int
    answered_calls: int
    talk_us: int
    totals: list[Decimal]


def by_shares_on_volume(tariff: Tariff) -> bool:
    r"""Whether `volume_totals` prices the tariff from record shares (else on each scenario log).

    Examples
    --------
    >>> from calc.tariff import parse_tariffs
    >>> [simple] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.1, included_minutes: 100}]")
    >>> by_shares_on_volume(simple)
    True
    """
    dated_rows = any(
        isinstance(c, PerMinute) and c.destinations is not None and any(r.effective_from for r in c.destinations)
        for c in tariff.components
    )
    return not (tariff.holidays or dated_rows or _needs_each_start(tariff))


def by_shares_on_durations(tariff: Tariff) -> bool:
    """Whether `duration_totals` prices the tariff from groups of records (else on each scenario log)."""
    return not _needs_each_start(tariff)


def _needs_each_start(tariff: Tariff) -> bool:
    peak_seats = any(isinstance(c, PerSeat) and c.seats == "peak_concurrent" for c in tariff.components)
    return peak_seats or tariff.covering_team is not None


@dataclass(frozen=True)
class _Shares:
    """One tariff's usage, record by record, in its integer unit."""

    units: Units
    charges: dict[str, np.ndarray]  # per usage component: each record's charge (fees only when volume-priced)
    billed: dict[str, np.ndarray]  # per volume-priced component: each record's billed seconds [s]


def _shares(log: PreparedLog, tariff: Tariff) -> _Shares:
    """Each record's charge under each usage component (as `calc.partials` maps a partition)."""
    units = Units(tariff.components, money_scale(tariff))
    holidays = tariff.holiday_days() if tariff.holidays else None
    charges, billed = {}, {}
    for label, component in zip(tariff.labels, tariff.components, strict=True):
        own = Usage(
            charges=np.zeros(log.records, dtype=np.int64),
            billed=np.zeros(log.records, dtype=np.int64),
            component_months={},
        )
        if isinstance(component, PerMinute):
            volume = component.has_volume_pricing
            if volume:  # fees per record here; the month's time charge from its billed total
                component = component.model_copy(
                    update={"tiers": None, "included_minutes": Decimal(0), "rate": Decimal(0)}
                )
            price_per_minute(log, component, units, None, own, label, tariff.round_per_call, tariff.decimals, holidays)
            if volume:
                billed[label] = own.billed
        elif isinstance(component, PerEvent):
            price_per_event(log, component, units, None, own, label)
        else:
            continue
        charges[label] = own.charges
    return _Shares(units, charges, billed)


@dataclass(frozen=True, eq=False)
class _Months:
    """What finishing the months asks of a scenario log that `calc.rating.finish_months` is given."""

    periods: list[Period]
    records: int
    has_time: bool
    days: np.ndarray
    agents: Callable[[], list[int]]

    def covered_days(self) -> np.ndarray:
        return self.days

    def agents_per_period(self) -> list[int]:
        return self.agents()

    def peak_concurrent_per_period(self) -> list[int]:  # such tariffs are priced on the scenario log
        raise NotImplementedError("seats from peak concurrency are not priced from record shares")


def _total(tariff: Tariff, shares: _Shares, months: _Months, month_sums: Callable[[np.ndarray], list[int]]) -> Decimal:
    """The tariff's total from its shares' month sums (``month_sums`` of a per-record array)."""
    per_currency = shares.units.per_currency
    usage_months = {}
    for label, charges in shares.charges.items():
        series = [Fraction(s, per_currency) for s in month_sums(charges)]
        if label in shares.billed:
            component = tariff.components[tariff.labels.index(label)]
            costs = tier_costs(component, shares.units, month_sums(shares.billed[label]))
            series = [fees + Fraction(cost, per_currency) for fees, cost in zip(series, costs, strict=True)]
        usage_months[label] = series
    return finish_months(months, tariff, usage_months).total


def _scenario_columns(base: PreparedLog, take: np.ndarray, duration_us: np.ndarray) -> PreparedLog:
    """Records `take` of the log with lengths `duration_us`, derived as `calc.scenarios.prepare_scenario` does."""
    record_period = base.record_period[take]
    return PreparedLog(
        call_log=base.call_log,
        order=np.arange(len(take)),
        start_us=base.start_us[take],
        duration_us=duration_us,
        ceil_s=-(-duration_us // US_PER_SECOND),
        duration_s=duration_us / US_PER_SECOND,
        channel=base.channel[take],
        direction=base.direction[take],
        answered=base.answered[take],
        resolved=base.resolved[take],
        periods=base.periods,
        period_first=np.searchsorted(record_period, np.arange(len(base.periods)), side="left").astype(np.int64),
        has_time=base.has_time,
        derived=(base, take),
    )


class _DrawOrder:
    """Month sums of a volume point: ``copies * month total + the month's first extra records in draw order``."""

    def __init__(self, log: PreparedLog, seed: int) -> None:
        self.log = log
        self.by_priority, _ = volume_priority(log, seed)
        self.bounds = np.append(log.period_first, log.records)
        self._cumulative: dict[int, np.ndarray] = {}

    def cumulative(self, values: np.ndarray) -> np.ndarray:
        """Running sums of `values` in draw order, with a 0 in front (exact: object when int64 could overflow)."""
        key = id(values)
        if key not in self._cumulative:
            ordered = values[self.by_priority]
            if ordered.dtype != object and int(np.abs(ordered).max(initial=0)) * max(len(ordered), 1) >= _SAFE:
                ordered = ordered.astype(object)
            self._cumulative[key] = np.concatenate((np.zeros(1, dtype=ordered.dtype), np.cumsum(ordered)))
        return self._cumulative[key]

    def month_sums(self, values: np.ndarray, copies: np.ndarray, extra: np.ndarray) -> list[int]:
        running = self.cumulative(values)
        first, stop = self.bounds[:-1], self.bounds[1:]
        whole = [int(running[b]) - int(running[a]) for a, b in zip(first, stop, strict=True)]
        drawn = [int(running[a + k]) - int(running[a]) for a, k in zip(first, extra, strict=True)]
        return [int(c) * w + d for c, w, d in zip(copies, whole, drawn, strict=True)]

    def agents(self, copies: np.ndarray, extra: np.ndarray) -> list[int]:
        """Distinct agents of each month of the point: all the month's, or those among its drawn records."""
        whole = self.log.agents_per_period()
        if all(copies >= 1):
            return whole
        agent = self.log.agent[self.by_priority]
        counts = []
        for month, (a, b) in enumerate(zip(self.bounds[:-1], self.bounds[1:], strict=True)):
            codes = agent[a : a + extra[month]] if copies[month] == 0 else agent[a:b]
            counts.append(len(np.unique(codes[codes >= 0])))
        return counts


def volume_totals(
    log: PreparedLog, tariffs: list[Tariff], factors: Sequence[float], seed: int = 0
) -> list[PointTotals]:
    r"""Each tariff's total on the log scaled by each factor, as the scenario engine prices it.

    Parameters
    ----------
    log : PreparedLog
    tariffs : list of Tariff
    factors : sequence of float
        Volume factors, each > 0.
    seed : int
        The scenarios' seed.

    Returns
    -------
    list of PointTotals
        Per factor, with each tariff's total equal to ``price(prepare_scenario(log,
        Scenario(volume_factor=factor, seed=seed)), tariff).total``.

    Examples
    --------
    >>> import pandas as pd
    >>> from calc import prepare, read_calls
    >>> from calc.tariff import parse_tariffs
    >>> log = prepare(read_calls(pd.DataFrame({"start": ["2026-01-05 09:00", "2026-01-12 09:00"],
    ...                                        "duration_s": [61, 30]})))
    >>> [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.10, included_minutes: 2}]")
    >>> [(point.records, point.totals) for point in volume_totals(log, [tariff], [1, 3])]
    [(2, [Decimal('0.10')]), (6, [Decimal('0.70')])]
    """
    if log.records == 0:
        return [_plain(log, tariffs, Scenario(volume_factor=f, seed=seed)) for f in factors]
    fast = [t for t in tariffs if by_shares_on_volume(t)]
    if fast:
        view = _scenario_columns(log, np.arange(log.records), log.duration_us)
        order = _DrawOrder(view, seed)
        shares = {t.name: _shares(view, t) for t in fast}
        voice = (view.channel == VOICE).astype(np.int64)
        talking = voice * view.answered
        talk_us = view.duration_us * talking
        ones = np.ones(log.records, dtype=np.int64)
    points = []
    for factor in factors:
        if factor == 1 or not fast:  # the log itself (its own columns) or nothing to share
            points.append(_plain(log, tariffs, Scenario(volume_factor=factor, seed=seed)))
            continue
        copies, extra = month_targets(view, factor)
        months = _Months(
            periods=log.periods,
            records=sum(order.month_sums(ones, copies, extra)),
            has_time=log.has_time,
            days=log.covered_days(),
            agents=lambda copies=copies, extra=extra: order.agents(copies, extra),
        )

        def sums(values: np.ndarray, copies: np.ndarray = copies, extra: np.ndarray = extra) -> list[int]:
            return order.month_sums(values, copies, extra)

        slow = [t for t in tariffs if t.name not in shares]
        scaled = prepare_scenario(log, Scenario(volume_factor=factor, seed=seed)) if slow else None
        totals = [
            _total(t, shares[t.name], months, sums) if t.name in shares else price(scaled, t, records=False).total
            for t in tariffs
        ]
        points.append(PointTotals(months.records, sum(sums(voice)), sum(sums(talking)), sum(sums(talk_us)), totals))
    return points


def _plain(log: PreparedLog, tariffs: list[Tariff], scenario: Scenario) -> PointTotals:
    point = prepare_scenario(log, scenario)
    voice = point.channel == VOICE
    talking = voice & point.answered
    return PointTotals(
        records=point.records,
        voice_records=int(voice.sum()),
        answered_calls=int(talking.sum()),
        talk_us=int(point.duration_us.sum(where=talking)),
        totals=[price(point, t, records=False).total for t in tariffs],
    )


def duration_totals(log: PreparedLog, tariffs: list[Tariff], factors: Sequence[float]) -> list[PointTotals]:
    r"""Each tariff's total with the answered calls' durations scaled by each factor, as the scenario engine prices it.

    Parameters
    ----------
    log : PreparedLog
    tariffs : list of Tariff
    factors : sequence of float
        Duration factors, each > 0 (`calc.scenarios.Scenario.duration_factor`).

    Returns
    -------
    list of PointTotals
        Per factor, with each tariff's total equal to ``price(prepare_scenario(log,
        Scenario(duration_factor=factor)), tariff).total``.

    Examples
    --------
    >>> import pandas as pd
    >>> from calc import prepare, read_calls
    >>> from calc.tariff import parse_tariffs
    >>> log = prepare(read_calls(pd.DataFrame({"duration_s": [20, 40, 40]})))
    >>> [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.10}]")
    >>> [point.totals for point in duration_totals(log, [tariff], [1, 2])]
    [[Decimal('0.30')], [Decimal('0.50')]]
    """
    voice = log.channel == VOICE
    voice_records = int(voice.sum())
    old = log.duration_us[voice & log.answered]
    whole_seconds = bool(np.all(old % US_PER_SECOND == 0))
    groups: dict[str, _Groups] = {}  # per tariff priced from groups; tariffs without bands or decks share one
    plain_groups = None
    for tariff in (t for t in tariffs if by_shares_on_durations(t) and log.records):
        classes = _start_classes(log, tariff)
        if not classes:
            plain_groups = plain_groups or _Groups(log, [])
        groups[tariff.name] = _Groups(log, classes) if classes else plain_groups
    points = []
    for factor in factors:
        scenario = Scenario(duration_factor=factor)
        if scenario.changes_nothing or not groups:
            points.append(_plain(log, tariffs, scenario))
            continue
        months = _Months(log.periods, log.records, log.has_time, log.covered_days(), log.agents_per_period)
        slow = [t for t in tariffs if t.name not in groups]
        scaled = prepare_scenario(log, scenario) if slow else None
        made: dict[int, tuple[PreparedLog, np.ndarray]] = {}
        totals = []
        for tariff in tariffs:
            if tariff.name not in groups:
                totals.append(price(scaled, tariff, records=False).total)
                continue
            grouping = groups[tariff.name]
            if id(grouping) not in made:
                made[id(grouping)] = grouping.point(factor, whole_seconds)
            point, weights = made[id(grouping)]

            def sums(values: np.ndarray, point: PreparedLog = point, weights: np.ndarray = weights) -> list[int]:
                return point.month_sums(_weighted(values, weights))

            totals.append(_total(tariff, _shares(point, tariff), months, sums))
        talk_us = int(_scaled(old, factor, whole_seconds).sum())
        points.append(PointTotals(log.records, voice_records, len(old), talk_us, totals))
    return points


def _scaled(old_us: np.ndarray, factor: float, whole_seconds: bool) -> np.ndarray:
    """Answered calls' new lengths [us], exactly as `calc.scenarios` scales them."""
    unit = US_PER_SECOND if whole_seconds else 1
    new = np.floor(old_us * factor / unit + 0.5) * unit
    return np.clip(new, 0, MAX_DURATION_S * US_PER_SECOND).astype(np.int64)


def _weighted(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``values * weights``, exact (Python integers when int64 could overflow)."""
    if values.dtype != object and int(np.abs(values).max(initial=0)) * int(weights.sum()) < _SAFE:
        return values * weights
    return values.astype(object) * weights.astype(object)


def _start_classes(log: PreparedLog, tariff: Tariff) -> list[np.ndarray]:
    """What else than its length a record's charge depends on under the tariff: time band, deck row.

    Each array holds, per record, the band (0: the component's own rate) or the deck row
    (-1: none) that prices it; both depend on the start and the number only.
    """
    holidays = tariff.holiday_days() if tariff.holidays else None
    classes = []
    for c in tariff.components:
        if not isinstance(c, PerMinute):
            continue
        if c.time_bands is not None and log.has_time:
            band = np.zeros(log.records, dtype=np.int64)
            for number in range(len(c.time_bands), 0, -1):  # the first band that covers wins
                band[parse_schedule(c.time_bands[number - 1].when).covers(log.start_us, holidays)] = number
            classes.append(band)
        if c.destinations is not None:
            numbers = log.normalized_destinations(c.country_code, c.national_prefix)
            classes.append(DeckIndex(c.destinations).lookup(numbers, log.start_days()).astype(np.int64))
    return classes


def _codes(code: np.ndarray, column: np.ndarray) -> np.ndarray:
    """One small code per distinct (code, column) pair, in their order (`code` the more significant)."""
    _, inverse = np.unique(column, return_inverse=True)
    _, combined = np.unique(code * (int(inverse.max(initial=0)) + 1) + inverse, return_inverse=True)
    return combined.astype(np.int64)


class _Groups:
    """The log's records grouped by month, channel, direction, answered, resolved, start classes and length."""

    def __init__(self, log: PreparedLog, classes: list[np.ndarray]) -> None:
        self.log = log
        key = log.record_period.astype(np.int64)
        for column, size in ((log.channel, 16), (log.direction, 16), (log.answered, 2), (log.resolved, 2)):
            key = key * size + column.astype(np.int64)
        for column in [*classes, log.duration_us]:
            key = _codes(key, column)
        _, self.first, self.counts = np.unique(key, return_index=True, return_counts=True)
        self.talking = log.answered[self.first] & (log.channel[self.first] == VOICE)

    def point(self, factor: float, whole_seconds: bool) -> tuple[PreparedLog, np.ndarray]:
        """One row per group with its new length, and the group sizes."""
        lengths = self.log.duration_us[self.first].astype(np.int64)
        lengths[self.talking] = _scaled(lengths[self.talking], factor, whole_seconds)
        return _scenario_columns(self.log, self.first, lengths), self.counts.astype(np.int64)
