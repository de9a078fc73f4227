"""Chart builders: one figure per call, the right traces, values and labels, one color per tariff."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest

from calc.i18n import format_money, use_language
from calc.traffic import traffic_profile
from tests.conftest import make_log
from ui import charts, compare_charts
from ui.i18n import FONT_FAMILY


@pytest.fixture(scope="module")
def colors(presets):
    return charts.tariff_colors([t.name for t in presets])


def test_tariff_colors_are_distinct_and_follow_the_set_order(presets):
    names = [t.name for t in presets]
    colors = charts.tariff_colors(names)
    assert len(set(colors.values())) == len(names)
    assert charts.tariff_colors(names[:3]) == {n: colors[n] for n in names[:3]}


def test_duration_histogram_marks_the_billing_steps(profile):
    figure = charts.duration_histogram(profile)
    [bars] = figure.data
    assert bars.type == "bar"
    assert np.asarray(bars.y).sum() == profile.duration_counts.sum()
    marks = sorted(shape.x0 for shape in figure.layout.shapes)
    assert marks[:3] == [6, 30, 60]
    assert marks[-1] == profile.duration_bins_s[-1]
    assert [a.text for a in figure.layout.annotations][:3] == ["6 s", "30 s", "1 min"]
    assert f"{profile.longer_calls:,} calls of" in figure.layout.title.text
    assert figure.layout.xaxis.title.text == "Call duration [s]"


def test_histogram_step_labels_never_share_a_row_closer_than_the_gap(profile):
    """6 s, 30 s and 1 min used to overlap: labels close together go on rows of their own."""
    figure = charts.duration_histogram(profile)
    span = profile.duration_bins_s[-1] - profile.duration_bins_s[0]
    labels = [(a.x, a.yshift or 0) for a in figure.layout.annotations]
    assert {shift for _, shift in labels[:2]} == {0, 16}  # 6 s and 30 s on different rows
    for (x1, row1), (x2, row2) in zip(labels, labels[1:], strict=False):
        assert row1 != row2 or (x2 - x1) / span >= 0.08
    assert figure.layout.margin.t >= 50 + 16 * 2  # room above the plot for both rows


@pytest.mark.parametrize(
    ("positions", "levels"),
    [([6, 30, 60, 120], [0, 1, 0, 0]), ([0, 30, 60, 90, 300], [0, 1, 0, 1, 0]), ([0, 1, 2], [0, 1, 2]), ([], [])],
)
def test_label_levels(positions, levels):
    assert charts.label_levels(positions, 0, 600) == levels


def test_log_ticks_are_plain_numbers_one_two_five():
    values, labels = charts.log_ticks(1_140.0, 114_000.0)
    assert values[0] <= 1_140 and values[-1] >= 114_000
    assert labels == ["1,000", "2,000", "5,000", "10,000", "20,000", "50,000", "100,000", "200,000"]
    assert charts.log_ticks(0, 10) == ([], [])


def test_heatmap_is_weekday_by_hour_and_none_without_timestamps(profile):
    figure = charts.weekday_hour_heatmap(profile)
    [heat] = figure.data
    assert np.asarray(heat.z).shape == (7, 24)
    assert list(heat.y) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert charts.weekday_hour_heatmap(traffic_profile(make_log([{"duration_s": 5}]))) is None


def test_totals_bar_ranks_and_labels_cheapest_and_current(summaries, colors):
    ranked = sorted(summaries, key=lambda s: s.total)
    figure = charts.totals_bar(summaries, colors, current=ranked[2].name)
    [bars] = figure.data
    assert list(bars.y) == [s.name for s in ranked]
    assert list(bars.x) == [float(s.total) for s in ranked]
    assert list(bars.text) == [f"€{s.total:,.2f}" for s in ranked]
    ticks = list(figure.layout.yaxis.ticktext)
    assert ticks[0] == f"{ranked[0].name}<br><i>cheapest</i>"  # under the name: never cut at the right
    assert ticks[2] == f"{ranked[2].name}<br><i>current contract</i>"
    assert ticks[1] == ranked[1].name.replace("&", "&amp;")
    assert list(bars.marker.color) == [colors[s.name] for s in ranked]
    assert figure.layout.xaxis.title.text == "Total [EUR]"


def test_components_stack_adds_up_to_each_total(summaries):
    figure = charts.components_stacked(summaries)
    assert figure.layout.barmode == "stack"
    names = {trace.name for trace in figure.data}
    assert {"Usage: per minute", "Monthly fees", "Seats", "Team hours", "Minimum-spend top-up"} <= names
    stacked = np.sum([np.asarray(trace.y, dtype=float) for trace in figure.data], axis=0)
    # components and months are each rounded half-up: the stack may differ from the total by half a cent each
    for s, height in zip(summaries, stacked, strict=True):
        assert height == pytest.approx(float(s.total), abs=0.005 * (len(s.components) + len(s.months)) + 1e-9)


def test_one_trace_per_tariff_in_its_color(summaries, colors):
    for build in (charts.monthly_totals, charts.cost_by_hour, charts.cost_per_call_box):
        figure = build(summaries, colors)
        shown = [s for s in summaries if build is not charts.cost_per_call_box or s.cost_per_call]
        assert [trace.name for trace in figure.data] == [s.name for s in shown]
        for trace in figure.data:
            color = trace.marker.color if trace.type in ("bar", "box") else trace.line.color
            assert color == colors[trace.name]
    months = charts.monthly_totals(summaries, colors)
    assert list(months.data[0].x) == ["Jan 2026", "Feb 2026"]
    assert list(months.data[0].y) == [float(v) for v in summaries[0].months.values()]
    assert list(months.data[0].customdata) == [f"€{v:,.2f}" for v in summaries[0].months.values()]  # the hover


def test_billed_versus_actual_and_overhead(summaries, colors):
    figure = charts.billed_vs_actual(summaries, colors)
    actual, billed = figure.data
    assert list(billed.y) == [float(s.billed_minutes) for s in summaries]
    assert list(actual.y) == [float(s.charged_actual_minutes) for s in summaries]
    overhead = charts.rounding_overhead_bar(summaries, colors).data[0]
    assert list(overhead.y) == [float(s.rounding_overhead) for s in summaries]
    assert list(overhead.text) == [f"€{s.rounding_overhead:,.2f}" for s in summaries]


@pytest.mark.parametrize(
    ("build", "title"),
    [
        (lambda s, c: charts.components_stacked(s), "Total [EUR]"),
        (charts.monthly_totals, "Invoice [EUR]"),
        (charts.billed_vs_actual, "Minutes [min]"),
        (charts.rounding_overhead_bar, "Rounding cost [EUR]"),
        (charts.cost_per_call_box, "Usage charge per call [EUR]"),
        (charts.cost_by_hour, "Usage charges [EUR]"),
    ],
)
def test_every_axis_says_what_and_in_which_unit(summaries, colors, build, title):
    assert figure_axis_title(build(summaries, colors)) == title


def test_cost_by_hour_starts_at_zero(summaries, colors):
    figure = charts.cost_by_hour(summaries, colors)
    assert figure.layout.yaxis.rangemode == "tozero"
    assert figure.layout.xaxis.title.text == "Hour of day [h]"
    assert list(figure.layout.xaxis.range) == [-0.5, 23.5]
    # regression: the legend below started at the height of the axis title and covered it
    assert figure.layout.legend.y == charts.LEGEND_UNDER_AXIS_TITLE < charts.LEGEND_BELOW["y"] - 0.1


def test_compare_charts_split_by_group_and_every_chart_registered(summaries, presets, colors):
    from calc import offer_group

    groups = {t.name: offer_group(t) for t in presets}
    split = compare_charts.split_by_group(summaries, groups)
    assert list(split) == ["telephony", "staffing"]
    assert sum(len(v) for v in split.values()) == len(summaries)
    assert max(s.total for s in split["telephony"]) < min(s.total for s in split["staffing"])
    assert len({c.key for c in compare_charts.COMPARE_CHARTS}) == 8
    assert set(compare_charts.DEFAULT_COMPARE_CHARTS) < {c.key for c in compare_charts.COMPARE_CHARTS}
    for chart in compare_charts.COMPARE_CHARTS:
        assert chart.build(split["staffing"], colors, None, "staffing").data, chart.key


def test_the_report_holds_every_chart_of_each_group(summaries, presets, colors):
    from types import SimpleNamespace

    from ui import data

    chosen = [t for t in presets if t.currency == "EUR"]
    ranked = sorted(summaries, key=lambda s: s.total)
    figures = data.report_figures(SimpleNamespace(key="sample"), chosen, ranked, None, colors)
    assert len(figures) == 2 * len(compare_charts.COMPARE_CHARTS)
    assert figures[0][1].startswith("Telephony offers. ")
    assert figures[8][1].startswith("Staffing and outsourcing offers. ")
    assert figures[8][0].data[0].y[0] == ranked[-7].name  # the staffing totals bar starts with its cheapest
    assert figures[8][0].layout.yaxis.ticktext[0].endswith("<i>cheapest of these</i>")
    assert figures[8][0].layout.title.text == "Total for this log: staffing and outsourcing offers"


def test_effective_rate_leaves_out_tariffs_without_talk_time(summaries, colors):
    [bars] = charts.effective_rate_bar(summaries, colors).data
    assert list(bars.x) == [s.name for s in summaries if s.effective_rate_per_minute is not None]
    assert figure_axis_title(charts.effective_rate_bar(summaries, colors)) == "Price per actual minute [EUR/min]"
    four_places = [s.effective_rate_per_minute.quantize(Decimal("0.0001"), ROUND_HALF_UP) for s in summaries]
    assert list(bars.text) == [f"€{rate}" for rate in four_places if rate is not None]


def figure_axis_title(figure):
    return figure.layout.yaxis.title.text


def test_cost_curve_has_a_line_per_tariff_and_marks_crossings(sample_log, presets, colors):
    from calc import crossovers, volume_curve

    chosen = [t for t in presets if t.name in ("BPO per call", "Core team + overflow")]
    curve = volume_curve(sample_log, chosen, factors=[0.1, 0.3, 1, 3])
    crossings = crossovers(curve)
    figure = charts.cost_curve(curve, colors, crossings)
    assert [trace.name for trace in figure.data] == [t.name for t in chosen]
    assert list(figure.data[0].y) == curve[curve["tariff"] == chosen[0].name]["monthly_cost_value"].tolist()
    assert figure.layout.xaxis.type == "log"
    assert len(figure.layout.shapes) == len(crossings) >= 1
    assert figure.layout.xaxis.title.text == "Calls a month"
    assert list(figure.layout.xaxis.ticktext)[:3] == ["500", "1,000", "2,000"]  # plain, never "2 5"


def test_cost_curves_mark_the_log_and_draw_each_group_on_its_own_scale(sample_log, presets, colors):
    from calc import duration_curve, offer_group
    from calc.curves import log_point

    chosen = [t for t in presets if t.name in ("Carrier A, 60/60", "Carrier B, per second", "BPO per call")]
    groups = {t.name: offer_group(t) for t in chosen}
    curve = duration_curve(sample_log, chosen, [30, 120, 480])
    here = log_point(sample_log, chosen, "duration")
    figure = charts.cost_curve(curve, colors, [], groups, here)
    assert figure.layout.xaxis2.title.text == "Mean call duration [s]"  # the lower panel holds the x title
    assert [a.text for a in figure.layout.annotations][:2] == ["Telephony", "Staffing and outsourcing"]
    lines = {trace.name: trace for trace in figure.data if trace.name != "Your log"}
    assert lines["Carrier A, 60/60"].yaxis == "y" and lines["BPO per call"].yaxis == "y2"
    markers = [trace for trace in figure.data if trace.name == "Your log"]
    assert len(markers) == 2  # one per panel, one legend entry
    mean_s = here["x"].iloc[0]
    assert 200 < mean_s < 300  # the sample's mean talk time
    assert {x for m in markers for x in m.x} == {mean_s}
    assert sorted(y for m in markers for y in m.y) == sorted(here["monthly_cost_value"])
    assert any(shape.x0 == mean_s and shape.line.dash == "dash" for shape in figure.layout.shapes)
    assert figure.layout.yaxis.title.text == "Per month [EUR]"


def test_staffing_week_takes_the_busiest_week_per_slot():
    import pandas as pd

    intervals = pd.DataFrame(
        {
            "start": pd.to_datetime(["2026-01-05 09:00", "2026-01-12 09:00", "2026-01-06 10:30"]),
            "agents": [3, 5, 2],
        }
    )
    [trace] = charts.staffing_week(intervals, 30).data
    assert len(trace.y) == 7 * 48
    assert trace.y[18] == 5  # Monday 09:00: the busier of the two Mondays
    assert trace.y[48 + 21] == 2  # Tuesday 10:30
    assert sum(trace.y) == 7


def test_team_sweep_curve_marks_the_cheapest_size(sample_log, presets):
    from calc import best_team_size, team_sweep

    mixed = next(t for t in presets if t.covering_team is not None)
    sweep = team_sweep(sample_log, mixed, sizes=range(5))
    best = best_team_size(sweep)
    total, star = charts.team_sweep_curve(sweep, best.agents, mixed.name, "EUR").data
    assert list(total.x) == [0, 1, 2, 3, 4]
    assert list(star.x) == [best.agents]
    assert list(star.y) == [float(best.total)]


def every_figure(summaries, colors, sample_log, presets):
    from calc import volume_curve

    chosen = [t for t in presets if t.name in ("BPO per call", "Carrier A, 60/60")]
    figures = [chart.build(summaries, colors, None, None) for chart in compare_charts.COMPARE_CHARTS]
    figures.append(charts.cost_curve(volume_curve(sample_log, chosen, factors=[0.5, 1, 2]), colors))
    figures.append(charts.duration_histogram(traffic_profile(sample_log)))
    return figures


@pytest.mark.parametrize(
    ("language", "title", "axis", "separators", "cheapest"),
    [
        ("en", "Total for this log", "Total [EUR]", ".,", "cheapest"),
        ("zh", "此话单的总费用", "总费用 [EUR]", ".,", "最便宜"),
        ("it", "Totale per questo registro", "Totale [EUR]", ",.", "la più economica"),
    ],
)
def test_charts_speak_the_language_and_its_numbers(summaries, colors, language, title, axis, separators, cheapest):
    ranked = sorted(summaries, key=lambda s: s.total)
    with use_language(language):
        figure = charts.totals_bar(summaries, colors)
        months = charts.monthly_totals(summaries, colors)
    assert figure.layout.title.text == title
    assert figure.layout.xaxis.title.text == axis
    assert figure.layout.separators == separators  # plotly writes the axes' numbers with the locale's signs
    assert figure.layout.yaxis.ticktext[0].endswith(f"<i>{cheapest}</i>")
    assert list(figure.data[0].text) == [format_money(s.total, "EUR", language) for s in ranked]
    if language == "it":
        assert (
            figure.data[0].text[-1]
            == f"{ranked[-1].total:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") + "\xa0€"
        )
        assert list(months.data[0].x) == ["gen 2026", "feb 2026"]


def test_every_chart_draws_in_the_cjk_font(summaries, colors, sample_log, presets):
    with use_language("zh"):
        figures = every_figure(summaries, colors, sample_log, presets)
    for figure in figures:
        assert figure.layout.font.family == FONT_FAMILY, figure.layout.title.text
        assert "Noto Sans CJK SC" in figure.layout.template.layout.font.family
    titles = [figure.layout.title.text for figure in figures]
    assert titles[:3] == ["此话单的总费用", "总费用的构成", "逐月"]
    assert all(not any(c.isascii() and c.isalpha() for c in title) for title in titles), titles


def test_the_curve_marks_the_log_in_the_language(sample_log, presets, colors):
    from calc import volume_curve
    from calc.curves import log_point

    chosen = [t for t in presets if t.name in ("Carrier A, 60/60", "Carrier B, per second")]
    curve = volume_curve(sample_log, chosen, factors=[0.5, 1, 2])
    here = log_point(sample_log, chosen, "volume")
    with use_language("it"):
        figure = charts.cost_curve(curve, colors, [], None, here)
    marker = next(trace for trace in figure.data if trace.name == "Il tuo registro")
    costs = [format_money(cost, "EUR", "it") for cost in here["monthly_cost"]]
    assert [row[1] for row in marker.customdata] == costs  # the hover's money: exact, Italian
    assert figure.layout.xaxis.title.text == "Chiamate al mese"
    assert figure.layout.annotations[-1].text.startswith("il tuo registro: ")
    assert figure.layout.annotations[-1].text.endswith(" chiamate al mese")
    english = charts.cost_curve(curve, colors, [], None, here).layout.xaxis.ticktext
    assert any("," in tick for tick in english)  # thousands: 1,000 in English, 1.000 in Italian
    assert list(figure.layout.xaxis.ticktext) == [tick.replace(",", ".") for tick in english]
