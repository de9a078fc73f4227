"""The Streamlit side of data flow: import the chosen log once per session, price through caches.

The log is imported (with a progress bar) when its source or the import options
change and kept in session state with its `PreparedLog`. Pricing goes through
`st.cache_data`, one entry per (log, tariff text), so editing one tariff
re-prices that tariff only and never re-imports the log.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from calc import (
    BreakEven,
    Decision,
    InputError,
    PreparedLog,
    Scenario,
    Staffing,
    Tariff,
    best_team_size,
    break_even,
    compare,
    crossovers,
    decide,
    dump_tariffs,
    duration_curve,
    offer_group,
    prepare,
    prepare_scenario,
    price,
    staff,
    team_sizes,
    team_sweep,
    volume_curve,
)
from calc.costs import CostSummary, record_table, summarize
from calc.curves import MEAN_DURATIONS_S, VOLUME_FACTORS, log_points
from calc.decision import VOLUME_SWING
from calc.export import safe_csv
from calc.i18n import _, current_language, format_number, format_percent, use_language
from calc.limits import MAX_WHATIF_RECORDS
from calc.readers import ImportResult, UndetectedLayout, import_calls
from calc.traffic import TrafficProfile, traffic_profile
from ui import charts, compare_charts, pdf_report, tables
from ui import state as keys
from ui.safe import md

_PROGRESS_FROM_BYTES = 2_000_000  # show a progress bar for files larger than this


@dataclass(frozen=True)
class LoadedLog:
    """An imported log, its prepared form, and the key its cached results are filed under.

    `language` is the language its notes and refusal reasons were written in: the same log opened in another
    language is imported again for its words, and keeps its `key`, so its prices are not computed again.
    """

    key: str
    name: str
    imported: ImportResult
    prepared: PreparedLog
    language: str = "en"


def failure_text(error: Exception) -> str:
    """A failure as one line for the page, Markdown escaped: the message of bad input, else the type of a bug."""
    if isinstance(error, InputError):
        return md(error)
    logging.getLogger("tariff_compare").error("reading a log failed", exc_info=error)  # not user text: server log
    return _("internal error while reading it ({error})").format(error=type(error).__name__)


def digest(data: bytes) -> str:
    """Short content hash of an upload, to recognize it again."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def source_key(source: dict, options: dict) -> str:
    """The key a log's cached results are filed under: its path or content digest, and the import options."""
    origin = source.get("path") or source["digest"]
    return f"{origin}|{json.dumps(options, sort_keys=True)}"


def import_log(source: dict, options: dict) -> LoadedLog:
    """Import and prepare a log, showing progress for large files; bundled samples are read once per server.

    Raises
    ------
    InputError
        When the file cannot be understood; the message names it and what is wrong.
    """
    path = source.get("path")
    if source.get("data") is None and path is not None:
        stamp = Path(path).stat().st_mtime_ns
        options_json = json.dumps(options, sort_keys=True)
        return _import_bundled(path, source["name"], stamp, options_json, current_language())
    return _import_now(source, options)


@st.cache_data(show_spinner=False, max_entries=8)
def _import_bundled(path: str, name: str, modified_ns: int, options_json: str, language: str) -> LoadedLog:
    """A bundled sample, imported once for every session in one language (its notes and reasons are in words)."""
    return _import_now({"name": name, "path": path}, json.loads(options_json))


