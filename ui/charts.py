"""Chart builders: results in, plotly figures out. They compute no bill and never touch Streamlit.

Every tariff keeps one color on every chart (`tariff_colors`, by its place in
the tariff set); money axes carry the tariffs' currency. Every text is in the
current language (`calc.i18n`): titles, axes, legends, hover texts; money written
as text (bar labels, hover) by Babel in the locale's way with the currency's
symbol, exactly from the Decimal; plotly writes the axes' numbers with the
locale's decimal and grouping signs (``layout.separators``). Every figure starts
from `new_figure` (or its layout), whose font family holds CJK glyphs.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go
from babel import dates as babel_dates
from plotly.subplots import make_subplots

from calc.components import COMPONENT_TYPES
from calc.costs import CostSummary
from calc.i18n import N_, _, babel_locale, format_money, format_number, ngettext
from calc.offers import OFFER_GROUPS
from calc.traffic import INCREMENT_MARKS_S, WEEKDAYS, TrafficProfile
from ui.i18n import FONT_FAMILY, PLOTLY_TEMPLATE
from ui.tables import KIND_TITLES, money, month_label, per_actual_minute

__all__ = [
    "PALETTE",
    "GROUP_TITLES",
    "group_title",
    "tariff_colors",
    "label_levels",
    "log_ticks",
    "split_by_group",
    "CompareChart",
    "COMPARE_CHARTS",
    "DEFAULT_COMPARE_CHARTS",
    "duration_histogram",
    "weekday_hour_heatmap",
    "totals_bar",
    "components_stacked",
    "monthly_totals",
    "billed_vs_actual",
    "rounding_overhead_bar",
    "effective_rate_bar",
    "cost_per_call_box",
    "cost_by_hour",
    "cost_curve",
    "staffing_week",
    "team_sweep_curve",
    "new_figure",
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
_COMPONENT_COLORS = {
    "per_minute": "#0072B2",
    "per_event": "#56B4E9",
    "monthly_fee": "#E69F00",
    "per_seat": "#CC79A7",
    "hourly_team": "#009E73",
    "minimum_spend": "#D55E00",
    "one_time": "#8C564B",
    "surcharge": "#7F7F7F",
}
#: A legend under the plot, so that a chart in half the page keeps its width for the data.
_LEGEND_BELOW = {"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0}
_LAYOUT = {
    "template": f"plotly_white+{PLOTLY_TEMPLATE}",
    "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
    "font": {"size": 13, "family": FONT_FAMILY},  # also when Streamlit's theme replaces the template
}
#: Each offer group's title (`calc.OFFER_GROUPS` keys), to translate with `_` where shown.
GROUP_TITLES = {"telephony": N_("Telephony"), "staffing": N_("Staffing and outsourcing")}
if set(GROUP_TITLES) != set(OFFER_GROUPS):
    raise RuntimeError("the charts must know every offer group")  # not user text: a bug
#: The totals chart's title when it shows one group of several.
_SCOPED_TOTALS_TITLES = {
    "telephony": N_("Total for this log: telephony offers"),
    "staffing": N_("Total for this log: staffing and outsourcing offers"),
}
#: A curve's unit (`calc.curves`) as its x axis says it.
_CURVE_AXIS_TITLES = {"calls a month": N_("Calls a month"), "records a month": N_("Records a month")}
#: A curve's unit after a number ("1,140 calls a month").
_CURVE_UNITS = {"calls a month": N_("calls a month"), "records a month": N_("records a month")}


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


def _currency(summaries: list[CostSummary]) -> str:
    currencies = sorted({s.currency for s in summaries})
    return currencies[0] if len(currencies) == 1 else _("mixed currencies")


def _house_layout() -> dict:
    """The layout every figure starts from: white template with the CJK font, margins, the locale's separators."""
    return {**_LAYOUT, "separators": _separators()}


def new_figure(title: str, **layout: object) -> go.Figure:
    """An empty figure with the house layout (white template, margins, CJK font, locale separators) and this title."""
    figure = go.Figure()
    figure.update_layout(title=title, **_house_layout(), **layout)
    return figure


def _money_texts(values: list, currency: str, decimals: int) -> list[str]:
    """Chart values (floats of sums a chart already holds) as money text, rounded half-up to `decimals`.

    The floats are read by their shortest repr, so a sum such as ``12.345`` rounds as written.
    """
    return [format_money(Decimal(repr(float(v))), currency, decimals=decimals) for v in values]


