"""AppTest of the what-if page: demos, scenario, break-even, staffing, team sweep, URL parameters, files."""

from __future__ import annotations

import json
import re
import shlex
from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest

from calc import break_even, compare, i18n, prepare, prepare_scenario, price, read_calls, staff, team_sweep
from calc.costs import summarize
from calc.curves import log_point
from calc.i18n import format_money, format_number
from calc.teams import best_team_size
from tests.app.conftest import TIMEOUT, metrics, no_exception, run_page
from tests.conftest import ROOT
from ui import state as keys
from ui import whatif

PAGE = "pages/3_what_if.py"
LOGS = ROOT / "data" / "logs"


@pytest.fixture
def page():
    at = run_page(PAGE)
    no_exception(at)
    return at


def open_tab(at, label: str) -> None:
    """Open one of the page's tabs: only the open tab's calculations run."""
    at.session_state["whatif_tab"] = label
    at.run()
    no_exception(at)


def charts_in_tab(at) -> list[str]:
    return [e.proto.id for e in at.get("plotly_chart")]


def demo(at, key: str) -> whatif.Demo:
    at.button(key=f"whatif_demo_{key}").click().run()
    no_exception(at)
    return next(d for d in whatif.load_demos(ROOT / "data" / "demos") if d.key == key)


def test_help_desk_demo_in_one_click(page):
    story = demo(page, "2_help_desk_team")
    assert page.session_state[keys.LOG_SOURCE]["name"] == "support desk"
    assert [t.name for t in page.session_state[keys.TARIFFS]] == [t.name for t in story.tariffs]
    assert "Help desk" in page.info[0].value
    log = prepare(read_calls(LOGS / "support_desk.csv"))
    by_name = {t.name: t for t in story.tariffs}
    # the first tab only: the scenario's totals, nothing of the other tabs computed yet
    assert len(charts_in_tab(page)) == 1
    assert "Break-even value" not in metrics(page)
    # break-even: the value re-priced gives A's total
    open_tab(page, "Break-even")
    solved = break_even(log, by_name["BPO per call"], by_name["Dedicated team, 4 agents"], "hourly_team.rate")
    shown = metrics(page)
    assert shown["Break-even value"] == format_number(solved.value)
    assert shown["Dedicated team, 4 agents at that value"] == format_money(solved.total_at_value, "EUR")
    # staffing with the page's defaults
    open_tab(page, "Team sizing")
    sized = staff(log, 30, 0.8, 20, 0.3, 0.85)
    assert metrics(page)["Peak agents (scheduled)"] == format_number(sized.peak_agents)
    assert len(charts_in_tab(page)) == 1
    # the team sweep's cheapest size
    open_tab(page, "Best mixed team")
    best = best_team_size(team_sweep(log, by_name["Core team + overflow"]))
    cheapest = f"Cheapest with **{best.agents} agents** for the log as it is: {format_money(best.total, 'EUR')}, "
    assert cheapest in page.success[-1].value
    assert len(charts_in_tab(page)) == 1
    # each curve marks where the log itself sits
    open_tab(page, "Curves and crossovers")
    assert len(charts_in_tab(page)) == 2
    here = {"volume": log_point(log, story.tariffs, "volume"), "duration": log_point(log, story.tariffs, "duration")}
    for curve in ("volume", "duration"):
        [drawn] = [e for e in page.get("plotly_chart") if e.proto.id.endswith(f"whatif_{curve}_curve")]
        figure = json.loads(drawn.proto.spec)
        markers = [trace for trace in figure["data"] if trace["name"] == "Your log"]
        assert markers, curve
        assert [x for m in markers for x in m["x"]] == pytest.approx([here[curve]["x"].iloc[0]] * len(story.tariffs))
        assert sorted(y for m in markers for y in m["y"]) == sorted(here[curve]["monthly_cost_value"])


