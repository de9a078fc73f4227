"""Tariff Compare, home: the call log in use, what was detected in it, and its traffic at a glance."""

import streamlit as st

from calc.calls import RECORD_FIELDS
from calc.export import safe_csv
from calc.readers import DATE_ORDERS
from ui import charts, data, nav
from ui import state as keys
from ui.safe import md, section

st.set_page_config(page_title="Tariff Compare", page_icon=":telephone_receiver:", layout="wide")
keys.init_state()
log_slot = nav.sidebar()
state = st.session_state

st.title("Tariff Compare")
st.caption(
    "Which vendor offer is really cheapest for your traffic, and why. Start with a bundled sample or upload "
    "your own export; then check the offers under **Tariffs** and see them priced under **Compare**."
)

samples = keys.samples()
upload_col, choose_col = st.columns([3, 2])
with upload_col:
    upload = st.file_uploader(
        "Upload a call log",
        type=["csv", "txt", "tsv", "xlsx", "parquet"],
        key="home_upload",
        help="CSV or other delimited text (any encoding), Excel .xlsx or Parquet: Asterisk, FreePBX, FreeSWITCH, "
        "Cisco CUCM, Avaya IP Office SMDR, 3CX, Twilio, Teams, Zoom, RingCentral or Genesys Cloud exports, or a "
        "spreadsheet with headers in English, Chinese, Italian, Spanish, French or German.",
    )
    waiting = state[keys.PENDING_UPLOAD] or {}
    if upload is not None and upload.file_id not in (state[keys.LOG_SOURCE].get("file_id"), waiting.get("file_id")):
        failed = data.use_upload(upload.name, upload.getvalue(), upload.file_id)
        if failed is None:
            state["home_log"] = f"{upload.name} (uploaded)"
if state[keys.UPLOAD_ERROR]:
    name, message = state[keys.UPLOAD_ERROR]
    st.error(f"Could not read **{md(name)}**: {message}\n\nStill using **{md(state[keys.LOG_SOURCE]['name'])}**.")
pending = state[keys.PENDING_UPLOAD]
if pending is not None:
    # No dead end: a file whose columns were not recognized opens the mapping form for that file.
    st.warning(
        f"**{md(pending['name'])}** was read, but which column is which could not be told: choose the columns "
        f"below (at least the duration), then read it. Still using **{md(state[keys.LOG_SOURCE]['name'])}** "
        f"until then.\n\n{md(pending['message'])}"
    )
    with st.form("home_pending_form"):
        st.markdown(f"**Map the columns of {md(pending['name'])}**")
        columns = st.columns(4)
        for i, record_field in enumerate(RECORD_FIELDS):
            columns[i % 4].selectbox(
                record_field, ["(not used)", *pending["columns"]], key=f"home_pending_{record_field}"
            )
        if st.form_submit_button("Read the file with these columns"):
            chosen_columns = {
                record_field: state[f"home_pending_{record_field}"]
                for record_field in RECORD_FIELDS
                if state[f"home_pending_{record_field}"] != "(not used)"
            }
            if data.use_upload(pending["name"], pending["data"], pending["file_id"], chosen_columns) is None:
                state["home_log"] = f"{pending['name']} (uploaded)"
                st.rerun()

source = state[keys.LOG_SOURCE]
choices = list(samples) + ([f"{source['name']} (uploaded)"] if "data" in source else [])
current = f"{source['name']} (uploaded)" if "data" in source else source["name"]
if state.get("home_log") not in choices:
    state["home_log"] = current
with choose_col:
    chosen = st.selectbox("Call log in use", choices, key="home_log")
if chosen != current and chosen in samples:
    keys.use_sample(chosen)
merge_legs = st.toggle(
    "One record per call",
    value=state[keys.IMPORT_OPTIONS].get("legs", "merge") == "merge",
    key="home_merge_legs",
    help="Where an export carries a call id (Asterisk linkedid, CUCM globalCallID_callId, Twilio parent call, "
    "Zoom call id, RingCentral session, Genesys conversation), the legs of one call (ring group members, "
    "transfers, conference legs) become one record: the earliest start, the longest answered talk time. "
    "Off: every row is priced as a call.",
)
if (state[keys.IMPORT_OPTIONS].get("legs", "merge") == "merge") != merge_legs:
    state[keys.IMPORT_OPTIONS] = {**state[keys.IMPORT_OPTIONS], "legs": "merge" if merge_legs else "keep"}

try:
    loaded = data.current_log()
except Exception as error:  # noqa: BLE001 - the page's boundary: one message, the page still usable
    st.error(f"Could not read **{md(state[keys.LOG_SOURCE]['name'])}** with these settings: {data.failure_text(error)}")
    if st.button("Go back to the detected settings", key="home_reset_failed"):
        state[keys.IMPORT_OPTIONS] = dict(keys.DEFAULT_OPTIONS)
        st.rerun()
    st.stop()
nav.show_log(log_slot, loaded)

imported = loaded.imported
st.header(md(loaded.name), divider="gray")
found = [f"**Layout** {md(imported.layout)}", f"**Container** {md(imported.container)}"]
if imported.container == "csv":
    found += [
        f"**Encoding** {md(imported.encoding)}",
        f"**Delimiter** {'tab' if imported.delimiter == chr(9) else md(repr(imported.delimiter))}",
    ]
if imported.sheet:
    found.append(f"**Sheet** {md(imported.sheet)}")