def _import_now(source: dict, options: dict) -> LoadedLog:
    data = source.get("data")
    body = data if data is not None else source["path"]
    size = len(data) if data is not None else 0
    reading = _("Reading {log}").format(log=source["name"])
    bar = st.progress(0.0, text=reading) if size > _PROGRESS_FROM_BYTES else None

    def progress(share: float) -> None:
        if bar is not None:
            share = min(max(share, 0.0), 1.0)
            bar.progress(share, text=_("{reading}: {share}").format(reading=reading, share=format_percent(share, 0)))

    try:
        imported = import_calls(
            body,
            source["name"],
            mapping=options.get("mapping") or None,
            date_order=options.get("date_order", "auto"),
            timezone=options.get("timezone"),
            encoding=options.get("encoding"),
            delimiter=options.get("delimiter"),
            legs=options.get("legs", "merge"),
            progress=progress,
        )
    finally:
        if bar is not None:
            bar.empty()
    imported.log.require_records()  # every row refused: a message, never a comparison of zeros
    return LoadedLog(source_key(source, options), source["name"], imported, prepare(imported.log), current_language())


def current_log() -> LoadedLog:
    """The session's log, imported now if its source or options changed.

    Raises
    ------
    InputError
        When the chosen source cannot be read with the chosen options.
    """
    state = st.session_state
    source, options = state[keys.LOG_SOURCE], state[keys.IMPORT_OPTIONS]
    loaded = state.get(keys.LOADED)
    if loaded is None or loaded.key != source_key(source, options) or loaded.language != current_language():
        if loaded is not None:  # the old log goes before the new one is read: one log per session in memory
            state[keys.LOADED] = loaded = None
            release_memory()
        loaded = import_log(source, options)
        state[keys.LOADED] = loaded
    return loaded


def release_memory() -> None:
    """Collect unreachable objects and give freed heap pages back to the operating system.

    numpy and pandas free a big log's arrays at once, but glibc keeps freed heap
    memory for reuse by this process; ``malloc_trim`` returns it, so a server that
    read a big upload shrinks again (a no-op where glibc is not the allocator).
    """
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def use_upload(name: str, data: bytes, file_id: str, mapping: dict | None = None) -> str | None:
    """Make an uploaded file the session's log; return a message instead when it cannot be read.

    The previous log stays in use when the upload fails. Import options start afresh
    for a new file. A file whose columns cannot be told apart waits in `keys.PENDING_UPLOAD`
    for the user to map them (and `mapping` is then what they chose).
    """
    state = st.session_state
    source = {"name": name, "data": data, "digest": digest(data), "file_id": file_id}
    options = {**keys.DEFAULT_OPTIONS, "mapping": dict(mapping or {})}
    try:
        loaded = import_log(source, options)
    except UndetectedLayout as error:
        state[keys.PENDING_UPLOAD] = {**source, "columns": error.columns, "message": str(error)}
        state[keys.UPLOAD_ERROR] = None
        release_memory()
        return str(error)
    except Exception as error:  # noqa: BLE001 - an upload never breaks the session: the old log stays
        state[keys.UPLOAD_ERROR] = (name, failure_text(error))
        release_memory()
        return state[keys.UPLOAD_ERROR][1]
    state[keys.LOG_SOURCE], state[keys.IMPORT_OPTIONS], state[keys.LOADED] = source, options, loaded
    release_memory()  # the previous log and upload are unreachable now
    state[keys.UPLOAD_ERROR] = state[keys.PENDING_UPLOAD] = None
    return None


def tariff_text(tariff: Tariff) -> str:
    """A digest of the tariff's whole content: what its cached results are keyed on.

    Taken from pydantic's JSON of the model (exact decimals as text), which stays fast for a
    tariff holding a large rate deck, where writing YAML takes seconds.
    """
    return hashlib.blake2b(tariff.model_dump_json().encode("utf-8"), digest_size=16).hexdigest()


@st.cache_data(show_spinner=False, max_entries=8)
def tariffs_document(tariff_keys: tuple[str, ...], fmt: str, _tariffs: list[Tariff]) -> str:
    """The tariff set as a YAML or JSON document (cached per set: large decks take seconds to write)."""
    return dump_tariffs(_tariffs, fmt)


@st.cache_data(show_spinner=False, max_entries=256)
def cost_summary(log_key: str, tariff_yaml: str, _log: PreparedLog, _tariff: Tariff) -> CostSummary:
    """Price one tariff on the log and summarize it (cached per log and tariff text)."""
    return summarize(price(_log, _tariff), _log)


