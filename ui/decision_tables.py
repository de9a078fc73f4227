"""The decision's tables for people: `calc.decision.Decision` in, text tables out, in the current language.

Pure pandas, shared by the Decision page, the HTML report and the PDF report.
Money is rounded half up from the exact Decimals to the decision's minor units,
then written by Babel in the current language's locale (`calc.i18n.format_money`);
differences carry their sign. Months are written in the locale too
(``Jan 2026``, ``2026年1月``, ``gen 2026``).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pandas as pd

from calc.decision import Decision, OfferDecision
from calc.i18n import N_, _, format_money, format_month, format_number, format_percent, ngettext
from calc.periods import TIMELESS_LABEL
from ui.tables import KIND_TITLES

__all__ = [
    "amount",
    "percent",
    "month",
    "projection",
    "headline",
    "contract_column",
    "versus_column",
    "ranking_table",
    "months_table",
    "components_table",
    "switching_table",
]

#: `ui.tables.KIND_TITLES` marked for the catalogs (that module is translated on its own).
_KIND_TEXT = (
    N_("Usage: per minute"),
    N_("Usage: per event"),
    N_("Monthly fees"),
    N_("Seats"),
    N_("Team hours"),
    N_("Minimum-spend top-up"),
    N_("Set-up"),
    N_("Taxes and fees"),
)


def amount(value: Decimal, decision: Decision, sign: bool = False, currency: bool = True) -> str:
    r"""An amount rounded half up to the decision's minor units, in the locale (``+`` shown if `sign`).

    Parameters
    ----------
    value : Decimal
        Exact amount [currency].
    decision : Decision
        Gives the currency and the minor units.
    sign : bool
        Write ``+`` before a positive amount (a saving or a difference).
    currency : bool
        With the currency's symbol (as the locale places it); else the number alone.

    Returns
    -------
    str

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from calc.i18n import use_language
    >>> eur = SimpleNamespace(decimals=2, currency="EUR")
    >>> amount(Decimal("-3.5"), eur, sign=True), amount(Decimal("0.125"), eur), amount(Decimal("-0.125"), eur)
    ('-€3.50', '€0.13', '-€0.13')
    >>> with use_language("it"):
    ...     amount(Decimal("1234.5"), eur, sign=True), amount(Decimal("1234.5"), eur, currency=False)
    ('+1.234,50\xa0€', '1.234,50')
    """
    exact = value.quantize(Decimal(1).scaleb(-decision.decimals), rounding=ROUND_HALF_UP)
    if currency:
        text = format_money(exact, decision.currency, decimals=decision.decimals)
    else:
        text = format_number(exact, decision.decimals)
    return "+" + text if sign and value > 0 else text


def percent(value: Fraction) -> str:
    """A percentage (given times 100) to one decimal, rounded half up from the exact value, in the locale.

    Examples
    --------
    >>> percent(Fraction(155, 1224) * 100)
    '12.7%'
    """
    return format_percent(Fraction(value) / 100, 1)


def month(label: str) -> str:
    """A month label of the decision (``2026-01``, or ``all`` without timestamps) in the locale.

    Examples
    --------
    >>> month("2026-01"), month(TIMELESS_LABEL)
    ('Jan 2026', 'whole log')
    """
    return _("whole log") if label == TIMELESS_LABEL else format_month(label)


def projection(decision: Decision) -> str:
    """How the yearly saving was projected, in the current language (`calc.decision` writes it in English).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> projection(SimpleNamespace(months=["2026-01", "2026-02"], full_months=["2026-01"], projection=""))
    '12 x the mean monthly saving of the 1 full month (Jan 2026); the part months Feb 2026 left out'
    """
    if decision.months == [TIMELESS_LABEL]:
        return _("the log has no timestamps and counts as one month: 12 x its saving")
    if decision.full_months:
        full = ", ".join(month(m) for m in decision.full_months)
        text = ngettext(
            "12 x the mean monthly saving of the {count} full month ({months})",
            "12 x the mean monthly saving of the {count} full months ({months})",
            len(decision.full_months),
        ).format(count=len(decision.full_months), months=full)
        parts = [m for m in decision.months if m not in decision.full_months]
        if parts:
            text += _("; the part months {months} left out").format(months=", ".join(month(m) for m in parts))
        return text
    found = re.search(r"/ (\d+) days", decision.projection)  # the days covered are only in calc's sentence
    days = int(found.group(1)) if found else 0
    return _("no full calendar month in the log: the saving x 365 / {days} days covered").format(
        days=format_number(days)
    )


def _moves(offer: OfferDecision, decision: Decision) -> dict[str, str]:
    risk = offer.volatility
    if risk is None:
        return {}
    share = format_percent(risk.swing, 0)
    return {
        _("At -{share} volume").format(share=share): amount(risk.low, decision),
        _("At +{share} volume").format(share=share): amount(risk.high, decision),
        _("Range at ±{share} volume").format(share=share): f"{amount(risk.spread, decision)} ({percent(risk.percent)})",
    }


def headline(decision: Decision) -> list[str]:
    """The decision in a few sentences (plain text, not Markdown): winner, saving, projection, switching."""
    winner, contract = decision.winner, decision.contract_offer
    months = len(decision.months)
    lines = [_("Recommended: {offer}.").format(offer=winner.name)]
    if not decision.contract_marked:
        lines.append(
            _("No current contract is marked: the offers are compared with the cheapest, {offer}.").format(
                offer=contract.name
            )
        )
    elif winner.name == contract.name:
        lines.append(
            _("Stay on the current contract, {offer}: no offer beats it on cost and risk.").format(offer=contract.name)
        )
    else:
        lines.append(
            ngettext(
                "Against the current contract ({contract}) it saves {saving} over the log's {count} month, "
                "{yearly} a year projected ({projection}).",
                "Against the current contract ({contract}) it saves {saving} over the log's {count} months, "
                "{yearly} a year projected ({projection}).",
                months,
            ).format(
                contract=contract.name,
                saving=amount(winner.saving, decision, sign=True),
                count=months,
                yearly=amount(winner.yearly_saving, decision, sign=True),
                projection=projection(decision),
            )
        )
    lines.append(
        _(
            "Changing offer month by month to the cheapest each month would save {switching} against {contract} "
            "and {vs_best} against the best single offer ({best}), if the contracts allow it: no lock-in, no fee "
            "on changing."
        ).format(
            switching=amount(decision.switching_total, decision),
            contract=contract.name,
            vs_best=amount(decision.switching_vs_best_total, decision),
            best=decision.best_single,
        )
    )
    return lines


def contract_column(decision: Decision) -> str:
    """The header of the contract's column: ``NAME (contract)``."""
    return _("{offer} (contract)").format(offer=decision.contract)


