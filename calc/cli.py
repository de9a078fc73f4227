"""Command line: ``python -m calc compare CALLS TARIFF_FILE [...] [--json]``.

Also installed as ``tariff-compare``. Bad input exits with status 2 and one
line on standard error naming the file, row or field and what is wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from fractions import Fraction

from calc.calls import read_calls
from calc.errors import InputError
from calc.money import format_money, round_half_up
from calc.rating import Comparison, compare
from calc.tariff import load_tariff_files

__all__ = ["main", "format_table"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, status 2, like every other bad input
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tariff-compare", description="Which offer is really cheapest for your traffic?"
    )
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    comparing = verbs.add_parser("compare", help="price a call log under tariffs, cheapest first")
    comparing.add_argument("calls", help="call log (CSV or Parquet with the record fields)")
    comparing.add_argument(
        "tariff_files", nargs="+", metavar="TARIFF_FILE", help="YAML or JSON tariffs"
    )
    comparing.add_argument(
        "--json", action="store_true", help="print the JSON contract instead of a table"
    )
    return parser


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
    cheapest = ranked[0]
    for rank, result in enumerate(ranked, start=1):
        decimals = result.tariff.decimals
        rate = result.effective_rate_per_minute
        extra = result.total - cheapest.total
        same_currency = result.currency == cheapest.currency
        rows.append(
            (
                str(rank),
                result.name,
                f"{format_money(result.total, decimals, thousands=True)} {result.currency}",
                "-" if rate is None else f"{format_money(round_half_up(rate, 4), 4)}",
                _minutes(Fraction(result.billed_seconds)),
                _minutes(result.actual_seconds),
                format_money(
                    round_half_up(result.rounding_overhead_cost, decimals), decimals, True
                ),
                ("cheapest" if rank == 1 else f"+{format_money(extra, decimals, thousands=True)}")
                if same_currency
                else "other currency",
            )
        )
    widths = [max(len(row[i]) for row in rows + [header]) for i in range(len(header))]
    left = {1}
    for row in [header, *rows]:
        cells = [
            cell.ljust(w) if i in left else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 fine, 2 bad input)."""
    arguments = _parser().parse_args(argv)
    try:
        log = read_calls(arguments.calls)
        tariffs = load_tariff_files(arguments.tariff_files)
        comparison = compare(log, tariffs)
    except InputError as error:
        print(f"tariff-compare: error: {error}", file=sys.stderr)
        return 2
    if arguments.json:
        print(json.dumps(comparison.to_json(), ensure_ascii=False))
    else:
        print(format_table(comparison, arguments.calls))
    return 0
