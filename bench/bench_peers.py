"""Speed against DuckDB and Polars: the same log rated under the same three tariffs, exact to the cent.

    python -m bench.bench_peers                        # 1M and 10M records, 3 rounds
    python -m bench.bench_peers --records 1000000 --rounds 5
    python -m bench.bench_peers --peer duckdb FILE     # one peer's whole process (used by the benchmark)

The log is a synthetic two-month voice log written once to ``bench/out/`` as
Parquet (``start``, ``duration_s``, ``channel``, ``direction``, ``answered``,
``agent``, ``destination``). The tariffs (`TARIFFS`):

- 60/60 at 0.045 a minute plus a 0.015 connection fee, each call rounded up to the cent;
- 1/1 at 0.009 a minute;
- 6/6 with 1,500 included minutes a month, graduated tiers (0.03 up to 100,000
  minutes, 0.025 up to 300,000, then 0.02), a monthly fee of 99 and a minimum
  monthly spend of 30,000.

The peers are written as a competent analyst would: one query per engine that
groups the log by month into a few exact integer sums, then the months' tiers,
fees, proration and half-up rounding in exact integer arithmetic (DuckDB
``HUGEINT``, Polars ``Int64``; no float touches money). Every contender's months
and totals are first checked equal to the cent to the product's.

Figures (contenders take turns, the median of ``--rounds`` rounds):

- whole process: ``python -m calc compare LOG TARIFFS --json`` against a
  Python process that imports the peer, runs its query on the file and prints
  the same JSON; wall time and peak resident memory;
- in process, the log already in memory: `calc.compare` on the `calc.CallLog`
  (totals only, as the command line asks, and with each record's charge kept,
  as the dashboard asks) against the peer's query on its in-memory table, one
  query per tariff and the three tariffs fused into one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"

TARIFFS = """\
tariffs:
  - name: "60/60, connection fee, rounded up per call"
    round_per_call: up
    components:
      - {type: per_minute, rate: 0.045, increment: 60/60, connection_fee: 0.015}
  - name: "1/1"
    components:
      - {type: per_minute, rate: 0.009, increment: 1/1}
  - name: "6/6, 1,500 included minutes, tiers, fee, minimum spend"
    components:
      - type: per_minute
        increment: 6/6
        included_minutes: 1500
        tiers:
          - {up_to: 100000, rate: 0.03}
          - {up_to: 300000, rate: 0.025}
          - {up_to: null, rate: 0.02}
      - {type: monthly_fee, amount: 99}
      - {type: minimum_spend, amount: 30000}
"""
NAMES = [
    "60/60, connection fee, rounded up per call",
    "1/1",
    "6/6, 1,500 included minutes, tiers, fee, minimum spend",
]

# Month arithmetic shared by both peers, in exact integers. Money unit u = 0.00001.
# 60/60: cents per call = ceil((15 + 45 * minutes) / 10) in thousandths.
# 1/1: 0.009 / 60 a second = 15 u a second.
# 6/6: tenths of a minute; 0.03, 0.025, 0.02 a minute = 300, 250, 200 u a tenth.
INCLUDED_TENTHS = 15_000
TIER_TENTHS = (1_000_000, 3_000_000)
TIER_RATES_U = (300, 250, 200)
MONTHLY_FEE_U = 99 * 100_000
MINIMUM_U = 30_000 * 100_000
CENT_U = 1_000


def write_log(records: int) -> Path:
    """The synthetic log as Parquet in bench/out/ (written on first use)."""
    path = OUT / f"peers_{records}.parquet"
    if path.exists():
        return path
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from bench.bench_pricing import synthetic_columns

    OUT.mkdir(exist_ok=True)
    columns = synthetic_columns(records)
    table = pa.table(
        {
            "start": pa.array(columns["start"].astype("datetime64[us]")),
            "duration_s": columns["duration_s"],
            "channel": pa.array(["voice"]).take(np.zeros(records, dtype=np.int64)),
            "direction": pa.array(["inbound", "outbound"]).take(columns["outbound"].astype(np.int64)),
            "answered": columns["answered"],
            "agent": pa.array(list(columns["agents"])).take(columns["agent"]),
            "destination": pa.array([""]).take(np.zeros(records, dtype=np.int64)),
        }
    )
    pq.write_table(table, path)
    return path


def write_tariffs() -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / "peers_tariffs.yaml"
    path.write_text(TARIFFS, encoding="utf-8")
    return path


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def months_json(rows: list[tuple]) -> dict:
    """The comparison JSON (names, months, totals) from per-month rows ``(label, cents_a, cents_b, cents_c)``."""
    tariffs = []
    for index, name in enumerate(NAMES):
        months = {label: _money(int(row[index])) for label, *row in rows}
        total = sum(int(row[index + 1]) for row in rows)
        tariffs.append({"name": name, "total": _money(total), "months": months})
    return {"tariffs": tariffs}


# ---------------------------------------------------------------- DuckDB

_DUCKDB_SUMS = {
    "a": "sum(CASE WHEN charged THEN (15 + 45 * ((s + 59) // 60) + 9) // 10 ELSE 0 END)::HUGEINT AS a_cents",
    "b": "sum(CASE WHEN charged THEN s ELSE 0 END)::HUGEINT AS b_seconds",
    "c": "sum(CASE WHEN charged THEN (s + 5) // 6 ELSE 0 END)::HUGEINT AS c_tenths",
}
_DUCKDB_MONTHS = {
    "a": "a_cents",
    "b": "(b_seconds * 15 * 2 + {cent}) // (2 * {cent}) AS b_cents",
    "c": """(
        (usage * days + {fee} * covered + greatest({minimum} * covered - usage * days, 0)) * 2 + {cent} * days
    ) // (2 * {cent} * days) AS c_cents""",
}


