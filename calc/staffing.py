"""Team sizing with Erlang C: how many agents each interval of a call log needs.

From a call log, `interval_load` counts per interval (15, 30 or 60 minutes) the
answered voice calls arriving and their average handle time; `agents_needed`
finds the agents each interval needs for a service level (e.g. 80% answered
within 20 s) under a maximum occupancy; `staff` puts it together, adds
shrinkage and totals the agent-hours, which `Staffing.team_cost` prices at an
hourly rate exactly.

The model (Erlang C, the M/M/N queue: Poisson arrivals, exponential handle
times, nobody hangs up):

- traffic ``A = calls x AHT / interval length`` [Erlang], i.e. the talk
  seconds arriving in the interval divided by its length;
- Erlang B by the recursion ``B(0) = 1``, ``B(n) = A B(n-1) / (n + A B(n-1))``,
  whose terms stay in [0, 1] for any N (no factorials, no overflow);
- probability of waiting ``C(N, A) = N B(N) / (N - A (1 - B(N)))`` for
  ``N > A``; with ``N <= A`` the queue grows without end and ``C = 1``;
- service level ``SL = 1 - C exp(-(N - A) t / AHT)`` for an answer time ``t``
  (0 when ``N <= A``); average speed of answer ``ASA = C AHT / (N - A)``;
- occupancy ``A / N``.

Choices made here:

- **Calls** are the answered voice records that are not outbound (inbound or
  without a direction): arrivals that queue for an agent. Unanswered records
  (abandoned calls) are not counted, and **AHT** is the mean ``duration_s`` of
  the counted calls: billable talk time, without after-call work, so the
  figures are a floor when agents also have wrap-up time.
- **Intervals** are aligned on the clock (09:00, 09:30, ...). Every interval
  from the one holding the log's first record (any channel) to the one holding
  its last is listed, those without calls too (0 calls, 0 agents, service
  level empty), so a week chart has no holes.
- **Agents needed** (``working_agents``): the smallest N with ``N > A``,
  ``SL >= target`` and ``A / N <= max_occupancy``; 0 when the traffic is 0,
  except that an interval with calls always gets at least 1 (calls of 0 s).
  The occupancy test allows a relative 1e-12 so that a bound met exactly on
  paper (2.1 Erlang on 3 agents is 70%) is not lost to binary floats.
- **Shrinkage** (breaks, training, absence) is the share of paid time agents
  are not on the phones: scheduled ``agents = ceil(working_agents / (1 - shrinkage))``,
  computed exactly (0.3 is three tenths, so 21 working agents need 30, where
  floats would say 31).
  ``agents`` (the JSON field, the peak and the agent-hours) is this scheduled
  figure: what is paid for. ``service_level`` is what the working agents
  achieve.
- **Agent-hours** are exact: the sum of scheduled agents times the interval in
  hours, a `fractions.Fraction`; a cost is agent-hours times an hourly rate,
  rounded half-up to the invoice's decimals once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from calc.calls import CallLog, normalize_records
from calc.errors import InputError
from calc.i18n import _, format_number
from calc.inputs import INTERVAL_MINUTES
from calc.money import round_half_up, to_decimal
from calc.rating import PreparedLog
from calc.tariff import HourlyTeam, Tariff

__all__ = [
    "INTERVAL_MINUTES",
    "Staffing",
    "agents_needed",
    "average_speed_of_answer",
    "erlang_b",
    "erlang_c",
    "hourly_team_rate",
    "interval_load",
    "service_level",
    "staff",
]

_US = 1_000_000
_MAX_INTERVALS = 10_000_000  # about 285 years of 15-minute intervals: a start time that is a mistake
_OCCUPANCY_SLACK = 1e-12  # relative: 8.5 Erlang on 10 agents is 85% occupancy, whatever the float says


# --- checks ------------------------------------------------------------------


def _number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction | np.number):
        raise InputError(_("{name} must be a number, got {value}").format(name=name, value=repr(value)))
    number = float(value)
    if not math.isfinite(number):
        raise InputError(_("{name} must be a finite number, got {value}").format(name=name, value=repr(value)))
    return number


def _short(value: float) -> str:
    """`value` with at most six significant digits (as ``:g`` writes it) in the current language's way."""
    return format_number(Decimal(f"{value:g}"))


