"""Tariff Compare's calculation core: tariffs, call logs and exact pricing.

Never imports Streamlit; the dashboard and the command line are built on it.
"""

from calc.calls import CallLog, normalize_records, read_calls
from calc.coverage import team_coverage
from calc.errors import InputError
from calc.rating import (
    Comparison,
    PreparedLog,
    TariffResult,
    billed_seconds,
    compare,
    prepare,
    price,
)
from calc.tariff import (
    Tariff,
    dump_tariffs,
    load_tariff_files,
    load_tariffs,
    parse_tariffs,
    save_tariffs,
)

__all__ = [
    "CallLog",
    "Comparison",
    "InputError",
    "PreparedLog",
    "Tariff",
    "TariffResult",
    "billed_seconds",
    "compare",
    "dump_tariffs",
    "load_tariff_files",
    "load_tariffs",
    "normalize_records",
    "parse_tariffs",
    "prepare",
    "price",
    "read_calls",
    "save_tariffs",
    "team_coverage",
]
