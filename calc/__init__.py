"""Tariff Compare's calculation core: tariffs, call logs and exact pricing.

Never imports Streamlit; the dashboard and the command line are built on it.

Names are loaded on first use (PEP 562), so ``python -m calc compare`` imports
only the modules a comparison needs, not break-even, curves or staffing.
"""

from __future__ import annotations

from importlib import import_module

# Public name: (module, name in it).
_WHERE = {
    "agents_needed": ("calc.staffing", "agents_needed"),
    "apply_scenario": ("calc.scenarios", "apply"),
    "average_speed_of_answer": ("calc.staffing", "average_speed_of_answer"),
    "best_team_size": ("calc.teams", "best_team_size"),
    "billed_seconds": ("calc.prepared_log", "billed_seconds"),
    "break_even": ("calc.breakeven", "break_even"),
    "BreakEven": ("calc.breakeven", "BreakEven"),
    "CallLog": ("calc.records", "CallLog"),
    "combine_all": ("calc.partials", "combine_all"),
    "compare": ("calc.rating", "compare"),
    "compare_parquet": ("calc.parquet_log", "compare_parquet"),
    "Comparison": ("calc.rating", "Comparison"),
    "Crossover": ("calc.curves", "Crossover"),
    "crossovers": ("calc.curves", "crossovers"),
    "dask_compare": ("calc.dataset", "dask_compare"),
    "DeckIndex": ("calc.decks", "DeckIndex"),
    "DeckRow": ("calc.decks", "DeckRow"),
    "dump_tariffs": ("calc.tariff", "dump_tariffs"),
    "duration_curve": ("calc.curves", "duration_curve"),
    "erlang_b": ("calc.staffing", "erlang_b"),
    "erlang_c": ("calc.staffing", "erlang_c"),
    "excerpt": ("calc.errors", "excerpt"),
    "finish_partials": ("calc.partial_results", "finish"),
    "hourly_team_rate": ("calc.staffing", "hourly_team_rate"),
    "InputError": ("calc.errors", "InputError"),
    "interval_load": ("calc.staffing", "interval_load"),
    "load_deck": ("calc.decks", "load_deck"),
    "load_tariff_files": ("calc.tariff", "load_tariff_files"),
    "load_tariffs": ("calc.tariff", "load_tariffs"),
    "LogPartial": ("calc.partials", "LogPartial"),
    "normalize_destinations": ("calc.decks", "normalize_destinations"),
    "normalize_records": ("calc.calls", "normalize_records"),
    "numeric_fields": ("calc.breakeven", "numeric_fields"),
    "parse_deck_csv": ("calc.decks", "parse_deck_csv"),
    "parse_tariffs": ("calc.tariff", "parse_tariffs"),
    "partial_of": ("calc.partials", "partial_of"),
    "prepare": ("calc.rating", "prepare"),
    "prepare_columns": ("calc.prepared", "prepare_columns"),
    "prepare_scenario": ("calc.scenarios", "prepare_scenario"),
    "PreparedLog": ("calc.prepared_log", "PreparedLog"),
    "price": ("calc.rating", "price"),
    "read_calls": ("calc.readers", "read_calls"),
    "read_prepared": ("calc.parquet_log", "read_prepared"),
    "safe_csv": ("calc.export", "safe_csv"),
    "save_tariffs": ("calc.tariff", "save_tariffs"),
    "Scenario": ("calc.scenarios", "Scenario"),
    "service_level": ("calc.staffing", "service_level"),
    "staff": ("calc.staffing", "staff"),
    "Staffing": ("calc.staffing", "Staffing"),
    "stream_compare": ("calc.dataset", "stream_compare"),
    "Tariff": ("calc.tariff", "Tariff"),
    "TariffResult": ("calc.rating", "TariffResult"),
    "team_candidates": ("calc.rating", "team_candidates"),
    "team_coverage": ("calc.coverage", "team_coverage"),
    "team_sweep": ("calc.teams", "team_sweep"),
    "TeamChoice": ("calc.teams", "TeamChoice"),
    "volume_curve": ("calc.curves", "volume_curve"),
    "decide": ("calc.decision", "decide"),
    "Decision": ("calc.decision", "Decision"),
    "offer_group": ("calc.offers", "offer_group"),
    "OfferDecision": ("calc.decision", "OfferDecision"),
    "team_sizes": ("calc.teams", "team_sizes"),
    "Volatility": ("calc.decision", "Volatility"),
}

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
    "LogPartial",
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
    "combine_all",
    "compare",
    "compare_parquet",
    "crossovers",
    "decide",
    "dask_compare",
    "dump_tariffs",
    "duration_curve",
    "erlang_b",
    "erlang_c",
    "excerpt",
    "finish_partials",
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
    "partial_of",
    "prepare",
    "prepare_columns",
    "prepare_scenario",
    "price",
    "read_calls",
    "read_prepared",
    "safe_csv",
    "save_tariffs",
    "service_level",
    "staff",
    "stream_compare",
    "team_candidates",
    "team_coverage",
    "team_sweep",
    "team_sizes",
    "volume_curve",
]


def __getattr__(name: str) -> object:
    """Import the module that holds a public name on first use (PEP 562)."""
    try:
        module, attribute = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module 'calc' has no attribute {name!r}") from None
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