def _check_target(service_level_target: object, answer_within_s: object) -> tuple[float, float]:
    target = _number(service_level_target, "service_level")
    if not 0 < target < 1:
        raise InputError(
            _("service_level must be a share between 0 and 1 (exclusive), e.g. {example}, got {value}").format(
                example=format_number(Decimal("0.8")), value=_short(target)
            )
        )
    within = _number(answer_within_s, "answer_within")
    if within < 0:
        raise InputError(_("answer_within must be seconds >= 0, got {value}").format(value=_short(within)))
    return target, within


def _check_occupancy(max_occupancy: object) -> float:
    occupancy = _number(max_occupancy, "max_occupancy")
    if not 0 < occupancy <= 1:
        raise InputError(
            _("max_occupancy must be a share above 0 and at most 1, e.g. {example}, got {value}").format(
                example=format_number(Decimal("0.85")), value=_short(occupancy)
            )
        )
    return occupancy


def _check_shrinkage(shrinkage: object) -> Fraction:
    _number(shrinkage, "shrinkage")
    exact = Fraction(to_decimal(shrinkage if not isinstance(shrinkage, np.number) else float(shrinkage), bounded=False))
    if not 0 <= exact < 1:
        raise InputError(
            _("shrinkage must be a share from 0 up to (not including) 1, e.g. {example}, got {value}").format(
                example=format_number(Decimal("0.3")), value=_short(float(exact))
            )
        )
    return exact


def _check_interval(interval: object) -> int:
    if (
        isinstance(interval, bool)
        or not isinstance(interval, int | np.integer)
        or int(interval) not in INTERVAL_MINUTES
    ):
        allowed = ", ".join(map(str, INTERVAL_MINUTES))
        raise InputError(
            _("interval must be one of {allowed} minutes, got {value}").format(allowed=allowed, value=repr(interval))
        )
    return int(interval)


def _array(values: object, name: str) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    if not np.isfinite(array).all():
        raise InputError(
            _("{name} must be finite numbers, got {value}").format(name=name, value=array[~np.isfinite(array)].flat[0])
        )
    if (array < 0).any():
        raise InputError(
            _("{name} must not be negative, got {value}").format(name=name, value=_short(array[array < 0].flat[0]))
        )
    return array


def _agents_array(agents: object) -> np.ndarray:
    array = _array(agents, "agents")
    if (array != np.floor(array)).any():
        raise InputError(
            _("agents must be whole numbers, got {value}").format(value=_short(array[array != np.floor(array)].flat[0]))
        )
    return array.astype(np.int64)


def _out(array: np.ndarray) -> np.ndarray | float | int:
    """A 0-d result as a plain Python number, arrays as they are."""
    return array.item() if array.ndim == 0 else array


# --- Erlang formulas ---------------------------------------------------------


def _erlang_b(traffic: np.ndarray, agents: np.ndarray) -> np.ndarray:
    """Erlang B of broadcast arrays by the recursion, one vectorized step per agent."""
    traffic, agents = np.broadcast_arrays(traffic, agents)
    blocking = np.ones(traffic.shape)
    for n in range(1, int(agents.max(initial=0)) + 1):
        step = traffic * blocking
        np.copyto(blocking, step / (n + step), where=agents >= n)
    return blocking


def erlang_b(traffic_erlangs: object, agents: object) -> np.ndarray | float:
    """Probability that a call finds all agents busy when nobody can queue (Erlang B).

    Parameters
    ----------
    traffic_erlangs : float or array_like
        Offered traffic A [Erlang], >= 0.
    agents : int or array_like of int
        Agents (trunks) N, >= 0; broadcast against `traffic_erlangs`.

    Returns
    -------
    float or numpy.ndarray
        Blocking probability in [0, 1]; 1 for 0 agents.

    Raises
    ------
    InputError
        If traffic or agents are negative or not finite, or agents not whole.

    Notes
    -----
    ``B(0) = 1``, ``B(n) = A B(n-1) / (n + A B(n-1))``: every term stays in
    [0, 1], so large N neither overflows nor loses precision. The cost is one
    vectorized step per agent up to the largest N.

    Examples
    --------
    >>> round(erlang_b(10, 10), 4), round(erlang_b(2, 5), 4)
    (0.2146, 0.0367)
    """
    return _out(_erlang_b(_array(traffic_erlangs, "traffic"), _agents_array(agents)))


