"""Datasets larger than memory: the stream engine's peak memory, the dask engine's throughput with 1 and 2 workers.

    python -m bench.bench_scale --records 10000000                 # 10M: memory, stream, dask x1, dask x2
    python -m bench.bench_scale --records 100000000 --engines stream
    python -m bench.bench_scale --write-only --records 1000000     # just the dataset

The dataset is synthetic and written once to ``bench/out/scale-N/`` as Parquet
files of ``--per-file`` records each (row groups of 500,000), named in time
order: three months of voice calls (and some SMS) with ``start``,
``duration_s``, ``channel``, ``direction``, ``answered``, ``agent`` and
``destination``. Each engine runs as its own process, ``python -m calc compare
FOLDER TARIFFS --json --engine E``, under the four presets of `PRESETS`
(60/60, time bands, volume tiers, seats counted from agents); the benchmark
checks that every engine prints the same JSON, byte for byte, and prints wall
time, records per second and the peak resident memory of the process (for the
dask engine that is the client only: the workers are processes of their own).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PRESETS = ["carrier_60_60.yaml", "peak_offpeak_italy.yaml", "volume_tiers.yaml", "seats_with_bundle.yaml"]
US_PER_DAY = 86_400_000_000
DAYS = 90


def write_dataset(folder: Path, records: int, per_file: int, seed: int = 15) -> Path:
    """Write `records` synthetic records as Parquet files of `per_file` records, in time order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    done = folder / "_complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    first = np.datetime64("2026-01-01T00:00:00", "us").astype(np.int64)
    files = -(-records // per_file)
    window = DAYS * US_PER_DAY // files
    agents = pa.array([f"agent{k:03d}" for k in range(400)])
    destinations = pa.array(["+39 06 1234 5678", "+39 333 123 4567", "+44 20 7946 0000", "0039 02 555 1234", ""])
    for number in range(files):
        count = min(per_file, records - number * per_file)
        starts = first + number * window + np.sort(rng.integers(0, window, count))
        durations = np.round(rng.exponential(170.0, count), 1)
        durations[rng.random(count) < 0.08] = 0.0
        sms = rng.random(count) < 0.05
        channel = pa.DictionaryArray.from_arrays(sms.astype(np.int8), pa.array(["voice", "sms"]))
        direction = pa.DictionaryArray.from_arrays(
            (rng.random(count) < 0.6).astype(np.int8), pa.array(["inbound", "outbound"])
        )
        table = pa.table(
            {
                "start": pa.array(starts.astype("datetime64[us]")),
                "duration_s": durations,
                "channel": channel,
                "direction": direction,
                "answered": (durations > 0) | sms,
                "agent": pa.DictionaryArray.from_arrays(rng.integers(0, len(agents), count).astype(np.int16), agents),
                "destination": pa.DictionaryArray.from_arrays(
                    rng.integers(0, len(destinations), count).astype(np.int8), destinations
                ),
            }
        )
        pq.write_table(table, folder / f"calls-{number:04d}.parquet", row_group_size=500_000)
        print(f"\rwrote {min((number + 1) * per_file, records):,} / {records:,} records", end="", file=sys.stderr)
    print(file=sys.stderr)
    done.touch()
    return folder


def run(folder: Path, engine: list[str]) -> tuple[float, int, bytes]:
    """One engine's whole process: wall time [s], peak resident memory [bytes] (GNU time), its JSON output."""
    tariffs = [str(ROOT / "data" / "tariffs" / name) for name in PRESETS]
    command = [sys.executable, "-m", "calc", "compare", str(folder / "*.parquet"), *tariffs, "--json", *engine]
    memory_file = OUT / "scale-time.txt"
    began = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", str(memory_file), *command], cwd=ROOT, capture_output=True, check=False
    )
    seconds = time.perf_counter() - began
    if done.returncode:
        raise SystemExit(f"{' '.join(engine)} failed: {done.stderr.decode()[-500:]}")
    peak = int(memory_file.read_text().split()[-1]) * 1024
    return seconds, peak, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--per-file", type=int, default=2_000_000)
    parser.add_argument("--batch-rows", type=int, default=1_000_000)
    parser.add_argument("--engines", default="memory,stream,dask1,dask2")
    parser.add_argument("--write-only", action="store_true")
    arguments = parser.parse_args()
    folder = write_dataset(OUT / f"scale-{arguments.records}", arguments.records, arguments.per_file)
    if arguments.write_only:
        return
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    engines = {
        "memory": ["--engine", "memory"],
        "stream": ["--engine", "stream", "--batch-rows", str(arguments.batch_rows)],
        "dask1": ["--engine", "dask", "--workers", "1", "--batch-rows", str(arguments.batch_rows)],
        "dask2": ["--engine", "dask", "--workers", "2", "--batch-rows", str(arguments.batch_rows)],
    }
    outputs = {}
    print(f"{'engine':8} {'records':>13} {'wall s':>8} {'records/s':>11} {'peak RSS MB':>12}")
    for name in arguments.engines.split(","):
        seconds, peak, output = run(folder, engines[name])
        outputs[name] = output
        peak_text = f"{peak / 2**20:,.0f}" + (" (client)" if name.startswith("dask") else "")
        rate = f"{arguments.records / seconds:,.0f}"
        print(f"{name:8} {arguments.records:>13,} {seconds:>8.1f} {rate:>11} {peak_text:>12}", flush=True)
    same = len(set(outputs.values())) == 1
    print(f"same JSON from every engine: {same}")
    print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    if not same:
        raise SystemExit("the engines disagree")


if __name__ == "__main__":
    main()
