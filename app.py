"""Tariff Compare, home: the call log in use, what was detected in it, and its traffic at a glance."""

import streamlit as st

from calc.calls import RECORD_FIELDS
from calc.export import safe_csv
from calc.i18n import N_, _, format_month, format_number, format_percent, ngettext
from calc.readers import DATE_ORDERS
from ui import charts, data, glossary, nav
from ui import state as keys
from ui.i18n import FONT_FAMILY, setup_language
from ui.safe import md, section

setup_language()
st.set_page_config(page_title=_("Tariff Compare"), page_icon=":telephone_receiver:", layout="wide")
keys.init_state()
log_slot = nav.sidebar()
state = st.session_state

#: Channels as calc.calls names them.
CHANNEL_NAMES = {
    "voice": N_("voice"),
    "sms": N_("SMS"),
    "chat": N_("chat"),
    "email": N_("email"),
    "social": N_("social"),
}
DATE_ORDER_NAMES = {
    "auto": N_("detect"),
    "dayfirst": N_("day first (1 February)"),
    "monthfirst": N_("month first (2 January)"),
}
UPLOADED = " (uploaded)"  # the suffix of an uploaded log's choice; shown translated
NOT_USED, AS_DETECTED = "(not used)", "(as detected)"  # not user text: the choices' values, shown translated
CHOICE_NAMES = {NOT_USED: N_("(not used)"), AS_DETECTED: N_("(as detected)")}
#: The record fields (calc.calls.RECORD_FIELDS) in words, for the mapping forms; the key stays beside them (``--map``).
RECORD_FIELD_NAMES = {
    "start": N_("Start"),
    "duration_s": N_("Duration [s]"),
    "channel": N_("Channel"),
    "direction": N_("Direction"),
    "answered": N_("Answered"),
    "agent": N_("Agent"),
    "destination": N_("Destination"),
    "resolved": N_("Resolved"),
}


def log_choices(choices: list[str]) -> dict[str, str]:
    """The choices of *Call log in use* as shown, by choice (fixed in this run's language)."""
    return {
        choice: _("{name} (uploaded)").format(name=choice.removesuffix(UPLOADED))
        if choice.endswith(UPLOADED) and choice not in samples
        else nav.log_name(choice)
        for choice in choices
    }


def field_label(record_field: str) -> str:
    """A mapping form's label: the field in the user's words, then its key, e.g. "时长 [秒] (duration_s)"."""
    name = RECORD_FIELD_NAMES.get(record_field)
    return _("{name} ({field})").format(name=_(name), field=record_field) if name else record_field


def column_choices(choices: list[str]) -> dict[str, str]:
    """The choices of a mapping form as shown, by choice: its words translated, a column's name as it is."""
    return {choice: _(CHOICE_NAMES[choice]) if choice in CHOICE_NAMES else choice for choice in choices}


st.title(_("Tariff Compare"))
st.caption(
    _(
        "Which vendor offer is really cheapest for your traffic, and why. Start with a bundled sample or upload "
        "your own export; then check the offers under **Tariffs** and see them priced under **Compare**."
    )
)

samples = keys.samples()
upload_col, choose_col = st.columns([3, 2])
with upload_col:
    upload = st.file_uploader(
        _("Upload a call log"),
        type=["csv", "txt", "tsv", "xlsx", "parquet"],
        key="home_upload",
        help=_(
            "CSV or other delimited text (any encoding), Excel .xlsx or Parquet: Asterisk, FreePBX, FreeSWITCH, "
            "Cisco CUCM, Avaya IP Office SMDR, 3CX, Twilio, Teams, Zoom, RingCentral or Genesys Cloud exports, or a "
            "spreadsheet with headers in English, Chinese, Italian, Spanish, French or German."
        ),
    )
    waiting = state[keys.PENDING_UPLOAD] or {}
    if upload is not None and upload.file_id not in (state[keys.LOG_SOURCE].get("file_id"), waiting.get("file_id")):
        failed = data.use_upload(upload.name, upload.getvalue(), upload.file_id)
        if failed is None:
            state["home_log"] = upload.name + UPLOADED
if state[keys.UPLOAD_ERROR]:
    name, message = state[keys.UPLOAD_ERROR]
    st.error(
        _("Could not read **{name}**: {reason}\n\nStill using **{log}**.").format(
            name=md(name), reason=message, log=md(nav.log_name(state[keys.LOG_SOURCE]["name"]))
        )
    )