def test_the_scenario_reprices_with_the_engine(page):
    story = demo(page, "1_outbound_survey")
    page.select_slider(key="whatif_volume").set_value(2.0).run()
    page.slider(key="whatif_duration_factor").set_value(0.5).run()
    no_exception(page)
    settings = whatif.Settings(volume=2.0, duration_factor=0.5)
    changed = prepare_scenario(prepare(read_calls(LOGS / "outbound_campaign.csv")), settings.scenario())
    expected = sorted((price(changed, t) for t in story.tariffs), key=lambda r: r.total)
    table = page.table[0].value
    assert table["Tariff"].tolist() == [r.name for r in expected]
    assert table["In the scenario"].tolist() == [format_money(r.total, "EUR") for r in expected]
    rates = [summarize(r, changed).effective_rate_per_minute for r in expected]
    assert table["Per actual minute"].tolist() == [format_money(rate, "EUR", decimals=4) for rate in rates]
    assert page.query_params["volume"] == ["2.0"] or page.query_params["volume"] == "2.0"
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in page.get("plotly_chart")]
    assert "Total for the scenario: volume x2, durations x0.5" in titles


def test_url_parameters_reopen_the_same_view():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update({"volume": "5.0", "shrinkage": "0.1", "interval": "60", "seed": "oops"})
    at.switch_page(PAGE).run()
    no_exception(at)
    assert at.select_slider(key="whatif_volume").value == 5.0
    assert at.slider(key="whatif_shrinkage").value == 0.1
    assert at.selectbox(key="whatif_interval").value == 60
    assert "link parameter 'seed' ignored: seed must be a number, got 'oops'" in at.warning[0].value
    params = dict(at.query_params)
    assert params["volume"] in ("5.0", ["5.0"])
    assert "seed" not in params


def test_a_scenario_file_round_trips(page):
    story = demo(page, "3_small_business_channels")
    text = whatif.scenario_document(story.log, story.tariffs, whatif.Settings(volume=4.0, seed=3))
    page.switch_page("app.py").run()
    page.selectbox(key="home_log").set_value("support desk").run()
    page.switch_page(PAGE).run()
    page.file_uploader(key="whatif_load").set_value(("s.yaml", text.encode(), "application/yaml")).run()
    page.button(key="whatif_load_button").click().run()
    no_exception(page)
    assert page.session_state[keys.LOG_SOURCE]["name"] == "omnichannel smb"
    assert page.select_slider(key="whatif_volume").value == 4.0
    assert page.number_input(key="whatif_seed").value == 3


def test_a_scenario_file_over_the_users_own_work_asks_first(page):
    story = demo(page, "3_small_business_channels")
    text = whatif.scenario_document(story.log, story.tariffs[:1], whatif.Settings(volume=4.0, seed=3))
    page.session_state[keys.WORKSPACE_NAME] = "Acme"  # a named workspace is the user's own work
    page.run()
    own = list(page.session_state[keys.TARIFFS])
    page.file_uploader(key="whatif_load").set_value(("s.yaml", text.encode(), "application/yaml")).run()
    page.button(key="whatif_load_button").click().run()
    no_exception(page)
    assert page.session_state[keys.TARIFFS] == own  # nothing replaced yet
    assert any("your own changes included" in w.value for w in page.warning)
    page.button(key="whatif_scenario_cancel").click().run()
    assert page.session_state[keys.TARIFFS] == own
    page.button(key="whatif_load_button").click().run()
    page.button(key="whatif_scenario_confirm").click().run()
    no_exception(page)
    assert page.session_state[keys.TARIFFS] == story.tariffs[:1]
    assert page.select_slider(key="whatif_volume").value == 4.0


def test_a_bad_scenario_file_is_explained(page):
    page.file_uploader(key="whatif_load").set_value(("s.yaml", b"log: x\n", "application/yaml")).run()
    page.button(key="whatif_load_button").click().run()
    no_exception(page)
    assert "a scenario file needs 'log' (a log name) and 'tariffs'" in page.error[0].value


