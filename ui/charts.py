"""Chart builders: results in, plotly figures out. They compute no bill and never touch Streamlit.

Every tariff keeps one color on every chart (`tariff_colors`, by its place in
the tariff set); money axes carry the tariffs' currency.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from babel import dates as babel_dates
from plotly.subplots import make_subplots

from calc.components import COMPONENT_TYPES
from calc.costs import CostSummary
from calc.curves import format_calls, format_duration
from calc.i18n import _, babel_locale, ngettext
from calc.offers import OFFER_GROUPS
from calc.traffic import INCREMENT_MARKS_S, WEEKDAYS, TrafficProfile
from ui.tables import KIND_TITLES, money

__all__ = [
    "PALETTE",
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
_LAYOUT = {"template": "plotly_white", "margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "font": {"size": 13}}


def tariff_colors(names: list[str]) -> dict[str, str]:
    """One color per tariff name, by position in the tariff set (the palette repeats after 24)."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def _currency(summaries: list[CostSummary]) -> str:
    currencies = sorted({s.currency for s in summaries})
    return currencies[0] if len(currencies) == 1 else "mixed currencies"


def new_figure(title: str, **layout: object) -> go.Figure:
    """An empty figure with the house layout (white template, margins, font) and this title."""
    figure = go.Figure()
    figure.update_layout(title=title, **_LAYOUT, **layout)
    return figure


