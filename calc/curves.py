"""Cost curves over volume and call length, and where tariffs cross.

`volume_curve` prices the log scaled from 0.1x to 10x its records per month;
`duration_curve` prices it with the answered calls' mean duration moved from
10 s to 10 minutes (each call scaled by the same factor, so the shape of the
length distribution is kept; that is where round-up billing stops hurting).
Every point is one scenario (`calc.scenarios.Scenario`), and each tariff's total
there is the one `calc.rating.price` gives on `calc.scenarios.prepare_scenario`'s
log; `calc.record_shares` works it out from each record's share of the bill,
pricing no copy of a record twice, and prices the scenario log itself only for
the tariffs whose charges depend on when each copy starts.

`crossovers` reads a curve and says where one tariff becomes cheaper than
another, interpolating linearly between the two points around a change of sign.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import combinations

import numpy as np
import pandas as pd

from calc.calls import CallLog
from calc.errors import InputError
from calc.i18n import N_, _, format_number
from calc.money import round_half_up
from calc.rating import PreparedLog, prepare, price
from calc.record_shares import PointTotals, duration_totals, volume_totals
from calc.scenarios import VOICE
from calc.tariff import Tariff, check_unique_names

__all__ = [
    "VOLUME_FACTORS",
    "MEAN_DURATIONS_S",
    "CURVE_COLUMNS",
    "Crossover",
    "volume_curve",
    "duration_curve",
    "crossovers",
    "covered_months",
    "log_point",
    "log_points",
    "format_calls",
    "format_duration",
]

#: 25 volume factors from 0.1x to 10x, evenly spaced on a log scale (1x is the middle point).
VOLUME_FACTORS = tuple(float(f) for f in np.geomspace(0.1, 10, 25))
#: 25 mean call durations from 10 s to 10 minutes, evenly spaced on a log scale [s].
MEAN_DURATIONS_S = tuple(float(s) for s in np.geomspace(10, 600, 25))
CURVE_COLUMNS = (
    "curve",
    "tariff",
    "currency",
    "x",
    "unit",
    "volume_factor",
    "calls_per_month",
    "mean_duration_s",
    "total",
    "monthly_cost",
    "monthly_cost_value",
)


def covered_months(log: PreparedLog) -> Fraction:
    """How many months the log stands for: the sum of its months' covered shares (1 without timestamps).

    Examples
    --------
    >>> from calc import read_calls
    >>> covered_months(prepare(read_calls(pd.DataFrame({"start": ["2026-01-01", "2026-02-28"], "duration_s": [1, 1]}))))
    Fraction(2, 1)
    """
    return sum((period.proration for period in log.periods), Fraction(0))


def _points(values: Sequence[float], name: str, minimum_exclusive: float = 0.0) -> list[float]:
    points = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
            raise InputError(_("{name} must be numbers, got {value}").format(name=name, value=repr(value)))
        if not math.isfinite(value) or value <= minimum_exclusive:
            raise InputError(
                _("{name} must be finite and above {minimum}, got {value}").format(
                    name=name, minimum=format_number(Decimal(f"{minimum_exclusive:g}")), value=repr(value)
                )
            )
        points.append(float(value))
    if not points:
        raise InputError(_("{name} must hold at least one value").format(name=name))
    return points


def _check(tariffs: list[Tariff]) -> None:
    if not tariffs:
        raise InputError(_("no tariff for the curve: give at least one tariff"))
    check_unique_names(tariffs, "tariffs")


def _answered_voice_mean_s(log: PreparedLog) -> float:
    talking = log.answered & (log.channel == VOICE)
    return _mean_s(int(log.duration_us.sum(where=talking)), int(talking.sum()))


def _mean_s(talk_us: int, calls: int) -> float:
    """Mean talk time [s] from the exact sum [us], as numpy's mean gives it for sums below 2**53 us."""
    return float(talk_us) / calls / 1e6 if calls else 0.0


def _rows(
    curve: str, point: PointTotals, months: Fraction, tariffs: list[Tariff], unit: str, factor: float
) -> list[dict]:
    calls = point.records if unit == "records a month" else point.voice_records
    calls_per_month = float(Fraction(calls) / months) if months else 0.0
    mean_s = _mean_s(point.talk_us, point.answered_calls)
    rows = []
    for tariff, total in zip(tariffs, point.totals, strict=True):
        monthly = round_half_up(Fraction(total) / months, tariff.decimals) if months else Decimal(0)
        rows.append(
            {
                "curve": curve,
                "tariff": tariff.name,
                "currency": tariff.currency,
                "x": calls_per_month if curve == "volume" else mean_s,
                "unit": unit,
                "volume_factor": factor,
                "calls_per_month": calls_per_month,
                "mean_duration_s": mean_s,
                "total": total,
                "monthly_cost": monthly,
                "monthly_cost_value": float(monthly),
            }
        )
    return rows