@st.cache_data(show_spinner=False, max_entries=16)
def traffic(log_key: str, _log: PreparedLog) -> TrafficProfile:
    """The log's traffic profile (cached per log)."""
    return traffic_profile(_log)


def priceable(loaded: LoadedLog, tariffs: list[Tariff]) -> tuple[list[Tariff], list[str]]:
    """The tariffs that can be priced on the loaded log, and why each other one cannot.

    A tariff that counts seats from agents on a log without agents (or from peak
    concurrency on a log without times) is refused, never priced as 0 seats.
    """
    usable, refused = [], []
    for tariff in tariffs:
        try:
            cost_summary(loaded.key, tariff_text(tariff), loaded.prepared, tariff)
        except InputError as error:
            refused.append(str(error))
        else:
            usable.append(tariff)
    return usable, refused


def summaries(loaded: LoadedLog, tariffs: list[Tariff]) -> list[CostSummary]:
    """Cost summaries of the tariffs on the loaded log, in the tariffs' order."""
    return [cost_summary(loaded.key, tariff_text(t), loaded.prepared, t) for t in tariffs]


# 8 bytes a record per entry: about one set of offers on one log (memory grows with the log).
@st.cache_data(show_spinner=False, max_entries=24)
def record_charges(log_key: str, tariff_yaml: str, _log: PreparedLog, _tariff: Tariff) -> tables.RecordCharges:
    """One tariff's usage charge of every record, in the log's order (cached per log and tariff text)."""
    result = price(_log, _tariff)
    in_log_order = np.empty_like(np.asarray(result.record_charge_units))
    in_log_order[_log.order] = result.record_charge_units
    return tables.RecordCharges(in_log_order, result.unit, _tariff.currency)


def per_record_csv(loaded: LoadedLog, tariffs: list[Tariff]) -> bytes:
    """Every record with its charge under each tariff, as CSV bytes (built when downloaded)."""
    results = [price(loaded.prepared, tariff) for tariff in tariffs]
    return safe_csv(record_table(loaded.prepared, results))


def compare_figure(
    log_key: str,
    tariff_yamls: tuple[str, ...],
    current: str | None,
    names: tuple[str, ...],
    chart: str,
    scope: str | None,
    _shown: list[CostSummary],
    _colors: dict[str, str],
    language: str | None = None,
):
    """One Compare chart (a key of `ui.compare_charts.COMPARE_CHARTS`) of the offers shown, cheapest first.

    Cached per log, the shown offers' tariffs, the contract, the set's names (the
    colors), the chart, its scope (the offers' group when they are one group of
    several) and the language its text is written in (default: the current one):
    concurrent sessions on the same log share it, and a chart nobody asks for is
    never built.
    """
    return _compare_figure(
        log_key, tariff_yamls, current, names, chart, scope, _shown, _colors, language or current_language()
    )


@st.cache_data(show_spinner=False, max_entries=256)
def _compare_figure(log_key, tariff_yamls, current, names, chart, scope, _shown, _colors, language: str):
    """`compare_figure`, cached with the language as part of the key."""
    [spec] = [c for c in compare_charts.COMPARE_CHARTS if c.key == chart]
    with use_language(language):
        return spec.build(_shown, _colors, current, scope)