def duckdb_sql(source: str, parts: str = "abc") -> str:
    """One query: the month sums the tariffs in `parts` need, then each month's invoice in cents."""
    over = f"(c_tenths - {INCLUDED_TENTHS})"
    tiers = (
        f"least(greatest({over}, 0), {TIER_TENTHS[0]}) * {TIER_RATES_U[0]}"
        f" + least(greatest({over} - {TIER_TENTHS[0]}, 0), {TIER_TENTHS[1] - TIER_TENTHS[0]}) * {TIER_RATES_U[1]}"
        f" + greatest({over} - {TIER_TENTHS[1]}, 0) * {TIER_RATES_U[2]}"
    )
    sums = ", ".join(_DUCKDB_SUMS[p] for p in parts)
    months = ", ".join(_DUCKDB_MONTHS[p].format(cent=CENT_U, fee=MONTHLY_FEE_U, minimum=MINIMUM_U) for p in parts)
    return f"""
    WITH r AS (
        SELECT date_trunc('month', start)::DATE AS month, start::DATE AS day,
               ceil(duration_s)::BIGINT AS s,
               answered AND channel = 'voice' AND coalesce(direction, '') <> 'internal' AS charged
        FROM {source}
    ), m AS (
        SELECT month, min(day) AS first_day, max(day) AS last_day, {sums} FROM r GROUP BY month
    ), d AS (
        SELECT *,
            (least(max(last_day) OVER (), last_day(month)) - greatest(min(first_day) OVER (), month) + 1)::HUGEINT
                AS covered,
            (last_day(month) - month + 1)::HUGEINT AS days
        FROM m
    ), u AS (
        SELECT *, {tiers if "c" in parts else "0"} AS usage FROM d
    )
    SELECT strftime(month, '%Y-%m') AS label, {months} FROM u ORDER BY month
    """


def duckdb_rows(connection: object, source: str, parts: str = "abc") -> list[tuple]:
    return connection.execute(duckdb_sql(source, parts)).fetchall()


# ---------------------------------------------------------------- Polars


