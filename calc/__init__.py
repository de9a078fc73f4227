"""Tariff Compare's calculation core: tariffs, call logs and exact pricing.

Never imports Streamlit; the dashboard and the command line are built on it.
"""

from calc.breakeven import BreakEven, break_even, numeric_fields
from calc.calls import CallLog, normalize_records
from calc.coverage import team_coverage
from calc.curves import Crossover, crossovers, duration_curve, volume_curve
from calc.decision import Decision, OfferDecision, Volatility, decide
from calc.decks import DeckIndex, DeckRow, load_deck, normalize_destinations, parse_deck_csv
from calc.errors import InputError, excerpt
from calc.export import safe_csv
from calc.offers import offer_group
from calc.rating import (
    Comparison,
    PreparedLog,
    TariffResult,
    billed_seconds,
    compare,
    prepare,
    price,
    team_candidates,
)
from calc.readers import read_calls
from calc.scenarios import Scenario, prepare_scenario
from calc.scenarios import apply as apply_scenario
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
from calc.teams import TeamChoice, best_team_size, team_sizes, team_sweep

__all__ = [
    "BreakEven",
    "CallLog",
    "Comparison",
    "Crossover",
    "DeckIndex",
    "Decision",
    "DeckRow",
    "InputError",
    "OfferDecision",
    "PreparedLog",
    "Scenario",
    "Staffing",
    "Tariff",
    "TariffResult",
    "TeamChoice",
    "Volatility",
    "agents_needed",
    "apply_scenario",
    "average_speed_of_answer",
    "best_team_size",
    "billed_seconds",
    "break_even",
    "compare",
    "crossovers",
    "decide",
    "dump_tariffs",
    "duration_curve",
    "erlang_b",
    "erlang_c",
    "excerpt",
    "hourly_team_rate",
    "interval_load",
    "load_deck",
    "load_tariff_files",
    "load_tariffs",
    "normalize_destinations",
    "normalize_records",
    "numeric_fields",
    "offer_group",
    "parse_deck_csv",
    "parse_tariffs",
    "prepare",
    "prepare_scenario",
    "price",
    "read_calls",
    "safe_csv",
    "save_tariffs",
    "service_level",
    "staff",
    "team_candidates",
    "team_coverage",
    "team_sweep",
    "team_sizes",
    "volume_curve",
]