def test_break_even_of_a_chosen_field(page):
    demo(page, "1_outbound_survey")
    open_tab(page, "Break-even")
    page.selectbox(key="whatif_field").set_value("per_minute.connection_fee").run()
    no_exception(page)
    value = Decimal(metrics(page)["Break-even value"]) if metrics(page)["Break-even value"] != "-" else None
    log = prepare(read_calls(LOGS / "outbound_campaign.csv"))
    tariffs = {t.name: t for t in page.session_state[keys.TARIFFS]}
    solved = break_even(log, tariffs["Carrier B, per second"], tariffs["Carrier A, 60/60"], "per_minute.connection_fee")
    assert value == solved.value


def test_delivery_models_demo_equals_the_engine(page):
    story = demo(page, "4_delivery_models")
    assert page.session_state[keys.LOG_SOURCE]["name"] == "support desk"
    assert "Contact center: build, rent, outsource or pay per use?" in page.info[0].value
    log = prepare(read_calls(LOGS / "support_desk.csv"))
    expected = compare(log, story.tariffs).ranked()
    table = page.table[0].value
    assert table["Tariff"].tolist() == [r.name for r in expected]
    assert table["On the log"].tolist() == [format_money(r.total, "EUR") for r in expected]
    # the premise-based offer carries a 36th of its hardware and licences in each of the log's two months
    premise = next(r for r in expected if r.name.startswith("Delivery: premise-based"))
    assert premise.components["hardware and licences"] == Decimal("5333.33")  # 96,000 x 2 / 36, rounded
    by_name = {t.name: t for t in story.tariffs}
    open_tab(page, "Break-even")
    solved = break_even(
        log,
        by_name["Delivery: on-demand platform, own staff"],
        by_name["Delivery: pay-per-use, per handled minute"],
        "handled minutes.rate",
    )
    assert metrics(page)["Break-even value"] == format_number(solved.value)
    # the command line runs as shown: a label with a space stays one argument (it was split in two)
    command = shlex.split(next(c.value for c in page.code if "breakeven" in c.value))
    assert command[command.index("--field") + 1] == "handled minutes.rate"
    assert command[command.index("--vary") + 1] == "Delivery: pay-per-use, per handled minute"


def test_break_even_and_team_sizing_work_on_the_scenario(page):
    story = demo(page, "2_help_desk_team")
    page.select_slider(key="whatif_volume").set_value(2.0).run()
    no_exception(page)
    scenario = whatif.Settings(volume=2.0).scenario()
    changed = prepare_scenario(prepare(read_calls(LOGS / "support_desk.csv")), scenario)
    by_name = {t.name: t for t in story.tariffs}
    solved = break_even(changed, by_name["BPO per call"], by_name["Dedicated team, 4 agents"], "hourly_team.rate")
    sized = staff(changed, 30, 0.8, 20, 0.3, 0.85)
    best = best_team_size(team_sweep(changed, by_name["Core team + overflow"]))
    open_tab(page, "Break-even")
    shown = metrics(page)
    assert shown["Break-even value"] == format_number(solved.value)
    assert shown["Dedicated team, 4 agents at that value"] == format_money(solved.total_at_value, "EUR")
    open_tab(page, "Team sizing")
    shown = metrics(page)
    assert shown["Peak agents (scheduled)"] == format_number(sized.peak_agents)
    assert shown["Agent-hours"] == format_number(sized.agent_hours, 1)
    # the team's cost: a short label (a metric cuts a long one), the offer named in its help
    team = next(t for t in story.tariffs if any(c.type == "hourly_team" for c in t.components))
    team_cost = next(m for m in page.metric if m.label == "Paid at a team's hourly rate")
    assert team_cost.value == format_money(sized.cost_under(team), "EUR")
    assert team.name in team_cost.help
    open_tab(page, "Best mixed team")
    assert f"Cheapest with **{best.agents} agents** for the scenario: volume x2: {format_money(best.total, 'EUR')}" in (
        page.success[-1].value
    )
    said = [m.value for m in page.markdown]
    assert "Break-even **for the scenario: volume x2** (set on the Scenario tab)." in said
    assert "Team sizing **for the scenario: volume x2** (set on the Scenario tab)." in said
    # and the plain log gives other answers: the scenario is not ignored
    plain = staff(prepare(read_calls(LOGS / "support_desk.csv")), 30, 0.8, 20, 0.3, 0.85)
    assert float(plain.agent_hours) != float(sized.agent_hours)


