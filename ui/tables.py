"""Tables for people: the comparison's figures as text, money with thousands separators.

Pure pandas; the page shows them, the report prints them, the summary CSV saves
them. Differences between totals are exact Decimal subtractions.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

import numpy as np
import pandas as pd

from calc.costs import RECORD_DECIMALS, CostSummary, charge_text
from calc.export import safe_csv
from calc.money import format_money

__all__ = [
    "KIND_TITLES",
    "money",
    "comparison_table",
    "html_table",
    "Saving",
    "saving",
    "unrated_warnings",
    "months_table",
    "months_by_kind_table",
    "components_table",
    "savings_matrix",
    "summary_csv",
    "RecordCharges",
    "PER_CALL_ROWS",
    "per_call_table",
    "why_no_calls",
]

#: What each component type is called in charts and tables, in stacking order.
KIND_TITLES = {
    "per_minute": "Usage: per minute",
    "per_event": "Usage: per event",
    "monthly_fee": "Monthly fees",
    "per_seat": "Seats",
    "hourly_team": "Team hours",
    "minimum_spend": "Minimum-spend top-up",
    "one_time": "Set-up",
    "surcharge": "Taxes and fees",
}


def per_actual_minute(summary: CostSummary) -> str:
    """The price of a real minute (total over actual talk minutes) to 4 places with its currency, or "-".

    Examples
    --------
    >>> from decimal import Decimal
    >>> from types import SimpleNamespace as S
    >>> per_actual_minute(S(effective_rate_per_minute=Decimal("0.05014"), currency="EUR"))
    '0.0501 EUR'
    >>> per_actual_minute(S(effective_rate_per_minute=None, currency="EUR"))
    '-'
    """
    rate = summary.effective_rate_per_minute
    return "-" if rate is None else f"{rate:,.4f} {summary.currency}"


def money(amount: Decimal, summary: CostSummary, sign: bool = False) -> str:
    """An amount in the tariff's currency and minor units, e.g. ``1,234.50 EUR`` (``+`` shown if `sign`)."""
    text = format_money(amount, summary.decimals, thousands=True)
    if sign and amount > 0:
        text = "+" + text
    return f"{text} {summary.currency}"


def _minutes(value: object) -> str:
    return f"{float(value):,.1f}"


def comparison_table(summaries: list[CostSummary], current: str | None = None) -> pd.DataFrame:
    """One row per tariff, cheapest first, with every headline figure as text.

    ``vs cheapest`` is what the tariff costs more than the cheapest in its currency (totals are
    never converted); ``vs current contract`` is what it saves (negative: costs more) against
    the tariff marked as the current one.
    """
    ranked = sorted(summaries, key=lambda s: s.total)
    if not ranked:
        return pd.DataFrame()
    cheapest_in: dict[str, CostSummary] = {}  # totals are never converted: each currency has its own cheapest
    for s in ranked:
        cheapest_in.setdefault(s.currency, s)
    contract = next((s for s in summaries if s.name == current), None)
    rows = []
    for rank, s in enumerate(ranked, start=1):
        cheapest = cheapest_in[s.currency]
        row = {
            "Rank": rank,
            "Tariff": s.name,
            "Total": money(s.total, s),
            "vs cheapest": money(s.total - cheapest.total, s, sign=True)
            if s is not cheapest
            else ("cheapest" if len(cheapest_in) == 1 else f"cheapest in {s.currency}"),
        }
        if contract is not None:
            row["Saving vs current contract"] = (
                "current contract"
                if s.name == contract.name
                else money(contract.total - s.total, s, sign=True)
                if s.currency == contract.currency
                else "other currency"
            )
        row |= {
            "Per actual minute": per_actual_minute(s),
            "Billed min": _minutes(s.billed_minutes),
            "Actual min": _minutes(s.actual_minutes),
            "Rounding overhead min": _minutes(s.rounding_overhead_minutes),
            "Rounding overhead": money(s.rounding_overhead, s),
            "Calls charged": f"{s.charged_calls:,}",
            "Calls by own team": f"{s.covered_calls:,}",
        }
        if any(other.unrated for other in ranked):
            row["Unrated"] = f"{s.unrated:,}"
        rows.append(row)
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Saving:
    """What switching from the current contract to the cheapest offer in its currency saves."""

    amount: Decimal
    phrase: str


