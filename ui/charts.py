"""Chart builders: results in, plotly figures out. They compute no bill and never touch Streamlit.

Every tariff keeps one color on every chart (`tariff_colors`, by its place in
the tariff set); money axes carry the tariffs' currency.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from calc.components import COMPONENT_TYPES
from calc.costs import CostSummary
from calc.decision import Decision
from calc.traffic import INCREMENT_MARKS_S, WEEKDAYS, TrafficProfile
from ui.tables import KIND_TITLES, money

__all__ = [
    "PALETTE",
    "tariff_colors",
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
    "decision_monthly_bills",
    "decision_monthly_savings",
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
_LAYOUT = {"template": "plotly_white", "margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "font": {"size": 13}}


def tariff_colors(names: list[str]) -> dict[str, str]:
    """One color per tariff name, by position in the tariff set (the palette repeats after 24)."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def _currency(summaries: list[CostSummary]) -> str:
    currencies = sorted({s.currency for s in summaries})
    return currencies[0] if len(currencies) == 1 else "mixed currencies"


def _figure(title: str, **layout: object) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(title=title, **_LAYOUT, **layout)
    return figure


def duration_histogram(profile: TrafficProfile) -> go.Figure:
    """Answered voice calls by duration, with the 6 and 30-second and every whole-minute billing step marked."""
    edges = profile.duration_bins_s
    title = "How long calls last"
    if profile.longer_calls:
        title += f" ({profile.longer_calls:,} calls of {int(edges[-1]) // 60} min or more not shown)"
    figure = _figure(title, xaxis_title="Call duration [s]", yaxis_title="Calls", bargap=0.0, showlegend=False)
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
    for mark in marks:
        label = f"{mark} s" if mark < 60 else f"{mark // 60} min"
        figure.add_vline(x=mark, line_dash="dot", line_color="#D55E00", line_width=1)
        figure.add_annotation(
            x=mark, y=1.0, yref="paper", text=label, showarrow=False, yanchor="bottom", font_color="#D55E00"
        )
    return figure


