"""Tariff Compare, home page: the bundled sample log priced under the preset tariffs.

The full dashboard (uploads, tariff editing, charts) is built on this in later steps.
"""

from pathlib import Path

import pandas as pd
import streamlit as st

from calc import InputError, compare, load_tariff_files, read_calls

ROOT = Path(__file__).resolve().parent
SAMPLES = {path.stem.replace("_", " "): path for path in sorted((ROOT / "data" / "logs").glob("*.csv"))}


@st.cache_data(show_spinner=False)
def comparison_table(log_path: str, tariff_paths: tuple[str, ...]) -> tuple[pd.DataFrame, int, int]:
    comparison = compare(read_calls(log_path), load_tariff_files(list(tariff_paths)))
    rows = [
        {
            "Tariff": result.name,
            "Total": f"{result.total:,.{result.tariff.decimals}f} {result.currency}",
            "Billed minutes": round(result.billed_seconds / 60, 1),
            "Actual minutes": round(float(result.actual_seconds) / 60, 1),
        }
        for result in comparison.ranked()
    ]
    return pd.DataFrame(rows), comparison.log.records, comparison.log.rejected


st.set_page_config(page_title="Tariff Compare", layout="wide")
st.title("Tariff Compare")
st.caption("Which vendor offer is really cheapest for your traffic, and why.")
sample = st.selectbox("Sample call log", list(SAMPLES), key="home_sample")
tariff_paths = tuple(str(path) for path in sorted((ROOT / "data" / "tariffs").glob("*.yaml")))
try:
    table, records, rejected = comparison_table(str(SAMPLES[sample]), tariff_paths)
except InputError as error:
    st.error(str(error))
else:
    st.write(f"{records:,} records priced, {rejected:,} rejected. Cheapest first:")
    st.dataframe(table, hide_index=True, width="stretch")
