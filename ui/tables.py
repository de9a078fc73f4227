"""Tables for people: the comparison's figures as text in the current language and its locale's formats.

Pure pandas; the page shows them, the report prints them, the summary CSV saves
them. Differences between totals are exact Decimal subtractions; money is written
by Babel with the currency's symbol where the locale puts it (`calc.i18n.format_money`),
exactly from the Decimal. The summary CSV is for machines: English column names,
plain numbers. The per-call table is `ui.call_tables` (its names are importable from
here too).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from calc.costs import CostSummary
from calc.export import safe_csv
from calc.i18n import N_, _, format_month, format_number, format_percent, ngettext
from calc.i18n import format_money as locale_money
from calc.money import format_money
from calc.periods import TIMELESS_LABEL
from ui.call_tables import PER_CALL_ROWS, RecordCharges, per_call_table, why_no_calls  # importable from here too

__all__ = [
    "KIND_TITLES",
    "money",
    "money_text",
    "per_actual_minute",
    "month_label",
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

#: What each component type is called in charts and tables, in stacking order (translate with `_` where shown).
KIND_TITLES = {
    "per_minute": N_("Usage: per minute"),
    "per_event": N_("Usage: per event"),
    "monthly_fee": N_("Monthly fees"),
    "per_seat": N_("Seats"),
    "hourly_team": N_("Team hours"),
    "minimum_spend": N_("Minimum-spend top-up"),
    "one_time": N_("Set-up"),
    "surcharge": N_("Taxes and fees"),
}


def per_actual_minute(summary: CostSummary) -> str:
    r"""The price of a real minute (total over actual talk minutes) to 4 places with its currency, or "-".

    Rounded half-up from the exact Decimal, written in the current language's locale.

    Examples
    --------
    >>> from decimal import Decimal
    >>> from types import SimpleNamespace as S
    >>> from calc.i18n import use_language
    >>> per_actual_minute(S(effective_rate_per_minute=Decimal("0.05015"), currency="EUR"))
    '€0.0502'
    >>> with use_language("it"):
    ...     per_actual_minute(S(effective_rate_per_minute=Decimal("0.05014"), currency="EUR"))
    '0,0501\xa0€'
    >>> per_actual_minute(S(effective_rate_per_minute=None, currency="EUR"))
    '-'
    """
    rate = summary.effective_rate_per_minute
    return "-" if rate is None else locale_money(rate, summary.currency, decimals=4)


def money_text(amount: Decimal | int, currency: str, decimals: int | None = None, sign: bool = False) -> str:
    r"""An amount with its currency in the locale's way, exactly (``+`` before a rise when `sign`).

    Parameters
    ----------
    amount : Decimal or int
        [currency]; never a float.
    currency : str
        ISO 4217 code.
    decimals : int, optional
        Places to show (rounded half-up); default: as many as `amount` has, at least the currency's.
    sign : bool
        Write ``+`` before an amount above zero (a change).

    Examples
    --------
    >>> from calc.i18n import use_language
    >>> with use_language("it"):
    ...     money_text(Decimal("2175.74"), "EUR", 2, sign=True), money_text(Decimal("0.05014"), "EUR", 4)
    ('+2.175,74\xa0€', '0,0501\xa0€')
    """
    text = locale_money(amount, currency, decimals=decimals)
    return "+" + text if sign and amount > 0 else text


def money(amount: Decimal, summary: CostSummary, sign: bool = False) -> str:
    r"""An amount in the tariff's currency and minor units, in the locale's way (``+`` before a gain if `sign`).

    Parameters
    ----------
    amount : Decimal
        Exact [currency]; rounded half-up to the tariff's minor units.
    summary : CostSummary
        Gives the currency and its decimals.
    sign : bool
        Write ``+`` before a positive amount (a saving, a difference).

    Examples
    --------
    >>> from types import SimpleNamespace as S
    >>> from calc.i18n import use_language
    >>> eur = S(currency="EUR", decimals=2)
    >>> money(Decimal("1234.5"), eur), money(Decimal("7"), eur, sign=True), money(Decimal("-0.125"), eur)
    ('€1,234.50', '+€7.00', '-€0.13')
    >>> with use_language("it"):
    ...     money(Decimal("1234.5"), eur, sign=True)
    '+1.234,50\xa0€'
    >>> with use_language("zh"):
    ...     money(Decimal("1234.5"), S(currency="CNY", decimals=2))
    '¥1,234.50'
    """
    return money_text(amount, summary.currency, summary.decimals, sign)


def _minutes(value: object) -> str:
    """Minutes (exact Fraction or Decimal) to one place in the locale."""
    return format_number(value, 1)


def month_label(month: str) -> str:
    """A month of the summaries (``2026-01``, or the whole log without timestamps) in the current language.

    Examples
    --------
    >>> month_label("2026-01"), month_label(TIMELESS_LABEL)
    ('Jan 2026', 'whole log')
    """
    return _("whole log") if month == TIMELESS_LABEL else format_month(month)


def comparison_table(summaries: list[CostSummary], current: str | None = None) -> pd.DataFrame:
    """One row per tariff, cheapest first, with every headline figure as text in the current language.

    ``vs cheapest`` is what the tariff costs more than the cheapest in its currency (totals are
    never converted); ``Saving vs current contract`` is what it saves (negative: costs more) against
    the tariff marked as the current one. Column names are translated too.
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
            _("Rank"): rank,
            _("Tariff"): s.name,
            _("Total"): money(s.total, s),
            _("vs cheapest"): money(s.total - cheapest.total, s, sign=True)
            if s is not cheapest
            else (_("cheapest") if len(cheapest_in) == 1 else _("cheapest in {currency}").format(currency=s.currency)),
        }
        if contract is not None:
            row[_("Saving vs current contract")] = (
                _("current contract")
                if s.name == contract.name
                else money(contract.total - s.total, s, sign=True)
                if s.currency == contract.currency
                else _("other currency")
            )
        row |= {
            _("Per actual minute"): per_actual_minute(s),
            _("Billed min"): _minutes(s.billed_minutes),
            _("Actual min"): _minutes(s.actual_minutes),
            _("Rounding overhead min"): _minutes(s.rounding_overhead_minutes),
            _("Rounding overhead"): money(s.rounding_overhead, s),
            _("Calls charged"): format_number(s.charged_calls),
            _("Calls by own team"): format_number(s.covered_calls),
        }
        if any(other.unrated for other in ranked):
            row[_("Unrated")] = format_number(s.unrated)
        rows.append(row)
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Saving:
    """What switching from the current contract to the cheapest offer in its currency saves."""

    amount: Decimal
    phrase: str