def weekday_hour_heatmap(profile: TrafficProfile) -> go.Figure | None:
    """Records by weekday and hour of start; None for a log without timestamps."""
    if profile.weekday_hour is None:
        return None
    figure = _figure("When records arrive", xaxis_title="Hour of day", yaxis_title="")
    figure.add_heatmap(
        z=profile.weekday_hour,
        x=list(range(24)),
        y=list(WEEKDAYS),
        colorscale="Blues",
        hovertemplate="%{y} %{x}:00-%{x}:59: %{z:,} records<extra></extra>",
        colorbar={"title": "Records"},
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(dtick=2)
    return figure


def totals_bar(summaries: list[CostSummary], colors: dict[str, str], current: str | None = None) -> go.Figure:
    """Total per tariff, cheapest at the top; the cheapest and the current contract are labeled."""
    ranked = sorted(summaries, key=lambda s: s.total)
    figure = _figure("Total for this log", xaxis_title=f"Total [{_currency(summaries)}]", height=120 + 40 * len(ranked))
    text = []
    for i, s in enumerate(ranked):
        tags = (["cheapest"] if i == 0 else []) + (["current contract"] if s.name == current else [])
        text.append(money(s.total, s) + (f"  ({', '.join(tags)})" if tags else ""))
    figure.add_bar(
        y=[s.name for s in ranked],
        x=[float(s.total) for s in ranked],
        orientation="h",
        marker_color=[colors[s.name] for s in ranked],
        marker_line_width=[3 if i == 0 else 0 for i in range(len(ranked))],
        marker_line_color="#000000",
        text=text,
        textposition="auto",
        hovertemplate="%{y}: %{text}<extra></extra>",
        name="Total",
    )
    figure.update_yaxes(autorange="reversed")
    return figure


_KINDS = KIND_TITLES
if set(_KINDS) != set(COMPONENT_TYPES) or set(_COMPONENT_COLORS) != set(COMPONENT_TYPES):
    raise RuntimeError("the charts must know every component type")


def components_stacked(summaries: list[CostSummary]) -> go.Figure:
    """Each tariff's total split by kind of component (usage, fees, seats, team, top-up, set-up, taxes), stacked."""
    figure = _figure("What each total is made of", barmode="stack", yaxis_title=f"[{_currency(summaries)}]")
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
    figure = _figure("Month by month", barmode="group", yaxis_title=f"Invoice [{_currency(summaries)}]")
    for s in summaries:
        figure.add_bar(
            x=list(s.months),
            y=[float(v) for v in s.months.values()],
            name=s.name,
            marker_color=colors[s.name],
            hovertemplate=f"{s.name}<br>%{{x}}: %{{y:,.2f}} {s.currency}<extra></extra>",
        )
    figure.update_xaxes(type="category")
    return figure


def billed_vs_actual(summaries: list[CostSummary], colors: dict[str, str]) -> go.Figure:
    """Billed minutes against the talk minutes those calls really lasted, per tariff."""
    figure = _figure("Billed versus actual minutes", barmode="group", yaxis_title="Minutes")
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
    figure = _figure("Cost of rounding up", yaxis_title=f"[{_currency(summaries)}]")
    figure.add_bar(
        x=[s.name for s in summaries],
        y=[float(s.rounding_overhead) for s in summaries],
        marker_color=[colors[s.name] for s in summaries],
        text=[f"{s.rounding_overhead:,.{s.decimals}f}" for s in summaries],
        textposition="auto",
        hovertemplate="%{x}: %{text}<extra></extra>",
        name="Rounding overhead",
    )
    return figure


def effective_rate_bar(summaries: list[CostSummary], colors: dict[str, str]) -> go.Figure:
    """Total divided by actual talk minutes: the price per real minute, every fee included."""
    shown = [s for s in summaries if s.effective_rate_per_minute is not None]
    figure = _figure("Effective price per actual minute", yaxis_title=f"[{_currency(summaries)}/min]")
    figure.add_bar(
        x=[s.name for s in shown],
        y=[float(s.effective_rate_per_minute) for s in shown],
        marker_color=[colors[s.name] for s in shown],
        text=[f"{s.effective_rate_per_minute:,.4f}" for s in shown],
        textposition="auto",
        hovertemplate="%{x}: %{text} per minute<extra></extra>",
        name="Effective price",
    )
    return figure


def cost_per_call_box(summaries: list[CostSummary], colors: dict[str, str]) -> go.Figure:
    """Distribution of the usage charge per answered call (box: quartiles, whiskers: min and 95th percentile)."""
    figure = _figure("Cost per call", yaxis_title=f"Usage charge per call [{_currency(summaries)}]")
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
    figure = _figure("Usage cost by hour of day", xaxis_title="Hour of day", yaxis_title=f"[{_currency(summaries)}]")
    for s in summaries:
        figure.add_scatter(
            x=list(range(24)),
            y=s.cost_by_hour,
            mode="lines+markers",
            name=s.name,
            line_color=colors[s.name],
            hovertemplate=f"{s.name}<br>%{{x}}:00: %{{y:,.2f}} {s.currency}<extra></extra>",
        )
    figure.update_xaxes(dtick=2)
    return figure


def cost_curve(curve: pd.DataFrame, colors: dict[str, str], crossings: list | None = None) -> go.Figure:
    """Mean monthly cost of each tariff along a what-if curve (volume or mean duration), crossings marked."""
    if curve.empty:
        return _figure("No curve: nothing to price")
    kind = curve["curve"].iloc[0]
    unit = curve["unit"].iloc[0]
    title = "Monthly cost as volume changes" if kind == "volume" else "Monthly cost as calls get longer or shorter"
    currency = "/".join(sorted(curve["currency"].unique()))
    figure = _figure(title, xaxis_title=unit.capitalize(), yaxis_title=f"Per month [{currency}]", hovermode="x")
    for name, rows in curve.groupby("tariff", sort=False):
        figure.add_scatter(
            x=rows["x"].tolist(),
            y=rows["monthly_cost_value"].tolist(),
            mode="lines+markers",
            name=name,
            line_color=colors.get(name),
            hovertemplate=f"{name}: %{{y:,.2f}} {rows['currency'].iloc[0]}<extra></extra>",
        )
    for crossing in crossings or []:
        figure.add_vline(x=crossing.at, line_dash="dot", line_color="#7b8794", line_width=1)
    figure.update_xaxes(type="log")
    return figure


def staffing_week(intervals: pd.DataFrame, interval_minutes: int) -> go.Figure:
    """Agents needed per interval over a typical week: the most any week of the log needs in each slot."""
    figure = _figure("Agents needed over a typical week", xaxis_title="", yaxis_title="Agents (scheduled)")
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
    figure = _figure(f"{name}: total by team size", xaxis_title="Agents in the team", yaxis_title=f"[{currency}]")
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


def _decision_shown(decision: Decision, most: int | None) -> list[str]:
    """The contract and the first offers of the ranking (every offer when `most` is None), in the ranking's order."""
    others = [name for name in decision.ranking if name != decision.contract]
    return [decision.contract, *(others if most is None else others[: max(most - 1, 0)])]


def decision_monthly_bills(decision: Decision, colors: dict[str, str], most: int | None = 6) -> go.Figure:
    """Each month's invoice under the current contract (thick dashed black line) and under the leading offers.

    `most` caps the lines: the contract and the first ``most - 1`` offers of the ranking (None: all).
    """
    figure = _figure(
        "Monthly bills: contract against the leading offers",
        yaxis_title=f"Invoice [{decision.currency}]",
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
            name=name + (" (contract)" if is_contract else ""),
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
    figure = _figure(
        f"Saving per month against {decision.contract}",
        barmode="group",
        yaxis_title=f"Saving [{decision.currency}]",
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
        name="Cheapest each month (switching)",
        line={"color": "#000000", "dash": "dot"},
        customdata=decision.cheapest,
        hovertemplate="switching to %{customdata}: %{y:,.2f}<extra></extra>",
    )
    figure.add_hline(y=0, line_color="#7b8794", line_width=1)
    figure.update_xaxes(type="category")
    return figure
