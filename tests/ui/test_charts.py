"""Chart builders: one figure per call, the right traces, values and labels, one color per tariff."""

from __future__ import annotations

import numpy as np
import pytest

from calc.traffic import traffic_profile
from tests.conftest import make_log
from ui import charts


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
    assert bars.text[0].endswith("(cheapest)")
    assert bars.text[2].endswith("(current contract)")
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
    assert list(months.data[0].x) == ["2026-01", "2026-02"]
    assert list(months.data[0].y) == [float(v) for v in summaries[0].months.values()]


def test_billed_versus_actual_and_overhead(summaries, colors):
    figure = charts.billed_vs_actual(summaries, colors)
    actual, billed = figure.data
    assert list(billed.y) == [float(s.billed_minutes) for s in summaries]
    assert list(actual.y) == [float(s.charged_actual_minutes) for s in summaries]
    overhead = charts.rounding_overhead_bar(summaries, colors).data[0]
    assert list(overhead.y) == [float(s.rounding_overhead) for s in summaries]


def test_effective_rate_leaves_out_tariffs_without_talk_time(summaries, colors):
    [bars] = charts.effective_rate_bar(summaries, colors).data
    assert list(bars.x) == [s.name for s in summaries if s.effective_rate_per_minute is not None]
    assert figure_axis_title(charts.effective_rate_bar(summaries, colors)) == "[EUR/min]"


def figure_axis_title(figure):
    return figure.layout.yaxis.title.text
