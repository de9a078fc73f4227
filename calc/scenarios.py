"""What-if scenarios: a real call log transformed, seeded and reproducible, then priced as usual.

A `Scenario` scales the volume, scales or shifts call durations, changes the
answer rate or the channel mix. `apply` returns a new `CallLog` (the rejected
rows of the original are kept as they were); `prepare_scenario` returns the
same log already prepared for pricing, straight from the columns of a
`PreparedLog`, which is what curves use. Either way the scenario is priced by
`calc.rating.price`, so tiers, bundles, minimums and teams behave as they
really would.

The steps run in this order, each with its own random stream derived from the
seed (so changing one step never changes what another drew):

1. **Volume** (``volume_factor`` k): each calendar month of ``n`` records gets
   ``round(k * n)`` records (half up). Every record is taken ``floor(k)`` times
   and a seeded random choice of the month's records (without replacement)
   once more for the fraction. One copy of a record keeps its start; the others
   move to a random day of the same month, within the log's covered days, on
   the same weekday, at the same time of day. So the hourly and weekday shape
   is kept, ``k = 1`` is the log itself, and ``k < 1`` is a plain subsample.
   The log's first and last records are always kept, so months, covered days
   and the proration of fixed fees stay those of the real log.
2. **Channel mix** (``channel_mix``, shares normalized to 1): as few records as
   possible change channel, chosen at random, to reach the shares exactly
   (largest remainder). A record that joins a channel takes the duration and
   answered flag of a random record of that channel in the log, when there is
   one (an SMS turned into a call gets a call's length), else keeps its own.
3. **Answer rate** (``answer_rate``, share of answered voice records): random
   unanswered calls become answered, with the talk time of a random answered
   call; or random answered calls become unanswered, with 0 s of talk time
   (``duration_s`` is billable time, which an unanswered call has none of).
4. **Durations** (``duration_factor``, ``duration_shift_s``): answered voice
   records get ``duration_s * factor + shift``, clipped at 0. When the log's
   call durations are whole seconds, as CDRs write them, the new ones are
   rounded to whole seconds too (half up), so scaling adds no fraction of a
   second that 1/1 billing would round up.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd

from calc.calls import CHANNELS, DIRECTIONS, MAX_DURATION_S, CallLog, normalize_records
from calc.errors import InputError
from calc.i18n import _, format_number, format_percent
from calc.rating import PreparedLog, prepare

__all__ = ["Scenario", "apply", "prepare_scenario", "month_targets", "volume_priority", "VOICE"]

_US = 1_000_000
_DAY_US = 86_400 * _US
_WEEK_US = 7 * _DAY_US
VOICE = CHANNELS.index("voice")
_STEPS = ("volume", "channel_mix", "answer_rate", "durations")


def _finite(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InputError(_("{name} must be a number, got {value}").format(name=name, value=repr(value)))
    number = float(value)
    if not math.isfinite(number):
        raise InputError(_("{name} must be a finite number, got {value}").format(name=name, value=repr(value)))
    return number


@dataclass(frozen=True)
class Scenario:
    """How to transform a call log; the default changes nothing.

    Attributes
    ----------
    volume_factor : float
        Records per month relative to the log, > 0 (2 doubles it, 0.5 halves it).
    duration_factor : float
        Multiplies answered calls' talk time, >= 0.
    duration_shift_s : float
        Added to answered calls' talk time after the factor [s]; the result is clipped at 0.
    answer_rate : float or None
        Share of voice records that are answered, 0 to 1; None keeps the log's.
    channel_mix : dict of str to float, or None
        Share of records per channel (missing channels get 0); normalized to sum 1.
        Stored as a tuple of ``(channel, share)`` pairs so the scenario stays hashable.
    seed : int
        Seed of every random choice; the same seed gives the same log.

    Examples
    --------
    >>> Scenario(volume_factor=2, channel_mix={"voice": 3, "chat": 1}).describe()
    'volume x2, channel mix voice 75% chat 25%'
    """

    volume_factor: float = 1.0
    duration_factor: float = 1.0
    duration_shift_s: float = 0.0
    answer_rate: float | None = None
    channel_mix: tuple[tuple[str, float], ...] | Mapping[str, float] | None = None
    seed: int = 0
    _shares: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        volume = _finite(self.volume_factor, "volume_factor")
        if volume <= 0:
            raise InputError(_("volume_factor must be above 0, got {value}").format(value=repr(self.volume_factor)))
        factor = _finite(self.duration_factor, "duration_factor")
        if factor < 0:
            raise InputError(
                _("duration_factor must be 0 or more, got {value}").format(value=repr(self.duration_factor))
            )
        shift = _finite(self.duration_shift_s, "duration_shift_s")
        rate = None if self.answer_rate is None else _finite(self.answer_rate, "answer_rate")
        if rate is not None and not 0 <= rate <= 1:
            raise InputError(_("answer_rate must be between 0 and 1, got {value}").format(value=repr(self.answer_rate)))
        if isinstance(self.seed, bool) or not isinstance(self.seed, int | np.integer) or self.seed < 0:
            raise InputError(_("seed must be a whole number >= 0, got {value}").format(value=repr(self.seed)))
        object.__setattr__(self, "volume_factor", volume)
        object.__setattr__(self, "duration_factor", factor)
        object.__setattr__(self, "duration_shift_s", shift)
        object.__setattr__(self, "answer_rate", rate)
        object.__setattr__(self, "seed", int(self.seed))
        if self.channel_mix is not None:
            mix = dict(self.channel_mix)
            unknown = sorted(set(map(str, mix)) - set(CHANNELS))
            if unknown:
                raise InputError(
                    _("channel_mix: unknown channel {channel}, expected some of {channels}").format(
                        channel=repr(unknown[0]), channels=", ".join(CHANNELS)
                    )
                )
            shares = np.zeros(len(CHANNELS))
            for channel, share in mix.items():
                value = _finite(share, _("channel_mix share of {channel}").format(channel=repr(channel)))
                if value < 0:
                    raise InputError(
                        _("channel_mix share of {channel} must be 0 or more, got {value}").format(
                            channel=repr(channel), value=repr(share)
                        )
                    )
                shares[CHANNELS.index(channel)] = value
            if shares.sum() <= 0:
                raise InputError(
                    _("channel_mix shares must add up to more than 0, got {value}").format(value=repr(mix))
                )
            shares /= shares.sum()
            pairs = tuple((channel, float(share)) for channel, share in zip(CHANNELS, shares, strict=True) if share)
            object.__setattr__(self, "channel_mix", pairs)
            object.__setattr__(self, "_shares", shares)

    @property
    def changes_nothing(self) -> bool:
        """True for the identity scenario."""
        return (
            self.volume_factor == 1
            and self.duration_factor == 1
            and self.duration_shift_s == 0
            and self.answer_rate is None
            and self.channel_mix is None
        )

    def describe(self) -> str:
        """The scenario in a few words, e.g. ``volume x2, durations x1.5 +10 s``."""
        parts = []
        if self.volume_factor != 1:
            parts.append(_("volume x{factor}").format(factor=_short_number(self.volume_factor)))
        if self.duration_factor != 1 or self.duration_shift_s != 0:
            factor, shift = _short_number(self.duration_factor), _short_number(self.duration_shift_s, sign=True)
            if self.duration_factor != 1 and self.duration_shift_s:
                parts.append(_("durations x{factor} {shift} s").format(factor=factor, shift=shift))
            elif self.duration_factor != 1:
                parts.append(_("durations x{factor}").format(factor=factor))
            else:
                parts.append(_("durations {shift} s").format(shift=shift))
        if self.answer_rate is not None:
            parts.append(_("answer rate {share}").format(share=format_percent(self.answer_rate, 0)))
        if self.channel_mix is not None:
            mix = " ".join(f"{channel} {format_percent(share, 0)}" for channel, share in self.channel_mix)
            parts.append(_("channel mix {mix}").format(mix=mix))
        return ", ".join(parts) or _("as logged")


def _short_number(value: float, sign: bool = False) -> str:
    """`value` with at most six significant digits (as ``:g`` writes it) in the current language's way."""
    text = format_number(Decimal(f"{abs(value):g}"))
    return ("-" if value < 0 else "+" if sign else "") + text


