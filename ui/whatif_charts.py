"""The What-if page's charts: cost curves along volume or duration, agents over a week, totals by team size.

Results in, plotly figures out, in the current language (see `ui.chart_style`); no bill is
computed here. `ui.charts` exports them too.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from babel import dates as babel_dates
from plotly.subplots import make_subplots

from calc.curves import format_calls, format_duration
from calc.i18n import N_, _, babel_locale, format_money, format_number
from calc.offers import OFFER_GROUPS
from ui.chart_style import LEGEND_BELOW, group_title, house_layout, log_ticks, new_figure

__all__ = ["cost_curve", "staffing_week", "team_sweep_curve"]

#: A curve's unit (`calc.curves`) as its x axis says it.
_CURVE_AXIS_TITLES = {"calls a month": N_("Calls a month"), "records a month": N_("Records a month")}
#: A curve's unit after a number ("1,140 calls a month").
_CURVE_UNITS = {"calls a month": N_("calls a month"), "records a month": N_("records a month")}


def _curve_axis_title(kind: str, unit: str) -> str:
    """The x axis of a curve with its unit: ``Calls a month`` or ``Mean call duration [s]``, translated."""
    if kind == "duration":
        return _("Mean call duration [s]")
    return _(_CURVE_AXIS_TITLES[unit]) if unit in _CURVE_AXIS_TITLES else unit.capitalize()


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
        **house_layout(),
        hovermode="x",
        height=(450 if len(panels) == 1 else 700) + 22 * math.ceil(curve["tariff"].nunique() / 2),
        legend={**LEGEND_BELOW, "y": -0.12},
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
    """Where the log sits on a curve, for its marker: ``1 min 5 s`` of mean duration or ``1,140 calls a month``."""
    if kind == "duration":
        return format_duration(at)
    return _("{count} {unit}").format(
        count=format_calls(at), unit=_(_CURVE_UNITS[unit]) if unit in _CURVE_UNITS else unit
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
