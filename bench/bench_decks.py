"""Rate-deck speed: a 50,000-row synthetic A-Z deck and 1M outbound records.

    python bench/bench_decks.py                      # 1M records, 50,000 rows, median of 5 runs
    python bench/bench_decks.py --records 200000 --runs 3

Times the deck step of rating on whole columns: normalizing the dialled numbers
(`normalize_destinations`, mixed forms: +39..., 0039..., national, with spaces
and dashes) and finding each record's row (`DeckIndex.lookup`, longest prefix
in force on the record's day). Prints each part and records per second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import numpy as np
import pandas as pd

from calc.decks import DeckIndex, DeckRow, normalize_destinations

# Country code, national significant number length, mobile ranges (after the country code).
COUNTRIES = [
    ("1", 10, []),
    ("33", 9, ["6", "7"]),
    ("34", 9, ["6", "7"]),
    ("39", 10, ["3"]),
    ("41", 9, ["75", "76", "77", "78", "79"]),
    ("43", 10, ["650", "660", "664", "676", "680", "699"]),
    ("44", 10, ["7"]),
    ("49", 10, ["15", "16", "17"]),
    ("31", 9, ["6"]),
    ("32", 9, ["46", "47", "48", "49"]),
    ("351", 9, ["91", "92", "93", "96"]),
    ("353", 9, ["83", "85", "86", "87", "89"]),
    ("48", 9, ["5", "6", "7", "8"]),
    ("86", 11, ["13", "15", "18"]),
    ("91", 10, ["7", "8", "9"]),
    ("55", 11, ["119", "219"]),
    ("52", 10, ["1"]),
    ("61", 9, ["4"]),
    ("81", 10, ["70", "80", "90"]),
    ("971", 9, ["50", "52", "55", "56"]),
]


def synthetic_deck(rows: int, seed: int = 11) -> list[DeckRow]:
    """Country rows, mobile ranges, then area and range rows of 1-4 more digits; 5% re-priced on 2026-03-01."""
    rng = np.random.default_rng(seed)
    prefixes = {}
    for code, _, mobiles in COUNTRIES:
        prefixes[code] = f"{rng.uniform(0.004, 0.03):.4f}"
        for mobile in mobiles:
            prefixes[code + mobile] = f"{rng.uniform(0.02, 0.09):.5f}"
    codes = [code for code, _, _ in COUNTRIES]
    while len(prefixes) < rows:
        code = codes[rng.integers(len(codes))]
        extra = "".join(map(str, rng.integers(0, 10, rng.integers(1, 5))))
        prefixes.setdefault(code + extra, f"{rng.uniform(0.003, 0.12):.5f}")
    deck = [DeckRow(prefix=prefix, rate=rate) for prefix, rate in prefixes.items()]
    changed = rng.choice(len(deck), size=len(deck) // 20, replace=False)
    march = dt.date(2026, 3, 1)
    deck += [DeckRow(prefix=deck[i].prefix, rate=deck[i].rate * 2, effective_from=march) for i in changed]
    return deck


def synthetic_destinations(records: int, seed: int = 12) -> tuple[pd.Series, np.ndarray]:
    """Dialled numbers in mixed forms (a text column as the importer makes it) and start days, Jan-Apr 2026."""
    rng = np.random.default_rng(seed)
    country = rng.integers(0, len(COUNTRIES), records)
    codes = np.array([code for code, _, _ in COUNTRIES])[country]
    lengths = np.array([length for _, length, _ in COUNTRIES])[country]
    national = (rng.integers(10**8, 10**12, records) % (10**lengths)).astype(str)
    form = rng.choice(5, size=records, p=[0.45, 0.2, 0.15, 0.15, 0.05])
    international = np.char.add(np.where(form == 1, "00", "+"), codes)
    spaced = np.char.add(np.char.add("+", codes), np.char.add(" ", national))
    dialled = np.select(
        [form <= 1, form == 2, form == 3],
        [np.char.add(international, national), spaced, np.char.add("3", national)],
        "",
    )
    days = (np.datetime64("2026-01-01") - np.datetime64("1970-01-01")).astype(np.int64) + rng.integers(0, 120, records)
    return pd.Series(dialled, dtype="str"), days


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    deck = synthetic_deck(options.rows)
    began = time.perf_counter()
    index = DeckIndex(deck)
    print(f"deck: {len(deck):,} rows; DeckIndex built in {time.perf_counter() - began:.2f} s")
    destinations, days = synthetic_destinations(options.records)
    normalize_times, lookup_times, cpu_times = [], [], []
    for _ in range(options.runs):
        cpu = time.process_time()
        began = time.perf_counter()
        numbers = normalize_destinations(destinations, "39")
        normalized = time.perf_counter()
        rows = index.lookup(numbers, days)
        normalize_times.append(normalized - began)
        lookup_times.append(time.perf_counter() - normalized)
        cpu_times.append(time.process_time() - cpu)
    total = [a + b for a, b in zip(normalize_times, lookup_times, strict=True)]
    rated = np.mean(rows >= 0)
    print(f"{options.records:,} records, {rated:.1%} rated, median of {options.runs} runs:")
    print(f"  normalize_destinations {np.median(normalize_times) * 1000:7.1f} ms")
    print(f"  DeckIndex.lookup       {np.median(lookup_times) * 1000:7.1f} ms")
    print(
        f"  both                   {np.median(total) * 1000:7.1f} ms  "
        f"{options.records / np.median(total) / 1e6:.1f} M records/s (target >= 5); "
        f"best run {options.records / min(total) / 1e6:.1f} M records/s"
    )
    print(
        f"  CPU time, median       {np.median(cpu_times) * 1000:7.1f} ms  "
        f"{options.records / np.median(cpu_times) / 1e6:.1f} M records per CPU second (less sensitive to other jobs)"
    )


if __name__ == "__main__":
    main()
