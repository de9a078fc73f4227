"""Import speed: a 1M-row export read by import_calls versus pandas.read_csv(engine="pyarrow").

    python bench/bench_import.py                # 1M rows: canonical, FreePBX, Asterisk 13+ with linkedid
    python bench/bench_import.py --rows 200000

The files are written to bench/out/ (ignored by git) on first use. Target: the
import (reading, detecting, mapping, converting, validating) takes at most twice
the time pandas needs just to read the same file.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

from calc.readers import import_calls

OUT = Path(__file__).resolve().parent / "out"


def write_files(rows: int) -> dict[str, Path]:
    OUT.mkdir(exist_ok=True)
    rng = np.random.default_rng(3)
    start = pd.Timestamp("2026-01-01") + pd.to_timedelta(np.sort(rng.integers(0, 59 * 86400, rows)), unit="s")
    talk = np.where(rng.random(rows) < 0.85, rng.lognormal(np.log(90), 1.0, rows).round(), 0).astype(int)
    stamps = start.strftime("%Y-%m-%d %H:%M:%S")
    files = {
        "canonical": OUT / f"canonical_{rows}.csv",
        "freepbx": OUT / f"freepbx_{rows}.csv",
        "asterisk": OUT / f"asterisk13_{rows}.csv",
    }
    if not files["canonical"].exists():
        pd.DataFrame(
            {
                "start": stamps,
                "duration_s": talk,
                "channel": "voice",
                "direction": np.where(rng.random(rows) < 0.8, "inbound", "outbound"),
                "answered": np.where(talk > 0, "true", "false"),
                "agent": np.char.add("agent-", rng.integers(1, 60, rows).astype(str)),
                "destination": np.char.add("+3902", rng.integers(10**6, 10**7, rows).astype(str)),
            }
        ).to_csv(files["canonical"], index=False)
    if not files["freepbx"].exists():
        pd.DataFrame(
            {
                "calldate": stamps,
                "clid": '"Caller" <5550000>',
                "src": "5550000",
                "dst": rng.integers(200, 260, rows).astype(str),
                "dcontext": np.where(rng.random(rows) < 0.8, "from-trunk", "from-internal"),
                "channel": "PJSIP/trunk-0000001a",
                "dstchannel": np.char.add(np.char.add("PJSIP/", rng.integers(200, 260, rows).astype(str)), "-0000002b"),
                "lastapp": "Dial",
                "duration": talk + rng.integers(3, 20, rows),
                "billsec": talk,
                "disposition": np.where(talk > 0, "ANSWERED", "NO ANSWER"),
                "amaflags": 3,
                "uniqueid": rng.integers(10**9, 2 * 10**9, rows).astype(str),
            }
        ).to_csv(files["freepbx"], index=False)
    if not files["asterisk"].exists():
        # Asterisk 13+ cdr_csv, 21 columns, no header: calls of one to three legs sharing a linkedid.
        uniqueid = np.char.add("1767000000.", np.arange(rows).astype(str))
        first_leg = np.r_[True, rng.random(rows - 1) < 0.5]
        linkedid = uniqueid[np.maximum.accumulate(np.where(first_leg, np.arange(rows), 0))]
        pd.DataFrame(
            {
                "accountcode": "",
                "src": "0612345678",
                "dst": rng.integers(200, 260, rows).astype(str),
                "dcontext": np.where(first_leg, "from-pstn", "ringgroups"),
                "clid": '"Caller" <0612345678>',
                "channel": "SIP/carrier-0000001a",
                "dstchannel": np.char.add(np.char.add("SIP/", rng.integers(200, 260, rows).astype(str)), "-0000002b"),
                "lastapp": "Dial",
                "lastdata": "SIP/201,30",
                "start": stamps,
                "answer": np.where(talk > 0, stamps, ""),
                "end": stamps,
                "duration": talk + rng.integers(3, 20, rows),
                "billsec": talk,
                "disposition": np.where(talk > 0, "ANSWERED", "NO ANSWER"),
                "amaflags": "DOCUMENTATION",
                "uniqueid": uniqueid,
                "userfield": "",
                "peeraccount": "",
                "linkedid": linkedid,
                "sequence": np.arange(rows),
            }
        ).to_csv(files["asterisk"], index=False, header=False)
    return files


def best_of(repeats: int, *actions) -> list[float]:
    """Best time of each action [s], the actions taking turns so that a busy spell slows them alike."""
    best = [float("inf")] * len(actions)
    for _ in range(repeats):
        for number, action in enumerate(actions):
            began = time.perf_counter()
            action()
            best[number] = min(best[number], time.perf_counter() - began)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    for layout, path in write_files(arguments.rows).items():
        pandas_seconds, import_seconds = best_of(
            arguments.repeats,
            lambda p=path, h=layout != "asterisk": pd.read_csv(p, engine="pyarrow", header=0 if h else None),
            lambda p=path: import_calls(p),
        )
        size = path.stat().st_size / 2**20
        print(
            f"{layout:<10} {arguments.rows:,} rows, {size:.0f} MB: pandas.read_csv(pyarrow) {pandas_seconds:.3f} s, "
            f"import_calls {import_seconds:.3f} s, ratio {import_seconds / pandas_seconds:.2f} (target <= 2.00)"
        )


if __name__ == "__main__":
    main()