def _erlang_c(traffic: np.ndarray, agents: np.ndarray, blocking: np.ndarray) -> np.ndarray:
    stable = agents > traffic
    with np.errstate(divide="ignore", invalid="ignore"):
        waiting = agents * blocking / (agents - traffic * (1 - blocking))
    return np.where(stable, waiting, 1.0)


def erlang_c(traffic_erlangs: object, agents: object) -> np.ndarray | float:
    """Probability that a call has to wait for an agent (Erlang C).

    Parameters
    ----------
    traffic_erlangs : float or array_like
        Traffic A [Erlang]: calls x average handle time / interval length, >= 0.
    agents : int or array_like of int
        Working agents N, >= 0; broadcast against `traffic_erlangs`.

    Returns
    -------
    float or numpy.ndarray
        Probability of waiting in [0, 1]; 1 where ``agents <= traffic`` (the
        queue is unstable: it grows without end).

    Raises
    ------
    InputError
        If traffic or agents are negative or not finite, or agents not whole.

    Notes
    -----
    ``C(N, A) = N B(N, A) / (N - A (1 - B(N, A)))`` with Erlang B from its
    recursion (see `erlang_b`), equal to the textbook
    ``(A^N/N! N/(N-A)) / (sum_{k<N} A^k/k! + A^N/N! N/(N-A))`` without its
    factorials.

    Examples
    --------
    >>> erlang_c(10, [11, 12, 13, 14]).round(4).tolist()
    [0.6821, 0.4494, 0.2853, 0.1741]
    """
    traffic = _array(traffic_erlangs, "traffic")
    agents = _agents_array(agents)
    return _out(_erlang_c(*np.broadcast_arrays(traffic, agents), _erlang_b(traffic, agents)))


def _service_level(
    traffic: np.ndarray, agents: np.ndarray, aht_s: np.ndarray, within: float, waiting: np.ndarray
) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        exponent = np.where(aht_s > 0, (agents - traffic) * within / aht_s, np.inf if within > 0 else 0.0)
    # waiting is 0 where the handle time is 0 (no traffic); keep 0 x exp(-inf) from turning into nan
    level = 1 - np.where(waiting > 0, waiting * np.exp(-exponent), 0.0)
    return np.where(agents > traffic, level, 0.0)


def service_level(traffic: object, agents: object, aht_s: object, answer_within_s: float) -> np.ndarray | float:
    """Share of calls answered within `answer_within_s` with `agents` working agents.

    Parameters
    ----------
    traffic : float or array_like
        Traffic A [Erlang], >= 0.
    agents : int or array_like of int
        Working agents N, >= 0.
    aht_s : float or array_like
        Average handle time [s], >= 0.
    answer_within_s : float
        The answer time t of the target [s], >= 0.

    Returns
    -------
    float or numpy.ndarray
        ``1 - C(N, A) exp(-(N - A) t / AHT)`` in [0, 1]; 0 where ``agents <= traffic``.

    Raises
    ------
    InputError
        If a value is negative or not finite, or agents not whole.

    Examples
    --------
    >>> round(service_level(10, 14, 180, 20), 4)
    0.8884
    """
    within = _number(answer_within_s, "answer_within")
    if within < 0:
        raise InputError(_("answer_within must be seconds >= 0, got {value}").format(value=_short(within)))
    traffic_a, agents_a, aht_a = np.broadcast_arrays(
        _array(traffic, "traffic"), _agents_array(agents), _array(aht_s, "aht_s")
    )
    waiting = _erlang_c(traffic_a, agents_a, _erlang_b(traffic_a, agents_a))
    return _out(_service_level(traffic_a, agents_a, aht_a, within, waiting))


def average_speed_of_answer(traffic: object, agents: object, aht_s: object) -> np.ndarray | float:
    """Mean wait before an agent answers, over all calls (ASA).

    Parameters
    ----------
    traffic : float or array_like
        Traffic A [Erlang], >= 0.
    agents : int or array_like of int
        Working agents N, >= 0.
    aht_s : float or array_like
        Average handle time [s], >= 0.

    Returns
    -------
    float or numpy.ndarray
        ``C(N, A) AHT / (N - A)`` [s]; infinite where ``agents <= traffic``.

    Examples
    --------
    >>> round(average_speed_of_answer(10, 14, 180), 1)
    7.8
    """
    traffic_a, agents_a, aht_a = np.broadcast_arrays(
        _array(traffic, "traffic"), _agents_array(agents), _array(aht_s, "aht_s")
    )
    waiting = _erlang_c(traffic_a, agents_a, _erlang_b(traffic_a, agents_a))
    with np.errstate(divide="ignore", invalid="ignore"):
        asa = np.where(agents_a > traffic_a, waiting * aht_a / (agents_a - traffic_a), np.inf)
    return _out(np.where(waiting > 0, asa, 0.0))


