"""Pricing speed and memory: synthetic logs of 1M and 10M records under every preset tariff.

    python bench/bench_pricing.py                 # 1M and 10M records
    python bench/bench_pricing.py --records 1000000

Prints, per log size: the one-off preparation time, then for each preset the
pricing time and record-tariff pricings per second, the team-coverage pass on
its own (records per second), and the process's peak memory.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd

from calc import CallLog, load_tariff_files, prepare, price, team_coverage
from calc.tariff import PerMinute

ROOT = Path(__file__).resolve().parent.parent


def synthetic_columns(records: int, seed: int = 7) -> dict[str, np.ndarray]:
    """The synthetic log's columns: starts [s] over two months, office-hours heavy, 15 percent unanswered, 80
    percent inbound, 120 agents (and some records without one); `bench_peers` writes the same log as Parquet."""
    rng = np.random.default_rng(seed)
    first = np.datetime64("2026-01-01T00:00:00", "s")
    day = rng.integers(0, 59, records)
    second_of_day = (rng.normal(13.5, 3.0, records).clip(0, 23.99) * 3600).astype(np.int64)
    start = np.sort(first + (day * 86_400 + second_of_day).astype("timedelta64[s]"))
    answered = rng.random(records) > 0.15
    duration = np.where(answered, rng.lognormal(np.log(90), 1.0, records).round(), 0.0)
    outbound = rng.random(records) >= 0.8
    agents = np.array([f"agent-{n:03d}" for n in range(120)] + [""], dtype=object)
    agent = rng.integers(0, len(agents), records)
    return {"start": start, "duration_s": duration, "answered": answered, "outbound": outbound, "agents": agents,
            "agent": agent}  # fmt: skip


def synthetic_log(records: int, seed: int = 7) -> CallLog:
    """An inbound/outbound voice log over two months, office-hours heavy, typed columns (`synthetic_columns`)."""
    columns = synthetic_columns(records, seed)
    frame = pd.DataFrame(
        {
            "line": np.arange(2, records + 2),
            "start": columns["start"].astype("datetime64[us]"),
            "duration_s": columns["duration_s"],
            "channel": pd.Categorical.from_codes(np.zeros(records, dtype=np.int8), ["voice"]).astype(object),
            "direction": np.where(columns["outbound"], "outbound", "inbound").astype(object),
            "answered": columns["answered"],
            "agent": columns["agents"][columns["agent"]],
            "destination": "",
        }
    )
    rejected = pd.DataFrame({"line": [], "raw": [], "reason": []})
    return CallLog(records=frame, rejected=rejected, source=f"synthetic {records:,}")


def peak_memory_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def run(records: int) -> None:
    tariffs = load_tariff_files(sorted((ROOT / "data" / "tariffs").glob("*.yaml")))
    log = synthetic_log(records)
    began = time.perf_counter()
    prepared = prepare(log)
    print(f"\n{records:,} records: prepare (sort, months, codes) {time.perf_counter() - began:.2f} s")
    per_minute_rates = []
    for tariff in tariffs:
        began = time.perf_counter()
        price(prepared, tariff)
        seconds = time.perf_counter() - began
        rate = records / seconds
        only_per_minute = all(isinstance(c, PerMinute) for c in tariff.components)
        per_minute_rates += [rate] if only_per_minute else []
        print(f"  {tariff.name:<36} {seconds * 1000:8.1f} ms  {rate / 1e6:7.1f} M record-tariff/s")
    print(
        f"  per-minute presets: slowest {min(per_minute_rates) / 1e6:.1f} M/s, "
        f"mean {np.mean(per_minute_rates) / 1e6:.1f} M/s"
    )
    for agents in (5, 50):
        began = time.perf_counter()
        team_coverage(prepared.start_us, prepared.duration_us, agents)
        seconds = time.perf_counter() - began
        rate = records / seconds / 1e6
        print(f"  team coverage, {agents:>2} agents (any hour): {rate:.1f} M records/s")
    print(f"  peak memory so far: {peak_memory_gb():.2f} GB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1_000_000, 10_000_000])
    for records in parser.parse_args().records:
        run(records)


if __name__ == "__main__":
    main()
