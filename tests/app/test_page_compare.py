"""AppTest of the compare page: totals equal to calc, the current contract, edits re-priced, errors shown."""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from calc import compare, offer_group, parse_tariffs, prepare, price, read_calls
from calc.costs import record_table
from calc.i18n import _, format_money, format_number, use_language
from tests.app.conftest import html_tables, metrics, no_exception, run_page
from tests.app.test_languages import open_page
from tests.conftest import ROOT
from ui import state as keys
from ui.safe import md

PAGE = "pages/2_compare.py"
SAMPLES = ROOT / "data" / "logs"


@pytest.fixture
def page():
    at = run_page(PAGE)
    no_exception(at)
    return at


def ranking(at):
    return html_tables(at)[0]


def expected(log_name: str, tariffs):
    return compare(prepare(read_calls(SAMPLES / log_name)), tariffs).ranked()


def eur(amount: Decimal, sign: bool = False) -> str:
    """Money as the page writes it in English: the euro sign first, thousands grouped, two places."""
    return ("+" if sign and amount > 0 else "-" if amount < 0 else "") + f"€{abs(amount):,.2f}"


@pytest.fixture
def presets(presets):
    """The presets compared first: those in EUR (the set also holds CNY and USD offers)."""
    return [t for t in presets if t.currency == "EUR"]


def test_totals_equal_calc_on_the_sample(page, presets):
    table = ranking(page)
    results = expected("support_desk.csv", presets)
    assert table["Tariff"].tolist() == [r.name for r in results]
    assert table["Total"].tolist() == [eur(r.total) for r in results]
    assert page.markdown[1].value == f"#### Cheapest: {md(results[0].name)}"  # the whole name, never cut
    assert metrics(page)["Its total"] == eur(results[0].total)
    assert all(cell.startswith("€") for cell in table["Per actual minute"])  # money columns carry the currency
    assert "10,871 records priced, 3 rejected" in page.markdown[0].value


def test_the_default_view_draws_two_charts_and_offers_the_others(page):
    """The answer first: headline, ranking and two charts; the six others are drawn on demand."""
    assert len(page.get("plotly_chart")) == 2
    assert [json.loads(e.proto.spec)["layout"]["title"]["text"] for e in page.get("plotly_chart")] == [
        "Total for this log: telephony offers",
        "What each total is made of",
    ]
    more = page.pills(key="compare_more_charts")
    assert more.options == [
        "Month by month",
        "Billed versus actual minutes",
        "Cost of rounding",
        "Effective price per minute",
        "Cost per call",
        "Cost by hour of day",
    ]
    assert more.value == []


def test_picking_a_chart_draws_it_and_only_it(page):
    page.pills(key="compare_more_charts").set_value(["by_hour"]).run()
    no_exception(page)
    titles = [json.loads(e.proto.spec)["layout"]["title"]["text"] for e in page.get("plotly_chart")]
    assert titles == ["Total for this log: telephony offers", "What each total is made of", "Usage cost by hour of day"]
    by_hour = json.loads(page.get("plotly_chart")[2].proto.spec)["layout"]
    assert by_hour["yaxis"]["rangemode"] == "tozero"
    assert by_hour["yaxis"]["title"]["text"] == "Usage charges [EUR]"
    page.pills(key="compare_more_charts").set_value(["months", "effective"]).run()
    titles = [json.loads(e.proto.spec)["layout"]["title"]["text"] for e in page.get("plotly_chart")]
    assert titles[2:] == ["Month by month", "Effective price per actual minute"]