def _rng(scenario: Scenario, step: str) -> np.random.Generator:
    return np.random.default_rng([scenario.seed, _STEPS.index(step)])


def _forced(base: PreparedLog) -> np.ndarray:
    """The records every volume keeps: the first and the last (the log's calendar: first and last day covered)."""
    forced = np.zeros(base.records, dtype=bool)
    forced[[0, base.records - 1]] = True
    return forced


def month_targets(base: PreparedLog, factor: float) -> tuple[np.ndarray, np.ndarray]:
    """How a volume factor scales each month: whole copies of its records, and how many more are drawn.

    Parameters
    ----------
    base : PreparedLog
        The log, with at least one record.
    factor : float
        The volume factor, > 0.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Per month: ``copies``, how many times each of its records is taken, and ``extra``,
        how many of its records are taken once more (the first ones in `volume_priority` order).

    Examples
    --------
    >>> from calc import prepare, read_calls
    >>> log = prepare(read_calls(pd.DataFrame({"start": ["2026-01-05", "2026-01-06", "2026-01-07"],
    ...                                        "duration_s": [60, 30, 10]})))
    >>> [a.tolist() for a in month_targets(log, 1.7)]
    [[1], [2]]
    """
    months = len(base.periods)
    period = base.record_period
    per_month = np.bincount(period, minlength=months)
    target = np.floor(factor * per_month + 0.5).astype(np.int64)
    target = np.maximum(target, np.bincount(period[_forced(base)], minlength=months))
    copies = target // np.maximum(per_month, 1)
    return copies, target - copies * per_month


