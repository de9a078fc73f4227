"""Dashboard speed: with a 1M-record log loaded, edit one tariff field and time the updated comparison.

    python bench/bench_dashboard.py                    # 1M records
    python bench/bench_dashboard.py --records 100000

Drives the real pages with Streamlit's AppTest (in-process, so the figures are
server time: the script run, pricing through the caches, tables and figures).
The log is put in session state as the home page leaves it after an import, so
import time is not counted (see bench_import.py). Prints: the first comparison
(every tariff priced), a rerun with nothing changed (all cached), and reruns
after one tariff's rate changed (one tariff re-priced, the others from cache),
plus the cached function calls alone.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_pricing import synthetic_log  # noqa: E402
from calc import prepare  # noqa: E402
from calc.readers import ImportResult  # noqa: E402
from ui import data  # noqa: E402
from ui import state as keys  # noqa: E402


def loaded_log(records: int) -> tuple[dict, data.LoadedLog]:
    log = synthetic_log(records)
    source = {"name": f"synthetic {records:,}", "data": b"", "digest": f"bench-{records}"}
    imported = ImportResult(
        source=source["name"],
        container="memory",
        encoding=None,
        delimiter=None,
        sheet=None,
        has_header=True,
        layout="synthetic",
        columns=list(log.records.columns),
        mapping=[],
        notes=[],
        log=log,
    )
    key = data.source_key(source, dict(keys.DEFAULT_OPTIONS))
    return source, data.LoadedLog(key, source["name"], imported, prepare(log))


def timed(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise SystemExit(f"page failed: {at.exception[0].value}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--edits", type=int, default=5)
    arguments = parser.parse_args()

    source, loaded = loaded_log(arguments.records)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.session_state[keys.LOG_SOURCE] = source
    at.session_state[keys.LOADED] = loaded
    first_home = timed(at)
    at.switch_page("pages/2_compare.py")
    first = timed(at)
    tariffs = list(at.session_state[keys.TARIFFS])
    print(f"{arguments.records:,} records, {len(tariffs)} tariffs")
    print(f"  home page, first run (traffic profile):  {first_home:6.2f} s")
    print(f"  compare, first run (every tariff priced): {first:6.2f} s")
    print(f"  compare, rerun with nothing changed:      {timed(at):6.2f} s")

    position = next(i for i, t in enumerate(tariffs) if t.name == "Carrier A, 60/60")
    edits = []
    for step in range(arguments.edits):
        tariff = tariffs[position]
        rate = Decimal("0.0200") + Decimal(step + 1) / 10_000
        tariffs[position] = tariff.model_copy(
            update={"components": [tariff.components[0].model_copy(update={"rate": rate})]}
        )
        at.session_state[keys.TARIFFS] = list(tariffs)
        edits.append(timed(at))
    print(
        f"  compare after editing one rate:           {statistics.median(edits):6.2f} s median "
        f"(min {min(edits):.2f}, max {max(edits):.2f}, {len(edits)} edits)"
    )

    # The same edit through the cached functions alone (what the page calls)
    tariff = tariffs[position].model_copy(
        update={"components": [tariffs[position].components[0].model_copy(update={"rate": Decimal("0.0399")})]}
    )
    start = time.perf_counter()
    data.summarize(data.price(loaded.prepared, tariff), loaded.prepared)
    print(f"  price + summarize one tariff, no cache:   {time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    main()
