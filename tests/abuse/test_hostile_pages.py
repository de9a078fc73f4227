"""Hostile links, names and files through the pages: a message in the page, never a traceback or live Markdown."""

from __future__ import annotations

import math
import re
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from calc import parse_tariffs
from calc.limits import MAX_EXPANDED_NODES, MAX_UPLOAD_MB
from tests.abuse.test_hostile_files import BOMB_TARIFF
from tests.app.conftest import TIMEOUT, html_tables, no_exception, run_page
from tests.conftest import ROOT
from ui import state as keys
from ui import whatif

WHAT_IF = "pages/3_what_if.py"
WIDGETS = {
    "duration_factor": ("slider", "whatif_duration_factor"),
    "duration_shift_s": ("slider", "whatif_duration_shift"),
    "answer_rate": ("slider", "whatif_answer_rate"),
    "seed": ("number_input", "whatif_seed"),
    "service_level": ("slider", "whatif_service_level"),
    "answer_within_s": ("number_input", "whatif_answer_within"),
    "shrinkage": ("slider", "whatif_shrinkage"),
    "max_occupancy": ("slider", "whatif_max_occupancy"),
    "volume": ("select_slider", "whatif_volume"),
}
#: Each range as the link's warning writes it: exact, in the number format of the language (English here).
RANGES_WRITTEN = {
    "duration_factor": ("0.25", "4"),
    "duration_shift_s": ("-60", "180"),
    "answer_rate": ("0", "1"),
    "seed": ("0", "4,294,967,295"),
    "service_level": ("0.5", "0.99"),
    "answer_within_s": ("0", "3,600"),
    "shrinkage": ("0", "0.6"),
    "max_occupancy": ("0.5", "1"),
    "volume": ("0.1", "10"),
}


def open_link(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.switch_page(WHAT_IF).run()
    no_exception(at)
    return at


def widget_value(at: AppTest, name: str) -> object:
    kind, key = WIDGETS[name]
    return getattr(at, kind)(key=key).value


def test_the_widgets_and_the_link_checks_share_their_ranges():
    assert set(whatif.RANGES) == set(WIDGETS) == set(RANGES_WRITTEN)


@pytest.mark.parametrize("end", [0, 1], ids=["lowest", "highest"])
def test_every_link_parameter_at_its_range_is_used(end):
    params = {name: str(bounds[end]) for name, bounds in whatif.RANGES.items()}
    params["answer_rate"] = str(whatif.RANGES["answer_rate"][end])
    at = open_link(params)
    assert not at.warning, [w.value for w in at.warning]
    for name, bounds in whatif.RANGES.items():
        assert widget_value(at, name) == pytest.approx(bounds[end]), name


@pytest.mark.parametrize("end", [0, 1], ids=["below", "above"])
def test_every_link_parameter_past_its_range_is_ignored_with_a_warning_naming_it(end):
    params = {}
    for name, (low, high) in whatif.RANGES.items():
        step = 1 if name == "seed" else 0.01
        params[name] = str(low - step if end == 0 else high + step)
    at = open_link(params)
    [warning] = at.warning
    defaults = whatif.Settings()
    for name, (low, high) in RANGES_WRITTEN.items():
        assert f"link parameter '{name}' ignored: {name} must be between {low} and {high}" in warning.value
        expected = 0.8 if name == "answer_rate" else getattr(defaults, name if name != "volume" else "volume")
        assert widget_value(at, name) == pytest.approx(expected), name


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"duration_factor": "100"}, "duration_factor must be between 0.25 and 4, got '100'"),
        ({"shrinkage": "5"}, "shrinkage must be between 0 and 0.6, got '5'"),
        ({"service_level": "1.5"}, "service_level must be between 0.5 and 0.99, got '1.5'"),
        ({"max_occupancy": "0"}, "max_occupancy must be between 0.5 and 1, got '0'"),
        ({"duration_shift_s": "-1e6"}, "duration_shift_s must be between -60 and 180, got '-1e6'"),
        ({"volume": "nan"}, "volume must be between 0.1 and 10, got 'nan'"),
        ({"answer_within_s": "inf"}, "answer_within_s must be between 0 and 3,600, got 'inf'"),
        ({"seed": "9" * 5000}, "seed must be a number, got '9999999999"),
        ({"seed": "99999999999"}, "seed must be between 0 and 4,294,967,295, got '99999999999'"),
        ({"interval": "20"}, "interval must be 15, 30 or 60 minutes, got 20"),
        ({"target": "x" * 1000}, "target must be at most 200 characters, got 'xxxx"),
    ],
)
def test_hostile_link_values_are_ignored_with_a_warning(params, message):
    at = open_link(params)
    [warning] = at.warning
    assert message in warning.value