def versus_column(name: str) -> str:
    """The header of an offer's difference column: ``NAME vs contract``."""
    return _("{offer} vs contract").format(offer=name)


def ranking_table(decision: Decision) -> pd.DataFrame:
    """One row per offer in the decision's ranking: cost, saving against the contract, monthly spread, risk."""
    rows = []
    for rank, name in enumerate(decision.ranking, start=1):
        offer = decision.offer(name)
        current = name == decision.contract and decision.contract_marked
        row = {
            _("Rank"): rank,
            _("Offer"): _("{offer} (current contract)").format(offer=name) if current else name,
            _("Total"): amount(offer.total, decision),
            _("Saving vs contract"): amount(offer.saving, decision, sign=True),
            _("Per year (projected)"): amount(offer.yearly_saving, decision, sign=True),
            _("Median month vs contract"): amount(offer.median_difference, decision, sign=True),
            _("95th percentile month"): amount(offer.p95_difference, decision, sign=True),
        }
        rows.append(row | _moves(offer, decision))
    return pd.DataFrame(rows)


def months_table(decision: Decision) -> pd.DataFrame:
    """Each month's invoice under the contract and each offer (in the ranking's order), with the difference.

    The last rows are the total, and the median and 95th percentile (nearest rank) of the monthly
    differences.
    """
    contract = decision.contract_offer
    table: dict[str, list[str]] = {
        _("Month"): [*map(month, decision.months), _("Total"), _("Median month"), _("95th percentile month")]
    }
    table[contract_column(decision)] = [amount(v, decision, currency=False) for v in contract.months] + [
        amount(contract.total, decision, currency=False),
        "",
        "",
    ]
    for name in decision.ranking:  # the recommended offer first
        offer = decision.offer(name)
        if offer.name == contract.name:
            continue
        table[offer.name] = [amount(v, decision, currency=False) for v in offer.months] + [
            amount(offer.total, decision, currency=False),
            "",
            "",
        ]
        table[versus_column(offer.name)] = [
            amount(v, decision, sign=True, currency=False)
            for v in [
                *offer.differences,
                offer.total - contract.total,
                offer.median_difference,
                offer.p95_difference,
            ]
        ]
    return pd.DataFrame(table)


def components_table(decision: Decision) -> pd.DataFrame:
    """Each month by kind of component: the contract's charges, each offer's, and the difference.

    Each part is an exact sum rounded half up, so parts may differ from the invoice by a minor unit.
    """
    contract = decision.contract_offer
    kinds = [k for k in KIND_TITLES if any(k in offer.kinds for offer in decision.offers)]
    zero = Decimal(0)
    rows = []
    for index, label in enumerate(decision.months):
        for kind in kinds:
            base = contract.kinds.get(kind, [zero] * len(decision.months))[index]
            row = {_("Month"): month(label), _("Component"): _(KIND_TITLES[kind])}
            row[contract_column(decision)] = amount(base, decision)
            for name in decision.ranking:
                offer = decision.offer(name)
                if offer.name == contract.name:
                    continue
                value = offer.kinds.get(kind, [zero] * len(decision.months))[index]
                row[offer.name] = amount(value, decision)
                row[versus_column(offer.name)] = amount(value - base, decision, sign=True)
            rows.append(row)
    return pd.DataFrame(rows)


def switching_table(decision: Decision) -> pd.DataFrame:
    """Each month's cheapest offer and what changing to it saves, with a total row."""
    contract = decision.contract_offer
    best = decision.offer(decision.best_single)
    cheapest, invoice, saving = _("Cheapest offer"), _("Its invoice"), _("Saving vs contract")
    vs_best = _("Saving vs {offer} (best single offer)").format(offer=best.name)
    rows = [
        {
            _("Month"): month(label),
            cheapest: name,
            invoice: amount(bill, decision),
            contract_column(decision): amount(contract.months[i], decision),
            saving: amount(vs_contract, decision, sign=True),
            vs_best: amount(vs_single, decision, sign=True),
        }
        for i, (label, name, bill, vs_contract, vs_single) in enumerate(
            zip(
                decision.months,
                decision.cheapest,
                decision.switching_bills,
                decision.switching_vs_contract,
                decision.switching_vs_best,
                strict=True,
            )
        )
    ]
    rows.append(
        {
            _("Month"): _("Total"),
            cheapest: "",
            invoice: amount(sum(decision.switching_bills, Decimal(0)), decision),
            contract_column(decision): amount(contract.total, decision),
            saving: amount(decision.switching_total, decision, sign=True),
            vs_best: amount(decision.switching_vs_best_total, decision, sign=True),
        }
    )
    return pd.DataFrame(rows)