def report_figures(loaded: LoadedLog, tariffs: list[Tariff], summaries: list[CostSummary], current, colors) -> list:
    """Every Compare chart for the report, one set per offer group, each with how to read it.

    Parameters
    ----------
    loaded : LoadedLog
    tariffs : list of Tariff
        The compared tariffs, in the order of `summaries`' names.
    summaries : list of CostSummary
        Cheapest first.
    current : str or None
        The current contract's name.
    colors : dict of str to str
        A color per tariff name.

    Returns
    -------
    list of (plotly Figure, str)
        With both groups present, the explanation names the group.
    """
    split = compare_charts.split_by_group(summaries, offer_groups(tariffs))
    by_name = {t.name: t for t in tariffs}
    names = tuple(colors)
    figures = []
    for group, shown in split.items():
        texts = tariff_texts([by_name[s.name] for s in shown])
        for chart in compare_charts.COMPARE_CHARTS:
            scope = group if len(split) > 1 else None
            figure = compare_figure(loaded.key, texts, current, names, chart.key, scope, shown, colors)
            explanation = _(chart.explanation)
            if len(split) > 1:
                explanation = _("{group} offers. {explanation}").format(
                    group=charts.group_title(group), explanation=explanation
                )
            figures.append((figure, explanation))
    return figures


def offer_groups(tariffs: list[Tariff]) -> dict[str, str]:
    """Each tariff's offer group (`calc.offer_group`), by name."""
    return {t.name: offer_group(t) for t in tariffs}


@st.cache_data(show_spinner=False, max_entries=64)
def curve_points(log_key: str, tariff_yamls: tuple[str, ...], _log: PreparedLog, _tariffs: list[Tariff]):
    """Where the log itself sits on the volume and the duration curve (cached per log and tariffs)."""
    points = log_points(_log, _tariffs)
    return points["volume"], points["duration"]


def tariff_texts(tariffs: list[Tariff]) -> tuple[str, ...]:
    """The tariffs as YAML, one text each: a cache key for a set."""
    return tuple(tariff_text(t) for t in tariffs)


def scenario_log(scenario: Scenario, log: PreparedLog) -> PreparedLog:
    """The log transformed by a scenario, within the size a scenario may price; the log itself when it changes nothing.

    Parameters
    ----------
    scenario : calc.Scenario
        Volume, durations, answer rate and seed.
    log : calc.PreparedLog
        The log in use.

    Returns
    -------
    calc.PreparedLog

    Raises
    ------
    InputError
        When the scenario's volume would make more than `MAX_WHATIF_RECORDS` records.
    """
    if scenario.changes_nothing:
        return log
    scaled = round(scenario.volume_factor * log.records)
    if scaled > MAX_WHATIF_RECORDS:
        most = max((f for f in VOLUME_FACTORS if f * log.records <= MAX_WHATIF_RECORDS), default=None)
        text = _("volume x{factor} would make {count} records, more than the {most} a scenario prices").format(
            factor=format_number(Decimal(repr(scenario.volume_factor)).normalize()),
            count=format_number(scaled),
            most=format_number(MAX_WHATIF_RECORDS),
        )
        if most:
            text += _("; choose x{factor} or less").format(factor=factor_text(most))
        raise InputError(text)
    return prepare_scenario(log, scenario)


@st.cache_data(show_spinner=False, max_entries=64)
def scenario_summaries(
    log_key: str, tariff_yamls: tuple[str, ...], scenario: Scenario, _log: PreparedLog, _tariffs: list[Tariff]
) -> list[CostSummary]:
    """The tariffs priced on the log transformed by a scenario (cached per log, tariffs and scenario).

    Raises
    ------
    InputError
        When the scenario's volume would make more than `MAX_WHATIF_RECORDS` records.
    """
    if scenario.changes_nothing:  # the log itself: the comparison's summaries, priced once per log and tariff
        return [cost_summary(log_key, text, _log, t) for text, t in zip(tariff_yamls, _tariffs, strict=True)]
    changed = scenario_log(scenario, _log)
    return [summarize(price(changed, tariff), changed) for tariff in _tariffs]


def factor_text(factor: float) -> str:
    """A volume factor as shown: two significant digits in the user's number format.

    Examples
    --------
    >>> factor_text(0.1), factor_text(2.5), factor_text(10.0)
    ('0.1', '2.5', '10')
    """
    return format_number(Decimal(f"{factor:.2g}").normalize())