pending = state[keys.PENDING_UPLOAD]
if pending is not None:
    # No dead end: a file whose columns were not recognized opens the mapping form for that file.
    st.warning(
        _(
            "**{name}** was read, but which column is which could not be told: choose the columns below (at least "
            "the duration), then read it. Still using **{log}** until then.\n\n{reason}"
        ).format(
            name=md(pending["name"]),
            log=md(nav.log_name(state[keys.LOG_SOURCE]["name"])),
            reason=md(pending["message"]),
        )
    )
    with st.form("home_pending_form"):
        st.markdown(_("**Map the columns of {name}**").format(name=md(pending["name"])))
        columns = st.columns(4)
        pending_choices = column_choices([NOT_USED, *pending["columns"]])
        for i, record_field in enumerate(RECORD_FIELDS):
            columns[i % 4].selectbox(
                field_label(record_field),
                list(pending_choices),
                key=f"home_pending_{record_field}",
                format_func=pending_choices.__getitem__,
            )
        if st.form_submit_button(_("Read the file with these columns")):
            chosen_columns = {
                record_field: state[f"home_pending_{record_field}"]
                for record_field in RECORD_FIELDS
                if state[f"home_pending_{record_field}"] != NOT_USED
            }
            if data.use_upload(pending["name"], pending["data"], pending["file_id"], chosen_columns) is None:
                state["home_log"] = pending["name"] + UPLOADED
                st.rerun()

source = state[keys.LOG_SOURCE]
choices = list(samples) + ([source["name"] + UPLOADED] if "data" in source else [])
current = source["name"] + UPLOADED if "data" in source else source["name"]
if state.get("home_log") not in choices:
    state["home_log"] = current
with choose_col:
    shown_choices = log_choices(choices)
    chosen = st.selectbox(_("Call log in use"), choices, key="home_log", format_func=shown_choices.__getitem__)
if chosen != current and chosen in samples:
    keys.use_sample(chosen)
merge_legs = st.toggle(
    _("One record per call"),
    value=state[keys.IMPORT_OPTIONS].get("legs", "merge") == "merge",
    key="home_merge_legs",
    help=_(
        "Where an export carries a call id (Asterisk linkedid, CUCM globalCallID_callId, Twilio parent call, "
        "Zoom call id, RingCentral session, Genesys conversation), the legs of one call (ring group members, "
        "transfers, conference legs) become one record: the earliest start, the longest answered talk time. "
        "Off: every row is priced as a call."
    ),
)
if (state[keys.IMPORT_OPTIONS].get("legs", "merge") == "merge") != merge_legs:
    state[keys.IMPORT_OPTIONS] = {**state[keys.IMPORT_OPTIONS], "legs": "merge" if merge_legs else "keep"}

keys.save_workspace()  # now, before the slow part: a reload during it keeps the change

try:
    loaded = data.current_log()
except Exception as error:  # noqa: BLE001 - the page's boundary: one message, the page still usable
    st.error(
        _("Could not read **{log}** with these settings: {reason}").format(
            log=md(nav.log_name(state[keys.LOG_SOURCE]["name"])), reason=data.failure_text(error)
        )
    )
    if st.button(_("Go back to the detected settings"), key="home_reset_failed"):
        state[keys.IMPORT_OPTIONS] = dict(keys.DEFAULT_OPTIONS)
        st.rerun()
    st.stop()
nav.show_log(log_slot, loaded)

imported = loaded.imported
st.header(md(nav.log_name(loaded.name)), divider="gray")
found = [
    _("**Layout** {layout}").format(layout=md(imported.layout)),
    _("**Container** {container}").format(container=md(imported.container)),
]
if imported.container == "csv":
    found += [
        _("**Encoding** {encoding}").format(encoding=md(imported.encoding)),
        _("**Delimiter** {delimiter}").format(
            delimiter=_("tab") if imported.delimiter == chr(9) else md(repr(imported.delimiter))
        ),
    ]
if imported.sheet:
    found.append(_("**Sheet** {sheet}").format(sheet=md(imported.sheet)))
found.append(_("**Header row** {answer}").format(answer=_("yes") if imported.has_header else _("no")))
st.markdown(" · ".join(found))

with st.expander(_("How the columns were read"), expanded=False):
    st.dataframe(
        [
            {
                _("Record field"): m.field,
                _("Source column"): m.column or "-",
                _("Confidence"): format_percent(m.confidence, 0),
                _("How"): m.how,
            }
            for m in imported.mapping
        ],
        hide_index=True,
        width="stretch",
    )
    for note in imported.notes:
        st.markdown(f"- {md(note)}")
    with st.form("home_mapping_form"):
        st.markdown(_("**Change the mapping** (choose a column for a field, or leave it as detected)"))
        columns = st.columns(4)
        choices_for = column_choices([AS_DETECTED, NOT_USED, *imported.columns])
        for i, record_field in enumerate(RECORD_FIELDS):
            columns[i % 4].selectbox(
                field_label(record_field),
                list(choices_for),
                key=f"home_map_{record_field}",
                format_func=choices_for.__getitem__,
            )
        options = state[keys.IMPORT_OPTIONS]
        order_col, zone_col, encoding_col, delimiter_col = st.columns(4)
        orders = {order: _(DATE_ORDER_NAMES[order]) if order in DATE_ORDER_NAMES else order for order in DATE_ORDERS}
        order_col.selectbox(
            _("Dates like 01/02/2026"),
            DATE_ORDERS,
            index=DATE_ORDERS.index(options["date_order"]),
            key="home_date_order",
            format_func=orders.__getitem__,
        )
        zone_col.text_input(
            _("Local time zone"),
            options["timezone"] or "",
            key="home_timezone",
            placeholder="UTC",  # not user text: a zone's name
        )
        encoding_col.text_input(
            _("Text encoding"), options["encoding"] or "", key="home_encoding", placeholder=_("detected")
        )
        delimiter_col.text_input(
            _("Delimiter"), options["delimiter"] or "", key="home_delimiter", placeholder=_("detected")
        )
        if st.form_submit_button(_("Read the file again with these settings")):
            mapping = dict(options["mapping"])
            for record_field in RECORD_FIELDS:
                choice = state[f"home_map_{record_field}"]
                if choice != AS_DETECTED:
                    mapping[record_field] = None if choice == NOT_USED else choice
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
        _("Back to the detected settings"), key="home_reset"
    ):
        state[keys.IMPORT_OPTIONS] = dict(keys.DEFAULT_OPTIONS)
        st.rerun()

