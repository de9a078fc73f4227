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
from collections.abc import Sequence
from typing import TYPE_CHECKING

from calc import i18n
from calc.errors import InputError
from calc.i18n import N_, _
from calc.inputs import BATCH_ROWS, CSV_SUFFIXES, DATE_ORDERS, ENGINES, INTERVAL_MINUTES, LEG_OPTIONS, is_dataset
from calc.rating import Comparison, compare
from calc.tariff import Tariff, load_tariff_files

# Loaded where used: a comparison of a Parquet log reads it without the readers, pandas,
# Dask or staffing (`calc.parquet_log`), and needs none of them; ``--json`` needs no text
# tables (`calc.cli_text`).
if TYPE_CHECKING:
    from calc.cli_text import format_import, format_staffing, format_table
    from calc.readers import ImportResult
    from calc.records import CallLog

__all__ = ["main", "format_table", "format_staffing", "format_import"]

_TEXT = ("format_table", "format_staffing", "format_import")


def __getattr__(name: str) -> object:
    """The text formatters, still importable from here, loaded from `calc.cli_text` when asked for."""
    if name in _TEXT:
        from calc import cli_text

        return getattr(cli_text, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")  # not user text


#: argparse's own words (usage line, section titles, the help flag, its messages), as Python 3.11 writes them:
#: marked here so the catalogs translate them; `main` hands argparse this package's `_` while it parses.
ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("argument %(argument_name)s: %(message)s"),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, status 2, like every other bad input
        self.exit(2, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n")

    def format_help(self) -> str:
        # The help with a number in the user's locale is written only when help is shown: Babel takes
        # about 40 ms to load a locale's number formats, a tenth of a whole comparison of 1M records.
        for action in self._actions:
            if action.dest == "batch_rows":
                action.help = _("rows per piece (default {rows})").format(rows=i18n.format_number(BATCH_ROWS))
        return super().format_help()


def _mapping_item(text: str) -> tuple[str, str]:
    field, sep, column = text.partition("=")
    if not sep or not field.strip():
        raise argparse.ArgumentTypeError(
            _("--map takes FIELD=COLUMN, e.g. duration_s=billsec, got {text}").format(text=repr(text))
        )
    return field.strip(), column.strip()


def _add_import_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(_("import options (override what is detected)"))
    group.add_argument(
        "--map",
        action="append",
        type=_mapping_item,
        default=[],
        metavar="FIELD=COLUMN",
        help=_("take a record field from a column; FIELD= unsets it (repeatable)"),
    )
    group.add_argument("--date-order", choices=DATE_ORDERS, default="auto", help=_("how to read 01/02/2026"))
    group.add_argument("--tz", metavar="ZONE", help=_("local zone for times that carry one, e.g. Europe/Rome"))
    group.add_argument("--sheet", help=_("Excel sheet name (default: the first)"))
    group.add_argument("--encoding", help=_("text encoding, e.g. gb18030 or cp1252"))
    group.add_argument("--delimiter", help=_("field delimiter, e.g. ';' or tab"))


def _add_legs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--legs",
        choices=LEG_OPTIONS,
        default="merge",
        help=_(
            "merge: the legs of one call (rows sharing a call id such as linkedid) are one record (default); "
            "keep: every row is a record"
        ),
    )


def _add_lang_option(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument(
        "--lang",
        choices=sorted(i18n.LANGUAGES),
        default=default,
        help=_(
            "language of the text and the number formats (default: from LC_ALL, LC_MESSAGES or LANG); "
            "--json is the same in every language"
        ),
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tariff-compare", description=_("Which offer is really cheapest for your traffic?"))
    _add_lang_option(parser)
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    log_help = _("call log: CSV or other delimited text, .xlsx or Parquet, any supported layout")
    comparing = verbs.add_parser("compare", help=_("price a call log under tariffs, cheapest first"))
    comparing.add_argument("calls", help=log_help)
    comparing.add_argument("tariff_files", nargs="+", metavar="TARIFF_FILE", help=_("YAML or JSON tariffs"))
    comparing.add_argument("--json", action="store_true", help=_("print the JSON contract instead of a table"))
    engines = comparing.add_argument_group(_("datasets larger than memory (see docs/scale.md)"))
    engines.add_argument(
        "--engine",
        choices=ENGINES,
        default="memory",
        help=_(
            "memory: import the whole log (default); stream: a folder, glob or URL of Parquet files (or a CSV) "
            "piece by piece in bounded memory; dask: the same pieces on a Dask cluster"
        ),
    )
    engines.add_argument(
        "--scheduler", metavar="ADDRESS", help=_("Dask scheduler, e.g. tcp://10.0.0.5:8786 (dask engine)")
    )
    engines.add_argument(
        "--workers", type=int, default=2, help=_("worker processes of the local Dask cluster without --scheduler")
    )
    engines.add_argument(
        "--batch-rows",
        type=int,
        default=BATCH_ROWS,
        help=None,  # written by _Parser.format_help
    )
    _add_import_options(comparing)
    _add_legs_option(comparing)
    inspecting = verbs.add_parser("inspect", help=_("show how a call log is read: layout, mapping, rejects"))
    inspecting.add_argument("calls", help=log_help)
    inspecting.add_argument("--rows", type=int, default=5, help=_("normalized rows to show (default 5)"))
    _add_import_options(inspecting)
    _add_legs_option(inspecting)
    staffing = verbs.add_parser("staffing", help=_("agents needed per interval for a service level (Erlang C)"))
    staffing.add_argument("calls", help=log_help)
    minutes = "/".join(map(str, INTERVAL_MINUTES))
    staffing.add_argument(
        "--interval",
        type=int,
        default=30,
        help=_("interval length in minutes, {minutes} (default 30)").format(minutes=minutes),
    )
    staffing.add_argument(
        "--service-level", type=float, default=0.8, help=_("share of calls answered in time (default 0.8)")
    )
    staffing.add_argument("--answer-within", type=float, default=20, help=_("answer time in seconds (default 20)"))
    staffing.add_argument(
        "--shrinkage", type=float, default=0.0, help=_("share of paid time off the phones (default 0)")
    )
    staffing.add_argument(
        "--max-occupancy", type=float, default=1.0, help=_("highest share of time agents are busy (default 1)")
    )
    staffing.add_argument(
        "--tariff",
        action="append",
        default=[],
        metavar="TARIFF_FILE",
        help=_("also cost the agent-hours at the hourly_team rate of each tariff in the file (repeatable)"),
    )
    staffing.add_argument("--rows", type=int, default=10, help=_("busiest intervals to show (default 10, 0 for all)"))
    staffing.add_argument("--json", action="store_true", help=_("print every interval as JSON instead of a table"))
    _add_import_options(staffing)
    solving = verbs.add_parser(
        "breakeven", help=_("the value of one price of a tariff at which it costs exactly what another costs")
    )
    solving.add_argument("calls", help=log_help)
    solving.add_argument("tariff_files", nargs="+", metavar="TARIFF_FILE", help=_("YAML or JSON tariffs"))
    solving.add_argument("--target", required=True, metavar="NAME_A", help=_("the tariff whose total is matched"))
    solving.add_argument("--vary", required=True, metavar="NAME_B", help=_("the tariff whose price is changed"))
    solving.add_argument(
        "--field",
        required=True,
        metavar="COMPONENT_LABEL.FIELD",
        help=_("the money field of NAME_B to change, e.g. per_minute.rate or per_minute.tiers.2.rate"),
    )
    solving.add_argument("--json", action="store_true", help=_("print the JSON answer instead of a sentence"))
    _add_import_options(solving)
    for verb in (comparing, inspecting, staffing, solving):
        _add_lang_option(verb, argparse.SUPPRESS)  # also after the verb; the pre-scan of main() reads it
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
    from calc.readers import import_calls

    return import_calls(arguments.calls, **_import_options(arguments))


def _compare_dataset(arguments: argparse.Namespace) -> Comparison:
    """``compare`` over a folder, glob or URL, or with ``--engine stream|dask``."""
    from calc.dataset import dask_compare, memory_compare, stream_compare, terminal_progress

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


def _staffing(imported: ImportResult, arguments: argparse.Namespace) -> int:
    from calc.staffing import hourly_team_rate, staff

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
        from calc.cli_text import format_staffing

        print(format_staffing(staffing, arguments.rows, tariffs))
    return 0


def _named(tariffs: list[Tariff], name: str, option: str) -> Tariff:
    for tariff in tariffs:
        if tariff.name == name:
            return tariff
    names = ", ".join(f'"{tariff.name}"' for tariff in tariffs)
    raise InputError(
        _('{option}: no tariff named "{name}" in the tariff files (found: {names})').format(
            option=option, name=name, names=names
        )
    )


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
    argv = sys.argv[1:] if argv is None else list(argv)
    # The language first, so that --help and the parser's messages are written in it too.
    with i18n.use_language(_requested_language(argv) or i18n.language_from_environment()):
        argparse._ = _  # argparse's own words (ARGPARSE_TEXTS) in the language; English is their msgid
        arguments = _parser().parse_args(argv)
        # The one boundary of the command line: bad input is one line and status 2; anything
        # else is a bug, said in one line with status 1, never a traceback.
        try:
            return _run(arguments)
        except InputError as error:
            print(_("tariff-compare: error: {message}").format(message=_one_line(str(error))), file=sys.stderr)
            return 2
        except Exception as error:  # noqa: BLE001 - RecursionError, MemoryError, pyarrow, decimal...
            detail = _one_line(str(error))
            print(
                _("tariff-compare: internal error: {error}").format(
                    error=type(error).__name__ + (": " + detail if detail else "")
                ),
                file=sys.stderr,
            )
            return 1


def _requested_language(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` wherever it stands (before or after the verb), if given."""
    for position, item in enumerate(argv):
        if item == "--":
            break
        if item == "--lang" and position + 1 < len(argv):
            return i18n.language_of(argv[position + 1])
        if item.startswith("--lang="):
            return i18n.language_of(item.partition("=")[2])
    return None


def _one_line(message: str, longest: int = 500) -> str:
    """A message on one line, cut to `longest` characters."""
    text = " ".join(message.split())
    return text if len(text) <= longest else text[:longest] + "..."


def _run(arguments: argparse.Namespace) -> int:
    if getattr(arguments, "scheduler", None) and arguments.engine != "dask":
        raise InputError(
            _("--scheduler {address}: a scheduler is for --engine dask").format(address=arguments.scheduler)
        )
    if arguments.verb == "compare" and (arguments.engine != "memory" or is_dataset(arguments.calls)):
        return _print_comparison(_compare_dataset(arguments), arguments)
    if arguments.verb == "compare" and _detected_only(arguments):
        comparison = _compare_parquet(arguments)
        if comparison is not None:
            return _print_comparison(comparison, arguments)
    imported = _import(arguments)
    if arguments.verb == "inspect":
        from calc.cli_text import format_import

        print(format_import(imported, rows=arguments.rows))
        return 0
    imported.log.require_records()
    if arguments.verb == "staffing":
        return _staffing(imported, arguments)
    tariffs = load_tariff_files(arguments.tariff_files)
    if arguments.verb == "breakeven":
        return _breakeven(arguments, imported.log, tariffs)
    comparison = compare(imported.log, tariffs, records=False)  # totals only: no per-record arrays
    return _print_comparison(comparison, arguments)


def _print_comparison(comparison: Comparison, arguments: argparse.Namespace) -> int:
    if arguments.json:
        print(json.dumps(comparison.to_json(), ensure_ascii=False))
    else:
        from calc.cli_text import format_table

        print(format_table(comparison, arguments.calls))
    return 0


def _compare_parquet(arguments: argparse.Namespace) -> Comparison | None:
    """``compare`` of a Parquet log in record fields without the importer or pandas (`calc.parquet_log`).

    None when the importer must read the log, and on any refusal: the importer's path
    then says what is wrong first, the log or the tariffs, as it always has.
    """
    from calc.parquet_log import compare_parquet, is_record_parquet

    if not is_record_parquet(arguments.calls):
        return None
    import pyarrow as pa

    # Memory Arrow frees between pieces goes back to malloc, where numpy takes it again; Arrow's own
    # allocator keeps it (the 10M-record benchmark log peaks at 0.12 GB rather than 0.17 GB).
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        return compare_parquet(arguments.calls, load_tariff_files(arguments.tariff_files))
    except InputError:
        return None


def _detected_only(arguments: argparse.Namespace) -> bool:
    """True when no import option overrides what the importer would detect (and no zone is to be checked)."""
    options = _import_options(arguments)
    return (
        not options["mapping"]
        and options["date_order"] == "auto"
        and all(options[name] is None for name in ("timezone", "sheet", "encoding", "delimiter"))
    )
