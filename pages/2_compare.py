"""Compare: the chosen tariffs priced on the log in use, ranked, explained, and ready to send."""

import streamlit as st

from calc.costs import RECORD_DECIMALS
from calc.i18n import _, format_number, ngettext
from ui import charts, compare_charts, data, nav, report, tables
from ui import state as keys
from ui.i18n import in_this_language
from ui.safe import md, section

st.set_page_config(page_title=_("Compare · Tariff Compare"), page_icon=":telephone_receiver:", layout="wide")
keys.init_state()
log_slot = nav.sidebar()
state = st.session_state

st.title(_("Compare"))
loaded = nav.log_or_stop(log_slot)

names = [t.name for t in state[keys.TARIFFS]]
if not names:
    st.warning(_("The tariff set is empty."))
    st.page_link("pages/1_tariffs.py", label=_("Add or restore tariffs"), icon=":material/arrow_back:")
    st.stop()
colors = charts.tariff_colors(names)

pick_col, contract_col = st.columns([3, 1])
remembered = state[keys.COMPARED]
default = names if remembered is None else [n for n in names if n in remembered]
selected = pick_col.multiselect(_("Tariffs to compare"), names, default=default, key="compare_tariffs")
state[keys.COMPARED] = None if selected == names else selected
currencies = sorted({t.currency for t in state[keys.TARIFFS]})
if len(currencies) > 1:
    pick_col.caption(
        _(
            "The set holds offers in {currencies}. Totals are never converted between currencies: "
            "compare offers that invoice in one."
        ).format(currencies=", ".join(currencies))
    )
NO_CONTRACT = _("(none)")
contract_choices = [NO_CONTRACT, *selected]
contract = state[keys.CURRENT_CONTRACT] if state[keys.CURRENT_CONTRACT] in selected else NO_CONTRACT
contract = contract_col.selectbox(
    _("Your current contract"),
    contract_choices,
    index=contract_choices.index(contract),
    key="compare_current",
    help=_("Savings are shown against it"),
)
state[keys.CURRENT_CONTRACT] = None if contract == NO_CONTRACT else contract
current = state[keys.CURRENT_CONTRACT]
keys.save_workspace()  # now, before the slow part: a reload during it keeps the change

chosen = keys.compared_tariffs()
if not chosen:
    st.info(_("Choose at least one tariff to compare."))
    st.stop()

chosen, refused = data.priceable(loaded, chosen)
for message in refused:
    st.warning(_("Not compared: {reason}").format(reason=md(message)))
if not chosen:
    st.info(_("No chosen tariff can be priced on this log."))
    st.stop()
if current not in {t.name for t in chosen}:
    current = None