def volume_factors(records: int) -> tuple[float, ...]:
    """The volume curve's factors (0.1x to 10x) whose scaled log stays within `MAX_WHATIF_RECORDS` records.

    Examples
    --------
    >>> len(volume_factors(1_000)), max(volume_factors(1_000_000)) < 2.01
    (25, True)
    """
    allowed = tuple(f for f in VOLUME_FACTORS if f * records <= MAX_WHATIF_RECORDS)
    return allowed or VOLUME_FACTORS[:1]


@st.cache_data(show_spinner=False, max_entries=64)
def curve(
    log_key: str,
    tariff_yamls: tuple[str, ...],
    kind: str,
    seed: int,
    _log: PreparedLog,
    _tariffs: list[Tariff],
) -> pd.DataFrame:
    """The volume curve (`volume_factors`, seeded) or the duration curve, every point at once.

    Cached per log, tariffs, curve and seed. A whole curve in one call: each record's share of
    each bill is worked out once for all its points (`calc.record_shares`).
    """
    if kind == "volume":
        return volume_curve(_log, _tariffs, factors=volume_factors(_log.records), seed=seed)
    return duration_curve(_log, _tariffs)


def curves(
    log_key: str,
    tariff_yamls: tuple[str, ...],
    seed: int,
    _log: PreparedLog,
    _tariffs: list[Tariff],
    progress: Callable[[float, str], None] | None = None,
):
    """Volume and duration curves with their crossovers (each curve cached).

    The volume curve stops where a point would price more than `MAX_WHATIF_RECORDS`
    records (see `volume_factors`); the page says so.

    Parameters
    ----------
    progress : callable, optional
        Called before each curve with the share of points done and the curve's first point.

    Returns
    -------
    (pandas.DataFrame, list, pandas.DataFrame, list)
        The volume curve, its crossings, the duration curve, its crossings (as `calc.volume_curve`,
        `calc.duration_curve` and `calc.crossovers` give them).
    """
    factors = volume_factors(_log.records)
    count = len(factors) + len(MEAN_DURATIONS_S)
    firsts = {
        "volume": (0, _("volume x{factor}").format(factor=factor_text(factors[0]))),
        "duration": (
            len(factors),
            _("mean call {seconds} s").format(seconds=format_number(round(MEAN_DURATIONS_S[0]))),
        ),
    }
    frames = {}
    for kind, (done, what) in firsts.items():
        if progress is not None:
            progress(
                done / count,
                _("Cost curves: point {done} of {count} ({what})").format(
                    done=format_number(done + 1), count=format_number(count), what=what
                ),
            )
        frames[kind] = curve(log_key, tariff_yamls, kind, seed, _log, _tariffs)
    volume, duration = frames["volume"], frames["duration"]
    return volume, crossovers(volume), duration, crossovers(duration)


@st.cache_data(show_spinner=False, max_entries=64)
def solve_break_even(
    log_key: str,
    scenario: Scenario,
    target_yaml: str,
    varied_yaml: str,
    field: str,
    _log: PreparedLog,
    _target: Tariff,
    _varied: Tariff,
) -> BreakEven:
    """Break-even of one field on the scenario's log (cached per log, scenario, both tariffs and the field)."""
    return break_even(scenario_log(scenario, _log), _target, _varied, field)


@st.cache_data(show_spinner=False, max_entries=32)
def staffing(
    log_key: str,
    scenario: Scenario,
    interval: int,
    level: float,
    within: float,
    shrinkage: float,
    occupancy: float,
    _log: PreparedLog,
) -> Staffing:
    """Erlang C team sizing of the scenario's log (cached per log, scenario and parameters)."""
    return staff(scenario_log(scenario, _log), interval, level, within, shrinkage, occupancy)