def test_charts_carry_the_same_totals_one_group_at_a_time(page, presets):
    """Carriers and staffing offers are drawn apart: the cheapest's group first, the other on the switch."""
    results = expected("support_desk.csv", presets)
    group = {t.name: offer_group(t) for t in presets}
    switch = page.segmented_control(key="compare_group")
    assert switch.options == ["Telephony (13)", "Staffing and outsourcing (7)"]
    assert switch.value == "telephony"
    totals = json.loads(page.get("plotly_chart")[0].proto.spec)["data"][0]
    assert totals["y"] == [r.name for r in results if group[r.name] == "telephony"]
    switch.set_value("staffing").run()
    no_exception(page)
    totals = json.loads(page.get("plotly_chart")[0].proto.spec)
    assert totals["data"][0]["y"] == [r.name for r in results if group[r.name] == "staffing"]
    assert totals["layout"]["yaxis"]["ticktext"][0].endswith("cheapest of these</i>")  # not the comparison's cheapest
    assert len(ranking(page)) == len(results)  # the ranking keeps every offer


def test_one_group_needs_no_switch(page):
    page.multiselect(key="compare_tariffs").set_value(["Carrier A, 60/60", "Carrier B, per second"]).run()
    no_exception(page)
    assert not [w for w in page.get("button_group") if w.proto.id.endswith("compare_group")]
    assert len(page.get("plotly_chart")) == 2
    totals = json.loads(page.get("plotly_chart")[0].proto.spec)
    assert totals["layout"]["title"]["text"] == "Total for this log"
    assert totals["layout"]["yaxis"]["ticktext"][0].endswith("<i>cheapest</i>")


def test_marking_the_current_contract_shows_the_saving(page, presets):
    results = expected("support_desk.csv", presets)
    current = results[4]
    page.selectbox(key="compare_current").set_value(current.name).run()
    no_exception(page)
    saving = current.total - results[0].total
    assert metrics(page)[f"Saving vs {current.name}"] == eur(saving)
    [shown] = [m for m in page.metric if m.label.startswith("Saving vs")]
    share = (saving / current.total * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert shown.proto.delta == f"saves {share}%"  # no "up arrow ... less"
    column = ranking(page)["Saving vs current contract"].tolist()
    assert column[0] == eur(saving, sign=True)
    assert column[4] == "current contract"
    assert page.session_state[keys.CURRENT_CONTRACT] == current.name


def test_an_edited_tariff_is_repriced(page, presets):
    position = [t.name for t in presets].index("Carrier B, per second")
    tariff = presets[position]
    changed = tariff.model_copy(
        update={"components": [tariff.components[0].model_copy(update={"rate": Decimal("0.001")})]}
    )
    page.session_state[keys.TARIFFS] = [changed if i == position else t for i, t in enumerate(presets)]
    page.run()
    no_exception(page)
    results = expected("support_desk.csv", page.session_state[keys.TARIFFS])
    assert results[0].name == "Carrier B, per second"
    assert ranking(page)["Total"].tolist() == [eur(r.total) for r in results]


def test_choosing_fewer_tariffs_and_another_sample(page, presets):
    chosen = ["Carrier A, 60/60", "Carrier B, per second"]
    page.multiselect(key="compare_tariffs").set_value(chosen).run()
    no_exception(page)
    assert sorted(ranking(page)["Tariff"]) == sorted(chosen)
    page.switch_page("app.py").run()
    page.selectbox(key="home_log").set_value("outbound campaign").run()
    page.switch_page(PAGE).run()
    no_exception(page)
    results = expected("outbound_campaign.csv", [t for t in presets if t.name in chosen])
    assert ranking(page)["Total"].tolist() == [eur(r.total) for r in results]


def test_no_tariff_chosen(page):
    page.multiselect(key="compare_tariffs").set_value([]).run()
    no_exception(page)
    assert page.info[0].value == "Choose at least one tariff to compare."


def test_an_unreadable_log_is_a_message_not_a_traceback(page):
    page.session_state[keys.LOG_SOURCE] = {"name": "broken.csv", "data": b"\x00\x01\x02" * 100, "digest": "x"}
    page.run()
    no_exception(page)
    assert page.error[0].value.startswith("The call log cannot be read: broken.csv")


def test_downloads_are_offered(page):
    labels = [button.proto.label for button in page.get("download_button")]
    assert labels == ["Summary (CSV)", "Per-record pricing (CSV)", "Report (HTML)"]
    assert all(button.proto.ignore_rerun for button in page.get("download_button"))  # no run to drop the others


V2_TARIFFS = """
tariffs:
  - name: Deck carrier
    components:
      - {type: per_minute, direction: outbound, country_code: "39", national_prefix: "0",
         destinations: [{prefix: "39", rate: 0.02}, {prefix: "44", rate: 0.03}]}
  - name: Flat with set-up and VAT
    components:
      - {type: per_minute, rate: 0.05}
      - {type: one_time, amount: 120, spread_months: 2}
      - {type: surcharge, percent: 22}
"""
V2_LOG = (
    "start,duration_s,direction,destination\n"
    "2026-01-05 09:00:00,60,outbound,+39 06 1234567\n"
    "2026-01-05 09:10:00,120,outbound,0612345678\n"
    "2026-01-06 09:00:00,60,outbound,+1 212 5550100\n"
    "2026-02-02 10:00:00,60,outbound,\n"
    "2026-02-03 10:00:00,60,outbound,0044 20 7946 0000\n"
)


@pytest.fixture
def v2_page(tmp_path):
    log = tmp_path / "outbound_v2.csv"
    log.write_text(V2_LOG)
    at = run_page(PAGE)
    tariffs = parse_tariffs(V2_TARIFFS)
    at.session_state[keys.LOG_SOURCE] = {"name": "outbound v2", "path": str(log)}
    at.session_state[keys.TARIFFS] = tariffs
    at.session_state[keys.TARIFF_IDS] = [901, 902]
    at.run()
    at.multiselect(key="compare_tariffs").set_value([t.name for t in tariffs]).run()
    no_exception(at)
    return at, tariffs, log


def test_unrated_records_are_a_column_and_a_warning(v2_page):
    at, tariffs, log = v2_page
    results = {r.name: r for r in compare(prepare(read_calls(log)), tariffs).ranked()}
    assert results["Deck carrier"].unrated == 2  # +1 has no row, one destination is empty
    table = ranking(at)
    assert dict(zip(table["Tariff"], table["Unrated"], strict=True)) == {
        "Deck carrier": "2",
        "Flat with set-up and VAT": "0",
    }
    assert dict(zip(table["Tariff"], table["Total"], strict=True)) == {
        name: eur(r.total) for name, r in results.items()
    }
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("Deck carrier could not rate 2 records") for w in warnings)
    assert not any("Flat with set-up" in w for w in warnings)