def duration_histogram(profile: TrafficProfile) -> go.Figure:
    """Answered voice calls by duration, with the 6 and 30-second and every whole-minute billing step marked."""
    edges = profile.duration_bins_s
    title = _("How long calls last")
    if profile.longer_calls:
        title += " " + ngettext(
            "({count} call of {minutes} min or more not shown)",
            "({count} calls of {minutes} min or more not shown)",
            profile.longer_calls,
        ).format(count=f"{profile.longer_calls:,}", minutes=int(edges[-1]) // 60)
    figure = new_figure(title, xaxis_title=_("Call duration [s]"), yaxis_title=_("Calls"), bargap=0.0, showlegend=False)
    figure.add_bar(
        x=(edges[:-1] + edges[1:]) / 2,
        y=profile.duration_counts,
        width=edges[1] - edges[0],
        customdata=[f"{int(a)}-{int(b)} s" for a, b in zip(edges[:-1], edges[1:], strict=True)],
        hovertemplate="%{customdata}: %{y:,} calls<extra></extra>",
        marker_color="#0072B2",
        name="Calls",
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
    return shown, [f"{v:,.12g}" for v in shown]


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

    With `scope` (a group's title, e.g. ``"Staffing and outsourcing"``) the title names the
    group and the first bar is "cheapest of these", not the cheapest of the comparison.
    """
    ranked = sorted(summaries, key=lambda s: s.total)
    title = "Total for this log" + (f": {scope.lower()} offers" if scope else "")
    figure = new_figure(title, xaxis_title=f"Total [{_currency(summaries)}]", height=120 + 40 * len(ranked))
    first = "cheapest of these" if scope else "cheapest"
    tags = [
        ([first] if i == 0 else []) + (["current contract"] if s.name == current else []) for i, s in enumerate(ranked)
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
        name="Total",
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
    raise RuntimeError("the charts must know every component type")


def components_stacked(summaries: list[CostSummary]) -> go.Figure:
    """Each tariff's total split by kind of component (usage, fees, seats, team, top-up, set-up, taxes), stacked."""
    figure = new_figure("What each total is made of", barmode="stack", yaxis_title=f"Total [{_currency(summaries)}]")
    for kind, title in _KINDS.items():
        amounts, details = [], []
        for s in summaries:
            labels = [label for label, k in s.component_types.items() if k == kind]
            amounts.append(float(sum(s.components[label] for label in labels)))
            details.append("<br>".join(f"{label}: {s.components[label]:,.{s.decimals}f}" for label in labels))
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
    figure = new_figure("Month by month", barmode="group", yaxis_title=f"Invoice [{_currency(summaries)}]")
    for s in summaries:
        figure.add_bar(
            x=list(s.months),
            y=[float(v) for v in s.months.values()],
            name=s.name,
            marker_color=colors[s.name],
            hovertemplate=f"{s.name}<br>%{{x}}: %{{y:,.2f}} {s.currency}<extra></extra>",
        )
    figure.update_xaxes(type="category")
    figure.update_layout(legend=_LEGEND_BELOW)
    return figure


def billed_vs_actual(summaries: list[CostSummary], colors: dict[str, str]) -> go.Figure:
    """Billed minutes against the talk minutes those calls really lasted, per tariff."""
    figure = new_figure("Billed versus actual minutes", barmode="group", yaxis_title="Minutes [min]")
    names = [s.name for s in summaries]
    figure.add_bar(
        x=names,
        y=[float(s.charged_actual_minutes) for s in summaries],
        name="Actual (talk time of charged calls)",
        marker_color="#999999",
        hovertemplate="%{x}: %{y:,.1f} actual min<extra></extra>",
    )
    figure.add_bar(
        x=names,
        y=[float(s.billed_minutes) for s in summaries],
        name="Billed",
        marker_color=[colors[n] for n in names],
        hovertemplate="%{x}: %{y:,.1f} billed min<extra></extra>",
    )
    return figure


def rounding_overhead_bar(summaries: list[CostSummary], colors: dict[str, str]) -> go.Figure:
    """What rounding up to the billing increment costs per tariff, in money."""
    figure = new_figure("Cost of rounding up", yaxis_title=f"Rounding cost [{_currency(summaries)}]")
    figure.add_bar(
        x=[s.name for s in summaries],
        y=[float(s.rounding_overhead) for s in summaries],
        marker_color=[colors[s.name] for s in summaries],
        text=[money(s.rounding_overhead, s) for s in summaries],
        textposition="auto",
        hovertemplate="%{x}: %{text}<extra></extra>",
        name="Rounding overhead",
    )
    return figure


def effective_rate_bar(summaries: list[CostSummary], colors: dict[str, str]) -> go.Figure:
    """Total divided by actual talk minutes: the price per real minute, every fee included."""
    shown = [s for s in summaries if s.effective_rate_per_minute is not None]
    figure = new_figure(
        "Effective price per actual minute", yaxis_title=f"Price per actual minute [{_currency(summaries)}/min]"
    )
    figure.add_bar(
        x=[s.name for s in shown],
        y=[float(s.effective_rate_per_minute) for s in shown],
        marker_color=[colors[s.name] for s in shown],
        text=[f"{s.effective_rate_per_minute:,.4f} {s.currency}" for s in shown],
        textposition="auto",
        hovertemplate="%{x}: %{text} per minute<extra></extra>",
        name="Effective price",
    )
    return figure


def cost_per_call_box(summaries: list[CostSummary], colors: dict[str, str]) -> go.Figure:
    """Distribution of the usage charge per answered call (box: quartiles, whiskers: min and 95th percentile)."""
    figure = new_figure("Cost per call", yaxis_title=f"Usage charge per call [{_currency(summaries)}]")
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
        "Usage cost by hour of day",
        xaxis_title="Hour of day [h]",
        yaxis_title=f"Usage charges [{_currency(summaries)}]",
    )
    for s in summaries:
        figure.add_scatter(
            x=list(range(24)),
            y=s.cost_by_hour,
            mode="lines+markers",
            name=s.name,
            line_color=colors[s.name],
            hovertemplate=f"{s.name}<br>%{{x}}:00: %{{y:,.2f}} {s.currency}<extra></extra>",
        )
    # Hours 0 to 23 exactly and money from 0: no axis starting at -2.
    figure.update_xaxes(
        range=[-0.5, 23.5], tickvals=list(range(0, 24, 3)), ticktext=[f"{h}:00" for h in range(0, 24, 3)]
    )
    figure.update_yaxes(rangemode="tozero")
    figure.update_layout(legend=_LEGEND_BELOW)
    return figure


def _curve_axis_title(kind: str, unit: str) -> str:
    """The x axis of a curve with its unit: ``Calls a month`` or ``Mean call duration [s]``."""
    return f"Mean call duration [{unit}]" if kind == "duration" else unit.capitalize()


def _vline(x: float, row: int) -> dict:
    """A dotted vertical line across panel `row` at `x` (as ``add_vline(x, row=row, col=1)`` draws it)."""
    axis = "" if row == 1 else str(row)
    return {
        "type": "line",
        "x0": x,
        "x1": x,
        "xref": f"x{axis}",
        "y0": 0,
        "y1": 1,
        "yref": f"y{axis} domain",
        "line": {"color": "#7b8794", "dash": "dot", "width": 1},
    }


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
        return new_figure("No curve: nothing to price")
    kind = curve["curve"].iloc[0]
    unit = curve["unit"].iloc[0]
    title = "Monthly cost as volume changes" if kind == "volume" else "Monthly cost as calls get longer or shorter"
    currencies = "/".join(sorted(curve["currency"].unique()))
    groups = groups or {}
    present = [g for g in OFFER_GROUPS if g in {groups.get(n, "telephony") for n in curve["tariff"].unique()}]
    panels = present if len(present) > 1 else [None]
    figure = make_subplots(
        rows=len(panels),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=[OFFER_GROUPS[g] for g in panels] if len(panels) > 1 else None,
    )
    figure.update_layout(
        title=title,
        **_LAYOUT,
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
            hovertemplate=f"{name}: %{{y:,.2f}} {rows['currency'].iloc[0]}<extra></extra>",
            row=row,
            col=1,
        )

    def panel(name: str) -> int:
        return panels.index(groups.get(name, "telephony")) + 1 if len(panels) > 1 else 1

    # The shapes add_vline makes, set at once: add_vline copies every shape before it, a chart with many crossings
    # took seconds. Lines in two panels never meet on the chart.
    figure.layout.shapes = [
        _vline(crossing.at, panel(crossing.cheaper))
        for crossing in crossings or []
        if panel(crossing.cheaper) == panel(crossing.dearer)
    ]
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
                name="Your log",
                legendgroup="your log",
                showlegend=number == 1,
                customdata=points["tariff"].tolist(),
                hovertemplate="your log, %{customdata}: %{y:,.2f}<extra></extra>",
                row=number,
                col=1,
            )
        figure.add_annotation(
            x=math.log10(at),
            y=1.0,
            xref="x",
            yref="paper",
            text=f"your log: {format_duration(at) if kind == 'duration' else format_calls(at) + ' ' + unit}",
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
    figure.update_yaxes(title_text=f"Per month [{currencies}]", rangemode="tozero")
    return figure


def staffing_week(intervals: pd.DataFrame, interval_minutes: int) -> go.Figure:
    """Agents needed per interval over a typical week: the most any week of the log needs in each slot."""
    figure = new_figure("Agents needed over a typical week", xaxis_title="", yaxis_title="Agents (scheduled)")
    if intervals.empty:
        return figure
    starts = pd.to_datetime(intervals["start"])
    slot = starts.dt.dayofweek * 1440 + starts.dt.hour * 60 + starts.dt.minute
    week = intervals.assign(slot=slot).groupby("slot", sort=True)["agents"].max()
    full = week.reindex(range(0, 7 * 1440, interval_minutes), fill_value=0)
    anchor = pd.Timestamp("2024-01-01")  # a Monday: the axis shows weekday and time only
    figure.add_scatter(
        x=[anchor + pd.Timedelta(minutes=int(m)) for m in full.index],
        y=full.tolist(),
        mode="lines",
        line_shape="hv",
        fill="tozeroy",
        line_color="#009E73",
        name="Agents",
        hovertemplate="%{x|%a %H:%M}: %{y} agents<extra></extra>",
    )
    figure.update_xaxes(tickformat="%a %H:%M", dtick=6 * 3_600_000)
    return figure


def team_sweep_curve(sweep: pd.DataFrame, best_agents: int, name: str, currency: str) -> go.Figure:
    """Total cost of a mixed tariff against the size of its team, the cheapest size marked."""
    figure = new_figure(
        f"{name}: total by team size", xaxis_title="Agents in the team", yaxis_title=f"Total [{currency}]"
    )
    figure.add_scatter(
        x=sweep["agents"].tolist(),
        y=sweep["total_value"].tolist(),
        mode="lines+markers",
        name="Total",
        line_color="#0072B2",
        customdata=sweep["overflow_calls"].tolist(),
        hovertemplate="%{x} agents: %{y:,.2f}, %{customdata:,} calls overflow<extra></extra>",
    )
    best = sweep[sweep["agents"] == best_agents]
    figure.add_scatter(
        x=best["agents"].tolist(),
        y=best["total_value"].tolist(),
        mode="markers",
        marker={"size": 14, "color": "#D55E00", "symbol": "star"},
        name="Cheapest size",
        hovertemplate="cheapest: %{x} agents<extra></extra>",
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

    The builder takes the offers shown (cheapest first), the tariff colors, the current
    contract's name and the scope: the group's title when the offers are one group of
    several, else None.
    """

    key: str
    label: str
    explanation: str
    build: Callable[[list[CostSummary], dict[str, str], str | None, str | None], go.Figure]


#: Every Compare chart, in the order of the report.
COMPARE_CHARTS = (
    CompareChart(
        "totals",
        "Totals",
        "Each offer's total for this log; the outlined bar is the cheapest.",
        lambda shown, colors, current, scope: totals_bar(shown, colors, current, scope),
    ),
    CompareChart(
        "components",
        "What each total is made of",
        "What each total is made of: usage (per minute, per event), fixed fees, seats, team hours, "
        "minimum-spend top-ups, set-up costs and taxes and fees, stacked.",
        lambda shown, colors, current, scope: components_stacked(shown),
    ),
    CompareChart(
        "months",
        "Month by month",
        "Each month's invoice per offer. Part months are prorated for fixed fees; bundles and tiers restart "
        "every month.",
        lambda shown, colors, current, scope: monthly_totals(shown, colors),
    ),
    CompareChart(
        "billed",
        "Billed versus actual minutes",
        "Grey: minutes the charged calls really lasted; colored: minutes billed after rounding up to each "
        "offer's increment. The gap is paid air.",
        lambda shown, colors, current, scope: billed_vs_actual(shown, colors),
    ),
    CompareChart(
        "rounding",
        "Cost of rounding",
        "The money the increments cost: the bill at each offer's own rates minus the same calls billed per second.",
        lambda shown, colors, current, scope: rounding_overhead_bar(shown, colors),
    ),
    CompareChart(
        "effective",
        "Effective price per minute",
        "Total divided by actual talk minutes: the price of a real minute with every fee, bundle and "
        "rounding included. Compare it with the rate on the price list.",
        lambda shown, colors, current, scope: effective_rate_bar(shown, colors),
    ),
    CompareChart(
        "per_call",
        "Cost per call",
        "Usage charge per answered call: the box holds the middle half of calls, the line is the median, the "
        "whiskers reach from the cheapest call to the 95th percentile.",
        lambda shown, colors, current, scope: cost_per_call_box(shown, colors),
    ),
    CompareChart(
        "by_hour",
        "Cost by hour of day",
        "Usage charges by the hour calls start (fixed fees excluded): where in the day the money goes.",
        lambda shown, colors, current, scope: cost_by_hour(shown, colors),
    ),
)
#: The charts the Compare page draws before the user asks for more: the answer and why.
DEFAULT_COMPARE_CHARTS = ("totals", "components")