@st.cache_data(show_spinner=False, max_entries=16)
def sweep_sizes(
    log_key: str, scenario: Scenario, tariff_yaml: str, _log_of: Callable[[], PreparedLog], _tariff: Tariff
) -> int:
    """How many team sizes the sweep tries on the scenario's log (cached; `_log_of` gives the log when needed)."""
    return len(team_sizes(_log_of(), _tariff))


@st.cache_data(show_spinner=False, max_entries=512)
def sweep_part(
    log_key: str,
    scenario: Scenario,
    tariff_yaml: str,
    first: int,
    stop: int,
    _log_of: Callable[[], PreparedLog],
    _tariff: Tariff,
) -> pd.DataFrame:
    """The sweep's rows for team sizes ``first`` to ``stop - 1`` (cached per log, scenario, tariff and sizes)."""
    return team_sweep(_log_of(), _tariff, range(first, stop))


#: Parts a sweep is priced in, so its progress can be shown.
SWEEP_PARTS = 20


def sweep(
    log_key: str,
    scenario: Scenario,
    tariff_yaml: str,
    _log: PreparedLog,
    _tariff: Tariff,
    progress: Callable[[float, str], None] | None = None,
):
    """The mixed tariff priced at every team size on the scenario's log, and the cheapest size.

    Priced in up to `SWEEP_PARTS` parts, each cached; the scenario's log is made only
    when some part is not cached yet.

    Parameters
    ----------
    progress : callable, optional
        Called before each part with the share done and a text.

    Returns
    -------
    (pandas.DataFrame, calc.teams.TeamChoice)
        As `calc.team_sweep` and `calc.best_team_size` give them.
    """
    log_of = functools.cache(lambda: scenario_log(scenario, _log))
    count = sweep_sizes(log_key, scenario, tariff_yaml, log_of, _tariff)
    step = max(1, -(-count // SWEEP_PARTS))
    parts = []
    for first in range(0, count, step):
        stop = min(first + step, count)
        if progress is not None:
            progress(
                first / count,
                _("{tariff}: team sizes {first} to {last} of 0 to {most}").format(
                    tariff=md(_tariff.name), first=first, last=stop - 1, most=count - 1
                ),
            )
        parts.append(sweep_part(log_key, scenario, tariff_yaml, first, stop, log_of, _tariff))
    table = pd.concat(parts, ignore_index=True)
    return table, best_team_size(table)


@st.cache_data(show_spinner=False, max_entries=32)
def decision(
    log_key: str,
    tariff_yamls: tuple[str, ...],
    contract: str | None,
    candidates: tuple[str, ...] | None,
    _log: PreparedLog,
    _tariffs: list[Tariff],
) -> Decision:
    """The contract against every proposal (cached per log, tariffs, contract and offers without lock-in).

    The volatility figure prices the log at 120% of its records; a log for which that would pass
    `MAX_WHATIF_RECORDS` gets no volatility (`calc.decision.OfferDecision.volatility` is None).
    """
    swing = VOLUME_SWING if (1 + VOLUME_SWING) * _log.records <= MAX_WHATIF_RECORDS else None
    return decide(compare(_log, _tariffs), contract, None if candidates is None else list(candidates), swing=swing)


@st.cache_data(show_spinner=False, max_entries=8)
def decision_pdf(
    log_key: str,
    tariff_yamls: tuple[str, ...],
    contract: str | None,
    candidates: tuple[str, ...] | None,
    log_name: str,
    today: str,
    color_key: tuple[tuple[str, str], ...],
    language: str,
    _decision: Decision,
    _tariffs: list[Tariff],
) -> bytes:
    """The PDF decision report (cached per log, tariffs, contract, offers, name, date, colors and language).

    `language` (``"en"``, ``"zh"`` or ``"it"``) is the report's text and formats, so it is part of the key.

    Raises
    ------
    InputError
        When no Unicode font is installed.
    """
    return pdf_report.decision_pdf(
        _decision, _tariffs, log_name, date.fromisoformat(today), colors=dict(color_key), language=language
    )
