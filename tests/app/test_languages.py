"""AppTest of the language switch: ?lang= opens a page in English, Chinese or Italian, with the locale's numbers."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest

from calc import i18n
from tests.app.conftest import TIMEOUT, metrics, no_exception
from tests.conftest import ROOT
from ui import state as keys
from ui import workspaces
from ui.i18n import LANGUAGE_KEY
from ui.tariff_form import form_prefix

#: language -> (the Call log page's title, a metric label, "Records priced" of the support desk sample, the sample's
#: name, the glossary's title and its first entry)
EXPECTED = {
    "en": ("Tariff Compare", "Records priced", "10,871", "support desk", "Glossary", "60/60: per minute"),
    "zh": ("资费比较", "已计价记录", "10,871", "客服热线", "术语表", "60/60：按分钟计费，不足一分钟按一分钟计"),
    "it": (
        "Confronto tariffe",
        "Record tariffati",
        "10.871",
        "help desk",
        "Glossario",
        "60/60: tariffazione al minuto",
    ),
}
TALK_MINUTES = {"en": "43,422.1", "zh": "43,422.1", "it": "43.422,1"}


def open_page(language: str | None, page: str = "app.py") -> AppTest:
    """A new session opened on a link (``?lang=...`` when `language` is given)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if language is not None:
        at.query_params["lang"] = language
    at.run()
    if page != "app.py":
        at.switch_page(page).run()
    no_exception(at)
    return at


@pytest.mark.parametrize("language", list(EXPECTED))
def test_call_log_page_in_each_language(language):
    title, records_label, records, sample, *_ = EXPECTED[language]
    at = open_page(language)
    assert at.title[0].value == title
    assert at.header[0].value == sample
    shown = metrics(at)
    assert shown[records_label] == records
    assert TALK_MINUTES[language] in shown.values()
    assert at.query_params["lang"] == language and at.session_state[LANGUAGE_KEY] == language
    sidebar_links = [link.label for link in at.sidebar.get("page_link")]
    with i18n.use_language(language):
        assert sidebar_links == [
            i18n._(label)
            for label in ("Call log", "Tariffs", "Compare", "What if", "Decision", "Workspaces", "Glossary")
        ]
        assert at.selectbox(key="home_log").label == i18n._("Call log in use")
        assert at.toggle(key="home_merge_legs").label == i18n._("One record per call")


@pytest.mark.parametrize("language", list(EXPECTED))
def test_glossary_in_each_language(language):
    *_, title, first = EXPECTED[language]
    at = open_page(language, "pages/6_glossary.py")
    assert at.title[0].value == title
    assert at.subheader[0].value.startswith(first)
    assert len(at.subheader) == 15
    terms = " ".join(h.value for h in at.subheader)
    expected_words = {
        "en": ["Connection fee", "Rate deck", "Erlang C", "Shrinkage", "Occupancy", "Segment", "Monthly fee"],
        "zh": ["计费周期", "6秒计费", "接通费", "费率表", "坐席", "话务量", "人力损耗率", "占用率"],
        "it": ["tariffazione al secondo", "Scatto alla risposta", "Canone mensile", "Shrinkage", "Occupazione"],
    }[language]
    assert all(word in terms for word in expected_words), terms


@pytest.mark.parametrize("page", ["pages/1_tariffs.py", "pages/2_compare.py", "pages/3_what_if.py"])
@pytest.mark.parametrize("language", ["zh", "it"])
def test_the_other_pages_run_in_each_language(language, page):
    at = open_page(language, page)
    with i18n.use_language(language):
        assert [link.label for link in at.sidebar.get("page_link")][0] == i18n._("Call log")


def test_the_browsers_language_is_the_default_and_the_switch_writes_the_url(monkeypatch):
    monkeypatch.setattr("ui.i18n.browser_language", lambda: "it")
    at = open_page(None)
    assert at.title[0].value == "Confronto tariffe" and at.query_params["lang"] == "it"
    at.selectbox(key="nav_language").set_value("zh").run()
    no_exception(at)
    assert at.title[0].value == "资费比较" and at.query_params["lang"] == "zh"
    at.switch_page("pages/6_glossary.py").run()  # the session keeps the choice on the next page
    assert at.title[0].value == "术语表" and at.query_params["lang"] == "zh"


def test_an_unknown_language_falls_back_to_english():
    at = open_page("xx")
    assert at.title[0].value == "Tariff Compare" and at.query_params["lang"] == "en"


def test_tariff_editor_reads_a_decimal_comma_exactly_in_italian():
    at = open_page("it", "pages/1_tariffs.py")
    names = [t.name for t in at.session_state[keys.TARIFFS]]
    index = names.index("Carrier A, 60/60")
    tariff_id = at.session_state[keys.TARIFF_IDS][index]
    at.selectbox(key="tariffs_pick").set_value(tariff_id).run()
    prefix = form_prefix(tariff_id, at.session_state[keys.TARIFFS][index])
    at.text_input(key=f"{prefix}_0_rate").set_value("0,05")
    at.text_input(key=f"{prefix}_0_connection_fee").set_value("0,000001")
    at.button(key=f"{prefix}_save").click().run()
    no_exception(at)
    component = at.session_state[keys.TARIFFS][index].components[0]
    assert component.rate == Decimal("0.05") and str(component.rate) == "0.05"
    assert component.connection_fee == Decimal("0.000001")
    [rate] = [
        box for box in at.text_input if box.key.startswith(f"tariffs_{tariff_id}_") and box.key.endswith("_0_rate")
    ]
    assert rate.value == "0,05"  # shown back in the Italian way, without grouping, so it reads back the same
    prefix = rate.key.removesuffix("_0_rate")
    rate.set_value("1.234")
    at.button(key=f"{prefix}_save").click().run()
    no_exception(at)
    assert "si può leggere in due modi" in at.session_state[keys.FORM_ERRORS][f"{prefix}_0_rate"]


