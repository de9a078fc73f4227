"""The Streamlit side of data flow: import the chosen log once per session, price through caches.

The log is imported (with a progress bar) when its source or the import options
change and kept in session state with its `PreparedLog`. Pricing goes through
`st.cache_data`, one entry per (log, tariff text), so editing one tariff
re-prices that tariff only and never re-imports the log. The Compare page's figures
and the Decision page's decision and PDF are cached here too; the What-if page's
calculations are in `ui.whatif_data`.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import streamlit as st

from calc import (
    Decision,
    InputError,
    PreparedLog,
    Tariff,
    compare,
    decide,
    dump_tariffs,
    offer_group,
    prepare,
    price,
)
from calc.costs import CostSummary, record_table, summarize
from calc.decision import VOLUME_SWING
from calc.export import safe_csv
from calc.i18n import _, current_language, format_percent, use_language
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


def tariff_texts(tariffs: list[Tariff]) -> tuple[str, ...]:
    """The tariffs as YAML, one text each: a cache key for a set."""
    return tuple(tariff_text(t) for t in tariffs)


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
