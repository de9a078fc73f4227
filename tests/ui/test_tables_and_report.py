"""People's tables, the summary CSV and the HTML report, from the sample priced under the presets."""

from __future__ import annotations

import html
import io
import re
from datetime import date
from decimal import Decimal

import pandas as pd

from calc import parse_tariffs
from ui import charts, tables
from ui.report import html_report


def test_comparison_table_ranks_and_states_savings(summaries):
    ranked = sorted(summaries, key=lambda s: s.total)
    current = ranked[3]
    table = tables.comparison_table(summaries, current.name)
    assert table["Tariff"].tolist() == [s.name for s in ranked]
    assert table["Total"].tolist() == [f"{s.total:,.2f} EUR" for s in ranked]
    assert table["vs cheapest"].iloc[0] == "cheapest"
    assert table["vs cheapest"].iloc[1] == f"+{ranked[1].total - ranked[0].total:,.2f} EUR"
    assert table["Saving vs current contract"].iloc[0] == f"+{current.total - ranked[0].total:,.2f} EUR"
    assert table["Saving vs current contract"].iloc[3] == "current contract"
    assert table["Saving vs current contract"].iloc[-1] == f"{current.total - ranked[-1].total:,.2f} EUR"
    assert "Saving vs current contract" not in tables.comparison_table(summaries).columns


def test_money_keeps_the_minor_units(summaries):
    s = summaries[0]
    assert tables.money(Decimal("1234.5"), s) == "1,234.50 EUR"
    assert tables.money(Decimal("0.07") * 100, s, sign=True) == "+7.00 EUR"


def test_months_and_components_tables(summaries):
    months = tables.months_table(summaries)
    assert months["Month"].tolist() == ["2026-01", "2026-02", "Total"]
    for s in summaries:
        assert months[s.name].iloc[-1] == f"{s.total:,.2f} EUR"
    components = tables.components_table(summaries)
    assert set(components["Component"]) == {label for s in summaries for label in s.components}


def test_savings_matrix_is_antisymmetric(summaries):
    matrix = tables.savings_matrix(summaries[:3]).set_index("Choosing")
    a, b = summaries[0], summaries[1]
    assert matrix.loc[a.name, f"vs {b.name}"] == tables.money(b.total - a.total, a, sign=True)
    assert matrix.loc[b.name, f"vs {a.name}"] == tables.money(a.total - b.total, b, sign=True)
    assert matrix.loc[a.name, f"vs {a.name}"] == "-"


def test_summary_csv_has_exact_money(summaries):
    frame = pd.read_csv(io.BytesIO(tables.summary_csv(summaries)), dtype=str)
    ranked = sorted(summaries, key=lambda s: s.total)
    assert frame["tariff"].tolist() == [s.name for s in ranked]
    assert frame["total"].tolist() == [f"{s.total:.2f}" for s in ranked]
    assert frame["month 2026-01"].tolist() == [f"{s.months['2026-01']:.2f}" for s in ranked]


def test_report_is_self_contained_and_holds_every_tariff(summaries, presets, profile):
    colors = charts.tariff_colors([t.name for t in presets])
    figures = [(charts.totals_bar(summaries, colors), "Totals."), (charts.cost_by_hour(summaries, colors), "Hours.")]
    page = html_report(
        "support desk", profile, summaries, presets, figures, current=presets[0].name, today=date(2026, 3, 1)
    )
    assert page.startswith("<!DOCTYPE html>")
    assert "Prepared 2026-03-01" in page
    # plotly.js inlined once, nothing fetched from the network
    assert len(re.findall(r"plotly\.js v\d", page)) == 1
    assert not re.search(r"<script[^>]+src=", page)
    assert page.count('class="plotly-graph-div"') == 2
    for tariff in presets:
        assert tariff.name.replace("&", "&amp;") in page
    # the definitions print back to the same tariffs
    definitions = re.search(r"<h2>Tariff definitions</h2>\n<pre>(.*?)</pre>", page, re.S).group(1)
    assert parse_tariffs(html.unescape(definitions)) == presets
    cheapest = min(summaries, key=lambda s: s.total)
    assert f"Cheapest: {cheapest.name}" in page