def test_a_volume_between_two_choices_is_shown_as_the_nearest_and_said_so():
    at = open_link({"volume": "2.2"})
    assert widget_value(at, "volume") == 2.0
    assert "link parameter 'volume' 2.2 shown as the nearest choice, x2" in at.warning[0].value


# --- Markdown in user text ------------------------------------------------------------------

PAYLOAD = "![x](http://host/beacon)"
LIVE = re.compile(r"(?<!\\)!(?<!\\)\[x(?<!\\)\]\(http")  # an unescaped image


def seed_tariffs(at: AppTest, text: str) -> None:
    tariffs = parse_tariffs(text)
    at.session_state[keys.TARIFFS] = tariffs
    at.session_state[keys.TARIFF_IDS] = list(range(1, len(tariffs) + 1))
    at.session_state[keys.NEXT_TARIFF_ID] = len(tariffs) + 1
    at.session_state[keys.EDITING] = 1
    at.session_state[keys.COMPARED] = None  # compare every seeded tariff


def shown_text(at: AppTest) -> list[str]:
    texts = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "subheader", "header", "title"):
        texts += [str(element.value) for element in at.get(kind)]
    texts += [str(m.label) for m in at.metric]
    for table in at.table:
        frame = table.value
        texts += [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
    return texts


HOSTILE = (
    f"- name: '{PAYLOAD}'\n  components: [{{type: per_minute, rate: 0.01, label: '**{PAYLOAD}**'}}]\n"
    "- name: ':red[B] <b>x</b>'\n  components: [{type: per_event, fee: 0.5}]\n"
)


@pytest.mark.parametrize("page", ["pages/1_tariffs.py", "pages/2_compare.py", WHAT_IF])
def test_markdown_in_names_and_labels_is_shown_as_text(page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    seed_tariffs(at, HOSTILE)
    at.switch_page(page).run()
    no_exception(at)
    texts = shown_text(at)
    assert not [t for t in texts if LIVE.search(t)]
    assert not [t for t in texts if re.search(r"(?<!\\):red(?<!\\)\[", t)]
    assert any("\\!\\[x\\](http://host/beacon)" in t for t in texts)


IMG = "<img src=x onerror=alert(1)>"


def test_the_ranking_table_shows_names_as_text():
    """The ranking is one static HTML table (ui.tables.html_table): every name HTML-escaped, so no tag and no
    Markdown in it is interpreted; the parsed text is the name as written."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    seed_tariffs(at, HOSTILE + f"- name: '{IMG}'\n  components: [{{type: per_event, fee: 0.7}}]\n")
    at.switch_page("pages/2_compare.py").run()
    no_exception(at)
    [body] = [e.proto.body for e in at.get("html") if "tc-table" in e.proto.body]
    assert "<img" not in body and "<b>" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body and "&lt;b&gt;x&lt;/b&gt;" in body
    names = html_tables(at)[0]["Tariff"].tolist()
    assert sorted(names) == sorted([PAYLOAD, ":red[B] <b>x</b>", IMG])


def test_markdown_in_an_uploaded_file_name_and_a_could_not_read_message():
    at = run_page()
    at.file_uploader(key="home_upload").set_value((f"{PAYLOAD}.csv", b"\x00\x01\x02binary", "text/csv")).run()
    no_exception(at)
    [error] = at.error
    assert not LIVE.search(error.value)
    assert error.value.startswith("Could not read **\\!\\[x\\](http://host/beacon).csv**")


# --- failures become a message in the page ---------------------------------------------------


def test_an_alias_bomb_imported_on_the_tariffs_page_is_one_message(monkeypatch):
    at = run_page("pages/1_tariffs.py")
    before = list(at.session_state[keys.TARIFFS])
    at.file_uploader(key="tariffs_upload").set_value(("bomb.yaml", BOMB_TARIFF.encode(), "application/yaml")).run()
    at.button(key="tariffs_import").click().run()
    no_exception(at)
    assert (
        at.error[0].value
        == f"bomb.yaml: more than {MAX_EXPANDED_NODES:,} values once its aliases are expanded (line 8)"
    )
    assert at.session_state[keys.TARIFFS] == before


def test_a_bug_in_one_part_of_the_home_page_leaves_the_rest(monkeypatch):
    from ui import data

    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded /srv/secret/path.py")

    monkeypatch.setattr(data, "traffic", broken)
    at = run_page()
    no_exception(at)
    assert at.error[0].value == (
        "The traffic figures could not be shown: internal error (RecursionError). The rest of the page still works."
    )
    assert "/srv/secret" not in " ".join(shown_text(at))
    assert at.header[0].value  # the log's header above still shows


def test_a_bug_while_pricing_leaves_the_compare_page_usable(monkeypatch):
    from ui import data

    def broken(*args, **kwargs):
        raise OverflowError("Python int too large to convert to C long")

    monkeypatch.setattr(data, "summaries", broken)
    at = run_page("pages/2_compare.py")
    no_exception(at)
    assert at.error[0].value.startswith("The comparison could not be shown: internal error (OverflowError).")
    assert at.multiselect(key="compare_tariffs").options  # the tariff choice is still there


def test_a_broken_scenario_file_is_one_message():
    at = run_page(WHAT_IF)
    text = (
        "title: &t ["
        + ", ".join(["x"] * 10)
        + "]\n"
        + "\n".join(f"t{n}: &t{n} [{', '.join(['*t' if n == 0 else f'*t{n - 1}'] * 10)}]" for n in range(7))
        + "\nlog: x\ntariffs: []\n"
    )
    at.file_uploader(key="whatif_load").set_value(("s.yaml", text.encode(), "application/yaml")).run()
    at.button(key="whatif_load_button").click().run()
    no_exception(at)
    assert any("s.yaml: more than 100,000 values once its aliases are expanded" in e.value for e in at.error)


# --- configuration ---------------------------------------------------------------------------


def test_the_server_hides_tracebacks_and_takes_the_uploads_the_product_handles():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB


def test_no_nan_reaches_a_widget():
    settings, problem = whatif.from_query({"answer_rate": "nan", "volume": "inf"})
    assert settings == whatif.Settings()
    assert "answer_rate must be between 0 and 1, got 'nan'" in problem
    assert not math.isnan(settings.volume)


def test_importing_a_name_already_in_the_set_changes_nothing():
    at = run_page("pages/1_tariffs.py")
    before = list(at.session_state[keys.TARIFFS])
    taken = before[0].name
    text = f"name: '{taken}'\ncomponents: [{{type: per_event, fee: 1}}]\n"
    at.file_uploader(key="tariffs_upload").set_value(("dup.yaml", text.encode(), "application/yaml")).run()
    at.button(key="tariffs_import").click().run()
    no_exception(at)
    assert f'tariff name "{taken}" is used twice' in at.error[0].value
    assert at.session_state[keys.TARIFFS] == before


def test_nfc_and_nfd_names_in_one_file_are_refused_on_the_page():
    nfd = "Cafe\u0301"
    text = f"- {{name: Caf\u00e9, components: [{{type: per_event, fee: 1}}]}}\n- {{name: {nfd}, components: [{{type: per_event, fee: 2}}]}}\n"
    at = run_page("pages/1_tariffs.py")
    at.file_uploader(key="tariffs_upload").set_value(("cafe.yaml", text.encode(), "application/yaml")).run()
    at.button(key="tariffs_import").click().run()
    no_exception(at)
    assert at.error[0].value == 'cafe.yaml: tariff name "Café" is used twice; names must be unique'
