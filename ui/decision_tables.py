"""The decision's tables for people: `calc.decision.Decision` in, text tables out.

Pure pandas, shared by the Decision page, the HTML report and the PDF report.
Money is written from the exact Decimals with the decision's minor units and
thousands separators; differences carry their sign.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pandas as pd

from calc.decision import Decision, OfferDecision
from calc.money import format_money, round_half_up
from ui.tables import KIND_TITLES

__all__ = [
    "amount",
    "percent",
    "headline",
    "ranking_table",
    "months_table",
    "components_table",
    "switching_table",
]


def amount(value: Decimal, decision: Decision, sign: bool = False, currency: bool = True) -> str:
    """An amount rounded half up to the decision's minor units, e.g. ``1,234.50 EUR`` (``+`` shown if `sign`).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> eur = SimpleNamespace(decimals=2, currency="EUR")
    >>> amount(Decimal("-3.5"), eur, sign=True), amount(Decimal("0.125"), eur), amount(Decimal("-0.125"), eur)
    ('-3.50 EUR', '0.13 EUR', '-0.13 EUR')
    """
    exact = value.quantize(Decimal(1).scaleb(-decision.decimals), rounding=ROUND_HALF_UP)
    text = format_money(exact, decision.decimals, thousands=True)
    if sign and value > 0:
        text = "+" + text
    return f"{text} {decision.currency}" if currency else text


def percent(value: Fraction) -> str:
    """A percentage to one decimal, rounded half up from the exact value.

    Examples
    --------
    >>> percent(Fraction(155, 1224) * 100)
    '12.7%'
    """
    return f"{round_half_up(value, 1)}%"


def _moves(offer: OfferDecision, decision: Decision) -> dict[str, str]:
    risk = offer.volatility
    if risk is None:
        return {}
    share = f"{round_half_up(risk.swing * 100, 0)}%"
    return {
        f"At -{share} volume": amount(risk.low, decision),
        f"At +{share} volume": amount(risk.high, decision),
        f"Range at ±{share} volume": f"{amount(risk.spread, decision)} ({percent(risk.percent)})",
    }


def headline(decision: Decision) -> list[str]:
    """The decision in a few sentences (plain text, not Markdown): winner, saving, projection, switching."""
    winner, contract = decision.winner, decision.contract_offer
    months = len(decision.months)
    lines = [f"Recommended: {winner.name}."]
    if not decision.contract_marked:
        lines.append(f"No current contract is marked: the offers are compared with the cheapest, {contract.name}.")
    elif winner.name == contract.name:
        lines.append(f"Stay on the current contract, {contract.name}: no offer beats it on cost and risk.")
    else:
        lines.append(
            f"Against the current contract ({contract.name}) it saves {amount(winner.saving, decision, sign=True)} "
            f"over the log's {months} month{'s' * (months != 1)}, "
            f"{amount(winner.yearly_saving, decision, sign=True)} a year projected "
            f"({decision.projection})."
        )
    lines.append(
        f"Changing offer month by month to the cheapest each month would save "
        f"{amount(decision.switching_total, decision)} against {contract.name} and "
        f"{amount(decision.switching_vs_best_total, decision)} against the best single offer ({decision.best_single}), "
        "if the contracts allow it: no lock-in, no fee on changing."
    )
    return lines


def ranking_table(decision: Decision) -> pd.DataFrame:
    """One row per offer in the decision's ranking: cost, saving against the contract, monthly spread, risk."""
    rows = []
    for rank, name in enumerate(decision.ranking, start=1):
        offer = decision.offer(name)
        row = {
            "Rank": rank,
            "Offer": name + (" (current contract)" if name == decision.contract and decision.contract_marked else ""),
            "Total": amount(offer.total, decision),
            "Saving vs contract": amount(offer.saving, decision, sign=True),
            "Per year (projected)": amount(offer.yearly_saving, decision, sign=True),
            "Median month vs contract": amount(offer.median_difference, decision, sign=True),
            "95th percentile month": amount(offer.p95_difference, decision, sign=True),
        }
        rows.append(row | _moves(offer, decision))
    return pd.DataFrame(rows)


def months_table(decision: Decision) -> pd.DataFrame:
    """Each month's invoice under the contract and each offer (in the ranking's order), with the difference.

    The last rows are the total, and the median and 95th percentile (nearest rank) of the monthly
    differences.
    """
    contract = decision.contract_offer
    table: dict[str, list[str]] = {"Month": [*decision.months, "Total", "Median month", "95th percentile month"]}
    table[f"{contract.name} (contract)"] = [amount(v, decision, currency=False) for v in contract.months] + [
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
        table[f"{offer.name} vs contract"] = [
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
    for index, month in enumerate(decision.months):
        for kind in kinds:
            base = contract.kinds.get(kind, [zero] * len(decision.months))[index]
            row = {"Month": month, "Component": KIND_TITLES[kind]}
            row[f"{contract.name} (contract)"] = amount(base, decision)
            for name in decision.ranking:
                offer = decision.offer(name)
                if offer.name == contract.name:
                    continue
                value = offer.kinds.get(kind, [zero] * len(decision.months))[index]
                row[offer.name] = amount(value, decision)
                row[f"{offer.name} vs contract"] = amount(value - base, decision, sign=True)
            rows.append(row)
    return pd.DataFrame(rows)


def switching_table(decision: Decision) -> pd.DataFrame:
    """Each month's cheapest offer and what changing to it saves, with a total row."""
    contract = decision.contract_offer
    best = decision.offer(decision.best_single)
    rows = [
        {
            "Month": month,
            "Cheapest offer": cheapest,
            "Its invoice": amount(bill, decision),
            f"{contract.name} (contract)": amount(contract.months[i], decision),
            "Saving vs contract": amount(saving, decision, sign=True),
            f"Saving vs {best.name} (best single offer)": amount(vs_best, decision, sign=True),
        }
        for i, (month, cheapest, bill, saving, vs_best) in enumerate(
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
            "Month": "Total",
            "Cheapest offer": "",
            "Its invoice": amount(sum(decision.switching_bills, Decimal(0)), decision),
            f"{contract.name} (contract)": amount(contract.total, decision),
            "Saving vs contract": amount(decision.switching_total, decision, sign=True),
            f"Saving vs {best.name} (best single offer)": amount(decision.switching_vs_best_total, decision, sign=True),
        }
    )
    return pd.DataFrame(rows)