def test_set_up_and_taxes_in_the_stacked_chart_and_the_months(v2_page):
    at, tariffs, log = v2_page
    stacked = json.loads(at.get("plotly_chart")[1].proto.spec)["data"]
    assert {"Set-up", "Taxes and fees"} <= {trace["name"] for trace in stacked}
    assert not [d for d in at.dataframe if "Set-up" in d.value.columns]  # "Every figure" is built only once opened
    at.session_state["compare_every_figure"] = True  # what opening the expander does
    at.run()
    by_kind = next(d.value for d in at.dataframe if "Set-up" in d.value.columns)
    flat = by_kind[by_kind["Tariff"] == "Flat with set-up and VAT"]
    assert flat["Set-up"].tolist() == ["€60.00", "€60.00"]
    result = next(r for r in compare(prepare(read_calls(log)), tariffs).ranked() if r.name.startswith("Flat"))
    assert flat["Invoice"].tolist() == [eur(v) for v in result.months.values()]


def test_no_unrated_column_without_decks(page):
    assert "Unrated" not in ranking(page).columns


def test_the_presets_start_compared_in_one_currency(page, presets):
    every = [t.name for t in page.session_state[keys.TARIFFS]]
    assert len(every) > len(presets)  # the set also holds the CNY and USD offers
    assert page.multiselect(key="compare_tariffs").value == [t.name for t in presets]
    assert any("The set holds offers in CNY, EUR, USD" in c.value for c in page.caption)
    page.multiselect(key="compare_tariffs").set_value(every).run()
    no_exception(page)
    table = ranking(page)
    first_cny = table[table["Total"].str.startswith("CN¥")].iloc[0]
    assert first_cny["vs cheapest"] == "cheapest in CNY"


