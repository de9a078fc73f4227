"""The best size of a mixed model's team: a core team plus overflow, priced at every size.

A mixed tariff (an ``hourly_team`` with ``covers_calls: true``) pays the team
by the hour and its usage components for the calls the team does not take
(section 5 of the billing rules). More agents cost more and leave fewer calls
to overflow; `team_sweep` prices the log with each team size and
`best_team_size` picks the cheapest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from calc.calls import CHANNELS, DIRECTIONS, CallLog
from calc.errors import InputError
from calc.i18n import _
from calc.prepared import calls_in_progress
from calc.rating import PreparedLog, prepare, price, team_candidates
from calc.tariff import HourlyTeam, Tariff

__all__ = ["TEAM_SWEEP_COLUMNS", "TeamChoice", "team_sweep", "team_sizes", "best_team_size", "peak_concurrency"]

TEAM_SWEEP_COLUMNS = (
    "agents",
    "total",
    "total_value",
    "covered_calls",
    "overflow_calls",
    "out_of_hours_calls",
)


def peak_concurrency(starts_us: np.ndarray, durations_us: np.ndarray) -> int:
    """The most calls in progress at once; a call occupies ``[start, start + duration)``.

    Parameters
    ----------
    starts_us, durations_us : numpy.ndarray of int64
        Start and length of each call [us].

    Returns
    -------
    int
        A team this large takes every one of these calls.

    Examples
    --------
    >>> peak_concurrency(np.array([0, 5, 10, 10]), np.array([10, 10, 5, 0]))
    2
    """
    if len(starts_us) == 0:
        return 0
    starts = np.sort(starts_us)
    # The most is reached at some call's start; a call ending at another's start frees its agent.
    return int(calls_in_progress(starts, np.sort(starts_us + durations_us), starts).max())


def _team(tariff: Tariff) -> tuple[int, HourlyTeam]:
    for index, component in enumerate(tariff.components):
        if isinstance(component, HourlyTeam) and component.covers_calls:
            return index, component
    raise InputError(
        _('tariff "{tariff}" has no hourly_team with covers_calls: true; a team sweep needs a mixed tariff').format(
            tariff=tariff.name
        )
    )


def _no_start_times(prepared: PreparedLog) -> str:
    return _("{source}: the log has no start times; a team's coverage needs them").format(source=prepared.log.source)


def _sizes(sizes: Sequence[int]) -> list[int]:
    checked = set()
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, int | np.integer) or size < 0:
            raise InputError(_("sizes must be whole numbers of agents >= 0, got {value}").format(value=repr(size)))
        checked.add(int(size))
    if not checked:
        raise InputError(_("sizes must hold at least one team size"))
    return sorted(checked)


def _default_sizes(prepared: PreparedLog, candidates: np.ndarray) -> range:
    calls = np.flatnonzero(candidates)
    return range(peak_concurrency(prepared.start_us[calls], prepared.occupied_us()[calls]) + 1)


def team_sizes(log: CallLog | PreparedLog, tariff: Tariff) -> range:
    """The team sizes `team_sweep` tries by default: 0 up to the most calls the team could take at once.

    Parameters
    ----------
    log : CallLog or PreparedLog
    tariff : Tariff
        With an ``hourly_team`` that has ``covers_calls: true``.

    Returns
    -------
    range
        Team sizes [agents].

    Raises
    ------
    InputError
        If the tariff has no such team, or the log no start times.
    """
    _index, team = _team(tariff)
    prepared = log if isinstance(log, PreparedLog) else prepare(log)
    if not prepared.has_time and prepared.records:
        raise InputError(_no_start_times(prepared))
    return _default_sizes(prepared, team_candidates(prepared, team, tariff.holiday_days() if tariff.holidays else None))


def team_sweep(log: CallLog | PreparedLog, tariff: Tariff, sizes: Sequence[int] | None = None) -> pd.DataFrame:
    """Price a mixed tariff on the log with each team size.

    Parameters
    ----------
    log : CallLog or PreparedLog
        Must carry start times (coverage depends on them).
    tariff : Tariff
        With an ``hourly_team`` component that has ``covers_calls: true``.
    sizes : sequence of int, optional
        Team sizes [agents]; default 0 up to the most answered in-hours calls in
        progress at once (with that many agents the team takes them all, so a
        larger team only costs more).

    Returns
    -------
    pandas.DataFrame
        One row per size, ascending, columns `TEAM_SWEEP_COLUMNS`: ``agents``;
        ``total`` the exact total [currency, Decimal]; ``total_value`` the same
        as float, for charts only; ``covered_calls`` answered voice calls the team
        takes; ``overflow_calls`` the other answered voice calls, which the usage
        components charge (section 5's overflow); ``out_of_hours_calls`` the part
        of them that starts outside the team's hours, which no team size changes.

    Raises
    ------
    InputError
        If the tariff has no covering team, the log has no start times, or a size is not a whole number >= 0.

    Examples
    --------
    >>> from calc import read_calls
    >>> from calc.tariff import parse_tariffs
    >>> log = read_calls(pd.DataFrame({"start": ["2026-01-05 09:00", "2026-01-05 09:01"], "duration_s": [600, 600]}))
    >>> [mixed] = parse_tariffs('''
    ... name: Core + overflow
    ... components:
    ...   - {type: hourly_team, rate: 20, agents: 1, hours_per_month: 1, covers_calls: true}
    ...   - {type: per_event, fee: 5}
    ... ''')
    >>> sweep = team_sweep(log, mixed)
    >>> sweep[["agents", "total", "overflow_calls"]].values.tolist()
    [[0, Decimal('10.00'), 2], [1, Decimal('5.65'), 1], [2, Decimal('1.29'), 0]]
    """
    index, team = _team(tariff)
    prepared = log if isinstance(log, PreparedLog) else prepare(log)
    if not prepared.has_time and prepared.records:
        raise InputError(_no_start_times(prepared))
    candidates = team_candidates(prepared, team, tariff.holiday_days() if tariff.holidays else None)
    if sizes is None:
        sizes = _default_sizes(prepared, candidates)
    # Calls a team could take (rules v2: internal calls never are), in its hours or not.
    talking = prepared.answered & (prepared.channel == CHANNELS.index("voice"))
    talking &= prepared.direction != DIRECTIONS.index("internal")
    out_of_hours = int((talking & ~candidates).sum())
    rows = []
    for size in _sizes(sizes):
        components = list(tariff.components)
        components[index] = team.model_copy(update={"agents": size})
        result = price(prepared, tariff.model_copy(update={"components": components}))
        covered = int(result.record_covered.sum())
        rows.append(
            {
                "agents": size,
                "total": result.total,
                "total_value": float(result.total),
                "covered_calls": covered,
                "overflow_calls": int(talking.sum()) - covered,
                "out_of_hours_calls": out_of_hours,
            }
        )
    return pd.DataFrame(rows, columns=list(TEAM_SWEEP_COLUMNS))


@dataclass(frozen=True)
class TeamChoice:
    """The cheapest team size of a sweep.

    Attributes
    ----------
    agents : int
    total : Decimal
        The tariff's total with that team [currency].
    overflow_calls : int
        Answered voice calls the team does not take at that size.
    """

    agents: int
    total: Decimal
    overflow_calls: int


def best_team_size(sweep: pd.DataFrame) -> TeamChoice:
    """The team size with the lowest total (the smallest team among equal totals).

    Parameters
    ----------
    sweep : pandas.DataFrame
        From `team_sweep`.

    Returns
    -------
    TeamChoice

    Raises
    ------
    InputError
        If the sweep is empty or not a team sweep.

    Examples
    --------
    >>> sweep = pd.DataFrame({"agents": [0, 1, 2], "total": [Decimal(9), Decimal(7), Decimal(7)],
    ...                       "overflow_calls": [5, 2, 0]})
    >>> best_team_size(sweep)
    TeamChoice(agents=1, total=Decimal('7'), overflow_calls=2)
    """
    missing = sorted({"agents", "total", "overflow_calls"} - set(sweep.columns))
    if missing:
        raise InputError(_("sweep: not a team sweep, missing column {column}").format(column=repr(missing[0])))
    if sweep.empty:
        raise InputError(_("sweep: no team size was priced"))
    rows = sweep.sort_values("agents", kind="stable")
    best = min(rows.itertuples(index=False), key=lambda row: row.total)
    return TeamChoice(agents=int(best.agents), total=best.total, overflow_calls=int(best.overflow_calls))
