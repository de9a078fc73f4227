"""Command line: ``python -m calc compare CALLS TARIFF_FILE [...] [--json]``, ``inspect`` and ``staffing``.

Also installed as ``tariff-compare``. Bad input exits with status 2 and one
line on standard error naming the file, row or field and what is wrong.
``breakeven`` exits with status 1 when no value of the field can make the
varied tariff as cheap as the target (it still prints its answer, with
``"value": null`` and a ``"message"``).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence
from fractions import Fraction

from calc.calls import CallLog
from calc.dataset import (
    BATCH_ROWS,
    CSV_SUFFIXES,
    ENGINES,
    dask_compare,
    is_dataset,
    memory_compare,
    stream_compare,
    terminal_progress,
)
from calc.errors import InputError
from calc.money import format_money, round_half_up
from calc.rating import Comparison, compare
from calc.readers import DATE_ORDERS, ImportResult, import_calls
from calc.readers.legs import LEG_OPTIONS
from calc.staffing import INTERVAL_MINUTES, Staffing, hourly_team_rate, staff
from calc.tariff import Tariff, load_tariff_files

__all__ = ["main", "format_table", "format_staffing"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, status 2, like every other bad input
        self.exit(2, f"{self.prog}: error: {message}\n")


def _mapping_item(text: str) -> tuple[str, str]:
    field, sep, column = text.partition("=")
    if not sep or not field.strip():
        raise argparse.ArgumentTypeError(f"--map takes FIELD=COLUMN, e.g. duration_s=billsec, got {text!r}")
    return field.strip(), column.strip()


def _add_import_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("import options (override what is detected)")
    group.add_argument(
        "--map",
        action="append",
        type=_mapping_item,
        default=[],
        metavar="FIELD=COLUMN",
        help="take a record field from a column; FIELD= unsets it (repeatable)",
    )
    group.add_argument("--date-order", choices=DATE_ORDERS, default="auto", help="how to read 01/02/2026")
    group.add_argument("--tz", metavar="ZONE", help="local zone for times that carry one, e.g. Europe/Rome")
    group.add_argument("--sheet", help="Excel sheet name (default: the first)")
    group.add_argument("--encoding", help="text encoding, e.g. gb18030 or cp1252")
    group.add_argument("--delimiter", help="field delimiter, e.g. ';' or tab")


def _add_legs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--legs",
        choices=LEG_OPTIONS,
        default="merge",
        help="merge: the legs of one call (rows sharing a call id such as linkedid) are one record (default); "
        "keep: every row is a record",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tariff-compare", description="Which offer is really cheapest for your traffic?")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    log_help = "call log: CSV or other delimited text, .xlsx or Parquet, any supported layout"
    comparing = verbs.add_parser("compare", help="price a call log under tariffs, cheapest first")
    comparing.add_argument("calls", help=log_help)
    comparing.add_argument("tariff_files", nargs="+", metavar="TARIFF_FILE", help="YAML or JSON tariffs")
    comparing.add_argument("--json", action="store_true", help="print the JSON contract instead of a table")
    engines = comparing.add_argument_group("datasets larger than memory (see docs/scale.md)")
    engines.add_argument(
        "--engine",
        choices=ENGINES,
        default="memory",
        help="memory: import the whole log (default); stream: a folder, glob or URL of Parquet files (or a CSV) "
        "piece by piece in bounded memory; dask: the same pieces on a Dask cluster",
    )
    engines.add_argument(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://10.0.0.5:8786 (dask engine)"
    )
    engines.add_argument(
        "--workers", type=int, default=2, help="worker processes of the local Dask cluster without --scheduler"
    )
    engines.add_argument("--batch-rows", type=int, default=BATCH_ROWS, help=f"rows per piece (default {BATCH_ROWS:,})")
    _add_import_options(comparing)
    _add_legs_option(comparing)
    inspecting = verbs.add_parser("inspect", help="show how a call log is read: layout, mapping, rejects")
    inspecting.add_argument("calls", help=log_help)
    inspecting.add_argument("--rows", type=int, default=5, help="normalized rows to show (default 5)")
    _add_import_options(inspecting)
    _add_legs_option(inspecting)
    staffing = verbs.add_parser("staffing", help="agents needed per interval for a service level (Erlang C)")
    staffing.add_argument("calls", help=log_help)
    minutes = "/".join(map(str, INTERVAL_MINUTES))
    staffing.add_argument(
        "--interval", type=int, default=30, help=f"interval length in minutes, {minutes} (default 30)"
    )
    staffing.add_argument(
        "--service-level", type=float, default=0.8, help="share of calls answered in time (default 0.8)"
    )
    staffing.add_argument("--answer-within", type=float, default=20, help="answer time in seconds (default 20)")
    staffing.add_argument("--shrinkage", type=float, default=0.0, help="share of paid time off the phones (default 0)")
    staffing.add_argument(
        "--max-occupancy", type=float, default=1.0, help="highest share of time agents are busy (default 1)"
    )
    staffing.add_argument(
        "--tariff",
        action="append",
        default=[],
        metavar="TARIFF_FILE",
        help="also cost the agent-hours at the hourly_team rate of each tariff in the file (repeatable)",
    )
    staffing.add_argument("--rows", type=int, default=10, help="busiest intervals to show (default 10, 0 for all)")
    staffing.add_argument("--json", action="store_true", help="print every interval as JSON instead of a table")
    _add_import_options(staffing)
    solving = verbs.add_parser(
        "breakeven", help="the value of one price of a tariff at which it costs exactly what another costs"
    )
    solving.add_argument("calls", help=log_help)
    solving.add_argument("tariff_files", nargs="+", metavar="TARIFF_FILE", help="YAML or JSON tariffs")
    solving.add_argument("--target", required=True, metavar="NAME_A", help="the tariff whose total is matched")
    solving.add_argument("--vary", required=True, metavar="NAME_B", help="the tariff whose price is changed")
    solving.add_argument(
        "--field",
        required=True,
        metavar="COMPONENT_LABEL.FIELD",
        help="the money field of NAME_B to change, e.g. per_minute.rate or per_minute.tiers.2.rate",
    )
    solving.add_argument("--json", action="store_true", help="print the JSON answer instead of a sentence")
    _add_import_options(solving)
    return parser


def _import_options(arguments: argparse.Namespace) -> dict:
    delimiter = "\t" if arguments.delimiter in ("tab", "\\t") else arguments.delimiter
    return {
        "mapping": dict(arguments.map),
        "date_order": arguments.date_order,
        "timezone": arguments.tz,
        "sheet": arguments.sheet,
        "encoding": arguments.encoding,
        "delimiter": delimiter,
        "legs": getattr(arguments, "legs", "merge"),
    }


def _import(arguments: argparse.Namespace) -> ImportResult:
    return import_calls(arguments.calls, **_import_options(arguments))


def _compare_dataset(arguments: argparse.Namespace) -> Comparison:
    """``compare`` over a folder, glob or URL, or with ``--engine stream|dask``."""
    tariffs = load_tariff_files(arguments.tariff_files)
    options = _import_options(arguments)
    unit = "bytes" if arguments.calls.lower().endswith(CSV_SUFFIXES) else "rows"
    progress = terminal_progress(sys.stderr, unit) if sys.stderr.isatty() else None
    if arguments.engine == "memory":
        return memory_compare(arguments.calls, tariffs, options)
    if arguments.engine == "stream":
        return stream_compare(arguments.calls, tariffs, options, arguments.batch_rows, progress)
    return dask_compare(
        arguments.calls, tariffs, options, arguments.batch_rows, arguments.scheduler, arguments.workers, progress
    )


def _minutes(seconds: Fraction) -> str:
    return f"{float(seconds) / 60:,.1f}"


def format_table(comparison: Comparison, source: str) -> str:
    """The comparison as a ranked, readable text table.

    Parameters
    ----------
    comparison : Comparison
    source : str
        The call log's name, for the heading.

    Returns
    -------
    str
    """
    log = comparison.log
    months = [period.label for period in log.periods]
    lines = [
        f"Call log {source}: {log.records:,} records priced, {log.rejected:,} rejected"
        + (f", {months[0]} to {months[-1]}" if months else ""),
        "",
    ]
    header = (
        "#",
        "Tariff",
        "Total",
        "Per actual min",
        "Billed min",
        "Actual min",
        "Rounding cost",
        "vs cheapest",
    )
    rows = []
    ranked = comparison.ranked()
    cheapest_in: dict[str, object] = {}  # totals are never converted: each currency has its own cheapest
    for result in ranked:
        cheapest_in.setdefault(result.currency, result)
    for rank, result in enumerate(ranked, start=1):
        decimals = result.tariff.decimals
        rate = result.effective_rate_per_minute
        cheapest = cheapest_in[result.currency]
        extra = result.total - cheapest.total
        rows.append(
            (
                str(rank),
                result.name,
                f"{format_money(result.total, decimals, thousands=True)} {result.currency}",
                "-" if rate is None else f"{format_money(round_half_up(rate, 4), 4)}",
                _minutes(Fraction(result.billed_seconds)),
                _minutes(result.actual_seconds),
                format_money(round_half_up(result.rounding_overhead_cost, decimals), decimals, True),
                f"cheapest in {result.currency}"
                if result is cheapest and len(cheapest_in) > 1
                else "cheapest"
                if result is cheapest
                else f"+{format_money(extra, decimals, thousands=True)}",
            )
        )
    widths = [max(_width(row[i]) for row in rows + [header]) for i in range(len(header))]
    left = {1}
    for row in [header, *rows]:
        cells = [
            cell + " " * (w - _width(cell)) if i in left else " " * (w - _width(cell)) + cell
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    for result in comparison.results:
        if result.unrated:
            lines.append(
                f"Warning: {result.name} could not rate {result.unrated:,} record{'s' if result.unrated != 1 else ''} "
                "(no rate-deck row for their dialled number); they are not in its total."
            )
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: Chinese, Japanese and Korean characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _hours(hours: Fraction) -> str:
    return f"{int(hours):,}" if hours.denominator == 1 else f"{float(hours):,.2f}".rstrip("0")


def _share(value: float) -> str:
    return f"{value * 100:.4g}%"


def format_staffing(staffing: Staffing, rows: int = 10, tariffs: Sequence[Tariff] = ()) -> str:
    """The team sizing as text: parameters, peak, agent-hours, costs and the busiest intervals.

    Parameters
    ----------
    staffing : Staffing
    rows : int
        Busiest intervals to list (most scheduled agents, then most traffic); 0 lists all.
    tariffs : sequence of Tariff
        Show what the agent-hours cost at each one's ``hourly_team`` rate.

    Returns
    -------
    str
    """
    frame = staffing.intervals
    busy = frame[frame["calls"] > 0]
    first, last = (frame["start"].iloc[0], frame["start"].iloc[-1]) if len(frame) else (None, None)
    lines = [
        f"Call log {staffing.source}: {len(frame):,} intervals of {staffing.interval_minutes} min"
        + (f", {first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M}" if first is not None else "")
        + f", {len(busy):,} with calls",
        f"Target: {_share(staffing.service_level_target)} answered within {staffing.answer_within_s:g} s, "
        f"shrinkage {_share(float(staffing.shrinkage))}, max occupancy {_share(staffing.max_occupancy)}",
        f"Peak: {staffing.peak_agents} agents scheduled; {_hours(staffing.agent_hours)} agent-hours",
    ]
    for tariff in tariffs:
        cost = format_money(staffing.cost_under(tariff), tariff.decimals, thousands=True)
        rate = f"{hourly_team_rate(tariff):f}"
        lines.append(f'Cost under "{tariff.name}" at {rate} {tariff.currency}/h: {cost} {tariff.currency}')
    shown = busy.sort_values(["agents", "traffic_erlangs", "start"], ascending=[False, False, True], kind="stable")
    shown = shown if rows <= 0 else shown.head(rows)
    if not len(shown):
        return "\n".join(lines)
    header = ("Start", "Calls", "AHT s", "Erlang", "Working", "Agents", "Service level", "Occupancy")
    table = [
        (
            f"{row.start:%Y-%m-%d %H:%M}",
            str(row.calls),
            f"{row.aht_s:.1f}",
            f"{row.traffic_erlangs:.2f}",
            str(row.working_agents),
            str(row.agents),
            f"{row.service_level * 100:.1f}%",
            f"{row.occupancy * 100:.1f}%",
        )
        for row in shown.itertuples(index=False)
    ]
    widths = [max(len(row[i]) for row in [header, *table]) for i in range(len(header))]
    title = "All intervals with calls" if len(shown) == len(busy) else f"Busiest {len(shown)} intervals"
    lines += ["", f"{title} (Working: on the phones; Agents: scheduled, after shrinkage):"]
    for row in [header, *table]:
        cells = [
            cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _staffing(imported: ImportResult, arguments: argparse.Namespace) -> int:
    tariffs = []
    for path in arguments.tariff:
        for tariff in load_tariff_files([path]):
            try:
                hourly_team_rate(tariff)
            except InputError as error:  # name the file, like every tariff mistake
                raise InputError(f"{path}: {error}") from None
            tariffs.append(tariff)
    staffing = staff(
        imported.log,
        interval=arguments.interval,
        service_level=arguments.service_level,
        answer_within=arguments.answer_within,
        shrinkage=arguments.shrinkage,
        max_occupancy=arguments.max_occupancy,
    )
    if arguments.json:
        result = staffing.to_json()
        if tariffs:
            result["team_costs"] = [
                {
                    "tariff": tariff.name,
                    "currency": tariff.currency,
                    "rate": f"{hourly_team_rate(tariff):f}",
                    "cost": f"{staffing.cost_under(tariff):f}",
                }
                for tariff in tariffs
            ]
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(format_staffing(staffing, arguments.rows, tariffs))
    return 0


def _named(tariffs: list[Tariff], name: str, option: str) -> Tariff:
    for tariff in tariffs:
        if tariff.name == name:
            return tariff
    names = ", ".join(f'"{tariff.name}"' for tariff in tariffs)
    raise InputError(f'{option}: no tariff named "{name}" in the tariff files (found: {names})')


def _breakeven(arguments: argparse.Namespace, log: CallLog, tariffs: list[Tariff]) -> int:
    """Solve and print a break-even; status 1 when no value reaches the target."""
    from calc.breakeven import break_even  # only this verb needs it

    target = _named(tariffs, arguments.target, "--target")
    varied = _named(tariffs, arguments.vary, "--vary")
    result = break_even(log, target, varied, arguments.field)
    if arguments.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        print(result.message)
    return 0 if result.reachable else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    0 fine, 2 bad input (one line on standard error), 1 break-even out of reach or an
    internal error (one line ``internal error: TypeName: message``, never a traceback).
    """
    arguments = _parser().parse_args(argv)
    # The one boundary of the command line: bad input is one line and status 2; anything
    # else is a bug, said in one line with status 1, never a traceback.
    try:
        return _run(arguments)
    except InputError as error:
        print(f"tariff-compare: error: {_one_line(str(error))}", file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - RecursionError, MemoryError, pyarrow, decimal...
        detail = _one_line(str(error))
        print(
            f"tariff-compare: internal error: {type(error).__name__}{': ' + detail if detail else ''}", file=sys.stderr
        )
        return 1


def _one_line(message: str, longest: int = 500) -> str:
    """A message on one line, cut to `longest` characters."""
    text = " ".join(message.split())
    return text if len(text) <= longest else text[:longest] + "..."


def _run(arguments: argparse.Namespace) -> int:
    if getattr(arguments, "scheduler", None) and arguments.engine != "dask":
        raise InputError(f"--scheduler {arguments.scheduler}: a scheduler is for --engine dask")
    if arguments.verb == "compare" and (arguments.engine != "memory" or is_dataset(arguments.calls)):
        comparison = _compare_dataset(arguments)
        if arguments.json:
            print(json.dumps(comparison.to_json(), ensure_ascii=False))
        else:
            print(format_table(comparison, arguments.calls))
        return 0
    imported = _import(arguments)
    if arguments.verb == "inspect":
        print(imported.describe(rows=arguments.rows))
        return 0
    imported.log.require_records()
    if arguments.verb == "staffing":
        return _staffing(imported, arguments)
    tariffs = load_tariff_files(arguments.tariff_files)
    if arguments.verb == "breakeven":
        return _breakeven(arguments, imported.log, tariffs)
    comparison = compare(imported.log, tariffs, records=False)  # totals only: no per-record arrays
    if arguments.json:
        print(json.dumps(comparison.to_json(), ensure_ascii=False))
    else:
        print(format_table(comparison, arguments.calls))
    return 0
