"""AppTest of the home page: the sample log, uploads, detection, mapping overrides and the traffic figures."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from calc import prepare
from calc.readers import import_calls
from calc.traffic import traffic_profile
from tests.app.conftest import TIMEOUT, metrics, no_exception
from tests.conftest import ROOT
from ui import state as keys

DATA = ROOT / "tests" / "data"


def expected_metrics(imported) -> dict[str, str]:
    profile = traffic_profile(prepare(imported.log))
    return {
        "Records priced": f"{profile.records:,}",
        "Answered calls": f"{profile.answered_voice:,}",
        "Talk minutes": f"{profile.talk_minutes:,.1f}",
        "Months covered": f"{len(profile.months)}",
        "Peak concurrent calls": f"{profile.peak_concurrent:,}",
    }


def test_starts_on_the_support_desk_sample(home):
    assert home.selectbox(key="home_log").value == "support desk"
    assert home.header[0].value == "support desk"
    shown = metrics(home)
    expected = expected_metrics(import_calls(ROOT / "data" / "logs" / "support_desk.csv"))
    assert {k: shown[k] for k in expected} == expected
    assert shown["Records priced"] == "10,871"
    assert len(home.get("plotly_chart")) == 2
    assert "3 rejected rows" in home.expander[1].label
    assert home.expander[1].dataframe[0].value["line"].tolist() == [1002, 5003, 9004]


def test_switching_the_sample(home):
    home.selectbox(key="home_log").set_value("outbound campaign").run()
    no_exception(home)
    assert metrics(home)["Records priced"] == "27,186"
    assert home.session_state[keys.LOG_SOURCE]["name"] == "outbound campaign"


def test_uploading_a_twilio_export_detects_it(home):
    data = (DATA / "twilio_calls.csv").read_bytes()
    home.file_uploader(key="home_upload").set_value(("twilio_calls.csv", data, "text/csv")).run()
    no_exception(home)
    assert home.header[0].value == "twilio_calls.csv"
    [detected] = [m.value for m in home.markdown if m.value.startswith("**Layout**")]
    assert "Twilio" in detected
    expected = expected_metrics(import_calls(data, "twilio_calls.csv"))
    assert {k: metrics(home)[k] for k in expected} == expected
    assert home.selectbox(key="home_log").value == "twilio_calls.csv (uploaded)"


def test_a_bad_upload_shows_a_message_and_keeps_the_log(home):
    home.file_uploader(key="home_upload").set_value(("calls.csv", bytes(range(256)) * 40, "text/csv")).run()
    no_exception(home)
    [error] = home.error
    assert "Could not read **calls.csv**" in error.value
    assert "Still using **support desk**" in error.value
    assert metrics(home)["Records priced"] == "10,871"


def test_overriding_the_mapping_reads_the_file_again(home):
    data = (DATA / "asterisk_Master.csv").read_bytes()
    home.file_uploader(key="home_upload").set_value(("Master.csv", data, "text/csv")).run()
    before = metrics(home)["Talk minutes"]
    # take the whole call length, ringing included, instead of billsec
    home.selectbox(key="home_map_duration_s").set_value("duration")
    home.button[0].click()  # the form's submit button
    home.run()
    no_exception(home)
    assert home.session_state[keys.IMPORT_OPTIONS]["mapping"] == {"duration_s": "duration"}
    expected = expected_metrics(import_calls(data, "Master.csv", mapping={"duration_s": "duration"}))
    assert metrics(home)["Talk minutes"] == expected["Talk minutes"] != before


def test_an_override_that_breaks_the_file_says_so_and_can_be_undone(home):
    home.session_state[keys.IMPORT_OPTIONS] = dict(keys.DEFAULT_OPTIONS, mapping={"duration_s": "no such column"})
    home.run()
    no_exception(home)
    assert "Could not read **support desk** with these settings" in home.error[0].value
    assert "no such column" in home.error[0].value
    home.button(key="home_reset_failed").click().run()
    no_exception(home)
    assert metrics(home)["Records priced"] == "10,871"


def test_an_undetected_upload_opens_the_mapping_form_for_that_file(home):
    data = b"Quando;Quanto;Come\n02/03/2026 09:00;65;ok\n13/03/2026 10:00;30;ok\n"
    home.file_uploader(key="home_upload").set_value(("strano.csv", data, "text/csv")).run()
    no_exception(home)
    assert not home.error  # no dead end telling the user to use command-line syntax
    [warning] = home.warning
    assert "**strano.csv** was read, but which column is which could not be told" in warning.value
    assert "Still using **support desk**" in warning.value
    assert home.selectbox(key="home_pending_duration_s").options == ["(not used)", "Quando", "Quanto", "Come"]
    home.selectbox(key="home_pending_start").set_value("Quando")
    home.selectbox(key="home_pending_duration_s").set_value("Quanto")
    home.button(key="FormSubmitter:home_pending_form-Read the file with these columns").click().run()
    no_exception(home)
    assert not home.warning
    assert home.header[0].value == "strano.csv"
    assert home.session_state[keys.IMPORT_OPTIONS]["mapping"] == {"start": "Quando", "duration_s": "Quanto"}
    shown = metrics(home)
    assert shown["Records priced"] == "2" and shown["Talk minutes"] == "1.6"
    assert shown["Months covered"] == "1"


def test_the_legs_switch_keeps_every_row(home):
    data = (DATA / "asterisk13_linkedid_Master.csv").read_bytes()
    home.file_uploader(key="home_upload").set_value(("Master.csv", data, "text/csv")).run()
    no_exception(home)
    assert metrics(home)["Records priced"] == "4"
    home.toggle(key="home_merge_legs").set_value(False).run()
    no_exception(home)
    assert home.session_state[keys.IMPORT_OPTIONS]["legs"] == "keep"
    assert metrics(home)["Records priced"] == "9"


def test_an_upload_whose_every_row_is_refused_says_so_and_keeps_the_log(home):
    data = b"start,duration_s\n2026-01-05 10:00:00,-1\n2026-01-05 11:00:00,-5\n2026-01-05 12:00:00,x\n"
    home.file_uploader(key="home_upload").set_value(("refused.csv", data, "text/csv")).run()
    no_exception(home)
    [error] = home.error
    assert "every row was refused (3 rows); most common reason: 'duration_s' is negative (2 rows)" in error.value
    assert metrics(home)["Records priced"] == "10,871"


def sidebar_log_line(at) -> str:
    return next(c.value for c in at.sidebar.caption if c.value.startswith("Log: "))


def test_the_sidebar_shows_the_log_in_use_with_its_records_and_period(home):
    log = prepare(import_calls(ROOT / "data" / "logs" / "support_desk.csv").log)
    first, last = log.log.records["start"].min().date(), log.log.records["start"].max().date()
    assert sidebar_log_line(home) == f"Log: **support desk**  \n{log.records:,} records · {first} to {last}"
    # a new log is shown in the same run that reads it, and on a page that does not read the log
    home.selectbox(key="home_log").set_value("outbound campaign").run()
    other = prepare(import_calls(ROOT / "data" / "logs" / "outbound_campaign.csv").log)
    assert f"**outbound campaign**  \n{other.records:,} records · " in sidebar_log_line(home)
    home.switch_page("pages/1_tariffs.py").run()
    no_exception(home)
    assert f"**outbound campaign**  \n{other.records:,} records · " in sidebar_log_line(home)


def test_the_mapping_form_names_the_fields_in_the_users_language():
    """Regression: the fields were labelled by their keys alone (duration_s, resolved) on a Chinese page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "zh"
    at.run()
    no_exception(at)
    assert at.selectbox(key="home_map_duration_s").label == "时长 [秒]（duration_s）"
    assert at.selectbox(key="home_map_resolved").label == "已解决（resolved）"
    assert at.selectbox(key="home_map_channel").label == "渠道（channel）"