#: The look of `html_table`: Streamlit's table style (thin rules, muted header), the first row marked.
_HTML_TABLE_STYLE = (
    "<style>"  # not user text: CSS
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
    >>> frame = pd.DataFrame({"Tariff": ["<b>A</b>"], "Total": ["€1.00"]})
    >>> html_table(frame, text_columns=("Tariff",)).split("<tbody>")[1]
    '<tr><td class="tc-text">&lt;b&gt;A&lt;/b&gt;</td><td>€1.00</td></tr></tbody></table></div>'
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
    body = "".join(rows)
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"  # not user text: HTML
    return _HTML_TABLE_STYLE + f'<div class="tc-table">{table}</div>'  # not user text: HTML


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
        ``phrase`` ``"saves 42.4%"`` of the contract's total, or ``"already the cheapest"``, in the
        current language.

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
        return Saving(amount, _("already the cheapest"))
    return Saving(amount, _("saves {share}").format(share=format_percent(amount / contract.total, 1)))


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
        ngettext(
            "{offer} could not rate {count} record: its rate deck has no row for its destination (or it has none), "
            "so its total leaves it out.",
            "{offer} could not rate {count} records: its rate deck has no row for their destinations (or they have "
            "none), so its total leaves them out.",
            s.unrated,
        ).format(offer=s.name, count=format_number(s.unrated))
        for s in summaries
        if s.unrated
    ]


def months_table(summaries: list[CostSummary]) -> pd.DataFrame:
    """Each month's invoice (rows) per tariff (columns), with a total row."""
    months: list[str] = []
    for s in summaries:
        months += [m for m in s.months if m not in months]
    table = {_("Month"): [*map(month_label, months), _("Total")]}
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
            row = {_("Tariff"): s.name, _("Month"): month_label(month)}
            row |= {_(KIND_TITLES[k]): money(parts[k], s) if k in parts else "-" for k in kinds}
            row[_("Invoice")] = money(s.months[month], s)
            rows.append(row)
    return pd.DataFrame(rows)


def components_table(summaries: list[CostSummary]) -> pd.DataFrame:
    """Each component's share (rows) per tariff (columns)."""
    labels: list[str] = []
    for s in summaries:
        labels += [label for label in s.components if label not in labels]
    table = {_("Component"): labels}
    for s in summaries:
        table[s.name] = [money(s.components[label], s) if label in s.components else "-" for label in labels]
    return pd.DataFrame(table)


def savings_matrix(summaries: list[CostSummary]) -> pd.DataFrame:
    """What choosing the row's tariff saves against the column's (negative: costs more)."""
    table = {_("Choosing"): [s.name for s in summaries]}
    for other in summaries:
        table[_("vs {offer}").format(offer=other.name)] = [
            "-"
            if s.name == other.name
            else money(other.total - s.total, s, sign=True)
            if s.currency == other.currency
            else _("other currency")
            for s in summaries
        ]
    return pd.DataFrame(table)


def summary_csv(summaries: list[CostSummary]) -> bytes:
    """Machine-readable summary, one row per tariff: plain numbers, money exact (written by `safe_csv`).

    For machines, in every language: English column names, ``1234.50`` (no grouping, a point).
    """
    rows = [
        {
            "tariff": s.name,
            "currency": s.currency,
            "total": format_money(s.total, s.decimals),
            **{f"month {m}": format_money(v, s.decimals) for m, v in s.months.items()},  # not user text
            **{f"component {c}": format_money(v, s.decimals) for c, v in s.components.items()},  # not user text
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
