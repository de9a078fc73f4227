"""What-if speed: 25-point volume and duration curves for 10 tariffs on a 100k-record log.

    python bench/bench_whatif.py                  # 100k records, 3 runs
    python bench/bench_whatif.py --records 1000000 --runs 1

The log is `bench_pricing.synthetic_log` (two months, office-hours heavy, with
agents); the tariffs are 10 of the 11 presets (all but the dedicated team, the
cheapest to price). Prints, per run, the seconds for the volume curve (0.1x to
10x, 25 points), the duration curve (10 s to 10 min, 25 points) and both, then
the median; and, once, a break-even and the mixed team's sweep.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure this checkout's calc, not an installed one

from bench_pricing import synthetic_log  # noqa: E402

from calc import (  # noqa: E402
    break_even,
    crossovers,
    duration_curve,
    load_tariff_files,
    prepare,
    team_sweep,
    volume_curve,
)
from ui import charts  # noqa: E402

LEFT_OUT = "Dedicated team, 4 agents"


def run(records: int, runs: int) -> None:
    tariffs = [t for t in load_tariff_files(sorted((ROOT / "data" / "tariffs").glob("*.yaml"))) if t.name != LEFT_OUT]
    log = synthetic_log(records)
    began = time.perf_counter()
    prepared = prepare(log)
    print(f"{records:,} records, {len(tariffs)} tariffs: prepare {time.perf_counter() - began:.2f} s (once)")
    totals = []
    for number in range(1, runs + 1):
        began = time.perf_counter()
        volume = volume_curve(prepared, tariffs)
        middle = time.perf_counter()
        duration = duration_curve(prepared, tariffs)
        ended = time.perf_counter()
        totals.append((middle - began, ended - middle, ended - began))
        print(
            f"  run {number}: volume curve {middle - began:.2f} s, duration curve {ended - middle:.2f} s, "
            f"both {ended - began:.2f} s ({len(volume) + len(duration)} points priced)"
        )
    volume_s, duration_s, both_s = (statistics.median(column) for column in zip(*totals, strict=True))
    print(f"  median: volume curve {volume_s:.2f} s, duration curve {duration_s:.2f} s, both {both_s:.2f} s")
    began = time.perf_counter()
    colors = charts.tariff_colors([t.name for t in tariffs])
    for curve in (volume, duration):
        charts.cost_curve(curve, colors, crossovers(curve)).to_json()
    print(
        f"  crossovers and both charts built as the page sends them: {time.perf_counter() - began:.2f} s "
        f"({len(crossovers(volume))} crossings on volume, {len(crossovers(duration))} on duration)"
    )
    named = {t.name: t for t in tariffs}
    began = time.perf_counter()
    answer = break_even(prepared, named["Carrier A, 60/60"], named["Carrier B, per second"], "per_minute.rate")
    print(f"  break-even (Carrier B's rate): {time.perf_counter() - began:.2f} s, value {answer.value}")
    began = time.perf_counter()
    sweep = team_sweep(prepared, named["Core team + overflow"])
    print(f"  team sweep (0 to {sweep['agents'].max()} agents): {time.perf_counter() - began:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    run(arguments.records, arguments.runs)


if __name__ == "__main__":
    main()