def volume_curve(
    log: CallLog | PreparedLog,
    tariffs: list[Tariff],
    factors: Sequence[float] = VOLUME_FACTORS,
    seed: int = 0,
) -> pd.DataFrame:
    r"""Mean monthly cost of each tariff as the log's volume is scaled.

    Parameters
    ----------
    log : CallLog or PreparedLog
    tariffs : list of Tariff
        Names must be unique.
    factors : sequence of float
        Volume factors, each > 0 (see `calc.scenarios.Scenario.volume_factor`).
    seed : int
        The same seed at every point, so a smaller sample is part of a larger one.

    Returns
    -------
    pandas.DataFrame
        One row per factor and tariff, columns `CURVE_COLUMNS`: ``x`` is calls
        (voice records) per month, or records per month when the log has no
        voice record (``unit`` says which); ``total`` the exact total [currency,
        Decimal]; ``monthly_cost`` the total per covered month (`covered_months`),
        rounded half-up to the tariff's decimals [currency, Decimal];
        ``monthly_cost_value`` the same as float, for charts only.

    Raises
    ------
    InputError
        If there is no tariff, two share a name, or a factor is not above 0.

    Examples
    --------
    >>> from calc import read_calls
    >>> from calc.tariff import parse_tariffs
    >>> log = read_calls(pd.DataFrame({"start": ["2026-01-01 09:00", "2026-01-31 10:00"], "duration_s": [60, 60]}))
    >>> [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.10}]")
    >>> volume_curve(log, [tariff], [1, 2, 5])[["x", "monthly_cost"]].values.tolist()
    [[2.0, Decimal('0.20')], [4.0, Decimal('0.40')], [10.0, Decimal('1.00')]]
    """
    _check(tariffs)
    points = _points(factors, "factors")
    base = log if isinstance(log, PreparedLog) else prepare(log)
    unit = N_("calls a month") if (base.channel == VOICE).any() or base.records == 0 else N_("records a month")
    months = covered_months(base)  # a scenario keeps the log's months
    rows = []
    for factor, point in zip(points, volume_totals(base, tariffs, points, seed), strict=True):
        rows += _rows("volume", point, months, tariffs, unit, factor)
    return pd.DataFrame(rows, columns=list(CURVE_COLUMNS))


def duration_curve(
    log: CallLog | PreparedLog,
    tariffs: list[Tariff],
    mean_durations_s: Sequence[float] = MEAN_DURATIONS_S,
) -> pd.DataFrame:
    r"""Mean monthly cost of each tariff as the answered calls' mean duration changes.

    Parameters
    ----------
    log : CallLog or PreparedLog
        Must hold answered voice records.
    tariffs : list of Tariff
        Names must be unique.
    mean_durations_s : sequence of float
        Target mean talk time of answered calls, each > 0 [s]. Every call is
        scaled by ``target / the log's mean`` (whole seconds kept whole).

    Returns
    -------
    pandas.DataFrame
        As `volume_curve`, with ``x`` the mean talk time the scaled log really has
        (within half a second of the target when durations are whole seconds) [s]
        and ``unit`` ``"s"``; ``volume_factor`` is 1.

    Raises
    ------
    InputError
        If there is no tariff, two share a name, a duration is not above 0, or
        the log has no answered voice record.

    Examples
    --------
    >>> from calc import read_calls
    >>> from calc.tariff import parse_tariffs
    >>> log = read_calls(pd.DataFrame({"duration_s": [20, 40]}))
    >>> [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.10}]")
    >>> duration_curve(log, [tariff], [30, 90])[["x", "monthly_cost"]].values.tolist()
    [[30.0, Decimal('0.20')], [90.0, Decimal('0.30')]]
    """
    _check(tariffs)
    points = _points(mean_durations_s, "mean_durations_s")
    base = log if isinstance(log, PreparedLog) else prepare(log)
    mean_s = _answered_voice_mean_s(base)
    if mean_s == 0:
        raise InputError(_("duration curve: the log has no answered voice call with a talk time to scale"))
    months = covered_months(base)
    rows = []
    for point in duration_totals(base, tariffs, [target / mean_s for target in points]):
        rows += _rows("duration", point, months, tariffs, "s", 1.0)
    return pd.DataFrame(rows, columns=list(CURVE_COLUMNS))