def agents_needed(
    traffic_erlangs: object,
    aht_s: object,
    service_level_target: float = 0.8,
    answer_within_s: float = 20,
    max_occupancy: float = 1.0,
) -> np.ndarray | int:
    """Fewest working agents that meet a service level, per interval.

    Parameters
    ----------
    traffic_erlangs : float or array_like
        Traffic A of each interval [Erlang], >= 0.
    aht_s : float or array_like
        Average handle time of each interval [s], >= 0; broadcast against the traffic.
    service_level_target : float
        Share of calls to answer within `answer_within_s`, in (0, 1), e.g. 0.8.
    answer_within_s : float
        The answer time of the target [s], >= 0, e.g. 20.
    max_occupancy : float
        Highest share of time agents may be busy, in (0, 1]; 1 means no limit.

    Returns
    -------
    int or numpy.ndarray of int64
        The smallest N with ``N > A``, service level >= target and
        ``A / N <= max_occupancy``; 0 where the traffic is 0.

    Raises
    ------
    InputError
        If a parameter is out of its range, or traffic or handle times are
        negative or not finite.

    Notes
    -----
    One pass of the Erlang B recursion serves every interval: at step n each
    interval not yet satisfied advances its B(n), is tested once n is above
    its traffic and its occupancy bound, and leaves when it passes. The cost
    is one vectorized step per agent up to the largest answer.

    Examples
    --------
    >>> agents_needed([10, 0, 10], 180, 0.8, 20).tolist()
    [14, 0, 14]
    >>> agents_needed(10, 180, 0.8, 20, max_occupancy=0.7)
    15
    """
    target, within = _check_target(service_level_target, answer_within_s)
    occupancy = _check_occupancy(max_occupancy)
    traffic_all, aht_all = np.broadcast_arrays(_array(traffic_erlangs, "traffic"), _array(aht_s, "aht_s"))
    needed = np.zeros(traffic_all.shape, dtype=np.int64)
    active = np.flatnonzero(traffic_all > 0)
    traffic = traffic_all.ravel()[active]
    aht = aht_all.ravel()[active]
    blocking = np.ones(len(active))
    flat = needed.ravel()
    n = 0
    while len(active):
        n += 1
        step = traffic * blocking
        blocking = step / (n + step)
        candidate = (n > traffic) & (traffic <= occupancy * n * (1 + _OCCUPANCY_SLACK))
        if not candidate.any():
            continue
        waiting = _erlang_c(traffic, np.int64(n), blocking)
        level = _service_level(traffic, np.full(len(traffic), n), aht, within, waiting)
        done = candidate & (level >= target)
        if done.any():
            flat[active[done]] = n
            keep = ~done
            active, traffic, aht, blocking = active[keep], traffic[keep], aht[keep], blocking[keep]
    return _out(needed)


# --- the log per interval ----------------------------------------------------


def _records(log: CallLog | PreparedLog | pd.DataFrame) -> tuple[pd.DataFrame, str]:
    if isinstance(log, PreparedLog):
        log = log.log
    if isinstance(log, pd.DataFrame):
        log = normalize_records(log, "records")
        if len(log.rejected):
            first = log.rejected.iloc[0]
            raise InputError(
                _("records: row {line} cannot be read: {reason}").format(line=first["line"], reason=first["reason"])
            )
    if not isinstance(log, CallLog):
        raise InputError(
            _("log must be a CallLog, PreparedLog or DataFrame of records, got {type}").format(type=type(log).__name__)
        )
    if not len(log.records):
        raise InputError(
            _("{source}: no records to size a team from ({rejected} rows rejected)").format(
                source=log.source, rejected=format_number(len(log.rejected))
            )
        )
    if not log.has_time:
        raise InputError(
            _(
                "{source}: the records have no start times, so calls cannot be placed in intervals; "
                "staffing needs a start (date and time) on every record"
            ).format(source=log.source)
        )
    return log.records, log.source


