"""Chart builders: results in, plotly figures out. They compute no bill and never touch Streamlit.

Every tariff keeps one color on every chart (`tariff_colors`, by its place in
the tariff set); money axes carry the tariffs' currency. Every text is in the
current language (`calc.i18n`): titles, axes, legends, hover texts; money written
as text (bar labels, hover) by Babel in the locale's way with the currency's
symbol, exactly from the Decimal; plotly writes the axes' numbers with the
locale's decimal and grouping signs. Every figure starts from
`ui.chart_style.new_figure` (or its layout), whose font family holds CJK glyphs.
The Compare page's list of charts is `ui.compare_charts`; the What-if page's curves are
built in `ui.whatif_charts` (exported here too).
"""

from __future__ import annotations

import html

import plotly.graph_objects as go
from babel import dates as babel_dates

from calc.components import COMPONENT_TYPES
from calc.costs import CostSummary
from calc.i18n import N_, _, babel_locale, format_number, ngettext
from calc.traffic import INCREMENT_MARKS_S, WEEKDAYS, TrafficProfile
from ui.chart_style import (
    GROUP_TITLES,
    LABEL_ROW_PX,
    LEGEND_BELOW,
    PALETTE,
    group_title,
    house_layout,
    label_levels,
    log_ticks,
    money_texts,
    new_figure,
    tariff_colors,
)
from ui.tables import KIND_TITLES, money, month_label, per_actual_minute
from ui.whatif_charts import cost_curve, staffing_week, team_sweep_curve

__all__ = [
    "PALETTE",
    "GROUP_TITLES",
    "group_title",
    "tariff_colors",
    "label_levels",
    "log_ticks",
    "new_figure",
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
]

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
#: The totals chart's title when it shows one group of several.
_SCOPED_TOTALS_TITLES = {
    "telephony": N_("Total for this log: telephony offers"),
    "staffing": N_("Total for this log: staffing and outsourcing offers"),
}


def _currency(summaries: list[CostSummary]) -> str:
    currencies = sorted({s.currency for s in summaries})
    return currencies[0] if len(currencies) == 1 else _("mixed currencies")


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
            yshift=LABEL_ROW_PX * level,
            text=label,
            showarrow=False,
            yanchor="bottom",
            font_color="#D55E00",
        )
    figure.update_layout(margin={**house_layout()["margin"], "t": 50 + LABEL_ROW_PX * (max(levels, default=0) + 1)})
    return figure


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
    figure.update_layout(legend=LEGEND_BELOW)
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


#: Where a legend below the plot starts when the x axis has a title (`LEGEND_BELOW`'s would cover the title).
LEGEND_UNDER_AXIS_TITLE = -0.32


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
            customdata=money_texts(s.cost_by_hour, s.currency, s.decimals),
            hovertemplate=f"{s.name}<br>%{{x}}:00: %{{customdata}}<extra></extra>",
        )
    # Hours 0 to 23 exactly and money from 0: no axis starting at -2.
    figure.update_xaxes(
        range=[-0.5, 23.5], tickvals=list(range(0, 24, 3)), ticktext=[f"{h}:00" for h in range(0, 24, 3)]
    )
    figure.update_yaxes(rangemode="tozero")
    figure.update_layout(legend={**LEGEND_BELOW, "y": LEGEND_UNDER_AXIS_TITLE})  # the x axis has a title
    return figure