def log_point(log: CallLog | PreparedLog, tariffs: list[Tariff], curve: str = "volume") -> pd.DataFrame:
    r"""Where the log itself sits on a curve: one row per tariff, as `volume_curve` gives them.

    Parameters
    ----------
    log : CallLog or PreparedLog
    tariffs : list of Tariff
        Names must be unique.
    curve : {"volume", "duration"}
        The curve the point belongs to: its ``x`` is the log's own calls a month or
        mean talk time of answered calls [s].

    Returns
    -------
    pandas.DataFrame
        Columns `CURVE_COLUMNS`, ``volume_factor`` 1: the log priced as it is.

    Raises
    ------
    InputError
        If there is no tariff, two share a name, or `curve` is neither name.

    Examples
    --------
    >>> from calc import read_calls
    >>> from calc.tariff import parse_tariffs
    >>> log = read_calls(pd.DataFrame({"start": ["2026-01-01 09:00", "2026-01-31 10:00"], "duration_s": [20, 40]}))
    >>> [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.10}]")
    >>> log_point(log, [tariff], "duration")[["x", "monthly_cost"]].values.tolist()
    [[30.0, Decimal('0.20')]]
    """
    if curve not in ("volume", "duration"):
        raise InputError(_('curve must be "volume" or "duration", got {value}').format(value=repr(curve)))
    return log_points(log, tariffs)[curve]


def log_points(log: CallLog | PreparedLog, tariffs: list[Tariff]) -> dict[str, pd.DataFrame]:
    """Where the log itself sits on both curves, each tariff priced once: ``{"volume": ..., "duration": ...}``.

    As `log_point` gives each; raises as it does.
    """
    _check(tariffs)
    base = log if isinstance(log, PreparedLog) else prepare(log)
    voice = base.channel == VOICE
    talking = voice & base.answered
    point = PointTotals(
        records=base.records,
        voice_records=int(voice.sum()),
        answered_calls=int(talking.sum()),
        talk_us=int(base.duration_us.sum(where=talking)),
        totals=[price(base, tariff, records=False).total for tariff in tariffs],
    )
    months = covered_months(base)
    units = {
        "volume": N_("calls a month") if voice.any() or base.records == 0 else N_("records a month"),
        "duration": "s",
    }
    return {
        curve: pd.DataFrame(_rows(curve, point, months, tariffs, unit, 1.0), columns=list(CURVE_COLUMNS))
        for curve, unit in units.items()
    }


def format_calls(count: float) -> str:
    """A count of calls for a sentence: three significant figures, whole numbers.

    Parameters
    ----------
    count : float
        Calls (or records) a month, >= 0.

    Returns
    -------
    str
        With thousands separators.

    Examples
    --------
    >>> format_calls(14_213.7), format_calls(842.4), format_calls(7.5), format_calls(1625)
    ('14,200', '842', '8', '1,630')
    """
    step = 10 ** max(int(math.floor(math.log10(count))) - 2, 0) if count >= 1 else 1
    return format_number(math.floor(count / step + 0.5) * step)


def format_duration(seconds: float) -> str:
    """A length of time in minutes and seconds, to the second.

    Parameters
    ----------
    seconds : float
        A duration, >= 0 [s].

    Returns
    -------
    str
        ``"45 s"``, ``"2 min 10 s"`` or ``"10 min"``.

    Examples
    --------
    >>> format_duration(130.4), format_duration(45), format_duration(600)
    ('2 min 10 s', '45 s', '10 min')
    """
    whole = math.floor(seconds + 0.5)
    minutes, rest = divmod(whole, 60)
    if not minutes:
        return _("{seconds} s").format(seconds=rest)
    if not rest:
        return _("{minutes} min").format(minutes=format_number(minutes))
    return _("{minutes} min {seconds} s").format(minutes=format_number(minutes), seconds=rest)