def interval_load(log: CallLog | PreparedLog | pd.DataFrame, interval_minutes: int = 30) -> pd.DataFrame:
    """Calls arriving and their average handle time, per interval of the log.

    Parameters
    ----------
    log : CallLog, PreparedLog or pandas.DataFrame
        A normalized log, or a DataFrame with the record fields (read with
        `calc.calls.normalize_records`; a row it refuses is an error).
    interval_minutes : int
        15, 30 or 60 [min].

    Returns
    -------
    pandas.DataFrame
        One row per interval from the one holding the first record to the one
        holding the last: ``start`` (datetime64), ``calls`` (answered voice
        records not outbound, starting in the interval), ``talk_s`` (their
        summed duration [s]), ``aht_s`` (mean duration [s], 0 without calls),
        ``traffic_erlangs`` (``talk_s`` / interval length [Erlang]).

    Raises
    ------
    InputError
        If the interval is not 15, 30 or 60, or the log has no records or no timestamps.

    Examples
    --------
    >>> records = pd.DataFrame({"start": ["2026-01-05 09:10:00", "2026-01-05 09:20:00", "2026-01-05 10:05:00"],
    ...                         "duration_s": [120, 240, 90]})
    >>> load = interval_load(records, 30)
    >>> load["start"].dt.strftime("%H:%M").tolist(), load["calls"].tolist(), load["aht_s"].tolist()
    (['09:00', '09:30', '10:00'], [2, 0, 1], [180.0, 0.0, 90.0])
    """
    minutes = _check_interval(interval_minutes)
    records, source = _records(log)
    return _interval_load(records, source, minutes)


def _interval_load(records: pd.DataFrame, source: str, minutes: int) -> pd.DataFrame:
    width = minutes * 60 * _US
    start_us = records["start"].to_numpy(dtype="datetime64[us]").astype(np.int64)
    slot = start_us // width
    first = int(slot.min())
    count = int(slot.max()) - first + 1
    if count > _MAX_INTERVALS:
        raise InputError(
            _(
                "{source}: the records span {count} intervals of {minutes} min (from {first} to {last}); "
                "is a start time wrong?"
            ).format(
                source=source,
                count=format_number(count),
                minutes=minutes,
                first=records["start"].min(),
                last=records["start"].max(),
            )
        )
    counted = (
        records["answered"].to_numpy(dtype=bool)
        & records["channel"].eq("voice").to_numpy(dtype=bool, na_value=False)
        & ~records["direction"].eq("outbound").to_numpy(dtype=bool, na_value=False)
    )
    index = slot[counted] - first
    calls = np.bincount(index, minlength=count).astype(np.int64)
    talk = np.bincount(index, weights=records["duration_s"].to_numpy(dtype=np.float64)[counted], minlength=count)
    with np.errstate(divide="ignore", invalid="ignore"):
        aht = np.where(calls > 0, talk / calls, 0.0)
    starts = ((first + np.arange(count)) * width).astype("datetime64[us]")
    return pd.DataFrame(
        {"start": starts, "calls": calls, "talk_s": talk, "aht_s": aht, "traffic_erlangs": talk / (minutes * 60)}
    )


# --- the team ----------------------------------------------------------------


def _scheduled(working: np.ndarray, shrinkage: Fraction) -> np.ndarray:
    """``ceil(working / (1 - shrinkage))`` in exact integers."""
    on_phones = 1 - shrinkage  # p / q of paid time on the phones
    p, q = on_phones.numerator, on_phones.denominator
    if int(working.max(initial=0)) * q >= 2**62:  # exotic decimals: Python integers, still whole-array
        exact = (working.astype(object) * q + (p - 1)) // p
        return exact.astype(np.int64)
    return (working * q + (p - 1)) // p


def _json_number(value: float | Fraction) -> int | float:
    return int(value) if value == int(value) else float(value)