ranked = None
with section(_("The comparison")):
    profile = data.traffic(loaded.key, loaded.prepared)
    summaries = data.summaries(loaded, chosen)
    ranked = sorted(summaries, key=lambda s: s.total)
    months = [tables.month_label(m) for m in profile.months]
    st.markdown(
        _(
            "Call log **{log}**: {records} records priced, {rejected} rejected (charged by no tariff); "
            "{answered} answered calls, {minutes} talk minutes; months {months}."
        ).format(
            log=md(nav.log_name(loaded.name)),
            records=format_number(profile.records),
            rejected=format_number(profile.rejected),
            answered=format_number(profile.answered_voice),
            minutes=format_number(profile.talk_minutes, 1),
            months=", ".join(months) or "-",
        )
    )
    if len({s.currency for s in summaries}) > 1:
        st.warning(
            _("These tariffs invoice in different currencies; totals are ranked as plain numbers, not converted.")
        )

    for message in tables.unrated_warnings(ranked):  # before the headline, which may rest on them
        st.warning(md(message), icon=":material/warning:")

    cheapest, dearest = ranked[0], ranked[-1]
    # The answer first, the offer's whole name on its own line (a metric's value would cut it).
    st.markdown("#### " + _("Cheapest: {offer}").format(offer=md(cheapest.name)))
    head = st.columns(3)
    head[0].metric(
        _("Its total"),
        tables.money(cheapest.total, cheapest),
        help=ngettext(
            "Leaves out {count} record its rate deck could not rate",
            "Leaves out {count} records its rate deck could not rate",
            cheapest.unrated,
        ).format(count=format_number(cheapest.unrated))
        if cheapest.unrated
        else None,
    )
    if current is not None:
        contract_summary = next(s for s in summaries if s.name == current)
        saving = tables.saving(contract_summary, ranked)
        head[1].metric(
            _("Saving vs {offer}").format(offer=md(current)),
            tables.money(saving.amount, contract_summary),
            delta=saving.phrase,
            delta_color="normal" if saving.amount else "off",
            delta_arrow="off",
            help=_("What switching from the current contract to the cheapest offer in its currency saves on this log"),
        )
    else:
        head[1].metric(
            _("Spread, dearest minus cheapest"),
            tables.money(dearest.total - cheapest.total, cheapest),
            help=_("Mark your current contract above to see your own saving"),
        )
    head[2].metric(_("Offers compared"), format_number(len(ranked)))

    # One static HTML table (every value HTML-escaped): a Markdown cell per value cost the browser far more.
    ranking = tables.comparison_table(summaries, current)
    st.html(tables.html_table(ranking, text_columns=(_("Tariff"),), mark_first=True))
    st.caption(
        _(
            "Ranked from the cheapest. *vs cheapest* is how much more each offer costs; *per actual minute* divides "
            "the total, every fee included, by the minutes really talked; *rounding overhead* is what billing "
            "increments add over per-second billing at the same rates."
        )
    )

if ranked is None:
    st.stop()
summaries = ranked  # every chart lists the offers cheapest first
groups = data.offer_groups(chosen)
by_group = compare_charts.split_by_group(summaries, groups)
by_name = {t.name: t for t in chosen}
with section(_("The charts")):
    group = next(iter(by_group))
    if len(by_group) > 1:
        # Carriers bill cents, staffing offers pay people: one scale for both flattens the carriers.
        if state.get("compare_group") not in by_group:
            state["compare_group"] = groups[cheapest.name]
        group = st.segmented_control(
            _("Offers in the charts"),
            list(by_group),
            format_func=lambda g: _("{group} ({count})").format(
                group=charts.group_title(g), count=format_number(len(by_group[g]))
            ),
            key="compare_group",
            required=True,
            help=_(
                "Telephony: carriers, platforms and per-use channels. Staffing and outsourcing: offers that pay "
                "agents (team hours, per handled call or minute). Each group is drawn on its own scale."
            ),
        )
    shown = by_group[group]
    scope = group if len(by_group) > 1 else None
    shown_texts = data.tariff_texts([by_name[s.name] for s in shown])
    more = [c for c in compare_charts.COMPARE_CHARTS if c.key not in compare_charts.DEFAULT_COMPARE_CHARTS]
    picked = st.pills(
        _("More charts"),
        [c.key for c in more],
        selection_mode="multi",
        format_func=lambda key: _(next(c.label for c in compare_charts.COMPARE_CHARTS if c.key == key)),
        key="compare_more_charts",
        help=_("Each chart is drawn when you pick it"),
    )
    drawn = [
        c for c in compare_charts.COMPARE_CHARTS if c.key in compare_charts.DEFAULT_COMPARE_CHARTS or c.key in picked
    ]
    for row in range(0, len(drawn), 2):
        for chart, column in zip(drawn[row : row + 2], st.columns(2), strict=False):
            with column:
                # Cached per log, offers, contract and chart for every session (ui.data.compare_figure).
                figure = data.compare_figure(
                    loaded.key, shown_texts, current, tuple(names), chart.key, scope, shown, colors
                )
                st.plotly_chart(figure, key=f"compare_chart_{chart.key}")
                st.caption(_(chart.explanation))