def _duration_text(seconds: float) -> str:
    """A duration to the second in the current language: ``45 s``, ``2 min 10 s``, ``10 min``."""
    minutes, rest = divmod(math.floor(seconds + 0.5), 60)
    if not minutes:
        return _("{seconds} s").format(seconds=rest)
    if not rest:
        return _("{minutes} min").format(minutes=minutes)
    return _("{minutes} min {seconds} s").format(minutes=minutes, seconds=rest)


def _calls_text(count: float) -> str:
    """A count of calls to three significant figures in the locale (``14,200``; Italian ``14.200``)."""
    step = 10 ** max(math.floor(math.log10(count)) - 2, 0) if count >= 1 else 1
    return format_number(math.floor(count / step + 0.5) * step)


def duration_histogram(profile: TrafficProfile) -> go.Figure:
    """Answered voice calls by duration, with the 6 and 30-second and every whole-minute billing step marked."""
    edges = profile.duration_bins_s
    title = _("How long calls last")
    if profile.longer_calls:
        title += " " + ngettext(
            "({count} call of {minutes} min or more not shown)",
            "({count} calls of {minutes} min or more not shown)",
            profile.longer_calls,
        ).format(count=format_number(profile.longer_calls), minutes=int(edges[-1]) // 60)
    figure = new_figure(title, xaxis_title=_("Call duration [s]"), yaxis_title=_("Calls"), bargap=0.0, showlegend=False)
    figure.add_bar(
        x=(edges[:-1] + edges[1:]) / 2,
        y=profile.duration_counts,
        width=edges[1] - edges[0],
        customdata=[
            _("{first}-{last} s").format(first=int(a), last=int(b)) for a, b in zip(edges[:-1], edges[1:], strict=True)
        ],
        hovertemplate=_("{durations}: {count} calls").format(durations="%{customdata}", count="%{y:,}")
        + "<extra></extra>",
        marker_color="#0072B2",
        name=_("Calls"),
    )
    marks = [m for m in INCREMENT_MARKS_S if m < 60] + list(range(60, int(edges[-1]) + 1, 60))
    levels = label_levels(marks, float(edges[0]), float(edges[-1]))
    for mark, level in zip(marks, levels, strict=True):
        label = _("{seconds} s").format(seconds=mark) if mark < 60 else _("{minutes} min").format(minutes=mark // 60)
        figure.add_vline(x=mark, line_dash="dot", line_color="#D55E00", line_width=1)
        figure.add_annotation(
            x=mark,
            y=1.0,
            yref="paper",
            yshift=_LABEL_ROW_PX * level,
            text=label,
            showarrow=False,
            yanchor="bottom",
            font_color="#D55E00",
        )
    figure.update_layout(margin={**_LAYOUT["margin"], "t": 50 + _LABEL_ROW_PX * (max(levels, default=0) + 1)})
    return figure


#: Height of one row of staggered labels above a chart [px].
_LABEL_ROW_PX = 16


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


def weekday_hour_heatmap(profile: TrafficProfile) -> go.Figure | None:
    """Records by weekday and hour of start; None for a log without timestamps."""
    if profile.weekday_hour is None:
        return None
    figure = new_figure(_("When records arrive"), xaxis_title=_("Hour of day"), yaxis_title="")
    days = babel_dates.get_day_names("abbreviated", locale=babel_locale())  # 0 is Monday, as in WEEKDAYS
    figure.add_heatmap(
        z=profile.weekday_hour,
        x=list(range(24)),
        y=[str(days[i]) for i in range(len(WEEKDAYS))],
        colorscale="Blues",
        hovertemplate="%{y} %{x}:00-%{x}:59: %{z:,} " + _("records") + "<extra></extra>",
        colorbar={"title": _("Records")},
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(dtick=2)
    return figure


def totals_bar(
    summaries: list[CostSummary], colors: dict[str, str], current: str | None = None, scope: str | None = None
) -> go.Figure:
    """Total per tariff, cheapest at the top; the cheapest and the current contract are labeled.

    With `scope` (an offer group, a key of `calc.OFFER_GROUPS` such as ``"staffing"``) the title
    names the group and the first bar is "cheapest of these", not the cheapest of the comparison.
    """
    ranked = sorted(summaries, key=lambda s: s.total)
    title = _(_SCOPED_TOTALS_TITLES[scope]) if scope else _("Total for this log")
    figure = new_figure(
        title,
        xaxis_title=_("Total [{currency}]").format(currency=_currency(summaries)),
        height=120 + 40 * len(ranked),
    )
    first = _("cheapest of these") if scope else _("cheapest")
    tags = [
        ([first] if i == 0 else []) + ([_("current contract")] if s.name == current else [])
        for i, s in enumerate(ranked)
    ]
    figure.add_bar(
        y=[s.name for s in ranked],
        x=[float(s.total) for s in ranked],
        orientation="h",
        marker_color=[colors[s.name] for s in ranked],
        marker_line_width=[3 if i == 0 else 0 for i in range(len(ranked))],
        marker_line_color="#000000",
        text=[money(s.total, s) for s in ranked],
        textposition="auto",
        hovertemplate="%{y}: %{text}<extra></extra>",
        name=_("Total"),
        cliponaxis=False,
    )
    # The tags go under the offer's name on the axis: a label after a short bar would run off the chart.
    figure.update_yaxes(
        autorange="reversed",
        tickvals=[s.name for s in ranked],
        ticktext=[
            html.escape(s.name, quote=False) + (f"<br><i>{', '.join(tag)}</i>" if tag else "")
            for s, tag in zip(ranked, tags, strict=True)
        ],
    )
    if ranked:  # room on the right for a short bar's amount written after it
        figure.update_xaxes(range=[0, 1.25 * max(float(s.total) for s in ranked) or 1])
    return figure


_KINDS = KIND_TITLES
if set(_KINDS) != set(COMPONENT_TYPES) or set(_COMPONENT_COLORS) != set(COMPONENT_TYPES):
    raise RuntimeError("the charts must know every component type")  # not user text: a bug


def components_stacked(summaries: list[CostSummary]) -> go.Figure:
    """Each tariff's total split by kind of component (usage, fees, seats, team, top-up, set-up, taxes), stacked."""
    figure = new_figure(
        _("What each total is made of"),
        barmode="stack",
        yaxis_title=_("Total [{currency}]").format(currency=_currency(summaries)),
    )
    for kind, kind_title in _KINDS.items():
        title = _(kind_title)
        amounts, details = [], []
        for s in summaries:
            labels = [label for label, k in s.component_types.items() if k == kind]
            amounts.append(float(sum(s.components[label] for label in labels)))
            details.append(
                "<br>".join(f"{html.escape(label, quote=False)}: {money(s.components[label], s)}" for label in labels)
            )
        if any(amounts):
            figure.add_bar(
                x=[s.name for s in summaries],
                y=amounts,
                name=title,
                marker_color=_COMPONENT_COLORS[kind],
                customdata=details,
                hovertemplate=f"%{{x}}<br><b>{title}</b><br>%{{customdata}}<extra></extra>",
            )
    return figure


def monthly_totals(summaries: list[CostSummary], colors: dict[str, str]) -> go.Figure:
    """Each month's invoice per tariff."""
    figure = new_figure(
        _("Month by month"),
        barmode="group",
        yaxis_title=_("Invoice [{currency}]").format(currency=_currency(summaries)),
    )
    for s in summaries:
        figure.add_bar(
            x=[month_label(m) for m in s.months],
            y=[float(v) for v in s.months.values()],
            name=s.name,
            marker_color=colors[s.name],
            customdata=[money(v, s) for v in s.months.values()],
            hovertemplate=f"{s.name}<br>%{{x}}: %{{customdata}}<extra></extra>",
        )
    figure.update_xaxes(type="category")
    figure.update_layout(legend=_LEGEND_BELOW)
    return figure


def billed_vs_actual(summaries: list[CostSummary], colors: dict[str, str]) -> go.Figure:
    """Billed minutes against the talk minutes those calls really lasted, per tariff."""
    figure = new_figure(_("Billed versus actual minutes"), barmode="group", yaxis_title=_("Minutes [min]"))
    names = [s.name for s in summaries]
    figure.add_bar(
        x=names,
        y=[float(s.charged_actual_minutes) for s in summaries],
        name=_("Actual (talk time of charged calls)"),
        marker_color="#999999",
        hovertemplate=_("{offer}: {minutes} actual min").format(offer="%{x}", minutes="%{y:,.1f}") + "<extra></extra>",
    )
    figure.add_bar(
        x=names,
        y=[float(s.billed_minutes) for s in summaries],
        name=_("Billed"),
        marker_color=[colors[n] for n in names],
        hovertemplate=_("{offer}: {minutes} billed min").format(offer="%{x}", minutes="%{y:,.1f}") + "<extra></extra>",
    )
    return figure


def rounding_overhead_bar(summaries: list[CostSummary], colors: dict[str, str]) -> go.Figure:
    """What rounding up to the billing increment costs per tariff, in money."""
    figure = new_figure(
        _("Cost of rounding up"), yaxis_title=_("Rounding cost [{currency}]").format(currency=_currency(summaries))
    )
    figure.add_bar(
        x=[s.name for s in summaries],
        y=[float(s.rounding_overhead) for s in summaries],
        marker_color=[colors[s.name] for s in summaries],
        text=[money(s.rounding_overhead, s) for s in summaries],
        textposition="auto",
        hovertemplate="%{x}: %{text}<extra></extra>",
        name=_("Rounding overhead"),
    )
    return figure


def effective_rate_bar(summaries: list[CostSummary], colors: dict[str, str]) -> go.Figure:
    """Total divided by actual talk minutes: the price per real minute, every fee included."""
    shown = [s for s in summaries if s.effective_rate_per_minute is not None]
    figure = new_figure(
        _("Effective price per actual minute"),
        yaxis_title=_("Price per actual minute [{currency}/min]").format(currency=_currency(summaries)),
    )
    figure.add_bar(
        x=[s.name for s in shown],
        y=[float(s.effective_rate_per_minute) for s in shown],
        marker_color=[colors[s.name] for s in shown],
        text=[per_actual_minute(s) for s in shown],
        textposition="auto",
        hovertemplate=_("{offer}: {price} per minute").format(offer="%{x}", price="%{text}") + "<extra></extra>",
        name=_("Effective price"),
    )
    return figure


def cost_per_call_box(summaries: list[CostSummary], colors: dict[str, str]) -> go.Figure:
    """Distribution of the usage charge per answered call (box: quartiles, whiskers: min and 95th percentile)."""
    figure = new_figure(
        _("Cost per call"),
        yaxis_title=_("Usage charge per call [{currency}]").format(currency=_currency(summaries)),
    )
    for s in summaries:
        q = s.cost_per_call
        if not q:
            continue
        figure.add_box(
            x=[s.name],
            q1=[q["q1"]],
            median=[q["median"]],
            q3=[q["q3"]],
            lowerfence=[q["min"]],
            upperfence=[q["p95"]],
            mean=[q["mean"]],
            name=s.name,
            marker_color=colors[s.name],
        )
    figure.update_layout(showlegend=False)
    return figure


def cost_by_hour(summaries: list[CostSummary], colors: dict[str, str]) -> go.Figure:
    """Usage charges by hour of day the calls start, per tariff."""
    figure = new_figure(
        _("Usage cost by hour of day"),
        xaxis_title=_("Hour of day [h]"),
        yaxis_title=_("Usage charges [{currency}]").format(currency=_currency(summaries)),
    )
    for s in summaries:
        figure.add_scatter(
            x=list(range(24)),
            y=s.cost_by_hour,
            mode="lines+markers",
            name=s.name,
            line_color=colors[s.name],
            customdata=_money_texts(s.cost_by_hour, s.currency, s.decimals),
            hovertemplate=f"{s.name}<br>%{{x}}:00: %{{customdata}}<extra></extra>",
        )
    # Hours 0 to 23 exactly and money from 0: no axis starting at -2.
    figure.update_xaxes(
        range=[-0.5, 23.5], tickvals=list(range(0, 24, 3)), ticktext=[f"{h}:00" for h in range(0, 24, 3)]
    )
    figure.update_yaxes(rangemode="tozero")
    figure.update_layout(legend=_LEGEND_BELOW)
    return figure


def _curve_axis_title(kind: str, unit: str) -> str:
    """The x axis of a curve with its unit: ``Calls a month`` or ``Mean call duration [s]``, translated."""
    if kind == "duration":
        return _("Mean call duration [s]")
    return _(_CURVE_AXIS_TITLES[unit]) if unit in _CURVE_AXIS_TITLES else unit.capitalize()


def cost_curve(
    curve: pd.DataFrame,
    colors: dict[str, str],
    crossings: list | None = None,
    groups: dict[str, str] | None = None,
    here: pd.DataFrame | None = None,
) -> go.Figure:
    """Mean monthly cost of each tariff along a what-if curve (volume or mean duration), crossings marked.

    Parameters
    ----------
    curve : pandas.DataFrame
        A `calc.volume_curve` or `calc.duration_curve` result.
    colors : dict of str to str
        A color per tariff name (`tariff_colors`).
    crossings : list of Crossover, optional
        Drawn as dotted vertical lines.
    groups : dict of str to str, optional
        Each tariff's group (`calc.offer_group`): with offers of both groups, each
        group gets its own panel and y scale, telephony on top, so carriers are not
        flattened by staffing offers ten times dearer.
    here : pandas.DataFrame, optional
        The log itself as one curve point per tariff (`calc.curves.log_point`):
        drawn as a "Your log" marker on each line and a dashed vertical line.

    Returns
    -------
    plotly.graph_objects.Figure
        The x axis is logarithmic with ticks 1, 2, 5, 10 ... (`log_ticks`).
    """
    if curve.empty:
        return new_figure(_("No curve: nothing to price"))
    kind = curve["curve"].iloc[0]
    unit = curve["unit"].iloc[0]
    title = (
        _("Monthly cost as volume changes") if kind == "volume" else _("Monthly cost as calls get longer or shorter")
    )
    currencies = "/".join(sorted(curve["currency"].unique()))
    groups = groups or {}
    present = [g for g in OFFER_GROUPS if g in {groups.get(n, "telephony") for n in curve["tariff"].unique()}]
    panels = present if len(present) > 1 else [None]
    figure = make_subplots(
        rows=len(panels),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=[group_title(g) for g in panels] if len(panels) > 1 else None,
    )
    figure.update_layout(
        title=title,
        **_house_layout(),
        hovermode="x",
        height=(450 if len(panels) == 1 else 700) + 22 * math.ceil(curve["tariff"].nunique() / 2),
        legend={**_LEGEND_BELOW, "y": -0.12},
    )
    for name, rows in curve.groupby("tariff", sort=False):
        row = panels.index(groups.get(name, "telephony")) + 1 if len(panels) > 1 else 1
        figure.add_scatter(
            x=rows["x"].tolist(),
            y=rows["monthly_cost_value"].tolist(),
            mode="lines+markers",
            name=name,
            line_color=colors.get(name),
            customdata=[format_money(cost, rows["currency"].iloc[0]) for cost in rows["monthly_cost"]],
            hovertemplate=f"{name}: %{{customdata}}<extra></extra>",
            row=row,
            col=1,
        )

    def panel(name: str) -> int:
        return panels.index(groups.get(name, "telephony")) + 1 if len(panels) > 1 else 1

    for crossing in crossings or []:
        if panel(crossing.cheaper) == panel(crossing.dearer):  # lines in two panels never meet on the chart
            row = panel(crossing.cheaper)
            figure.add_vline(x=crossing.at, line_dash="dot", line_color="#7b8794", line_width=1, row=row, col=1)
    if here is not None and not here.empty and float(here["x"].iloc[0]) > 0:  # a log axis has no 0
        at = float(here["x"].iloc[0])
        figure.add_vline(x=at, line_dash="dash", line_color="#000000", line_width=1, row="all", col=1)
        for number, group in enumerate(panels, start=1):
            points = here if group is None else here[[groups.get(n, "telephony") == group for n in here["tariff"]]]
            figure.add_scatter(
                x=[at] * len(points),
                y=points["monthly_cost_value"].tolist(),
                mode="markers",
                marker={"symbol": "diamond", "size": 11, "color": "#000000", "line": {"width": 1, "color": "#ffffff"}},
                name=_("Your log"),
                legendgroup="your log",  # not user text: an id
                showlegend=number == 1,
                customdata=[
                    [name, format_money(cost, currency)]
                    for name, cost, currency in zip(
                        points["tariff"], points["monthly_cost"], points["currency"], strict=True
                    )
                ],
                hovertemplate=_("your log, {offer}: {cost}").format(offer="%{customdata[0]}", cost="%{customdata[1]}")
                + "<extra></extra>",
                row=number,
                col=1,
            )
        figure.add_annotation(
            x=math.log10(at),
            y=1.0,
            xref="x",
            yref="paper",
            text=_("your log: {where}").format(where=_log_position(kind, unit, at)),
            showarrow=False,
            yanchor="bottom",
            xanchor="left",
        )
    for title in figure.layout.annotations[: len(panels) if len(panels) > 1 else 0]:
        title.update(x=0, xanchor="left", font={"size": 13})  # panel titles left, the marker's label right
    xs = curve["x"][curve["x"] > 0]
    values, labels = log_ticks(float(xs.min()), float(xs.max())) if not xs.empty else ([], [])
    figure.update_xaxes(type="log", tickvals=values, ticktext=labels)
    figure.update_xaxes(title_text=_curve_axis_title(kind, unit), row=len(panels), col=1)
    figure.update_yaxes(title_text=_("Per month [{currency}]").format(currency=currencies), rangemode="tozero")
    return figure


def _log_position(kind: str, unit: str, at: float) -> str:
    """Where the log sits on a curve, for its marker: ``1:05 min`` of mean duration or ``1,140 calls a month``."""
    if kind == "duration":
        return _duration_text(at)
    return _("{count} {unit}").format(
        count=_calls_text(at), unit=_(_CURVE_UNITS[unit]) if unit in _CURVE_UNITS else unit
    )


def staffing_week(intervals: pd.DataFrame, interval_minutes: int) -> go.Figure:
    """Agents needed per interval over a typical week: the most any week of the log needs in each slot."""
    figure = new_figure(_("Agents needed over a typical week"), xaxis_title="", yaxis_title=_("Agents (scheduled)"))
    if intervals.empty:
        return figure
    starts = pd.to_datetime(intervals["start"])
    slot = starts.dt.dayofweek * 1440 + starts.dt.hour * 60 + starts.dt.minute
    week = intervals.assign(slot=slot).groupby("slot", sort=True)["agents"].max()
    full = week.reindex(range(0, 7 * 1440, interval_minutes), fill_value=0)
    anchor = pd.Timestamp("2024-01-01")  # a Monday: the axis shows weekday and time only
    days = babel_dates.get_day_names("abbreviated", locale=babel_locale())  # 0 is Monday
    # Weekday names in the locale (plotly's own date format would write English ones).
    figure.add_scatter(
        x=[anchor + pd.Timedelta(minutes=int(m)) for m in full.index],
        y=full.tolist(),
        mode="lines",
        line_shape="hv",
        fill="tozeroy",
        line_color="#009E73",
        name=_("Agents"),
        customdata=[f"{days[m // 1440]} {m % 1440 // 60:02d}:{m % 60:02d}" for m in full.index],
        hovertemplate=_("{when}: {count} agents").format(when="%{customdata}", count="%{y}") + "<extra></extra>",
    )
    ticks = range(0, 7 * 1440, 6 * 60)
    figure.update_xaxes(
        tickvals=[anchor + pd.Timedelta(minutes=m) for m in ticks],
        ticktext=[f"{days[m // 1440]} {m % 1440 // 60:02d}:00" for m in ticks],
    )
    return figure


def team_sweep_curve(sweep: pd.DataFrame, best_agents: int, name: str, currency: str) -> go.Figure:
    """Total cost of a mixed tariff against the size of its team, the cheapest size marked."""
    figure = new_figure(
        _("{tariff}: total by team size").format(tariff=name),
        xaxis_title=_("Agents in the team"),
        yaxis_title=_("Total [{currency}]").format(currency=currency),
    )
    figure.add_scatter(
        x=sweep["agents"].tolist(),
        y=sweep["total_value"].tolist(),
        mode="lines+markers",
        name=_("Total"),
        line_color="#0072B2",
        customdata=[
            [format_money(total, currency), format_number(int(overflow))]
            for total, overflow in zip(sweep["total"], sweep["overflow_calls"], strict=True)
        ],
        hovertemplate=_("{agents} agents: {total}, {count} calls overflow").format(
            agents="%{x}", total="%{customdata[0]}", count="%{customdata[1]}"
        )
        + "<extra></extra>",
    )
    best = sweep[sweep["agents"] == best_agents]
    figure.add_scatter(
        x=best["agents"].tolist(),
        y=best["total_value"].tolist(),
        mode="markers",
        marker={"size": 14, "color": "#D55E00", "symbol": "star"},
        name=_("Cheapest size"),
        hovertemplate=_("cheapest: {agents} agents").format(agents="%{x}") + "<extra></extra>",
    )
    return figure


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