def polars_query(frame: object, parts: str = "abc") -> object:
    """The same sums and month arithmetic as a Polars lazy query."""
    import polars as pl

    s = pl.col("duration_s").ceil().cast(pl.Int64)
    charged = pl.col("answered") & (pl.col("channel") == "voice") & (pl.col("direction").fill_null("") != "internal")
    sums = {
        "a": pl.when(charged).then((15 + 45 * ((s + 59) // 60) + 9) // 10).otherwise(0).sum().alias("a_cents"),
        "b": pl.when(charged).then(s).otherwise(0).sum().alias("b_seconds"),
        "c": pl.when(charged).then((s + 5) // 6).otherwise(0).sum().alias("c_tenths"),
    }
    month = pl.col("start").dt.truncate("1mo").cast(pl.Date)
    grouped = (
        frame.lazy()
        .group_by(month.alias("month"))
        .agg(
            pl.col("start").min().cast(pl.Date).alias("first_day"),
            pl.col("start").max().cast(pl.Date).alias("last_day"),
            *[sums[p] for p in parts],
        )
        .sort("month")
    )
    month_end = pl.col("month").dt.month_end()
    covered = (
        pl.min_horizontal(pl.col("last_day").max(), month_end) - pl.max_horizontal(pl.col("first_day").min(), "month")
    ).dt.total_days().cast(pl.Int64) + 1
    days = (month_end - pl.col("month")).dt.total_days().cast(pl.Int64) + 1
    over = pl.col("c_tenths") - INCLUDED_TENTHS if "c" in parts else pl.lit(0)
    usage = (
        over.clip(0, TIER_TENTHS[0]) * TIER_RATES_U[0]
        + (over - TIER_TENTHS[0]).clip(0, TIER_TENTHS[1] - TIER_TENTHS[0]) * TIER_RATES_U[1]
        + (over - TIER_TENTHS[1]).clip(0) * TIER_RATES_U[2]
    )
    months = {
        "a": pl.col("a_cents"),
        "b": (pl.col("b_seconds") * 15 * 2 + CENT_U) // (2 * CENT_U),
        "c": (
            (
                pl.col("usage") * pl.col("days")
                + MONTHLY_FEE_U * pl.col("covered")
                + (MINIMUM_U * pl.col("covered") - pl.col("usage") * pl.col("days")).clip(0)
            )
            * 2
            + CENT_U * pl.col("days")
        )
        // (2 * CENT_U * pl.col("days")),
    }
    return (
        grouped.with_columns(covered.alias("covered"), days.alias("days"), usage.alias("usage"))
        .select(pl.col("month").dt.strftime("%Y-%m").alias("label"), *[months[p].alias(p) for p in parts])
        .collect()
    )


def polars_rows(frame: object, parts: str = "abc") -> list[tuple]:
    return polars_query(frame, parts).rows()


# ---------------------------------------------------------------- whole process


def peer_process(peer: str, path: str) -> None:
    """What a peer's whole process does: read the file, rate it, print the JSON."""
    if peer == "duckdb":
        import duckdb

        rows = duckdb_rows(duckdb.connect(), f"read_parquet('{path}')")
    else:
        import polars as pl

        rows = polars_rows(pl.scan_parquet(path))
    print(json.dumps(months_json(rows)))


# Runs a command and writes its wall time [s], peak resident memory [KB] and CPU time [s] to a file.
# Linux counts the memory of the process that starts a program into the program's peak (ru_maxrss
# survives exec), and this benchmark's process holds the logs of the in-process figures: started from
# this small process instead, each contender's peak is its own.
_MEASURE = """
import os, sys, time
began = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - began
with open(sys.argv[1], "w") as figures:
    figures.write(f"{seconds} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_process(command: list[str]) -> tuple[float, float, str, float]:
    """Wall time [s], peak resident memory [GB], standard output and CPU time (user + system) [s] of one process."""
    figures = OUT / "process_figures.txt"
    child = subprocess.run([sys.executable, "-c", _MEASURE, str(figures), *command], stdout=subprocess.PIPE, cwd=ROOT)
    if child.returncode:
        raise SystemExit(f"{command} exited with {child.returncode}")
    seconds, peak_kb, cpu = figures.read_text().split()
    return float(seconds), int(peak_kb) / 1024**2, child.stdout.decode(), float(cpu)


def comparable(answer: dict) -> list[tuple]:
    return [(t["name"], t["total"], tuple(sorted(t["months"].items()))) for t in answer["tariffs"]]


def load() -> str:
    return os.getloadavg().__repr__()


def whole_process(path: Path, tariffs: Path, rounds: int) -> dict[str, tuple[float, float]]:
    commands = {
        "calc": [sys.executable, "-m", "calc", "compare", str(path), str(tariffs), "--json"],
        "duckdb": [sys.executable, "-m", "bench.bench_peers", "--peer", "duckdb", str(path)],
        "polars": [sys.executable, "-m", "bench.bench_peers", "--peer", "polars", str(path)],
    }
    answers = {name: comparable(json.loads(run_process(c)[2])) for name, c in commands.items()}
    for name in ("duckdb", "polars"):
        if answers[name] != answers["calc"]:
            raise SystemExit(f"{name} disagrees with calc:\n{answers[name]}\n{answers['calc']}")
    print(f"  whole process: the three agree to the cent ({answers['calc'][0][1]}, ...)")
    figures: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            seconds, memory, _, cpu = run_process(command)
            figures[name].append((seconds, memory, cpu))
    medians = {}
    for name, runs in figures.items():
        seconds = statistics.median(s for s, _, _ in runs)
        memory = statistics.median(m for _, m, _ in runs)
        cpu = statistics.median(c for _, _, c in runs)
        medians[name] = (seconds, memory)
        shown = ", ".join(f"{s:.2f}" for s, _, _ in runs)
        print(
            f"    {name:<7} {seconds:6.2f} s  {memory:5.2f} GB peak  {cpu:6.2f} s CPU (user + system)"
            f"   (rounds {shown})  load {load()}"
        )
    return medians


def in_process(path: Path, tariffs: Path, rounds: int) -> dict[str, float]:
    import duckdb
    import polars as pl
    import pyarrow.parquet as pq

    from calc import compare, load_tariff_files
    from calc.readers import import_calls

    log = import_calls(str(path)).log
    loaded = load_tariff_files([tariffs])
    connection = duckdb.connect()
    connection.execute(f"CREATE TABLE calls AS SELECT * FROM read_parquet('{path}')")
    frame = pl.from_arrow(pq.read_table(path))

    def product(records: bool = False) -> list[tuple]:
        answer = compare(log, loaded, records=records).to_json()
        return comparable(answer)

    contenders = {
        "calc compare": product,  # totals only, as the command line prices
        "calc, with records": lambda: product(records=True),  # each record's charge kept, as the dashboard does
        "duckdb, per tariff": lambda: [duckdb_rows(connection, "calls", p) for p in "abc"],
        "duckdb, fused": lambda: duckdb_rows(connection, "calls"),
        "polars, per tariff": lambda: [polars_rows(frame, p) for p in "abc"],
        "polars, fused": lambda: polars_rows(frame),
    }
    expected = product()
    for name in ("duckdb, fused", "polars, fused"):
        if comparable(months_json(contenders[name]())) != expected:
            raise SystemExit(f"{name} disagrees with calc in process")
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, work in contenders.items():
            began, cpu = time.perf_counter(), time.process_time()
            work()
            times[name].append((time.perf_counter() - began, time.process_time() - cpu))
    medians = {name: statistics.median(s for s, _ in t) for name, t in times.items()}
    for name, seconds in medians.items():
        cpu = statistics.median(c for _, c in times[name])
        print(f"    {name:<20} {seconds:6.3f} s  {cpu:6.3f} s CPU (user + system)   load {load()}")
    return medians


def run(records: int, rounds: int) -> None:
    path = write_log(records)
    tariffs = write_tariffs()
    print(f"\n{records:,} records ({path.stat().st_size / 1e6:.0f} MB Parquet), 3 tariffs, median of {rounds}")
    whole = whole_process(path, tariffs, rounds)
    faster = min(whole["duckdb"][0], whole["polars"][0])
    lighter = min(whole["duckdb"][1], whole["polars"][1])
    print(
        f"  whole process: calc / faster peer {whole['calc'][0] / faster:.2f}x time, "
        f"calc / lighter peer {whole['calc'][1] / lighter:.2f}x peak memory"
    )
    print("  in process (log in memory):")
    inside = in_process(path, tariffs, rounds)
    fused = min(inside["duckdb, fused"], inside["polars, fused"])
    per_tariff = min(inside["duckdb, per tariff"], inside["polars, per tariff"])
    print(
        f"  in process: calc / faster fused query {inside['calc compare'] / fused:.2f}x, "
        f"calc / faster per-tariff queries {inside['calc compare'] / per_tariff:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--peer", choices=("duckdb", "polars"), help="run one peer's whole process on FILE")
    parser.add_argument("file", nargs="?", help="the Parquet log, with --peer")
    arguments = parser.parse_args()
    if arguments.peer:
        peer_process(arguments.peer, arguments.file)
        return
    for records in arguments.records:
        run(records, arguments.rounds)


if __name__ == "__main__":
    main()