def test_team_sizing_on_an_outbound_log_says_why_it_has_no_answer(page):
    demo(page, "1_outbound_survey")
    open_tab(page, "Team sizing")
    assert any(
        "Team sizing needs inbound calls; this log holds only outbound calls (27,186)" in i.value for i in page.info
    )
    assert "Peak agents (scheduled)" not in metrics(page)
    assert not charts_in_tab(page)  # no flat week of 0 agents


def test_team_sizing_when_the_scenario_answers_no_call_says_so(page):
    demo(page, "2_help_desk_team")
    page.checkbox(key="whatif_answer_on").check().run()
    page.slider(key="whatif_answer_rate").set_value(0.0).run()
    open_tab(page, "Team sizing")
    assert any("the scenario (answer rate 0%) leaves none" in i.value for i in page.info)
    assert "Peak agents (scheduled)" not in metrics(page)


def test_break_even_of_an_offer_against_itself_asks_for_another(page):
    demo(page, "1_outbound_survey")
    page.selectbox(key="whatif_vary").set_value("Carrier B, per second").run()
    no_exception(page)
    assert "A and B are the same offer: choose another offer for A or for B." in [i.value for i in page.info]
    assert "Break-even value" not in metrics(page)


def test_one_offer_says_crossings_and_break_even_need_two(page):
    demo(page, "1_outbound_survey")
    page.session_state[keys.COMPARED] = ["Carrier A, 60/60"]
    open_tab(page, "Curves and crossovers")
    said = [i.value for i in page.info]
    assert "Crossings need two offers; only Carrier A, 60/60 is compared. Choose more on the Compare page." in said
    assert "Break-even needs two offers; only Carrier A, 60/60 is compared. Choose more on the Compare page." in said
    assert not any(m.value.startswith("- No two offers cross") for m in page.markdown)


@pytest.mark.parametrize("key", [d.key for d in whatif.load_demos(ROOT / "data" / "demos")])
def test_every_demo_opens_after_the_dialog(page, key):
    """Confirming the dialog opens any demo, not only the first one (the key was popped once per demo tried)."""
    page.session_state["whatif_open_demo"] = key
    page.run()
    no_exception(page)
    story = next(d for d in whatif.load_demos(ROOT / "data" / "demos") if d.key == key)
    assert [t.name for t in page.session_state[keys.TARIFFS]] == [t.name for t in story.tariffs]


# --- the page in each language ------------------------------------------------------------------------------

#: language -> the page's title, the labels of Volume, Shrinkage and the break-even's A, the tabs, the scenario
#: table's headers, the volume slider's x0.25 and the outbound log's team-sizing message (27,186 calls)
IN_LANGUAGE = {
    "en": (
        "What if",
        ("Volume", "Shrinkage", "Match the total of (A)"),
        ["Scenario", "Curves and crossovers", "Break-even", "Team sizing", "Best mixed team", "Save or load"],
        ["Tariff", "On the log", "In the scenario", "Change", "Per actual minute"],
        "x0.25",
        "Team sizing needs inbound calls; this log holds only outbound calls (27,186), which the team dials itself",
    ),
    "zh": (
        "假设分析",
        ("话务量", "人力损耗率", "与此报价总额持平 (A)"),
        ["情景", "曲线与交叉点", "盈亏平衡", "坐席规划", "最佳混合团队", "保存或载入"],
        ["资费", "按话单", "情景下", "变化", "每实际分钟"],
        "x0.25",
        "坐席规划需要呼入电话；此话单只有呼出电话（27,186 通），由团队自己拨出",
    ),
    "it": (
        "Scenari",
        ("Volume", "Shrinkage (tempo non produttivo)", "Eguaglia il totale di (A)"),
        [
            "Scenario",
            "Curve e incroci",
            "Pareggio",
            "Dimensionamento del team",
            "Team misto migliore",
            "Salva o carica",
        ],
        ["Tariffa", "Sul registro", "Nello scenario", "Variazione", "Per minuto effettivo"],
        "x0,25",
        "questo registro contiene solo chiamate in uscita (27.186), che il team compone da sé",
    ),
}
#: language -> an amount in euros as the locale writes it
EUROS = {
    "en": r"^€\d{1,3}(,\d{3})*\.\d{2}$",
    "zh": r"^€\d{1,3}(,\d{3})*\.\d{2}$",
    "it": r"^\d{1,3}(\.\d{3})*,\d{2}\xa0€$",
}


