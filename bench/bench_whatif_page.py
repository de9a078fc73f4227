"""What-if page speed: its first run on a large log, and each calc call it makes, timed on their own.

    python bench/bench_whatif_page.py                     # 1M records
    python bench/bench_whatif_page.py --records 348000 --calls-only

The log is `bench_pricing.synthetic_log` (two months, office-hours heavy, with
agents), seeded into the session as if it had been uploaded; the tariffs are the
page's defaults (the presets in the main currency). First the page's first run with
`streamlit.testing.v1.AppTest` (every cache empty), then a second run (every cache
warm), then each other tab opened in turn (only the open tab's calculations run),
then each calculation the page makes with the default settings, one by one and
without Streamlit's caches, so the page's time can be split. Prints the load
average with the figures: the machine is shared, compare runs made side by side.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure this checkout's calc and ui, not installed ones
sys.path.insert(0, str(ROOT / "bench"))

from bench_pricing import synthetic_log  # noqa: E402

PAGE = "pages/3_what_if.py"
TABS = ("Break-even", "Team sizing", "Best mixed team", "Curves and crossovers")


def load() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def loaded_log(records: int):
    """The synthetic log as the page holds an upload: source, options and the `LoadedLog`."""
    from calc import prepare
    from calc.readers.importing import ImportResult
    from ui import data
    from ui import state as keys

    log = synthetic_log(records)
    source = {"name": f"synthetic {records:,}", "data": b"", "digest": f"bench-{records}", "file_id": "bench"}
    options = dict(keys.DEFAULT_OPTIONS)
    imported = ImportResult(
        source=source["name"],
        container="csv",
        encoding="utf-8",
        delimiter=",",
        sheet=None,
        has_header=True,
        layout="bench",
        columns=list(log.records.columns),
        mapping=[],
        notes=[],
        log=log,
    )
    return source, options, data.LoadedLog(data.source_key(source, options), source["name"], imported, prepare(log))


def page_runs(records: int) -> None:
    from streamlit.testing.v1 import AppTest

    from ui import state as keys

    source, options, loaded = loaded_log(records)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900).run()
    at.session_state[keys.LOG_SOURCE] = source
    at.session_state[keys.IMPORT_OPTIONS] = options
    at.session_state[keys.LOADED] = loaded
    for label in ("first run (caches empty)", "second run (caches warm)"):
        began = time.perf_counter()
        if label.startswith("first"):
            at.switch_page(PAGE).run()
        else:
            at.run()
        report(f"page {label}", began, at)
    for tab in TABS:  # each tab opened once, in turn (its calculations run only while it is open)
        at.session_state["whatif_tab"] = tab
        began = time.perf_counter()
        at.run()
        report(f"tab {tab!r} opened", began, at)


def report(what: str, began: float, at) -> None:
    seconds = time.perf_counter() - began
    problems = [e.value for e in at.exception]
    trouble = f", ERRORS {problems}" if problems else ""
    print(f"  {what}: {seconds:.2f} s ({len(at.get('plotly_chart'))} charts{trouble}) [{load()}]")


def calc_calls(records: int) -> None:
    """Each calculation of the page's first run, with the default settings, timed alone (no Streamlit cache)."""
    from calc import best_team_size, break_even, numeric_fields, price, staff, team_sweep
    from calc.costs import summarize
    from calc.curves import MEAN_DURATIONS_S, crossovers, duration_curve, log_point, volume_curve
    from calc.record_shares import by_shares_on_durations, by_shares_on_volume
    from ui import state as keys
    from ui import whatif, whatif_data

    _, _, loaded = loaded_log(records)
    presets = keys.presets()
    chosen = keys.default_comparison(presets)
    tariffs = [t for t in presets if chosen is None or t.name in chosen]
    log = loaded.prepared
    settings = whatif.Settings()

    def timed(what: str, work):
        began = time.perf_counter()
        result = work()
        print(f"  {what}: {time.perf_counter() - began:.2f} s")
        return result

    print(f"  {len(tariffs)} tariffs: {', '.join(t.name for t in tariffs)}")
    timed("scenario tab: every tariff priced and summarized", lambda: [summarize(price(log, t), log) for t in tariffs])
    names = [t.name for t in tariffs]
    target, varied = tariffs[0], tariffs[1]
    field = numeric_fields(varied)[0]
    timed(f"break-even ({names[1]}'s {field} to match {names[0]})", lambda: break_even(log, target, varied, field))
    timed(
        "team sizing (Erlang C, defaults)",
        lambda: staff(
            log,
            settings.interval,
            settings.service_level,
            settings.answer_within_s,
            settings.shrinkage,
            settings.max_occupancy,
        ),
    )
    mixed = [t for t in tariffs if t.covering_team is not None]
    if mixed:
        timed(f"best mixed team ({mixed[0].name}, every size)", lambda: best_team_size(team_sweep(log, mixed[0])))
    timed("the log's own point on both curves", lambda: (log_point(log, tariffs), log_point(log, tariffs, "duration")))
    factors = whatif_data.volume_factors(log.records)
    for curve, shared in (("volume", by_shares_on_volume), ("duration", by_shares_on_durations)):
        plain = [t.name for t in tariffs if not shared(t)]
        print(f"  {curve} curve: {len(tariffs) - len(plain)} from record shares, on each point's log: {plain}")
    volume = timed(f"volume curve ({len(factors)} points)", lambda: volume_curve(log, tariffs, factors))
    duration = timed(f"duration curve ({len(MEAN_DURATIONS_S)} points)", lambda: duration_curve(log, tariffs))
    timed("crossovers", lambda: (crossovers(volume), crossovers(duration)))
    print(f"  [{load()}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--calls-only", action="store_true", help="time the calc calls only, not the page")
    parser.add_argument("--page-only", action="store_true", help="time the page only, not each calc call")
    arguments = parser.parse_args()
    print(f"What-if page on {arguments.records:,} records [{load()}]")
    if not arguments.calls_only:
        page_runs(arguments.records)
    if not arguments.page_only:
        calc_calls(arguments.records)


if __name__ == "__main__":
    main()
