"""Large dataset: price a folder, glob or URL of Parquet files that does not fit in the session."""

import json

import pandas as pd
import streamlit as st

from ui import data, datasets, nav
from ui import state as keys

st.set_page_config(page_title="Large dataset · Tariff Compare", page_icon=":telephone_receiver:", layout="wide")
keys.init_state()
nav.sidebar()
state = st.session_state

st.title("Large dataset")
if not datasets.enabled():
    st.info(
        "Pricing datasets on the server is off. The operator turns it on by starting the dashboard with "
        f"`{datasets.SETTING}=1` (it reads paths and URLs on the server's side)."
    )
    st.stop()

st.caption(
    "Price a log that does not fit in the session: a folder, a glob or a URL (s3://...) of Parquet files, or a "
    "large CSV, read piece by piece. The totals are the in-memory engine's, to the cent."
)
source = st.text_input("Dataset path or URL", key="dataset_source", placeholder="/data/calls/*.parquet")
engine_col, scheduler_col = st.columns([1, 2])
engine = engine_col.selectbox("Engine", datasets.DATASET_ENGINES, key="dataset_engine")
scheduler = scheduler_col.text_input(
    "Dask scheduler (empty: a local cluster)", key="dataset_scheduler", disabled=engine != "dask"
)
tariffs = state[keys.TARIFFS]
if st.button("Price the dataset", key="dataset_price", disabled=not source or not tariffs):
    bar = st.progress(0.0, text="Reading the dataset")

    def progress(done: int, work: int) -> None:
        bar.progress(min(done / work, 1.0) if work else 1.0, text=f"{done:,} of {work:,} rows")

    try:
        comparison = datasets.price_dataset(source.strip(), tariffs, engine, scheduler.strip() or None, progress)
    except Exception as error:  # noqa: BLE001 - the page's boundary
        st.error(f"The dataset cannot be priced: {data.failure_text(error)}")
        st.stop()
    bar.progress(1.0, text="Done")
    state["dataset_result"] = comparison.to_json()

result = state.get("dataset_result")
if result:
    st.metric("Records priced", f"{result['records']:,}")
    st.caption(f"{result['rejected']:,} rows refused")
    rows = [
        {"Tariff": t["name"], "Total": f"{t['total']} {t['currency']}", "Billed minutes": t["billed_seconds"] / 60}
        for t in result["tariffs"]
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    st.download_button("Download the JSON", data=json.dumps(result, ensure_ascii=False), file_name="comparison.json")
