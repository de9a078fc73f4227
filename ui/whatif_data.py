"""The What-if page's calculations, each cached with `st.cache_data`: scenarios, cost curves, break-even, team sizes.

A scenario's log (`scenario_log`) is the log in use scaled and reshaped by a `calc.Scenario`, refused
past `MAX_WHATIF_RECORDS` records; each calculation is cached per log key, scenario, tariff text and
settings, so moving one control recomputes only what depends on it. The log itself is priced through
`ui.data.cost_summary`, the comparison's cache.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal

import pandas as pd
import streamlit as st

from calc import (
    BreakEven,
    InputError,
    PreparedLog,
    Scenario,
    Staffing,
    Tariff,
    best_team_size,
    break_even,
    crossovers,
    duration_curve,
    prepare_scenario,
    price,
    staff,
    team_sizes,
    team_sweep,
    volume_curve,
)
from calc.costs import CostSummary, summarize
from calc.curves import MEAN_DURATIONS_S, VOLUME_FACTORS, log_points
from calc.i18n import _, format_number
from calc.limits import MAX_WHATIF_RECORDS
from ui.data import cost_summary
from ui.safe import md

__all__ = [
    "MAX_WHATIF_RECORDS",
    "SWEEP_PARTS",
    "VOLUME_FACTORS",
    "curve",
    "curve_points",
    "curves",
    "factor_text",
    "scenario_log",
    "scenario_summaries",
    "solve_break_even",
    "staffing",
    "sweep",
    "sweep_part",
    "sweep_sizes",
    "volume_factors",
]


@st.cache_data(show_spinner=False, max_entries=64)
def curve_points(log_key: str, tariff_yamls: tuple[str, ...], _log: PreparedLog, _tariffs: list[Tariff]):
    """Where the log itself sits on the volume and the duration curve (cached per log and tariffs)."""
    points = log_points(_log, _tariffs)
    return points["volume"], points["duration"]


def scenario_log(scenario: Scenario, log: PreparedLog) -> PreparedLog:
    """The log transformed by a scenario, within the size a scenario may price; the log itself when it changes nothing.

    Parameters
    ----------
    scenario : calc.Scenario
        Volume, durations, answer rate and seed.
    log : calc.PreparedLog
        The log in use.

    Returns
    -------
    calc.PreparedLog

    Raises
    ------
    InputError
        When the scenario's volume would make more than `MAX_WHATIF_RECORDS` records.
    """
    if scenario.changes_nothing:
        return log
    scaled = round(scenario.volume_factor * log.records)
    if scaled > MAX_WHATIF_RECORDS:
        most = max((f for f in VOLUME_FACTORS if f * log.records <= MAX_WHATIF_RECORDS), default=None)
        text = _("volume x{factor} would make {count} records, more than the {most} a scenario prices").format(
            factor=format_number(Decimal(repr(scenario.volume_factor)).normalize()),
            count=format_number(scaled),
            most=format_number(MAX_WHATIF_RECORDS),
        )
        if most:
            text += _("; choose x{factor} or less").format(factor=factor_text(most))
        raise InputError(text)
    return prepare_scenario(log, scenario)


@st.cache_data(show_spinner=False, max_entries=64)
def scenario_summaries(
    log_key: str, tariff_yamls: tuple[str, ...], scenario: Scenario, _log: PreparedLog, _tariffs: list[Tariff]
) -> list[CostSummary]:
    """The tariffs priced on the log transformed by a scenario (cached per log, tariffs and scenario).

    Raises
    ------
    InputError
        When the scenario's volume would make more than `MAX_WHATIF_RECORDS` records.
    """
    if scenario.changes_nothing:  # the log itself: the comparison's summaries, priced once per log and tariff
        return [cost_summary(log_key, text, _log, t) for text, t in zip(tariff_yamls, _tariffs, strict=True)]
    changed = scenario_log(scenario, _log)
    return [summarize(price(changed, tariff), changed) for tariff in _tariffs]


def factor_text(factor: float) -> str:
    """A volume factor as shown: two significant digits in the user's number format.

    Examples
    --------
    >>> factor_text(0.1), factor_text(2.5), factor_text(10.0)
    ('0.1', '2.5', '10')
    """
    return format_number(Decimal(f"{factor:.2g}").normalize())


def volume_factors(records: int) -> tuple[float, ...]:
    """The volume curve's factors (0.1x to 10x) whose scaled log stays within `MAX_WHATIF_RECORDS` records.

    Examples
    --------
    >>> len(volume_factors(1_000)), max(volume_factors(1_000_000)) < 2.01
    (25, True)
    """
    allowed = tuple(f for f in VOLUME_FACTORS if f * records <= MAX_WHATIF_RECORDS)
    return allowed or VOLUME_FACTORS[:1]


@st.cache_data(show_spinner=False, max_entries=64)
def curve(
    log_key: str,
    tariff_yamls: tuple[str, ...],
    kind: str,
    seed: int,
    _log: PreparedLog,
    _tariffs: list[Tariff],
) -> pd.DataFrame:
    """The volume curve (`volume_factors`, seeded) or the duration curve, every point at once.

    Cached per log, tariffs, curve and seed. A whole curve in one call: each record's share of
    each bill is worked out once for all its points (`calc.record_shares`).
    """
    if kind == "volume":
        return volume_curve(_log, _tariffs, factors=volume_factors(_log.records), seed=seed)
    return duration_curve(_log, _tariffs)


def curves(
    log_key: str,
    tariff_yamls: tuple[str, ...],
    seed: int,
    _log: PreparedLog,
    _tariffs: list[Tariff],
    progress: Callable[[float, str], None] | None = None,
):
    """Volume and duration curves with their crossovers (each curve cached).

    The volume curve stops where a point would price more than `MAX_WHATIF_RECORDS`
    records (see `volume_factors`); the page says so.

    Parameters
    ----------
    progress : callable, optional
        Called before each curve with the share of points done and the curve's first point.

    Returns
    -------
    (pandas.DataFrame, list, pandas.DataFrame, list)
        The volume curve, its crossings, the duration curve, its crossings (as `calc.volume_curve`,
        `calc.duration_curve` and `calc.crossovers` give them).
    """
    factors = volume_factors(_log.records)
    count = len(factors) + len(MEAN_DURATIONS_S)
    firsts = {
        "volume": (0, _("volume x{factor}").format(factor=factor_text(factors[0]))),
        "duration": (
            len(factors),
            _("mean call {seconds} s").format(seconds=format_number(round(MEAN_DURATIONS_S[0]))),
        ),
    }
    frames = {}
    for kind, (done, what) in firsts.items():
        if progress is not None:
            progress(
                done / count,
                _("Cost curves: point {done} of {count} ({what})").format(
                    done=format_number(done + 1), count=format_number(count), what=what
                ),
            )
        frames[kind] = curve(log_key, tariff_yamls, kind, seed, _log, _tariffs)
    volume, duration = frames["volume"], frames["duration"]
    return volume, crossovers(volume), duration, crossovers(duration)


@st.cache_data(show_spinner=False, max_entries=64)
def solve_break_even(
    log_key: str,
    scenario: Scenario,
    target_yaml: str,
    varied_yaml: str,
    field: str,
    _log: PreparedLog,
    _target: Tariff,
    _varied: Tariff,
) -> BreakEven:
    """Break-even of one field on the scenario's log (cached per log, scenario, both tariffs and the field)."""
    return break_even(scenario_log(scenario, _log), _target, _varied, field)


