"""The decision's charts: each month's bills under the contract and the leading offers, and what they save.

Pure plotly, no Streamlit and no pricing: they draw a `calc.decision.Decision`.
"""

from __future__ import annotations

import plotly.graph_objects as go

from calc.decision import Decision
from calc.i18n import _
from ui.charts import new_figure


def _decision_shown(decision: Decision, most: int | None) -> list[str]:
    """The contract and the first offers of the ranking (every offer when `most` is None), in the ranking's order."""
    others = [name for name in decision.ranking if name != decision.contract]
    return [decision.contract, *(others if most is None else others[: max(most - 1, 0)])]


def decision_monthly_bills(decision: Decision, colors: dict[str, str], most: int | None = 6) -> go.Figure:
    """Each month's invoice under the current contract (thick dashed black line) and under the leading offers.

    `most` caps the lines: the contract and the first ``most - 1`` offers of the ranking (None: all).
    """
    figure = new_figure(
        _("Monthly bills: contract against the leading offers"),
        yaxis_title=_("Invoice [{currency}]").format(currency=decision.currency),
        hovermode="x",
        legend={"orientation": "h", "yanchor": "top", "y": -0.12},
    )
    for name in _decision_shown(decision, most):
        offer = decision.offer(name)
        is_contract = name == decision.contract
        figure.add_scatter(
            x=decision.months,
            y=[float(v) for v in offer.months],
            mode="lines+markers",
            name=_("{offer} (contract)").format(offer=name) if is_contract else name,
            line={"color": "#000000" if is_contract else colors.get(name), "width": 4 if is_contract else 2},
            line_dash="dash" if is_contract else "solid",
            customdata=[f"{v:,.{decision.decimals}f}" for v in offer.months],
            hovertemplate=f"{name}: %{{customdata}} {decision.currency}<extra></extra>",
        )
    figure.update_xaxes(type="category")
    return figure


def decision_monthly_savings(decision: Decision, colors: dict[str, str], most: int | None = 6) -> go.Figure:
    """What the leading offers save against the contract each month (below 0: they cost more), and switching's.

    `most` caps the offers as in `decision_monthly_bills`.
    """
    figure = new_figure(
        _("Saving per month against {contract}").format(contract=decision.contract),
        barmode="group",
        yaxis_title=_("Saving [{currency}]").format(currency=decision.currency),
        legend={"orientation": "h", "yanchor": "top", "y": -0.12},
    )
    for name in _decision_shown(decision, most)[1:]:
        savings = [-d for d in decision.offer(name).differences]
        figure.add_bar(
            x=decision.months,
            y=[float(v) for v in savings],
            name=name,
            marker_color=colors.get(name),
            customdata=[f"{v:+,.{decision.decimals}f}" for v in savings],
            hovertemplate=f"{name}: %{{customdata}} {decision.currency}<extra></extra>",
        )
    figure.add_scatter(
        x=decision.months,
        y=[float(v) for v in decision.switching_vs_contract],
        mode="lines+markers",
        name=_("Cheapest offer each month (switching)"),
        line={"color": "#000000", "dash": "dot"},
        customdata=decision.cheapest,
        hovertemplate=_("switching to {offer}").format(offer="%{customdata}") + ": %{y:,.2f}<extra></extra>",
    )
    figure.add_hline(y=0, line_color="#7b8794", line_width=1)
    figure.update_xaxes(type="category")
    return figure