rejected = imported.rejected
if len(rejected):
    rejected_title = ngettext(
        "{count} rejected row: not priced by any tariff",
        "{count} rejected rows: not priced by any tariff",
        len(rejected),
    )
    with st.expander(rejected_title.format(count=format_number(len(rejected)))):
        st.dataframe(rejected, hide_index=True, width="stretch")
        st.download_button(
            _("Download the rejected rows (CSV)"),
            safe_csv(rejected),
            file_name=f"rejected_{loaded.name}.csv",
            mime="text/csv",
            key="home_rejected_download",
        )

with section(_("The traffic figures")):
    profile = data.traffic(loaded.key, loaded.prepared)
    row = st.columns(4)
    row[0].metric(
        _("Records priced"),
        format_number(profile.records),
        help=_("Rows read as records; rejected rows are listed above"),
    )
    row[1].metric(_("Answered calls"), format_number(profile.answered_voice), help=_("Answered voice records"))
    row[2].metric(
        _("Talk minutes"), format_number(profile.talk_minutes, 1), help=_("Talk time of answered voice calls")
    )
    row[3].metric(
        _("Calls under 60 s"),
        "-" if profile.short_call_share is None else format_percent(profile.short_call_share, 1),
        help=_("Share of answered calls that a 60/60 tariff bills as a full minute although they are shorter"),
    )
    row = st.columns(4)
    row[0].metric(
        _("Mean duration"),
        "-"
        if profile.mean_duration_s is None
        else _("{seconds} s").format(seconds=format_number(profile.mean_duration_s, 1)),
    )
    row[1].metric(
        _("Median duration"),
        "-"
        if profile.median_duration_s is None
        else _("{seconds} s").format(seconds=format_number(profile.median_duration_s, 1)),
    )
    row[2].metric(
        _("Months covered"),
        format_number(len(profile.months)),
        help=", ".join(format_month(month) for month in profile.months) or _("no records"),
        delta=None,
    )
    row[3].metric(
        _("Peak concurrent calls"),
        "-" if profile.peak_concurrent is None else format_number(profile.peak_concurrent),
        help=_("Most answered calls in progress at the same moment"),
    )
    if len(profile.records_by_channel) > 1:
        st.caption(
            _("Records by channel: {counts}").format(
                counts=", ".join(
                    f"{_(CHANNEL_NAMES[k]) if k in CHANNEL_NAMES else k} {format_number(v)}"
                    for k, v in profile.records_by_channel.items()
                )
            )
        )

    left, right = st.columns(2)
    with left:
        durations = charts.duration_histogram(profile)
        durations.update_layout(font_family=FONT_FAMILY)
        st.plotly_chart(durations, key="home_durations")
        st.caption(
            _(
                "Answered calls by length, in 5-second bars. The dashed lines are where 6/6, 30/x and 60/60 billing "
                "steps: every call just to the right of a line pays for a whole extra step, so a tall bar just past "
                "a line is money spent on rounding."
            )
        )
    with right:
        heatmap = charts.weekday_hour_heatmap(profile)
        if heatmap is None:
            st.info(_("This log has no timestamps: no months, hours or concurrency to show."))
        else:
            heatmap.update_layout(font_family=FONT_FAMILY)
            st.plotly_chart(heatmap, key="home_heatmap")
            st.caption(
                _(
                    "Records by weekday and hour they start; darker is busier. Dedicated-team and mixed offers are "
                    "priced on these hours."
                )
            )

st.page_link("pages/1_tariffs.py", label=_("Next: check the tariffs"), icon=":material/arrow_forward:")
st.page_link("pages/2_compare.py", label=_("Or go straight to the comparison"), icon=":material/arrow_forward:")
glossary.link(_("60/60, 6/6, connection fee, Erlang..."))
