"""Large dataset: price a folder, glob or URL of Parquet files that does not fit in the session."""

import json
from decimal import Decimal
from fractions import Fraction

import pandas as pd
import streamlit as st

from calc.i18n import _, format_money, format_number, ngettext
from ui import data, datasets, nav
from ui import state as keys
from ui.i18n import setup_language

setup_language()  # first: the page title speaks it
st.set_page_config(page_title=_("Large dataset · Tariff Compare"), page_icon=":telephone_receiver:", layout="wide")
keys.init_state()
nav.sidebar()
state = st.session_state

st.title(_("Large dataset"))
if not datasets.enabled():
    st.info(
        _(
            "Pricing datasets on the server is off. The operator turns it on by starting the dashboard with "
            "`{setting}=1` (it reads paths and URLs on the server's side)."
        ).format(setting=datasets.SETTING)
    )
    st.stop()

st.caption(
    _(
        "Price a log that does not fit in the session: a folder, a glob or a URL (s3://...) of Parquet files, or a "
        "large CSV, read piece by piece. The totals are the in-memory engine's, to the cent."
    )
)
source = st.text_input(
    _("Dataset path or URL"),
    key="dataset_source",
    placeholder="/data/calls/*.parquet",  # not user text: a path
)
engine_col, scheduler_col = st.columns([1, 2])
engine = engine_col.selectbox(_("Engine"), datasets.DATASET_ENGINES, key="dataset_engine")
scheduler = scheduler_col.text_input(
    _("Dask scheduler (empty: a local cluster)"), key="dataset_scheduler", disabled=engine != "dask"
)
tariffs = state[keys.TARIFFS]
if st.button(_("Price the dataset"), key="dataset_price", disabled=not source or not tariffs):
    bar = st.progress(0.0, text=_("Reading the dataset"))

    def progress(done: int, work: int) -> None:
        bar.progress(
            min(done / work, 1.0) if work else 1.0,
            text=_("{done} of {work} rows").format(done=format_number(done), work=format_number(work)),
        )

    try:
        comparison = datasets.price_dataset(source.strip(), tariffs, engine, scheduler.strip() or None, progress)
    except Exception as error:  # noqa: BLE001 - the page's boundary
        st.error(_("The dataset cannot be priced: {reason}").format(reason=data.failure_text(error)))
        st.stop()
    bar.progress(1.0, text=_("Done"))
    state["dataset_result"] = comparison.to_json()

result = state.get("dataset_result")
if result:
    st.metric(_("Records priced"), format_number(result["records"]))
    rejected = result["rejected"]
    st.caption(ngettext("{count} row refused", "{count} rows refused", rejected).format(count=format_number(rejected)))
    rows = [
        {
            _("Tariff"): t["name"],
            _("Total"): format_money(Decimal(t["total"]), t["currency"]),
            _("Billed minutes"): format_number(Fraction(t["billed_seconds"], 60), 1),
        }
        for t in result["tariffs"]
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    st.download_button(
        _("Download the JSON"),
        data=json.dumps(result, ensure_ascii=False),
        file_name="comparison.json",
    )
