"""Speed of the billing rules' version 2 parts: segments, time bands, rate decks, peak concurrency.

    python bench/bench_rules_v2.py                     # 1M records (10M for peak concurrency)
    python bench/bench_rules_v2.py --records 10000000

Targets (issue 11): segments and time bands at least 20 M record-tariff
pricings per second, like the per-minute presets; a 1M-record outbound log
priced against a 50,000-row deck at least 5 M records per second (the whole
`price` call: normalizing numbers, the prefix search, billing); peak
concurrency of 10M records under 2 s. Each figure is the best of 3 runs on a
log prepared once (the tariffs' first run also fills the log's caches, as the
dashboard's first tariff does).
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal

import numpy as np
import pandas as pd

from bench.bench_pricing import peak_memory_gb, synthetic_log
from calc import CallLog, Tariff, prepare, price
from calc.decks import DeckRow

SEGMENTS = {
    "name": "Segments: first 3 minutes 0.22, then 0.11/min, then 0.05 per 6 s",
    "currency": "CNY",
    "components": [
        {
            "type": "per_minute",
            "segments": [
                {"up_to_s": 180, "fee": "0.22"},
                {"up_to_s": 600, "rate": "0.11", "increment": "60/60"},
                {"up_to_s": None, "rate": "0.05", "increment": "6/6"},
            ],
        }
    ],
}
BANDS = {
    "name": "Peak, off-peak, weekend and holidays",
    "holidays": ["2026-01-01", "2026-01-06"],
    "components": [
        {
            "type": "per_minute",
            "rate": "0.02",
            "time_bands": [
                {"when": "mon-fri 08:00-20:00", "rate": "0.06"},
                {"when": ["sat 08:00-13:00", "hol 10:00-12:00"], "rate": "0.04"},
            ],
        }
    ],
}


def synthetic_deck(rows: int, seed: int = 3) -> list[DeckRow]:
    """A deck of `rows` distinct prefixes of 1 to 8 digits, a tenth of them with a later rate."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(2, 9, rows * 2)
    values = rng.integers(0, 10**8, rows * 2) % (10**lengths)
    prefixes = pd.unique(np.char.zfill(values.astype(str), lengths).astype(object))
    prefixes = [p for p in prefixes if p[0] != "0"][:rows]
    deck = []
    for index, prefix in enumerate(prefixes):
        rate = Decimal(int(rng.integers(10, 3000))).scaleb(-4)
        if index % 10 == 0:
            deck.append(DeckRow(prefix=prefix, rate=rate + Decimal("0.001"), effective_from="2026-02-01"))
        deck.append(DeckRow(prefix=prefix, rate=rate, increment="1/1" if index % 3 == 0 else None))
    return deck


def outbound_log(records: int, deck: list[DeckRow], seed: int = 5) -> CallLog:
    """The pricing benchmark's log, all outbound, dialling numbers that start with the deck's prefixes."""
    log = synthetic_log(records, seed)
    rng = np.random.default_rng(seed)
    prefixes = np.array([row.prefix for row in deck], dtype=object)
    tails = rng.integers(10**6, 10**7, records).astype(str).astype(object)
    numbers = prefixes[rng.integers(0, len(prefixes), records)] + tails
    forms = rng.integers(0, 3, records)
    numbers = np.where(forms == 0, "+" + numbers, np.where(forms == 1, "00" + numbers, numbers))
    numbers[rng.random(records) < 0.01] = ""  # some calls carry no number: unrated, counted
    records_frame = log.records.assign(direction="outbound", destination=numbers)
    return CallLog(records=records_frame, rejected=log.rejected, source=log.source)


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


def run(records: int, peak_records: int) -> None:
    prepared = prepare(synthetic_log(records))
    print(f"\n{records:,} records")
    for spec in (SEGMENTS, BANDS):
        tariff = Tariff.model_validate(spec)
        seconds = best_of(3, lambda tariff=tariff: price(prepared, tariff))
        print(f"  {tariff.name:<64} {seconds * 1000:7.1f} ms  {records / seconds / 1e6:6.1f} M record-tariff/s")
    deck = synthetic_deck(50_000)
    outbound = prepare(outbound_log(records, deck))
    tariff = Tariff.model_validate(
        {
            "name": "A-Z deck",
            "components": [{"type": "per_minute", "direction": "outbound", "destinations": deck}],
        }
    )
    seconds = best_of(3, lambda: price(outbound, tariff))
    result = price(outbound, tariff)
    print(
        f"  {len(deck):,}-row deck ({len({r.prefix for r in deck}):,} prefixes)"
        f"{'':<26} {seconds * 1000:7.1f} ms  {records / seconds / 1e6:6.1f} M records/s"
        f"  ({result.unrated:,} unrated)"
    )
    outbound = None  # free it before the 10M log
    big = prepare(synthetic_log(peak_records))
    seconds = best_of(3, lambda: big._peak_concurrent())
    peaks = big.peak_concurrent_per_period()
    print(f"  peak concurrency, {peak_records:,} records: {seconds:.2f} s (peaks per month {peaks})")
    print(f"  peak memory so far: {peak_memory_gb():.2f} GB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--peak-records", type=int, default=10_000_000)
    arguments = parser.parse_args()
    run(arguments.records, arguments.peak_records)


if __name__ == "__main__":
    main()
