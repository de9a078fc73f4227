"""What-if settings: URL parameters, scenario files and the demo stories."""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from calc import (
    InputError,
    Scenario,
    best_team_size,
    i18n,
    prepare,
    prepare_scenario,
    read_calls,
    team_sizes,
    team_sweep,
)
from tests.conftest import ROOT
from ui import state as keys
from ui import tables, whatif, whatif_data

FEE = "{name: A, components: [{type: monthly_fee, amount: 1}]}"

settings_strategy = st.builds(
    whatif.Settings,
    volume=st.sampled_from(whatif.VOLUME_CHOICES),
    duration_factor=st.floats(0.25, 4),
    duration_shift_s=st.floats(-60, 180),
    answer_rate=st.none() | st.floats(0, 1),
    seed=st.integers(0, 10**6),
    interval=st.sampled_from([15, 30, 60]),
    service_level=st.floats(0.5, 0.99),
    shrinkage=st.floats(0, 0.6),
    target=st.text(max_size=20),
    field=st.sampled_from(["", "per_minute.rate", "core team.rate"]),
)


@given(settings_strategy)
def test_settings_survive_the_url(settings):
    assert whatif.from_query(whatif.to_query(settings)) == (settings, None)


def test_defaults_make_an_empty_url():
    assert whatif.to_query(whatif.Settings()) == {}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"volume": "-1"}, "link parameter 'volume' ignored: volume must be between 0.1 and 10, got '-1'"),
        ({"interval": "20"}, "link parameter 'interval' ignored: interval must be 15, 30 or 60 minutes, got 20"),
        ({"answer_rate": "1.5"}, "link parameter 'answer_rate' ignored: answer_rate must be between 0 and 1"),
    ],
)
def test_bad_url_parameters_are_ignored_and_named(params, message):
    settings, problem = whatif.from_query(params | {"seed": "4", "other_page": "x"})
    assert settings == whatif.Settings(seed=4)
    assert problem.startswith(message)


def test_a_scenario_file_round_trips(presets):
    settings = whatif.Settings(volume=3.0, answer_rate=0.7, target=presets[0].name)
    text = whatif.scenario_document("support desk", presets[:3], settings, title="T")
    document = whatif.read_scenario_document(text, "s.yaml")
    assert document == {"title": "T", "story": "", "log": "support desk", "tariffs": presets[:3], "settings": settings}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "s.yaml: a scenario file needs 'log'"),
        (f"log: a\ntariffs: [{FEE}]\nsettings: {{volume: 0}}", "s.yaml: volume must be between 0.1 and 10, got 0"),
        (f"log: a\ntariffs: [{FEE}]\nsettings: {{speed: 2}}", "s.yaml: unknown setting 'speed'"),
        (f"log: a\ntariffs: [{FEE}]\nsettings: [1]", "s.yaml: 'settings' must be a mapping"),
        ("log: a\ntariffs: [{name: A}]", "s.yaml: tariff \"A\", field 'components'"),
        ("log: [", "s.yaml: not valid YAML at line 1"),
    ],
)
def test_bad_scenario_files_say_what_is_wrong(text, message):
    with pytest.raises(InputError, match=re.escape(message)):
        whatif.read_scenario_document(text, "s.yaml")


def test_every_demo_uses_a_bundled_log_and_names_its_tariffs():
    demos = whatif.load_demos(ROOT / "data" / "demos")
    assert [d.key for d in demos] == [
        "1_outbound_survey",
        "2_help_desk_team",
        "3_small_business_channels",
        "4_delivery_models",
    ]
    samples = keys.samples()
    for demo in demos:
        assert demo.log in samples
        names = {t.name for t in demo.tariffs}
        assert {demo.settings.target, demo.settings.vary} <= names
        assert demo.story


def test_a_section_says_whose_traffic_it_answers_for():
    assert whatif.applies_to(whatif.Settings(volume=10.0, duration_factor=1.5).scenario()) == (
        "for the scenario: volume x10, durations x1.5"
    )
    assert whatif.applies_to(whatif.Settings(seed=7).scenario()) == "for the log as it is"