with section(_("The detailed figures")):
    # Lazy: the four tables are built and sent only while the expander is open (a lighter page to load).
    every_figure = st.expander(_("Every figure"), key="compare_every_figure", on_change="rerun")
    if every_figure.open:
        with every_figure:
            st.markdown("**" + _("Month by month") + "**")
            st.dataframe(tables.months_table(summaries), hide_index=True, width="stretch")
            st.markdown("**" + _("Month by month, by kind of component") + "**")
            st.dataframe(tables.months_by_kind_table(summaries), hide_index=True, width="stretch")
            st.markdown("**" + _("By component") + "**")
            st.dataframe(tables.components_table(summaries), hide_index=True, width="stretch")
            st.markdown(_("**Savings: choosing the row's offer instead of the column's** (negative: it costs more)"))
            st.dataframe(tables.savings_matrix(summaries), hide_index=True, width="stretch")

st.subheader(_("Downloads"))
down = st.columns(3)
down[0].download_button(
    _("Summary (CSV)"),
    tables.summary_csv(summaries),
    file_name="tariff_comparison.csv",
    mime="text/csv",
    key="compare_summary_csv",
    on_click="ignore",  # a download needs no new run: a run would drop the other downloads' files
    icon=":material/download:",
)
down[1].download_button(
    _("Per-record pricing (CSV)"),
    in_this_language(lambda: data.per_record_csv(loaded, chosen)),
    file_name="per_record_pricing.csv",
    mime="text/csv",
    key="compare_records_csv",
    on_click="ignore",  # a download needs no new run: a run would drop the other downloads' files
    icon=":material/download:",
    help=_(
        "Every record with its usage charge under each tariff ({places} decimals; fixed fees belong to no record)"
    ).format(places=RECORD_DECIMALS),
)
down[2].download_button(
    _("Report (HTML)"),
    in_this_language(  # Streamlit builds it when clicked, off this run: the language is handed over
        lambda: report.html_report(
            nav.log_name(loaded.name),
            profile,
            summaries,
            chosen,
            data.report_figures(loaded, chosen, summaries, current, colors),
            current,
        ).encode("utf-8")
    ),
    file_name="tariff_comparison_report.html",
    mime="text/html",
    key="compare_report_html",
    on_click="ignore",  # a download needs no new run: a run would drop the other downloads' files
    icon=":material/download:",
    help=_("One self-contained file with the tables, the charts and the tariff definitions; opens offline"),
)

with section(_("The per-call table")):
    st.subheader(_("Per call"))
    # Lazy, like "Every figure": every record is priced and the grid sent only while it is open (a lighter page).
    every_call = st.expander(
        _("Every call, with its charge under each offer"), key="compare_every_call", on_change="rerun"
    )
    if every_call.open:
        with every_call:
            every = _("Every offer")
            filters = st.columns([1, 2])
            offer = filters[0].selectbox(
                _("Offer"),
                [every, *(t.name for t in chosen)],
                key="compare_calls_offer",
                help=_("One offer: its charge, on the records it charges"),
            )
            search = filters[1].text_input(
                _("Search the number called or the agent"),
                key="compare_calls_search",
                placeholder=_("e.g. +3902 or agent-07 (any part, any case)"),
            )
            with st.spinner(_("Pricing every call..."), show_time=True):
                charges = {
                    t.name: data.record_charges(loaded.key, data.tariff_text(t), loaded.prepared, t) for t in chosen
                }
                calls, matched = tables.per_call_table(
                    loaded.prepared.log.records, charges, None if offer == every else offer, search
                )
            shown_count = _("{shown} of {count} shown").format(
                shown=format_number(len(calls)), count=format_number(matched)
            )
            if matched != loaded.prepared.records:
                shown_count += " " + _("({count} records in the log)").format(
                    count=format_number(loaded.prepared.records)
                )
            st.caption(
                shown_count
                + _(
                    ". Usage charges, exact to {places} places; fixed fees belong to no call. "
                    "The per-record CSV above holds every record."
                ).format(places=RECORD_DECIMALS)
            )
            if not matched:
                st.info(md(tables.why_no_calls(None if offer == every else offer, search)))
            st.dataframe(calls, hide_index=True, width="stretch")
