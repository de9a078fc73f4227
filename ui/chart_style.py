"""The house look of every chart: one color per tariff, the layout, the CJK font, the locale's numbers.

Every figure starts from `new_figure` (or `house_layout` for subplots): the white
template with `ui.i18n.FONT_FAMILY` (fonts holding the Chinese glyphs), margins, and
plotly's ``separators`` set to the current locale's decimal and grouping signs, so
the axes write ``1.234,5`` in Italian. The text helpers here write what charts put
in words (durations, counts, money, log-axis ticks) in the current language.
"""

from __future__ import annotations

import math
from decimal import Decimal

import plotly.graph_objects as go

from calc.i18n import N_, _, babel_locale, format_money, format_number
from calc.offers import OFFER_GROUPS
from ui.i18n import FONT_FAMILY, PLOTLY_TEMPLATE

__all__ = [
    "PALETTE",
    "LEGEND_BELOW",
    "LABEL_ROW_PX",
    "GROUP_TITLES",
    "group_title",
    "tariff_colors",
    "house_layout",
    "new_figure",
    "money_texts",
    "label_levels",
    "log_ticks",
]

#: Distinct colors (Okabe-Ito, then Tableau and D3's category20), one per tariff.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#4E79A7",
    "#F28E2B",
    "#59A14F",
    "#B07AA1",
    "#76B7B2",
    "#9C755F",
    "#E15759",
    "#FF9DA7",
    "#EDC948",
    "#BAB0AC",
    "#17BECF",
    "#BCBD22",
    "#AEC7E8",
    "#98DF8A",
    "#8C564B",
    "#7F7F7F",
)
#: A legend under the plot, so that a chart in half the page keeps its width for the data.
LEGEND_BELOW = {"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0}
_LAYOUT = {
    "template": f"plotly_white+{PLOTLY_TEMPLATE}",
    "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
    "font": {"size": 13, "family": FONT_FAMILY},  # also when Streamlit's theme replaces the template
}
#: Each offer group's title (`calc.OFFER_GROUPS` keys), to translate with `_` where shown.
GROUP_TITLES = {"telephony": N_("Telephony"), "staffing": N_("Staffing and outsourcing")}
if set(GROUP_TITLES) != set(OFFER_GROUPS):
    raise RuntimeError("the charts must know every offer group")  # not user text: a bug


def group_title(group: str) -> str:
    """An offer group's title in the current language.

    Examples
    --------
    >>> group_title("staffing")
    'Staffing and outsourcing'
    """
    return _(GROUP_TITLES[group])


def _separators() -> str:
    """Plotly's ``layout.separators`` for the current locale: its decimal sign, then its grouping sign."""
    symbols = babel_locale().number_symbols["latn"]
    return symbols["decimal"] + symbols["group"]


def tariff_colors(names: list[str]) -> dict[str, str]:
    """One color per tariff name, by position in the tariff set (the palette repeats after 24)."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def house_layout() -> dict:
    """The layout every figure starts from: white template with the CJK font, margins, the locale's separators."""
    return {**_LAYOUT, "separators": _separators()}


def new_figure(title: str, **layout: object) -> go.Figure:
    """An empty figure with the house layout (white template, margins, CJK font, locale separators) and this title."""
    figure = go.Figure()
    figure.update_layout(title=title, **house_layout(), **layout)
    return figure


def money_texts(values: list, currency: str, decimals: int) -> list[str]:
    """Chart values (floats of sums a chart already holds) as money text, rounded half-up to `decimals`.

    The floats are read by their shortest repr, so a sum such as ``12.345`` rounds as written.
    """
    return [format_money(Decimal(repr(float(v))), currency, decimals=decimals) for v in values]


#: Height of one row of staggered labels above a chart [px].
LABEL_ROW_PX = 16


def label_levels(positions: list[float], low: float, high: float, min_gap: float = 0.08) -> list[int]:
    """A row for each label along an axis so that labels on one row are at least `min_gap` of the axis apart.

    Parameters
    ----------
    positions : list of float
        Where each label sits on the axis, ascending [axis units].
    low, high : float
        The axis range [axis units].
    min_gap : float
        The least distance between two labels of one row, as a share of the range
        (0.08: a five-character label on a chart 500 px wide).

    Returns
    -------
    list of int
        The row of each label, 0 the lowest; a label takes the lowest row free for it.

    Examples
    --------
    >>> label_levels([6, 30, 60, 120, 180], 0, 600)
    [0, 1, 0, 0, 0]
    >>> label_levels([1, 2, 3], 0, 100)
    [0, 1, 2]
    """
    span = (high - low) or 1.0
    last_on_row: list[float] = []
    levels = []
    for position in positions:
        row = next((r for r, last in enumerate(last_on_row) if (position - last) / span >= min_gap), len(last_on_row))
        if row == len(last_on_row):
            last_on_row.append(position)
        else:
            last_on_row[row] = position
        levels.append(row)
    return levels


def log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Ticks 1, 2, 5, 10, 20, 50 ... covering ``[low, high]`` on a log axis, with plain labels (``1,000``, not ``1k``).

    Parameters
    ----------
    low, high : float
        The data's range, both > 0 [axis units].

    Returns
    -------
    tuple of (list of float, list of str)
        The tick values and their labels.

    Examples
    --------
    >>> log_ticks(10, 600)
    ([10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0], ['10', '20', '50', '100', '200', '500', '1,000'])
    >>> log_ticks(0.3, 1.2)[1]
    ['0.2', '0.5', '1', '2']

    The labels are in the current locale (Italian ``1.000``, ``0,2``).
    """
    if not (low > 0 and high > 0):
        return [], []
    values = []
    for power in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        values += [step * 10.0**power for step in (1, 2, 5)]
    below = [v for v in values if v <= low]
    above = [v for v in values if v >= high]
    start = values.index(below[-1]) if below else 0
    stop = values.index(above[0]) if above else len(values) - 1
    shown = [float(f"{v:.12g}") for v in values[start : stop + 1]]
    return shown, [format_number(Decimal(f"{v:.12g}")) for v in shown]