@st.cache_data(show_spinner=False, max_entries=32)
def staffing(
    log_key: str,
    scenario: Scenario,
    interval: int,
    level: float,
    within: float,
    shrinkage: float,
    occupancy: float,
    _log: PreparedLog,
) -> Staffing:
    """Erlang C team sizing of the scenario's log (cached per log, scenario and parameters)."""
    return staff(scenario_log(scenario, _log), interval, level, within, shrinkage, occupancy)


@st.cache_data(show_spinner=False, max_entries=16)
def sweep_sizes(
    log_key: str, scenario: Scenario, tariff_yaml: str, _log_of: Callable[[], PreparedLog], _tariff: Tariff
) -> int:
    """How many team sizes the sweep tries on the scenario's log (cached; `_log_of` gives the log when needed)."""
    return len(team_sizes(_log_of(), _tariff))


@st.cache_data(show_spinner=False, max_entries=512)
def sweep_part(
    log_key: str,
    scenario: Scenario,
    tariff_yaml: str,
    first: int,
    stop: int,
    _log_of: Callable[[], PreparedLog],
    _tariff: Tariff,
) -> pd.DataFrame:
    """The sweep's rows for team sizes ``first`` to ``stop - 1`` (cached per log, scenario, tariff and sizes)."""
    return team_sweep(_log_of(), _tariff, range(first, stop))


#: Parts a sweep is priced in, so its progress can be shown.
SWEEP_PARTS = 20


def sweep(
    log_key: str,
    scenario: Scenario,
    tariff_yaml: str,
    _log: PreparedLog,
    _tariff: Tariff,
    progress: Callable[[float, str], None] | None = None,
):
    """The mixed tariff priced at every team size on the scenario's log, and the cheapest size.

    Priced in up to `SWEEP_PARTS` parts, each cached; the scenario's log is made only
    when some part is not cached yet.

    Parameters
    ----------
    progress : callable, optional
        Called before each part with the share done and a text.

    Returns
    -------
    (pandas.DataFrame, calc.teams.TeamChoice)
        As `calc.team_sweep` and `calc.best_team_size` give them.
    """
    log_of = functools.cache(lambda: scenario_log(scenario, _log))
    count = sweep_sizes(log_key, scenario, tariff_yaml, log_of, _tariff)
    step = max(1, -(-count // SWEEP_PARTS))
    parts = []
    for first in range(0, count, step):
        stop = min(first + step, count)
        if progress is not None:
            progress(
                first / count,
                _("{tariff}: team sizes {first} to {last} of 0 to {most}").format(
                    tariff=md(_tariff.name), first=first, last=stop - 1, most=count - 1
                ),
            )
        parts.append(sweep_part(log_key, scenario, tariff_yaml, first, stop, log_of, _tariff))
    table = pd.concat(parts, ignore_index=True)
    return table, best_team_size(table)