def volume_priority(base: PreparedLog, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The order in which a volume scenario draws each month's extra records: the same for every factor.

    Parameters
    ----------
    base : PreparedLog
        The log, with at least one record.
    seed : int
        The scenario's seed.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``by_priority``, record positions month by month in the order they are drawn (the
        log's first and last records first in their months), and ``rank``, each record's
        place in its month's order (0 first): a factor's extra records are those with
        ``rank < extra`` of their month (`month_targets`).
    """
    return _priority(base, np.random.default_rng([seed, _STEPS.index("volume")]), seed)


_PRIORITY = "volume_priority"  # the cache key of the volume stream's draw order


def _priority(base: PreparedLog, rng: np.random.Generator, seed: int) -> tuple[np.ndarray, np.ndarray]:
    count = base.records
    priority = rng.random(count)  # the volume stream's first draw, the same for every factor: always drawn
    key = (_PRIORITY, seed)
    if key not in base._cache:  # sorted once per log and seed, for every factor (a curve has 25)
        period = base.record_period
        priority[_forced(base)] = -0.5  # before any other record of its month
        by_priority = np.argsort(period * 2.0 + priority)
        rank = np.empty(count, dtype=np.int64)
        rank[by_priority] = np.arange(count) - base.period_first[period[by_priority]]
        for older in [k for k in base._cache if k[0] == _PRIORITY]:  # one seed kept: 16 bytes a record
            del base._cache[older]
        base._cache[key] = (by_priority, rank)
    return base._cache[key]


def _volume(base: PreparedLog, factor: float, rng: np.random.Generator, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Which base records (sorted positions) make up the scaled log, and their starts [us]."""
    count = base.records
    if count == 0:
        return np.arange(0), base.start_us
    period = base.record_period
    copies, extra = month_targets(base, factor)
    _, rank = _priority(base, rng, seed)
    record_copies = copies[period]
    chosen = rank < extra[period]
    kept = np.flatnonzero((record_copies >= 1) | chosen)
    moved = np.repeat(np.arange(count), np.maximum(record_copies - 1, 0) + (chosen & (record_copies >= 1)))
    take = np.concatenate([kept, moved])
    if not base.has_time:
        return np.sort(take), np.zeros(len(take), dtype=np.int64)
    # Per base record, once: how many whole weeks it may move back and forth, staying
    # inside its month and the log's covered days.
    day = base.start_us // _DAY_US
    month_first = np.array([np.datetime64(p.label, "D") for p in base.periods]).astype(np.int64)
    month_next = np.array([np.datetime64(p.label, "M") + 1 for p in base.periods]).astype("datetime64[D]")
    low = np.maximum(month_first, day[0])[period]
    high = np.minimum(month_next.astype(np.int64) - 1, day[-1])[period]
    weeks_back = (day - low) // 7
    choices = weeks_back + (high - day) // 7 + 1
    weeks = (rng.random(len(moved)) * choices[moved]).astype(np.int64) - weeks_back[moved]
    # Starts in steps of their common divisor (usually a second) leave room in an int64
    # for each record's position: one fast unstable sort then gives the stable order.
    relative = base.start_us - base.start_us[0]
    step = math.gcd(int(np.gcd.reduce(relative)), _WEEK_US)
    relative //= step
    steps = np.concatenate([relative[kept], relative[moved] + weeks * (_WEEK_US // step)])
    bits = len(take).bit_length()
    if int(steps.max()) < 2 ** (62 - bits):
        order = np.argsort((steps << bits) | np.arange(len(take)))
    else:
        order = np.argsort(steps, kind="stable")
    return take[order], base.start_us[0] + steps[order] * step


def _channel_mix(
    shares: np.ndarray,
    channel: np.ndarray,
    duration_us: np.ndarray,
    answered: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """Move as few records as possible between channels to reach `shares` (in place)."""
    count = len(channel)
    if count == 0:
        return
    raw = shares * count
    target = np.floor(raw).astype(np.int64)
    # Largest remainder; ties go to the channel listed first.
    short = count - int(target.sum())
    target[np.argsort(-(raw - target), kind="stable")[:short]] += 1
    current = np.bincount(channel, minlength=len(CHANNELS))
    surplus = np.maximum(current - target, 0)
    by_channel = np.lexsort((rng.random(count), channel))
    first = np.concatenate(([0], np.cumsum(current)[:-1]))
    rank = np.empty(count, dtype=np.int64)
    rank[by_channel] = np.arange(count) - first[channel[by_channel]]
    leavers = rng.permutation(np.flatnonzero(rank < surplus[channel]))
    joined = np.repeat(np.arange(len(CHANNELS)), np.maximum(target - current, 0))
    # Donors: a random record of the channel joined, from the log before the change.
    pick = rng.random(len(joined))
    has_donor = current[joined] > 0
    joining = joined[has_donor]
    donor = by_channel[first[joining] + (pick[has_donor] * current[joining]).astype(np.int64)]
    duration_us[leavers[has_donor]] = duration_us[donor]
    answered[leavers[has_donor]] = answered[donor]
    channel[leavers] = joined


def _answer_rate(
    rate: float,
    channel: np.ndarray,
    duration_us: np.ndarray,
    answered: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """Flip random voice records' answered flag to reach `rate` (in place)."""
    voice = channel == VOICE
    calls = int(voice.sum())
    target = math.floor(rate * calls + 0.5)
    talking = np.flatnonzero(voice & answered)
    if target > len(talking):
        if len(talking) == 0:
            raise InputError(
                _("answer_rate {rate}: the log has no answered voice call to take a talk time from").format(
                    rate=_short_number(rate)
                )
            )
        silent = np.flatnonzero(voice & ~answered)
        flipped = rng.choice(silent, target - len(talking), replace=False)
        duration_us[flipped] = duration_us[talking[rng.integers(0, len(talking), len(flipped))]]
        answered[flipped] = True
    elif target < len(talking):
        flipped = rng.choice(talking, len(talking) - target, replace=False)
        duration_us[flipped] = 0
        answered[flipped] = False


def _durations(scenario: Scenario, channel: np.ndarray, duration_us: np.ndarray, answered: np.ndarray) -> None:
    """Scale and shift answered calls' talk time (in place)."""
    calls = np.flatnonzero(answered & (channel == VOICE))
    old = duration_us[calls]
    new = old * scenario.duration_factor + scenario.duration_shift_s * _US
    whole_seconds = bool(np.all(old % _US == 0))
    unit = _US if whole_seconds else 1
    new = np.floor(new / unit + 0.5) * unit
    duration_us[calls] = np.clip(new, 0, MAX_DURATION_S * _US).astype(np.int64)


def prepare_scenario(log: CallLog | PreparedLog, scenario: Scenario) -> PreparedLog:
    """The scenario's log, prepared for pricing (no re-reading, no re-sorting of text).

    Parameters
    ----------
    log : CallLog or PreparedLog
        The real log; a `PreparedLog` is used as it is (prepare it once for many scenarios).
    scenario : Scenario

    Returns
    -------
    PreparedLog
        Equal, column for column, to ``prepare(apply(log, scenario))``; its ``log`` is that `CallLog`.

    Raises
    ------
    InputError
        If the answer rate asks for answered calls in a log that has none.

    Examples
    --------
    >>> from calc import read_calls
    >>> log = read_calls(pd.DataFrame({"start": ["2026-01-05 09:00", "2026-01-12 10:00"], "duration_s": [60, 30]}))
    >>> scaled = prepare_scenario(log, Scenario(volume_factor=3, seed=1))
    >>> scaled.records, int((scaled.start_us // 3_600_000_000 % 24 == 9).sum())
    (6, 3)
    """
    base = log if isinstance(log, PreparedLog) else prepare(log)
    if scenario.changes_nothing:
        return base
    if scenario.volume_factor == 1:
        take, start_us = np.arange(base.records), base.start_us
    else:
        take, start_us = _volume(base, scenario.volume_factor, _rng(scenario, "volume"), scenario.seed)
    channel = base.channel[take]
    duration_us = base.duration_us[take]
    answered = base.answered[take]
    if scenario.channel_mix is not None:
        _channel_mix(scenario._shares, channel, duration_us, answered, _rng(scenario, "channel_mix"))
    if scenario.answer_rate is not None:
        _answer_rate(scenario.answer_rate, channel, duration_us, answered, _rng(scenario, "answer_rate"))
    if scenario.duration_factor != 1 or scenario.duration_shift_s != 0:
        _durations(scenario, channel, duration_us, answered)
    record_period = base.record_period[take]  # moves stay in their month; the calendar is the log's
    direction = base.direction[take]

    def call_log() -> CallLog:
        """The scenario's records, built when asked (pricing never asks: it reads the columns below)."""
        start = start_us.astype("datetime64[us]") if base.has_time else np.full(len(take), "NaT", "datetime64[us]")
        # Only the columns no step changes are copied from the log (text columns are slow to copy).
        copied = [name for name in ("line", "agent", "destination", "resolved") if name in base.log.records.columns]
        kept = base.log.records[copied].take(base.order[take]).reset_index(drop=True)
        columns = {
            **{name: kept[name] for name in copied},
            "start": start,
            "duration_s": duration_us / _US,
            "channel": pd.Categorical.from_codes(channel, categories=CHANNELS),
            "direction": pd.Categorical.from_codes(direction, categories=DIRECTIONS),
            "answered": answered,
        }
        records = pd.DataFrame({name: columns[name] for name in base.log.records.columns})
        source = _("{source} ({scenario}, seed {seed})").format(
            source=base.log.source, scenario=scenario.describe(), seed=scenario.seed
        )
        return CallLog(records=records, rejected=base.log.rejected, source=source)

    return PreparedLog(
        call_log=call_log,
        order=np.arange(len(take)),
        start_us=start_us,
        duration_us=duration_us,
        ceil_s=-(-duration_us // _US),
        duration_s=duration_us / _US,
        channel=channel,
        direction=direction,
        answered=answered,
        resolved=base.resolved[take],
        periods=base.periods,
        period_first=np.searchsorted(record_period, np.arange(len(base.periods)), side="left").astype(np.int64),
        has_time=base.has_time,
        derived=(base, take),
    )


def apply(records_or_log: CallLog | PreparedLog | pd.DataFrame, scenario: Scenario) -> CallLog:
    """Transform a call log by a scenario, seeded and reproducible (see the module notes).

    Parameters
    ----------
    records_or_log : CallLog, PreparedLog or pandas.DataFrame
        The real log; a DataFrame is read with `calc.calls.normalize_records` first.
    scenario : Scenario

    Returns
    -------
    CallLog
        New records sorted by start (``line`` is the source line of the record each
        was drawn from); the original's rejected rows, unchanged.

    Raises
    ------
    InputError
        If the records cannot be read, or the answer rate asks for answered calls in a log that has none.

    Examples
    --------
    >>> frame = pd.DataFrame({"duration_s": [30, 30, 0, 0]})
    >>> log = apply(frame, Scenario(answer_rate=1.0, duration_factor=2, seed=3))
    >>> log.records["duration_s"].tolist(), int(log.records["answered"].sum())
    ([60.0, 60.0, 60.0, 60.0], 4)
    """
    if isinstance(records_or_log, pd.DataFrame):
        records_or_log = normalize_records(records_or_log, "records")
    if not isinstance(records_or_log, CallLog | PreparedLog):
        raise InputError(
            _("records_or_log must be a CallLog, PreparedLog or DataFrame, got {type}").format(
                type=type(records_or_log)
            )
        )
    if scenario.changes_nothing:
        return records_or_log.log if isinstance(records_or_log, PreparedLog) else records_or_log
    return prepare_scenario(records_or_log, scenario).log