@dataclass(frozen=True)
class Crossover:
    """Where one tariff becomes cheaper than another along a curve.

    Attributes
    ----------
    curve : str
        ``"volume"`` or ``"duration"``.
    cheaper : str
        The tariff that is cheaper above `at`.
    dearer : str
        The tariff that is cheaper below `at`.
    at : float
        Where the costs meet, interpolated linearly between `low` and `high`
        (calls or records per month, or mean call duration [s]).
    low, high : float
        The curve points around the change.
    sentence : str
        E.g. "Vendor B becomes cheaper than Vendor A above 14,200 calls a month".
    """

    curve: str
    cheaper: str
    dearer: str
    at: float
    low: float
    high: float
    sentence: str


def _sentence(curve: str, unit: str, cheaper: str, dearer: str, at: float) -> str:
    if curve == "duration":
        sentence = _("{cheaper} becomes cheaper than {dearer} for calls longer than {duration}")
        return sentence.format(cheaper=cheaper, dearer=dearer, duration=format_duration(at))
    if unit == "calls a month":  # not user text: the unit's key in the curve
        sentence = _("{cheaper} becomes cheaper than {dearer} above {count} calls a month")
    elif unit == "records a month":  # not user text: the unit's key in the curve
        sentence = _("{cheaper} becomes cheaper than {dearer} above {count} records a month")
    else:
        sentence = _("{cheaper} becomes cheaper than {dearer} above {count} {unit}")
    return sentence.format(cheaper=cheaper, dearer=dearer, count=format_calls(at), unit=unit)


def crossovers(curve: pd.DataFrame) -> list[Crossover]:
    """Where the tariffs of a curve change places, pair by pair, in words.

    Parameters
    ----------
    curve : pandas.DataFrame
        From `volume_curve` or `duration_curve` (points in increasing ``x``).

    Returns
    -------
    list of Crossover
        Ordered by position. Only tariffs of the same currency are compared. The
        difference of two totals is exact at each point; between two points of
        opposite sign the crossing is placed by linear interpolation. When two
        tariffs cost exactly the same over a run of points, the crossing is put
        at the last of them (above it, the other one is cheaper).

    Raises
    ------
    InputError
        If the frame is not a curve.

    Examples
    --------
    >>> points = pd.DataFrame({"curve": "volume", "unit": "calls a month", "currency": "EUR",
    ...     "tariff": ["A", "B"] * 2, "x": [1000.0, 1000.0, 2000.0, 2000.0],
    ...     "total": [Decimal(100), Decimal(150), Decimal(200), Decimal(170)]})
    >>> [c.sentence for c in crossovers(points)]
    ['B becomes cheaper than A above 1,630 calls a month']
    """
    missing = sorted({"curve", "tariff", "currency", "x", "unit", "total"} - set(curve.columns))
    if missing:
        raise InputError(_("curve: not a cost curve, missing column {column}").format(column=repr(missing[0])))
    if curve.empty:
        return []
    kind = str(curve["curve"].iloc[0])
    unit = str(curve["unit"].iloc[0])
    names = list(dict.fromkeys(curve["tariff"]))
    series = {name: curve[curve["tariff"] == name].sort_values("x", kind="stable") for name in names}
    found = []
    for first, second in combinations(names, 2):
        a, b = series[first], series[second]
        if a["currency"].iloc[0] != b["currency"].iloc[0] or len(a) != len(b):
            continue
        x = a["x"].to_numpy(dtype=float)
        difference = [Fraction(tb) - Fraction(ta) for ta, tb in zip(a["total"], b["total"], strict=True)]
        found += _changes(kind, unit, first, second, x, difference)
    return sorted(found, key=lambda crossing: (crossing.at, crossing.cheaper, crossing.dearer))


def _changes(kind: str, unit: str, a: str, b: str, x: np.ndarray, difference: list[Fraction]) -> list[Crossover]:
    """Sign changes of ``cost(b) - cost(a)`` along `x`."""
    signs = [(d > 0) - (d < 0) for d in difference]
    nonzero = [i for i, sign in enumerate(signs) if sign]
    found = []
    for before, after in zip(nonzero[:-1], nonzero[1:], strict=True):
        if signs[before] == signs[after]:
            continue
        cheaper, dearer = (b, a) if signs[after] < 0 else (a, b)
        if after == before + 1:
            d0, d1 = float(difference[before]), float(difference[after])
            at = float(x[before] + (x[after] - x[before]) * d0 / (d0 - d1))
            low, high = float(x[before]), float(x[after])
        else:
            at = low = high = float(x[after - 1])
        found.append(Crossover(kind, cheaper, dearer, at, low, high, _sentence(kind, unit, cheaper, dearer, at)))
    return found