#: language -> the Decision page's title, its metric "Per year (projected)", an amount in the locale's way
#: (the presets compared first are in euros), the Workspaces page's title and its size in MB
DECISION_AND_WORKSPACES = {
    "zh": ("决策", "每年（推算）", r"^[+-]?€\d{1,3}(,\d{3})*\.\d{2}$", "工作区", r"\d\.\d{2} MB"),
    "it": (
        "Decisione",
        "All'anno (proiezione)",
        r"^[+-]?\d{1,3}(\.\d{3})*,\d{2}\xa0€$",
        "Aree di lavoro",
        r"\d,\d{2} MB",
    ),
}


def workspace_of(at: AppTest) -> str:
    value = at.query_params["ws"]
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("language", list(DECISION_AND_WORKSPACES))
def test_decision_page_in_each_language_with_the_locales_money(language):
    title, per_year, money, *_ = DECISION_AND_WORKSPACES[language]
    at = open_page(language)
    contract = next(t.name for t in at.session_state[keys.TARIFFS] if t.currency == "EUR")
    at.session_state[keys.COMPARED] = [t.name for t in at.session_state[keys.TARIFFS] if t.currency == "EUR"]
    at.session_state[keys.CURRENT_CONTRACT] = contract
    at.switch_page("pages/5_decision.py").run()
    no_exception(at)
    assert at.title[0].value == title
    shown = metrics(at)
    assert re.match(money, shown[per_year]), shown
    with i18n.use_language(language):
        assert i18n._("Saving vs {offer}").format(offer=contract) in shown
        ranking = at.dataframe[0].value
        assert ranking.columns[:3].tolist() == [i18n._("Rank"), i18n._("Offer"), i18n._("Total")]
        assert all(re.match(money, value) for value in ranking[i18n._("Total")])
        assert at.selectbox(key="decision_contract").label == i18n._("Your current contract")
        buttons = [button.proto.label for button in at.get("download_button")]
        assert buttons == [i18n._("Decision report (PDF)"), i18n._("Report (HTML)")]


@pytest.mark.parametrize("language", list(DECISION_AND_WORKSPACES))
def test_workspaces_page_in_each_language(language):
    *_, title, size = DECISION_AND_WORKSPACES[language]
    at = open_page(language, "pages/4_workspaces.py")
    assert at.title[0].value == title
    assert any(re.search(size, caption.value) for caption in at.caption), [c.value for c in at.caption]
    with i18n.use_language(language):
        assert at.subheader[0].value == i18n._("This workspace")
        assert at.button(key="workspaces_rename").label == i18n._("Rename")
        assert "- " + workspaces.bounds()[0] in [m.value for m in at.markdown]


def test_a_reopened_workspace_link_restores_its_language():
    first = open_page("it")
    workspace = workspace_of(first)
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    again.query_params["ws"] = workspace  # a link without ?lang=
    again.run()
    no_exception(again)
    assert again.title[0].value == "Confronto tariffe"
    assert again.query_params["lang"] == "it" and again.session_state[LANGUAGE_KEY] == "it"

    again.selectbox(key="nav_language").set_value("zh").run()  # the switch is saved with the workspace
    no_exception(again)
    third = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    third.query_params["ws"] = workspace
    third.switch_page("pages/4_workspaces.py").run()
    no_exception(third)
    assert third.title[0].value == "工作区" and third.query_params["lang"] == "zh"

    linked = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    linked.query_params.update({"ws": workspace, "lang": "en"})  # the link's language wins
    linked.run()
    assert linked.title[0].value == "Tariff Compare" and linked.query_params["lang"] == "en"


@pytest.mark.parametrize("language", ["zh", "it"])
def test_the_what_if_page_keeps_the_language_in_the_url(language):
    at = open_page(language, "pages/3_what_if.py")
    at.select_slider(key="whatif_volume").set_value(2.0).run()  # the page rewrites its URL from its settings
    no_exception(at)
    assert at.query_params["lang"] == language and at.query_params["volume"]


def test_a_sample_read_in_chinese_shows_english_words_to_the_next_english_session():
    """The bundled sample is imported once per server and language: its notes and mapping are in each one's words."""
    chinese = open_page("zh")
    english = open_page("en")
    how = {
        language: "".join(map(str, at.dataframe[0].value.iloc[:, -1]))
        for language, at in (("zh", chinese), ("en", english))
    }
    assert re.search(r"[\u4e00-\u9fff]", how["zh"])
    assert not re.search(r"[\u4e00-\u9fff]", how["en"]), how["en"]
    chinese.query_params["lang"] = "en"  # the same session switching language reads the log's words again
    chinese.run()
    assert "".join(map(str, chinese.dataframe[0].value.iloc[:, -1])) == how["en"]