def per_call(at, language: str = "en"):
    """The per-call table and its caption's count, opening its expander first if needed."""
    with use_language(language):
        heading = _("Number called")
        shown = re.escape(_("{shown} of {count} shown")).replace(r"\{shown\}", r"[\d.,]+")
        shown = re.compile(shown.replace(r"\{count\}", r"[\d.,]+"))
    if not any(heading in d.value.columns for d in at.dataframe):
        at.session_state["compare_every_call"] = True  # what opening the expander does
        at.run()
    [table] = [d.value for d in at.dataframe if heading in d.value.columns]
    [count] = [c.value for c in at.caption if shown.search(c.value)]
    return table, count


def test_the_per_call_table_shows_the_first_thousand_calls_with_exact_charges(page, presets):
    log = prepare(read_calls(SAMPLES / "support_desk.csv"))
    expected = record_table(log, [price(log, t) for t in presets])
    table, count = per_call(page)
    assert count.startswith(f"1,000 of {log.records:,} shown.")
    assert len(table) == 1_000
    assert table["Line"].tolist() == expected["line"].head(1_000).tolist()
    for tariff in presets:
        assert table[f"{tariff.name} [EUR]"].tolist() == expected[tariff.name].head(1_000).tolist()


def test_the_per_call_table_filters_by_offer_and_searches(page, presets):
    log = prepare(read_calls(SAMPLES / "support_desk.csv"))
    offer = "Carrier A, 60/60"
    charged = record_table(log, [price(log, next(t for t in presets if t.name == offer))])
    charged = charged[charged[offer] != "0.000000"]
    per_call(page)  # opens the expander
    page.selectbox(key="compare_calls_offer").set_value(offer).run()
    no_exception(page)
    table, count = per_call(page)
    assert [c for c in table.columns if c.endswith("[EUR]")] == [f"{offer} [EUR]"]
    assert count.startswith(f"{min(len(charged), 1_000):,} of {len(charged):,} shown ({log.records:,} records in")
    assert table[f"{offer} [EUR]"].tolist() == charged[offer].head(1_000).tolist()

    agent = str(charged["agent"].dropna().iloc[0])
    wanted = charged[
        charged["agent"].astype(str).str.contains(agent.upper(), case=False, regex=False)
        | charged["destination"].astype(str).str.contains(agent.upper(), case=False, regex=False)
    ]
    page.text_input(key="compare_calls_search").set_value(f"  {agent.upper()} ").run()
    no_exception(page)
    table, count = per_call(page)
    assert 0 < len(wanted) < len(charged)
    assert count.startswith(f"{min(len(wanted), 1_000):,} of {len(wanted):,} shown")
    assert table["Line"].tolist() == wanted["line"].head(1_000).tolist()

    page.text_input(key="compare_calls_search").set_value("no such number").run()
    table, count = per_call(page)
    assert table.empty and count.startswith("0 of 0 shown")
    assert page.info[-1].value == (
        "No call charged by Carrier A, 60/60 has a number called or agent containing 'no such number'."
    )


def test_an_offer_that_charges_no_call_says_so_in_the_per_call_table(v2_page):
    at, tariffs, _ = v2_page
    at.session_state[keys.TARIFFS] = [
        *tariffs,
        *parse_tariffs("name: Flat fee\ncomponents: [{type: monthly_fee, amount: 9}]"),
    ]
    at.session_state[keys.TARIFF_IDS] = [901, 902, 903]
    at.run()
    at.multiselect(key="compare_tariffs").set_value([*(t.name for t in tariffs), "Flat fee"]).run()
    per_call(at)  # opens the expander
    at.selectbox(key="compare_calls_offer").set_value("Flat fee").run()
    no_exception(at)
    table, count = per_call(at)
    assert table.empty and count.startswith("0 of 0 shown (5 records in the log)")
    assert (
        at.info[-1].value == "Flat fee charges no call of this log (its costs are fixed fees, or it rates no record)."
    )