def records_log(directions: list[str], answered: list[bool], channel: str = "voice"):
    count = len(directions)
    frame = pd.DataFrame(
        {
            "start": pd.date_range("2026-01-05 09:00", periods=count, freq="min").astype(str),
            "duration_s": [60] * count,
            "direction": directions,
            "answered": answered,
            "channel": [channel] * count,
        }
    )
    return prepare(read_calls(frame))


@pytest.mark.parametrize(
    ("directions", "answered", "channel", "reason"),
    [
        (["outbound", "outbound"], [True, True], "voice", "holds only outbound calls (2), which the team dials"),
        (["inbound", "inbound"], [True, True], "sms", "Team sizing needs inbound voice calls; this log holds no voice"),
        (["inbound", "outbound"], [False, True], "voice", "none of the 1 inbound calls in this log was answered"),
        (["inbound", "outbound"], [True, True], "voice", None),
        (["", "internal"], [True, False], "voice", None),  # no direction: counted as inbound, as staffing does
    ],
)
def test_why_a_log_gives_team_sizing_nothing_to_staff(directions, answered, channel, reason):
    said = whatif.why_no_team(records_log(directions, answered, channel))
    assert said == reason if reason is None else reason in said


def test_the_sweep_in_parts_equals_the_whole_sweep(sample_log, presets):
    mixed = next(t for t in presets if t.covering_team is not None)
    whole = team_sweep(sample_log, mixed)
    shown = []
    table, best = whatif_data.sweep(
        "sample", Scenario(), "mixed", sample_log, mixed, lambda share, text: shown.append(share)
    )
    pd.testing.assert_frame_equal(table, whole)
    assert best == best_team_size(whole)
    assert len(team_sizes(sample_log, mixed)) == len(whole)
    assert shown[0] == 0 and shown == sorted(shown) and len(shown) == min(len(whole), whatif_data.SWEEP_PARTS)


def test_the_sweep_works_on_the_scenario(sample_log, presets):
    mixed = next(t for t in presets if t.covering_team is not None)
    scenario = Scenario(volume_factor=2, seed=5)
    table, _ = whatif_data.sweep("sample", scenario, "mixed", sample_log, mixed)
    pd.testing.assert_frame_equal(table, team_sweep(prepare_scenario(sample_log, scenario), mixed))


@pytest.mark.parametrize(
    ("language", "params", "message"),
    [
        ("it", {"seed": "-1"}, "parametro del link 'seed' ignorato: seed deve essere tra 0 e 4.294.967.295, è '-1'"),
        ("zh", {"answer_within_s": "5000"}, "已忽略链接参数 'answer_within_s'：answer_within_s 必须在 0 到 3,600 之间"),
        ("it", {"volume": "2.2"}, "parametro del link 'volume' 2,2 mostrato come la scelta più vicina, x2"),
    ],
)
def test_a_links_problem_is_said_in_the_language_with_its_numbers(language, params, message):
    with i18n.use_language(language):
        _settings, problem = whatif.from_query(params)
    assert problem.startswith(message)


@pytest.mark.parametrize(
    ("language", "amount", "decimals", "sign", "written"),
    [
        ("en", Decimal("2175.74"), 2, True, "+€2,175.74"),
        ("it", Decimal("2175.74"), 2, True, "+2.175,74\xa0€"),
        ("it", Decimal("-0.5"), 2, True, "-0,50\xa0€"),
        ("zh", Decimal("0"), 2, True, "€0.00"),  # no change: no sign
        ("zh", Decimal("0.04995"), 4, False, "€0.0500"),  # half-up, exactly
        ("it", Decimal("39936"), None, False, "39.936,00\xa0€"),  # the currency's two places at least
    ],
)
def test_money_is_written_the_locales_way_exactly(language, amount, decimals, sign, written):
    with i18n.use_language(language):
        assert tables.money_text(amount, "EUR", decimals, sign=sign) == written


def test_why_no_team_counts_in_the_language():
    log = records_log(["outbound"] * 1200, [True] * 1200)
    with i18n.use_language("it"):
        said = whatif.why_no_team(log)
    assert "questo registro contiene solo chiamate in uscita (1.200)" in said
