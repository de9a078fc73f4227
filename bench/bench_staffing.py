"""Team sizing speed: Erlang C for a year of 30-minute intervals, and staff() on real logs.

    python bench/bench_staffing.py
    python bench/bench_staffing.py --repeat 10

Loads follow a contact center's week: open Monday to Friday 08:00-20:00 and
Saturday 09:00-13:00, a morning and an afternoon peak, Poisson call counts,
handle times around 4 minutes. Three sizes: a help desk (peak about 25
Erlang), a large center (about 250 Erlang), and the worst case of every
interval of the year at the large center's peak. Target: `agents_needed` for
the 17,520 intervals of a year under 1 s. Each figure is the best of
`--repeat` runs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

from calc import CallLog, agents_needed, erlang_c, read_calls, staff

ROOT = Path(__file__).resolve().parent.parent
INTERVAL_S = 1800


def year_of_intervals() -> pd.DatetimeIndex:
    return pd.date_range("2026-01-01", periods=365 * 48, freq="30min")


def weekly_shape(starts: pd.DatetimeIndex) -> np.ndarray:
    """Share of the peak expected in each interval: 0 when closed, two daily humps when open."""
    hour = starts.hour + starts.minute / 60
    weekday = starts.day_of_week
    open_ = ((weekday < 5) & (hour >= 8) & (hour < 20)) | ((weekday == 5) & (hour >= 9) & (hour < 13))
    humps = 0.35 + 0.65 * np.maximum(np.exp(-(((hour - 10.5) / 1.5) ** 2)), 0.8 * np.exp(-(((hour - 15) / 1.7) ** 2)))
    return np.where(open_, humps, 0.0)


def loads(peak_calls: float, seed: int, every_interval: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Traffic [Erlang] and AHT [s] per interval of a year."""
    rng = np.random.default_rng(seed)
    starts = year_of_intervals()
    shape = np.ones(len(starts)) if every_interval else weekly_shape(starts)
    calls = rng.poisson(peak_calls * shape)
    aht = np.where(calls > 0, rng.normal(240, 25, len(starts)).clip(120, None), 0.0)
    return calls * aht / INTERVAL_S, aht


def best_of(repeat: int, work) -> tuple[float, object]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - began)
    return min(times), result


def synthetic_year_log(peak_calls: float, seed: int = 5) -> CallLog:
    """Calls of a year at the help desk's pattern, as normalized records."""
    rng = np.random.default_rng(seed)
    starts = year_of_intervals()
    calls = rng.poisson(peak_calls * weekly_shape(starts))
    first = np.repeat(starts.to_numpy(dtype="datetime64[us]"), calls)
    start = first + rng.integers(0, INTERVAL_S * 10**6, len(first)).astype("timedelta64[us]")
    count = len(start)
    answered = rng.random(count) > 0.08
    records = pd.DataFrame(
        {
            "line": np.arange(2, count + 2),
            "start": np.sort(start),
            "duration_s": np.where(answered, rng.exponential(240, count).round(), 0.0),
            "channel": pd.Categorical(["voice"] * count, categories=["voice"]),
            "direction": pd.Categorical(["inbound"] * count, categories=["inbound"]),
            "answered": answered,
            "agent": "",
            "destination": "",
        }
    )
    return CallLog(records=records, rejected=pd.DataFrame({"line": [], "raw": [], "reason": []}), source="year")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    repeat = arguments.repeat

    print("agents_needed, 80% in 20 s, max occupancy 85%, 17,520 intervals (a year of 30 min):")
    for label, peak_calls, every in [
        ("help desk, mean peak 25 Erlang", 190, False),
        ("large center, mean peak 253 Erlang", 1900, False),
        ("every interval at 253 Erlang", 1900, True),
    ]:
        traffic, aht = loads(peak_calls, seed=11, every_interval=every)
        seconds, agents = best_of(repeat, lambda t=traffic, a=aht: agents_needed(t, a, 0.8, 20, 0.85))
        print(
            f"  {label:34s} {seconds:7.3f} s   peak traffic {traffic.max():6.1f} Erlang, "
            f"peak agents {agents.max():4d}, busy intervals {np.count_nonzero(traffic):,}"
        )
        seconds, _ = best_of(repeat, lambda t=traffic, n=agents: erlang_c(t, n))
        print(f"  {'  erlang_c at those agents':34s} {seconds:7.3f} s")

    sample = ROOT / "data" / "logs" / "support_desk.csv"
    began = time.perf_counter()
    log = read_calls(sample)
    read_s = time.perf_counter() - began
    seconds, team = best_of(repeat, lambda: staff(log, 30, 0.8, 20, 0.3, 0.85))
    print(
        f"\nstaff() on {sample.relative_to(ROOT)} ({len(log.records):,} records, {len(team.intervals):,} intervals): "
        f"{seconds:.3f} s (reading the file: {read_s:.3f} s); peak {team.peak_agents} agents, "
        f"{float(team.agent_hours):,.1f} agent-hours"
    )
    year = synthetic_year_log(190)
    seconds, team = best_of(repeat, lambda: staff(year, 30, 0.8, 20, 0.3, 0.85))
    print(
        f"staff() on a synthetic year ({len(year.records):,} records, {len(team.intervals):,} intervals): "
        f"{seconds:.3f} s; peak {team.peak_agents} agents"
    )


if __name__ == "__main__":
    main()