def in_language(language: str, text: str) -> str:
    """`text` as the catalog of `language` gives it."""
    with i18n.use_language(language):
        return i18n._(text)


@pytest.mark.parametrize("language", list(IN_LANGUAGE))
def test_the_what_if_page_in_each_language_with_the_locales_numbers(language):
    title, labels, tabs, headers, quarter, outbound = IN_LANGUAGE[language]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = language
    at.run()
    at.switch_page(PAGE).run()
    no_exception(at)
    story = demo(at, "2_help_desk_team")
    assert at.title[0].value == title
    volume, shrinkage, target = labels
    assert at.select_slider(key="whatif_volume").label == volume
    assert quarter in at.select_slider(key="whatif_volume").options
    assert at.slider(key="whatif_shrinkage").label == shrinkage
    assert at.selectbox(key="whatif_target").label == target
    assert [tab.label for tab in at.tabs] == tabs
    assert at.table[0].value.columns.tolist() == headers
    assert all(re.match(EUROS[language], total) for total in at.table[0].value[headers[1]]), at.table[0].value
    assert at.query_params["lang"] == language
    # the figures are calc's, written the locale's way
    log = prepare(read_calls(LOGS / "support_desk.csv"))
    by_name = {t.name: t for t in story.tariffs}
    solved = break_even(log, by_name["BPO per call"], by_name["Dedicated team, 4 agents"], "hourly_team.rate")
    sized = staff(log, 30, 0.8, 20, 0.3, 0.85)
    at_that_value = in_language(language, "{offer} at that value").format(offer="Dedicated team, 4 agents")
    open_tab(at, tabs[2])  # the break-even's tab, by its label in the language
    shown = metrics(at)
    assert shown[at_that_value] == i18n.format_money(solved.total_at_value, "EUR", language)
    assert re.match(EUROS[language], shown[at_that_value]), shown
    open_tab(at, tabs[3])  # team sizing
    shown = metrics(at)
    assert shown[in_language(language, "Agent-hours")] == i18n.format_number(sized.agent_hours, 1, language)
    assert sized.agent_hours > 1000  # so the grouping sign shows: 1,234.5 or 1.234,5
    # a message built on the page (in the team sizing tab, open), with a count in the locale's way
    demo(at, "1_outbound_survey")
    open_tab(at, tabs[3])
    assert any(outbound in info.value for info in at.info), [info.value for info in at.info]


def test_controls_keep_their_values_while_another_tab_is_open(page):
    demo(page, "2_help_desk_team")
    page.select_slider(key="whatif_volume").set_value(2.0).run()
    page.slider(key="whatif_shrinkage").set_value(0.1).run()
    open_tab(page, "Save or load")
    assert not charts_in_tab(page)  # nothing priced for the file tab
    open_tab(page, "Scenario")
    assert page.select_slider(key="whatif_volume").value == 2.0
    assert page.slider(key="whatif_shrinkage").value == 0.1
    assert "Total for the scenario: volume x2" in [
        json.loads(c.proto.spec)["layout"]["title"]["text"] for c in page.get("plotly_chart")
    ]
