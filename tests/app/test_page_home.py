"""AppTest of the home page: it loads and shows the ranked totals calc computes."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from calc import compare, load_tariff_files, read_calls


def test_home_shows_the_sample_comparison(root):
    at = AppTest.from_file(str(root / "app.py"), default_timeout=60).run()
    assert not at.exception
    table = at.dataframe[0].value
    tariffs = sorted((root / "data" / "tariffs").glob("*.yaml"))
    sample = root / "data" / "logs" / "omnichannel_smb.csv"  # the first sample, alphabetically
    expected = compare(read_calls(sample), load_tariff_files(tariffs)).ranked()
    assert table["Tariff"].tolist() == [r.name for r in expected]
    assert table["Total"].tolist() == [f"{r.total:,.2f} EUR" for r in expected]


def test_switching_the_sample_reprices(root):
    at = AppTest.from_file(str(root / "app.py"), default_timeout=60).run()
    at.selectbox(key="home_sample").set_value("support desk").run()
    assert "10,871 records priced, 3 rejected" in at.markdown[0].value