#: The look of `html_table`: Streamlit's table style (thin rules, muted header), the first row marked.
_HTML_TABLE_STYLE = (
    "<style>"
    ".tc-table{overflow-x:auto;margin-bottom:1rem}"
    ".tc-table table{border-collapse:collapse;width:100%;font-size:0.875rem}"
    ".tc-table th,.tc-table td{padding:0.25rem 0.375rem;border-bottom:1px solid rgba(49,51,63,0.1);"
    "text-align:right;vertical-align:top;white-space:nowrap}"
    ".tc-table th{font-weight:400;color:rgba(49,51,63,0.6);border-bottom-color:rgba(49,51,63,0.2)}"
    ".tc-table th{white-space:normal}"
    ".tc-table th.tc-text,.tc-table td.tc-text{text-align:left;white-space:normal;min-width:10rem}"
    ".tc-table tr.tc-first td{background-color:#e3f8ec;font-weight:600}"
    "</style>"
)


def html_table(frame: pd.DataFrame, *, text_columns: tuple[str, ...] = (), mark_first: bool = False) -> str:
    """The frame as one static HTML table for ``st.html``: every column name and cell HTML-escaped.

    One element instead of a Markdown cell per value (``st.table``): the browser draws it at a
    fraction of the cost. Nothing in it is interpreted: ``<img src=x onerror=alert(1)>`` or
    ``![x](http://host/beacon)`` show as those characters. `text_columns` are aligned left (the
    rest right, as figures are); `mark_first` highlights the first row (the cheapest).

    Examples
    --------
    >>> frame = pd.DataFrame({"Tariff": ["<b>A</b>"], "Total": ["1.00 EUR"]})
    >>> html_table(frame, text_columns=("Tariff",)).split("<tbody>")[1]
    '<tr><td class="tc-text">&lt;b&gt;A&lt;/b&gt;</td><td>1.00 EUR</td></tr></tbody></table></div>'
    """

    def cell(tag: str, column: object, value: object) -> str:
        align = ' class="tc-text"' if column in text_columns else ""
        scope = ' scope="col"' if tag == "th" else ""
        return f"<{tag}{align}{scope}>{html.escape(str(value))}</{tag}>"

    head = "".join(cell("th", column, column) for column in frame.columns)
    rows = []
    for number, values in enumerate(frame.itertuples(index=False, name=None)):
        marked = ' class="tc-first"' if mark_first and number == 0 else ""
        rows.append(
            f"<tr{marked}>" + "".join(cell("td", c, v) for c, v in zip(frame.columns, values, strict=True)) + "</tr>"
        )
    return (
        _HTML_TABLE_STYLE
        + f'<div class="tc-table"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def saving(contract: CostSummary, ranked: list[CostSummary]) -> Saving:
    """The saving of the cheapest offer in the contract's currency against the contract, and a phrase for it.

    Parameters
    ----------
    contract : CostSummary
        The current contract's summary.
    ranked : list of CostSummary
        Every compared offer, cheapest first (totals are never converted: only
        offers in the contract's currency compete).

    Returns
    -------
    Saving
        ``amount`` the exact difference of the totals [currency], never negative;
        ``phrase`` ``"saves 42.4%"`` of the contract's total, or ``"already the cheapest"``.

    Examples
    --------
    >>> from types import SimpleNamespace as S
    >>> contract = S(name="Old", total=Decimal("1000.00"), currency="EUR")
    >>> saving(contract, [S(name="New", total=Decimal("576.00"), currency="EUR"), contract])
    Saving(amount=Decimal('424.00'), phrase='saves 42.4%')
    >>> saving(contract, [contract]).phrase
    'already the cheapest'
    """
    rival = next(s for s in ranked if s.currency == contract.currency)
    amount = contract.total - rival.total
    if not amount or not contract.total:
        return Saving(amount, "already the cheapest")
    return Saving(amount, f"saves {amount / contract.total:.1%}")


def unrated_warnings(summaries: list[CostSummary]) -> list[str]:
    """One sentence per tariff whose rate deck could not rate some records.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> [line] = unrated_warnings([SimpleNamespace(name="Carrier X", unrated=12), SimpleNamespace(name="Y", unrated=0)])
    >>> line[:40]
    'Carrier X could not rate 12 records: its'

    """
    return [
        f"{s.name} could not rate {s.unrated:,} record{'s' if s.unrated != 1 else ''}: its rate deck has no row "
        "for their destinations (or they have none), so its total leaves them out."
        for s in summaries
        if s.unrated
    ]


def months_table(summaries: list[CostSummary]) -> pd.DataFrame:
    """Each month's invoice (rows) per tariff (columns), with a total row."""
    months: list[str] = []
    for s in summaries:
        months += [m for m in s.months if m not in months]
    table = {"Month": [*months, "Total"]}
    for s in summaries:
        table[s.name] = [money(s.months[m], s) if m in s.months else "-" for m in months] + [money(s.total, s)]
    return pd.DataFrame(table)


def months_by_kind_table(summaries: list[CostSummary]) -> pd.DataFrame:
    """Each tariff's month (rows) split by kind of component (columns), with the invoice.

    Kinds are those of `KIND_TITLES`; a kind no tariff has is left out. Each part is its exact
    sum rounded half-up, so the parts may differ from the invoice by a minor unit.
    """
    kinds = [k for k in KIND_TITLES if any(k in parts for s in summaries for parts in s.month_kinds.values())]
    rows = []
    for s in summaries:
        for month, parts in s.month_kinds.items():
            row = {"Tariff": s.name, "Month": month}
            row |= {KIND_TITLES[k]: money(parts[k], s) if k in parts else "-" for k in kinds}
            row["Invoice"] = money(s.months[month], s)
            rows.append(row)
    return pd.DataFrame(rows)


def components_table(summaries: list[CostSummary]) -> pd.DataFrame:
    """Each component's share (rows) per tariff (columns)."""
    labels: list[str] = []
    for s in summaries:
        labels += [label for label in s.components if label not in labels]
    table = {"Component": labels}
    for s in summaries:
        table[s.name] = [money(s.components[label], s) if label in s.components else "-" for label in labels]
    return pd.DataFrame(table)


def savings_matrix(summaries: list[CostSummary]) -> pd.DataFrame:
    """What choosing the row's tariff saves against the column's (negative: costs more)."""
    table = {"Choosing": [s.name for s in summaries]}
    for other in summaries:
        table[f"vs {other.name}"] = [
            "-"
            if s.name == other.name
            else money(other.total - s.total, s, sign=True)
            if s.currency == other.currency
            else "other currency"
            for s in summaries
        ]
    return pd.DataFrame(table)


def summary_csv(summaries: list[CostSummary]) -> bytes:
    """Machine-readable summary, one row per tariff: plain numbers, money exact (written by `safe_csv`)."""
    rows = [
        {
            "tariff": s.name,
            "currency": s.currency,
            "total": format_money(s.total, s.decimals),
            **{f"month {m}": format_money(v, s.decimals) for m, v in s.months.items()},
            **{f"component {c}": format_money(v, s.decimals) for c, v in s.components.items()},
            "billed_minutes": f"{float(s.billed_minutes):.4f}",
            "actual_minutes": f"{float(s.actual_minutes):.4f}",
            "rounding_overhead": format_money(s.rounding_overhead, s.decimals),
            "effective_rate_per_minute": ""
            if s.effective_rate_per_minute is None
            else f"{s.effective_rate_per_minute:f}",
        }
        for s in sorted(summaries, key=lambda s: s.total)
    ]
    return safe_csv(pd.DataFrame(rows))


#: Rows the per-call table shows at most; the per-record CSV holds them all.
PER_CALL_ROWS = 1_000
#: Record fields the per-call table shows, and their headings.
_PER_CALL_FIELDS = {
    "line": "Line",
    "start": "Start",
    "duration_s": "Duration [s]",
    "channel": "Channel",
    "direction": "Direction",
    "answered": "Answered",
    "destination": "Number called",
    "agent": "Agent",
}


class RecordCharges(NamedTuple):
    """One tariff's usage charge of every record of a log, in the log's order."""

    units: np.ndarray
    """Exact charges in units of ``1 / unit`` of the currency (int64, or Python ints)."""
    unit: int
    """Units per currency unit."""
    currency: str


def per_call_table(
    records: pd.DataFrame,
    charges: dict[str, RecordCharges],
    offer: str | None = None,
    search: str = "",
    limit: int = PER_CALL_ROWS,
) -> tuple[pd.DataFrame, int]:
    """The first records of a log with their usage charges, filtered by offer and by a search.

    Parameters
    ----------
    records : pandas.DataFrame
        The log's records (`calc.calls.CallLog.records`), in the log's order.
    charges : dict of str to RecordCharges
        Each offer's charge of every record, in the same order.
    offer : str, optional
        Show this offer's charge only, on the records it charges; None shows every offer's
        charge on every record.
    search : str
        Text the number called or the agent must contain (any case); empty matches all.
    limit : int
        Rows shown at most [records].

    Returns
    -------
    (pandas.DataFrame, int)
        The first `limit` matching records (record fields, then one column of charges per
        offer shown, exact and rounded half-up to `RECORD_DECIMALS` places as text, headed
        "NAME [CURRENCY]"), and how many records match in all.

    Notes
    -----
    The filters are whole-column operations; only the rows shown are turned into text.

    Examples
    --------
    >>> records = pd.DataFrame({"line": [2, 3], "destination": ["+3902", "+4420"], "agent": ["ann", "bo"]})
    >>> charges = {"A": RecordCharges(np.array([7, 0]), 100, "EUR")}
    >>> table, matched = per_call_table(records, charges, offer="A")
    >>> table.to_dict("records"), matched
    ([{'Line': 2, 'Number called': '+3902', 'Agent': 'ann', 'A [EUR]': '0.070000'}], 1)
    """
    keep = np.ones(len(records), dtype=bool)
    if offer is not None:
        keep &= np.asarray(charges[offer].units != 0, dtype=bool)
    wanted = search.strip().casefold()
    if wanted:
        found = np.zeros(len(records), dtype=bool)
        for column in ("destination", "agent"):
            if column in records:
                text = records[column].astype("string").str.casefold()
                found |= text.str.contains(wanted, regex=False).fillna(False).to_numpy(dtype=bool)
        keep &= found
    rows = np.flatnonzero(keep)
    head = rows[:limit]
    fields = [name for name in _PER_CALL_FIELDS if name in records]
    table = records.iloc[head][fields].rename(columns=_PER_CALL_FIELDS).reset_index(drop=True)
    for name in [offer] if offer is not None else list(charges):
        charge = charges[name]
        table[f"{name} [{charge.currency}]"] = charge_text(np.asarray(charge.units)[head], charge.unit, RECORD_DECIMALS)
    return table, len(rows)


def why_no_calls(offer: str | None, search: str) -> str:
    """Why the per-call table is empty, in the words of its filters.

    Examples
    --------
    >>> why_no_calls("Carrier A", "")
    'Carrier A charges no call of this log (its costs are fixed fees, or it rates no record).'
    >>> why_no_calls(None, "0039")
    "No number called or agent contains '0039'."
    """
    wanted = search.strip()
    if wanted and offer is not None:
        return f"No call charged by {offer} has a number called or agent containing {wanted!r}."
    if wanted:
        return f"No number called or agent contains {wanted!r}."
    if offer is not None:
        return f"{offer} charges no call of this log (its costs are fixed fees, or it rates no record)."
    return "The log holds no records."