@dataclass(frozen=True, eq=False)
class Staffing:
    """Agents needed per interval and the team's agent-hours.

    Attributes
    ----------
    intervals : pandas.DataFrame
        One row per interval (see `interval_load`) plus ``working_agents``
        (on the phones, from Erlang C), ``agents`` (scheduled, after
        shrinkage), ``service_level`` (achieved by the working agents; NaN
        without calls), ``occupancy`` (traffic / working agents; NaN without
        agents) and ``asa_s`` (average speed of answer [s]; NaN without calls).
    interval_minutes : int
    service_level_target : float
    answer_within_s : float
        [s]
    shrinkage : Fraction
        Exact share of paid time off the phones.
    max_occupancy : float
    source : str
        The log's name, for messages and headings.
    """

    intervals: pd.DataFrame
    interval_minutes: int
    service_level_target: float
    answer_within_s: float
    shrinkage: Fraction
    max_occupancy: float
    source: str = ""

    @property
    def peak_agents(self) -> int:
        """Most scheduled agents in any interval."""
        return int(self.intervals["agents"].max()) if len(self.intervals) else 0

    @property
    def agent_hours(self) -> Fraction:
        """Scheduled agents x interval length, summed over intervals, exactly [h]."""
        return Fraction(int(self.intervals["agents"].sum()) * self.interval_minutes, 60)

    def team_cost(self, rate: object, decimals: int = 2) -> Decimal:
        """What the agent-hours cost at an hourly rate, exactly.

        Parameters
        ----------
        rate : Decimal, str, int or float
            Price per agent-hour [currency/h]; a float is read through its repr.
        decimals : int
            Decimal places of the result (the invoice's minor units).

        Returns
        -------
        Decimal
            ``agent_hours x rate``, rounded half-up to `decimals` places.

        Raises
        ------
        InputError
            If the rate is not a number or negative.

        Examples
        --------
        >>> records = pd.DataFrame({"start": ["2026-01-05 09:00:00"] * 100, "duration_s": [180] * 100})
        >>> team = staff(records, interval=60)
        >>> team.agent_hours, team.team_cost("19.50")
        (Fraction(8, 1), Decimal('156.00'))
        """
        try:
            hourly = to_decimal(rate, "rate")
        except ValueError as error:
            raise InputError(str(error)) from None
        if hourly < 0:
            raise InputError(_("rate must not be negative, got {value}").format(value=rate))
        if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
            raise InputError(_("decimals must be a whole number >= 0, got {value}").format(value=repr(decimals)))
        return round_half_up(self.agent_hours * Fraction(hourly), decimals)

    def cost_under(self, tariff: Tariff, label: str | None = None) -> Decimal:
        """What the agent-hours cost at the rate of a tariff's ``hourly_team`` component.

        Parameters
        ----------
        tariff : Tariff
        label : str, optional
            Which ``hourly_team`` component, when the tariff has several.

        Returns
        -------
        Decimal
            Agent-hours x the component's rate, rounded half-up to the tariff's decimals [currency].

        Raises
        ------
        InputError
            If the tariff has no such component, or several and no `label`.

        Examples
        --------
        >>> offer = Tariff(name="Team", components=[{"type": "hourly_team", "rate": "19.50", "agents": 4,
        ...                                          "hours_per_month": 160}])
        >>> records = pd.DataFrame({"start": ["2026-01-05 09:00:00"] * 100, "duration_s": [180] * 100})
        >>> staff(records, interval=60).cost_under(offer)
        Decimal('156.00')
        """
        return self.team_cost(hourly_team_rate(tariff, label), tariff.decimals)

    def to_json(self) -> dict:
        """The ``staffing --json`` object: parameters, intervals, peak and agent-hours."""
        frame = self.intervals
        levels = frame["service_level"].to_numpy()
        intervals = [
            {
                "start": start.isoformat(),
                "calls": int(calls),
                "aht_s": round(float(aht), 1),
                "agents": int(agents),
                "service_level": None if np.isnan(level) else round(float(level), 4),
            }
            for start, calls, aht, agents, level in zip(
                frame["start"], frame["calls"], frame["aht_s"], frame["agents"], levels, strict=True
            )
        ]
        return {
            "interval_minutes": self.interval_minutes,
            "service_level_target": self.service_level_target,
            "answer_within_s": _json_number(self.answer_within_s),
            "shrinkage": float(self.shrinkage),
            "max_occupancy": self.max_occupancy,
            "intervals": intervals,
            "peak_agents": self.peak_agents,
            "agent_hours": _json_number(self.agent_hours),
        }


