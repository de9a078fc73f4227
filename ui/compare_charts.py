"""The Compare page's charts: each one's key, its name in the picker, how to read it, and its builder.

The builders are in `ui.charts`; the offers are drawn one group at a time (`split_by_group`),
since carriers bill cents and staffing offers pay people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go

from calc.costs import CostSummary
from calc.i18n import N_
from calc.offers import OFFER_GROUPS
from ui.charts import (
    billed_vs_actual,
    components_stacked,
    cost_by_hour,
    cost_per_call_box,
    effective_rate_bar,
    monthly_totals,
    rounding_overhead_bar,
    totals_bar,
)

__all__ = ["split_by_group", "CompareChart", "COMPARE_CHARTS", "DEFAULT_COMPARE_CHARTS"]


def split_by_group(summaries: list[CostSummary], groups: dict[str, str]) -> dict[str, list[CostSummary]]:
    """The summaries by offer group (`calc.OFFER_GROUPS` order), each group kept in the given order.

    Parameters
    ----------
    summaries : list of CostSummary
    groups : dict of str to str
        Each tariff name's group (`calc.offer_group`); a name missing is telephony.

    Returns
    -------
    dict of str to list of CostSummary
        Only the groups that hold an offer.

    Examples
    --------
    >>> from types import SimpleNamespace as S
    >>> split = split_by_group([S(name="Team"), S(name="Carrier")], {"Team": "staffing"})
    >>> {group: [s.name for s in shown] for group, shown in split.items()}
    {'telephony': ['Carrier'], 'staffing': ['Team']}
    """
    split = {group: [s for s in summaries if groups.get(s.name, "telephony") == group] for group in OFFER_GROUPS}
    return {group: shown for group, shown in split.items() if shown}


@dataclass(frozen=True)
class CompareChart:
    """One chart the Compare page can draw: its key, its name in the picker, how to read it, its builder.

    `label` and `explanation` are marked English (translate them with `_` where shown). The
    builder takes the offers shown (cheapest first), the tariff colors, the current contract's
    name and the scope: the offers' group (a key of `calc.OFFER_GROUPS`) when they are one
    group of several, else None.
    """

    key: str
    label: str
    explanation: str
    build: Callable[[list[CostSummary], dict[str, str], str | None, str | None], go.Figure]


#: Every Compare chart, in the order of the report.
COMPARE_CHARTS = (
    CompareChart(
        "totals",
        N_("Totals"),
        N_("Each offer's total for this log; the outlined bar is the cheapest."),
        lambda shown, colors, current, scope: totals_bar(shown, colors, current, scope),
    ),
    CompareChart(
        "components",
        N_("What each total is made of"),
        N_(
            "What each total is made of: usage (per minute, per event), fixed fees, seats, team hours, "
            "minimum-spend top-ups, set-up costs and taxes and fees, stacked."
        ),
        lambda shown, colors, current, scope: components_stacked(shown),
    ),
    CompareChart(
        "months",
        N_("Month by month"),
        N_(
            "Each month's invoice per offer. Part months are prorated for fixed fees; bundles and tiers restart "
            "every month."
        ),
        lambda shown, colors, current, scope: monthly_totals(shown, colors),
    ),
    CompareChart(
        "billed",
        N_("Billed versus actual minutes"),
        N_(
            "Grey: minutes the charged calls really lasted; colored: minutes billed after rounding up to each "
            "offer's increment. The gap is paid air."
        ),
        lambda shown, colors, current, scope: billed_vs_actual(shown, colors),
    ),
    CompareChart(
        "rounding",
        N_("Cost of rounding"),
        N_("The money the increments cost: the bill at each offer's own rates minus the same calls billed per second."),
        lambda shown, colors, current, scope: rounding_overhead_bar(shown, colors),
    ),
    CompareChart(
        "effective",
        N_("Effective price per minute"),
        N_(
            "Total divided by actual talk minutes: the price of a real minute with every fee, bundle and "
            "rounding included. Compare it with the rate on the price list."
        ),
        lambda shown, colors, current, scope: effective_rate_bar(shown, colors),
    ),
    CompareChart(
        "per_call",
        N_("Cost per call"),
        N_(
            "Usage charge per answered call: the box holds the middle half of calls, the line is the median, the "
            "whiskers reach from the cheapest call to the 95th percentile."
        ),
        lambda shown, colors, current, scope: cost_per_call_box(shown, colors),
    ),
    CompareChart(
        "by_hour",
        N_("Cost by hour of day"),
        N_("Usage charges by the hour calls start (fixed fees excluded): where in the day the money goes."),
        lambda shown, colors, current, scope: cost_by_hour(shown, colors),
    ),
)
#: The charts the Compare page draws before the user asks for more: the answer and why.
DEFAULT_COMPARE_CHARTS = ("totals", "components")
