"""The self-contained HTML report a sales engineer sends to a customer: tables, charts, tariffs.

One file that opens offline: plotly.js is inlined once, every other chart reuses
it. Pure: figures and summaries in, HTML text out; nothing here prices a call.
"""

from __future__ import annotations

import html
from datetime import date

import plotly.graph_objects as go
import plotly.io as pio

from calc import Tariff, dump_tariffs
from calc.costs import CostSummary
from calc.decision import Decision
from calc.i18n import _, current_language, format_date, format_month, format_number, use_language
from calc.periods import TIMELESS_LABEL
from calc.traffic import TrafficProfile
from ui import decision_tables
from ui.tables import comparison_table, money, months_by_kind_table, months_table, unrated_warnings

__all__ = ["html_report"]

_STYLE = """  # not user text: CSS
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 2rem auto;
       max-width: 1100px; color: #1f2933; padding: 0 1rem; }
h1 { margin-bottom: 0.2rem; } .lead { color: #52606d; margin-top: 0; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.92rem; }
th, td { border-bottom: 1px solid #d9e2ec; padding: 0.35rem 0.7rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
tr.cheapest td { background: #e3f8ec; font-weight: 600; }
pre { background: #f5f7fa; padding: 1rem; overflow-x: auto; font-size: 0.85rem; }
.note { color: #52606d; font-size: 0.9rem; }
.warning { background: #fff4e5; border-left: 4px solid #f0a202; padding: 0.5rem 0.8rem; }
"""


def _table(frame, highlight_first: bool = False) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for i, row in enumerate(frame.itertuples(index=False)):
        cells = "".join(f"<td>{html.escape(str(v))}</td>" for v in row)
        css = ' class="cheapest"' if highlight_first and i == 0 else ""
        rows.append(f"<tr{css}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def html_report(
    log_name: str,
    profile: TrafficProfile,
    summaries: list[CostSummary],
    tariffs: list[Tariff],
    figures: list[tuple[go.Figure, str]],
    current: str | None = None,
    today: date | None = None,
    decision: Decision | None = None,
    language: str | None = None,
) -> str:
    """Write the comparison as one HTML page that renders offline.

    Parameters
    ----------
    log_name : str
        The call log's name, as the buyer knows it.
    profile : TrafficProfile
        The log's traffic figures.
    summaries : list of CostSummary
        One per tariff compared.
    tariffs : list of Tariff
        Their definitions, printed as YAML at the end.
    figures : list of (plotly Figure, str)
        Charts with the sentence that explains each.
    current : str, optional
        The tariff marked as the buyer's current contract.
    today : datetime.date, optional
        Date printed on the report; default today.
    decision : Decision, optional
        When given, a "Decision" section comes first: the winner, the saving against the contract,
        the ranking (cost first, risk second), the month table and the month-by-month switching.
    language : str, optional
        ``"en"``, ``"zh"`` or ``"it"``: the report's words, numbers, money, months and date, the
        comparison tables of `ui.tables` included (the `figures` come built: build them in the same
        language); default the current language.

    Returns
    -------
    str
        A complete HTML document.
    """
    with use_language(language or current_language()):  # use_language(None) would mean English
        return _write(log_name, profile, summaries, tariffs, figures, current, today or date.today(), decision)


def _heading(level: str, text: str) -> str:
    """One heading: `level` ``"h1"`` to ``"h3"``, `text` already translated.

    Babel does not extract a ``_()`` written inside an f-string: each heading's text is marked outside one.
    """
    return f"<{level}>{html.escape(text)}</{level}>"


def _write(
    log_name: str,
    profile: TrafficProfile,
    summaries: list[CostSummary],
    tariffs: list[Tariff],
    figures: list[tuple[go.Figure, str]],
    current: str | None,
    today: date,
    decision: Decision | None,
) -> str:
    ranked = sorted(summaries, key=lambda s: s.total)
    cheapest = ranked[0] if ranked else None
    title = _("Tariff comparison: {log}").format(log=log_name)
    months = ", ".join(month if month == TIMELESS_LABEL else format_month(month) for month in profile.months) or "-"
    lead = _(
        "Call log <b>{log}</b>: {records} records priced, {rejected} rejected; {answered} answered calls, "
        "{minutes} talk minutes; months {months}. Prepared {date} with Tariff Compare."
    ).format(
        log=html.escape(log_name),
        records=format_number(profile.records),
        rejected=format_number(profile.rejected),
        answered=format_number(profile.answered_voice),
        minutes=format_number(profile.talk_minutes, 1),
        months=html.escape(months),
        date=format_date(today, "long"),
    )
    language = {"zh": "zh-CN"}.get(current_language(), current_language())
    parts = [
        f"<!DOCTYPE html><html lang='{language}'><head><meta charset='utf-8'>",  # not user text
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        _heading("h1", _("Tariff comparison")),
        f"<p class='lead'>{lead}</p>",
    ]
    if cheapest is not None:
        parts.append(
            "<p>"
            + _("<b>Cheapest: {offer}</b> at {total} for this traffic.").format(
                offer=html.escape(cheapest.name), total=money(cheapest.total, cheapest)
            )
            + "</p>"
        )
    if decision is not None:
        parts += [
            _heading("h2", _("Decision")),
            *(f"<p>{html.escape(line)}</p>" for line in decision_tables.headline(decision)),
            _heading("h3", _("Ranking: cost first, risk second")),
            _table(decision_tables.ranking_table(decision), highlight_first=True),
            _heading("h3", _("Contract against each offer, month by month")),
            _table(decision_tables.months_table(decision)),
            "<p class='note'>"
            + html.escape(
                _(
                    "Differences are the offer's invoice minus the contract's (negative: the offer is cheaper). "
                    "Median: the middle month (the mean of the two middle months for an even count); 95th "
                    "percentile: nearest rank."
                )
            )
            + "</p>",
            _heading("h3", _("The cheapest offer each month")),
            _table(decision_tables.switching_table(decision)),
        ]
    parts += [
        _heading("h2", _("Ranking")),
        _table(comparison_table(summaries, current), highlight_first=True),
        *(f"<p class='warning'>{html.escape(message)}</p>" for message in unrated_warnings(ranked)),
        _heading("h2", _("Month by month")),
        _table(months_table(summaries)),
        _heading("h3", _("By kind of component")),
        _table(months_by_kind_table(summaries)),
        "<p class='note'>"
        + html.escape(
            _(
                "Each month is the exact sum of its charges rounded half-up to the invoice's minor unit; the total "
                "is the sum of the months. Fixed monthly amounts are prorated by the days the log covers."
            )
        )
        + "</p>",
    ]
    first = True
    for figure, explanation in figures:
        parts.append(pio.to_html(figure, include_plotlyjs=first, full_html=False, config={"displaylogo": False}))
        parts.append(f"<p class='note'>{html.escape(explanation)}</p>")
        first = False
    parts += [
        _heading("h2", _("Tariff definitions")),
        f"<pre>{html.escape(dump_tariffs(tariffs))}</pre>",
        "</body></html>",
    ]
    return "\n".join(parts)