def hourly_team_rate(tariff: Tariff, label: str | None = None) -> Decimal:
    """The per agent-hour rate of a tariff's ``hourly_team`` component.

    Parameters
    ----------
    tariff : Tariff
    label : str, optional
        The component's label, needed when the tariff has more than one ``hourly_team``.

    Returns
    -------
    Decimal
        [currency/h]

    Raises
    ------
    InputError
        If no component matches, or several do and no `label` was given.

    Examples
    --------
    >>> offer = Tariff(name="Team", components=[{"type": "hourly_team", "rate": "19.50", "agents": 4,
    ...                                          "hours_per_month": 160}])
    >>> hourly_team_rate(offer)
    Decimal('19.50')
    """
    teams = [
        (name, c)
        for name, c in zip(tariff.labels, tariff.components, strict=True)
        if isinstance(c, HourlyTeam) and (label is None or name == label)
    ]
    if not teams:
        if label is None:
            message = _('tariff "{tariff}" has no hourly_team component to price agent-hours with')
        else:
            message = _('tariff "{tariff}" has no hourly_team component labelled {label} to price agent-hours with')
        raise InputError(message.format(tariff=tariff.name, label=repr(label)))
    if len(teams) > 1:
        names = ", ".join(repr(name) for name, _component in teams)
        raise InputError(
            _('tariff "{tariff}" has several hourly_team components ({names}); choose one by label').format(
                tariff=tariff.name, names=names
            )
        )
    return teams[0][1].rate


def staff(
    records: CallLog | PreparedLog | pd.DataFrame,
    interval: int = 30,
    service_level: float = 0.8,
    answer_within: float = 20,
    shrinkage: float = 0.0,
    max_occupancy: float = 1.0,
) -> Staffing:
    """Size a team per interval of a call log with Erlang C.

    Parameters
    ----------
    records : CallLog, PreparedLog or pandas.DataFrame
        The call log (a DataFrame is read as in `interval_load`); every record needs a start time.
    interval : int
        Interval length: 15, 30 or 60 [min].
    service_level : float
        Share of calls to answer within `answer_within`, in (0, 1), e.g. 0.8.
    answer_within : float
        Answer time of the target [s], >= 0, e.g. 20.
    shrinkage : float
        Share of paid time agents are off the phones, in [0, 1), e.g. 0.3.
    max_occupancy : float
        Highest share of time working agents may be busy, in (0, 1]; 1 means no limit.

    Returns
    -------
    Staffing

    Raises
    ------
    InputError
        If a parameter is out of range, or the log has no records or no timestamps.

    Examples
    --------
    >>> records = pd.DataFrame({"start": ["2026-01-05 09:00:00"] * 100, "duration_s": [180] * 100})
    >>> team = staff(records, interval=30, shrinkage=0.3)
    >>> team.intervals[["calls", "working_agents", "agents", "service_level"]].round(3).values.tolist()
    [[100.0, 14.0, 20.0, 0.888]]
    """
    minutes = _check_interval(interval)
    target, within = _check_target(service_level, answer_within)
    exact_shrinkage = _check_shrinkage(shrinkage)
    occupancy = _check_occupancy(max_occupancy)
    rows, source = _records(records)
    load = _interval_load(rows, source, minutes)
    traffic = load["traffic_erlangs"].to_numpy()
    aht = load["aht_s"].to_numpy()
    calls = load["calls"].to_numpy()
    working = agents_needed(traffic, aht, target, within, occupancy)
    working = np.maximum(working, (calls > 0).astype(np.int64))  # calls of 0 s still need someone to answer
    waiting = _erlang_c(traffic, working, _erlang_b(traffic, working))
    level = _service_level(traffic, working, aht, within, waiting)
    with np.errstate(divide="ignore", invalid="ignore"):
        asa = np.where(waiting > 0, waiting * aht / (working - traffic), 0.0)
        busy = traffic / working
    intervals = load.assign(
        working_agents=working,
        agents=_scheduled(working, exact_shrinkage),
        service_level=np.where(calls > 0, level, np.nan),
        occupancy=np.where(working > 0, busy, np.nan),
        asa_s=np.where(calls > 0, asa, np.nan),
    )
    return Staffing(
        intervals=intervals,
        interval_minutes=minutes,
        service_level_target=target,
        answer_within_s=within,
        shrinkage=exact_shrinkage,
        max_occupancy=occupancy,
        source=source,
    )