found.append(f"**Header row** {'yes' if imported.has_header else 'no'}")
st.markdown(" · ".join(found))

with st.expander("How the columns were read", expanded=False):
    st.dataframe(
        [
            {
                "Record field": m.field,
                "Source column": m.column or "-",
                "Confidence": f"{m.confidence:.0%}",
                "How": m.how,
            }
            for m in imported.mapping
        ],
        hide_index=True,
        width="stretch",
    )
    for note in imported.notes:
        st.markdown(f"- {md(note)}")
    with st.form("home_mapping_form"):
        st.markdown("**Change the mapping** (choose a column for a field, or leave it as detected)")
        columns = st.columns(4)
        choices_for = ["(as detected)", "(not used)", *imported.columns]
        for i, record_field in enumerate(RECORD_FIELDS):
            columns[i % 4].selectbox(record_field, choices_for, key=f"home_map_{record_field}")
        options = state[keys.IMPORT_OPTIONS]
        order_col, zone_col, encoding_col, delimiter_col = st.columns(4)
        order_col.selectbox(
            "Dates like 01/02/2026", DATE_ORDERS, index=DATE_ORDERS.index(options["date_order"]), key="home_date_order"
        )
        zone_col.text_input("Local time zone", options["timezone"] or "", key="home_timezone", placeholder="UTC")
        encoding_col.text_input("Text encoding", options["encoding"] or "", key="home_encoding", placeholder="detected")
        delimiter_col.text_input("Delimiter", options["delimiter"] or "", key="home_delimiter", placeholder="detected")
        if st.form_submit_button("Read the file again with these settings"):
            mapping = dict(options["mapping"])
            for record_field in RECORD_FIELDS:
                choice = state[f"home_map_{record_field}"]
                if choice != "(as detected)":
                    mapping[record_field] = None if choice == "(not used)" else choice
            state[keys.IMPORT_OPTIONS] = {
                "mapping": mapping,
                "date_order": state["home_date_order"],
                "timezone": state["home_timezone"].strip() or None,
                "encoding": state["home_encoding"].strip() or None,
                "delimiter": state["home_delimiter"].replace("\\t", "\t") or None,
                "legs": options.get("legs", "merge"),
            }
            st.rerun()
    if state[keys.IMPORT_OPTIONS] != keys.DEFAULT_OPTIONS and st.button(
        "Back to the detected settings", key="home_reset"
    ):
        state[keys.IMPORT_OPTIONS] = dict(keys.DEFAULT_OPTIONS)
        st.rerun()

rejected = imported.rejected
if len(rejected):
    with st.expander(f"{len(rejected):,} rejected rows: not priced by any tariff"):
        st.dataframe(rejected, hide_index=True, width="stretch")
        st.download_button(
            "Download the rejected rows (CSV)",
            safe_csv(rejected),
            file_name=f"rejected_{loaded.name}.csv",
            mime="text/csv",
            key="home_rejected_download",
        )

with section("The traffic figures"):
    profile = data.traffic(loaded.key, loaded.prepared)
    row = st.columns(4)
    row[0].metric("Records priced", f"{profile.records:,}", help="Rows read as records; rejected rows are listed above")
    row[1].metric("Answered calls", f"{profile.answered_voice:,}", help="Answered voice records")
    row[2].metric("Talk minutes", f"{profile.talk_minutes:,.1f}", help="Talk time of answered voice calls")
    row[3].metric(
        "Calls under 60 s",
        "-" if profile.short_call_share is None else f"{profile.short_call_share:.1%}",
        help="Share of answered calls that a 60/60 tariff bills as a full minute although they are shorter",
    )
    row = st.columns(4)
    row[0].metric("Mean duration", "-" if profile.mean_duration_s is None else f"{profile.mean_duration_s:,.1f} s")
    row[1].metric(
        "Median duration", "-" if profile.median_duration_s is None else f"{profile.median_duration_s:,.1f} s"
    )
    row[2].metric(
        "Months covered", f"{len(profile.months)}", help=", ".join(profile.months) or "no records", delta=None
    )
    row[3].metric(
        "Peak concurrent calls",
        "-" if profile.peak_concurrent is None else f"{profile.peak_concurrent:,}",
        help="Most answered calls in progress at the same moment",
    )
    if len(profile.records_by_channel) > 1:
        st.caption("Records by channel: " + ", ".join(f"{k} {v:,}" for k, v in profile.records_by_channel.items()))

    left, right = st.columns(2)
    with left:
        st.plotly_chart(charts.duration_histogram(profile), key="home_durations")
        st.caption(
            "Answered calls by length, in 5-second bars. The dashed lines are where 6/6, 30/x and 60/60 billing "
            "steps: every call just to the right of a line pays for a whole extra step, so a tall bar just past "
            "a line is money spent on rounding."
        )
    with right:
        heatmap = charts.weekday_hour_heatmap(profile)
        if heatmap is None:
            st.info("This log has no timestamps: no months, hours or concurrency to show.")
        else:
            st.plotly_chart(heatmap, key="home_heatmap")
            st.caption(
                "Records by weekday and hour they start; darker is busier. Dedicated-team and mixed offers are "
                "priced on these hours."
            )

st.page_link("pages/1_tariffs.py", label="Next: check the tariffs", icon=":material/arrow_forward:")
st.page_link("pages/2_compare.py", label="Or go straight to the comparison", icon=":material/arrow_forward:")
