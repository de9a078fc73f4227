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
from calc.staffing import (
    Staffing,
    agents_needed,
    average_speed_of_answer,
    erlang_b,
    erlang_c,
    hourly_team_rate,
    interval_load,
    service_level,
    staff,
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
    "Staffing",
    "Tariff",
    "TariffResult",
    "agents_needed",
    "average_speed_of_answer",
    "billed_seconds",
    "compare",
    "dump_tariffs",
    "erlang_b",
    "erlang_c",
    "hourly_team_rate",
    "interval_load",
    "load_tariff_files",
    "load_tariffs",
    "normalize_records",
    "parse_tariffs",
    "prepare",
    "price",
    "read_calls",
    "save_tariffs",
    "service_level",
    "staff",
    "team_coverage",
]