#: language -> the page's title, the ranking's first headers, the totals chart's title and axis, the plotly separators
#: (decimal sign, then grouping), an amount in euros the way the locale writes it, the per-call table's "Number called"
IN_EACH_LANGUAGE = {
    "en": (
        "Compare",
        ["Rank", "Tariff", "Total", "vs cheapest"],
        "Total for this log: telephony offers",
        "Total [EUR]",
        ".,",
        r"^[+-]?€\d{1,3}(,\d{3})*\.\d{2}$",
        "Number called",
    ),
    "zh": (
        "比较",
        ["排名", "资费", "总计", "与最便宜相比"],
        "此话单的总费用：电信报价",
        "总费用 [EUR]",
        ".,",
        r"^[+-]?€\d{1,3}(,\d{3})*\.\d{2}$",
        "被叫号码",
    ),
    "it": (
        "Confronto",
        ["Posizione", "Tariffa", "Totale", "rispetto alla più economica"],
        "Totale per questo registro: offerte di telefonia",
        "Totale [EUR]",
        ",.",
        r"^[+-]?\d{1,3}(\.\d{3})*,\d{2}\xa0€$",
        "Numero chiamato",
    ),
}


@pytest.mark.parametrize("language", list(IN_EACH_LANGUAGE))
def test_compare_page_in_each_language_with_the_locales_money(language, presets):
    """Title, table headers, chart title and axis in the language; money in its locale, equal to calc's totals."""
    title, headers, chart_title, axis, separators, money, number_called = IN_EACH_LANGUAGE[language]
    at = open_page(language, PAGE)
    results = expected("support_desk.csv", presets)
    assert at.title[0].value == title
    table = ranking(at)
    assert table.columns[:4].tolist() == headers
    totals = table[headers[2]].tolist()
    assert totals == [format_money(r.total, "EUR", language) for r in results]
    assert all(re.match(money, total) for total in totals), totals  # the locale's look, by hand
    assert all(re.match(money, saving) for saving in table[headers[3]].iloc[1:])
    assert totals[0].replace("\xa0", " ").replace("€", "").strip().replace(".", "").replace(",", "") == str(
        results[0].total
    ).replace(".", "")  # the exact total's digits
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["title"]["text"] == chart_title
    assert figure["layout"]["xaxis"]["title"]["text"] == axis
    assert figure["layout"]["separators"] == separators
    assert figure["data"][0]["text"] == totals[: len(figure["data"][0]["text"])]  # the bars' labels: the same money
    with use_language(language):
        shown = metrics(at)
        assert shown[_("Its total")] == totals[0]
        assert shown[_("Offers compared")] == format_number(len(results))
        assert at.markdown[1].value == "#### " + _("Cheapest: {offer}").format(offer=md(results[0].name))
        stacked = json.loads(at.get("plotly_chart")[1].proto.spec)
        assert stacked["layout"]["title"]["text"] == _("What each total is made of")
        assert {trace["name"] for trace in stacked["data"]} >= {_("Usage: per minute"), _("Monthly fees")}
        assert at.pills(key="compare_more_charts").options[0] == _("Month by month")
        buttons = [button.proto.label for button in at.get("download_button")]
        assert buttons == [_("Summary (CSV)"), _("Per-record pricing (CSV)"), _("Report (HTML)")]
    table, count = per_call(at, language)
    assert number_called in table.columns
    with use_language(language):
        assert _("{shown} of {count} shown").format(shown=format_number(1_000), count=format_number(10_871)) in count


def test_the_per_call_charges_in_italian(presets):
    at = open_page("it", PAGE)
    log = prepare(read_calls(SAMPLES / "support_desk.csv"))
    tariff = presets[0]
    english = record_table(log, [price(log, tariff)])[tariff.name].head(1_000)
    table, _count = per_call(at, "it")
    assert table[f"{tariff.name} [EUR]"].tolist() == [charge.replace(".", ",") for charge in english]
