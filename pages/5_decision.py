"""Decision: the current contract against each proposal, month by month, with the risk, and a page for a manager."""

from datetime import date

import streamlit as st

from calc import InputError
from calc.decision import COST_TIE_PERCENT, VOLUME_SWING
from calc.i18n import _, current_language, format_number, format_percent, ngettext
from ui import charts, data, decision_charts, decision_tables, nav, pdf_report, report
from ui import state as keys
from ui.i18n import in_this_language, setup_language
from ui.safe import md, section

setup_language()  # first: the page title speaks it
st.set_page_config(page_title=_("Decision · Tariff Compare"), page_icon=":telephone_receiver:", layout="wide")
keys.init_state()
nav.sidebar()
state = st.session_state
language = current_language()

st.title(_("Decision"))
loaded = nav.log_or_stop()

chosen = keys.compared_tariffs()
if not chosen:
    st.info(_("No offer is in the comparison: choose the offers on the Compare page."))
    st.page_link("pages/2_compare.py", label=_("Choose offers"), icon=":material/arrow_back:")
    st.stop()
chosen, refused = data.priceable(loaded, chosen)
for message in refused:
    st.warning(_("Not compared: {reason}").format(reason=md(message)))
if not chosen:
    st.info(_("No chosen offer can be priced on this log."))
    st.stop()
names = [t.name for t in chosen]
colors = charts.tariff_colors([t.name for t in state[keys.TARIFFS]])

contract_col, lock_col = st.columns([1, 2])
NONE = "(none)"  # not user text: the key of "no contract", shown translated
choices = [NONE, *names]


def mark_contract() -> None:
    chosen_contract = state["decision_contract"]
    state[keys.CURRENT_CONTRACT] = None if chosen_contract == NONE else chosen_contract


# The mark is the session's (Compare sets it too): the widget shows it, a change in the widget sets it.
state["decision_contract"] = state[keys.CURRENT_CONTRACT] if state[keys.CURRENT_CONTRACT] in names else NONE
contract_col.selectbox(
    _("Your current contract"),
    choices,
    format_func=lambda choice: _("(none)") if choice == NONE else choice,
    key="decision_contract",
    on_change=mark_contract,
    help=_("Every offer is compared with it; the same mark as on the Compare page"),
)
current = state[keys.CURRENT_CONTRACT] if state[keys.CURRENT_CONTRACT] in names else None
locked = lock_col.multiselect(
    _("Offers with a lock-in (they cannot be changed month by month)"),
    names,
    key="decision_locked",
    placeholder=_("None: every offer can be changed monthly"),
    help=_("The month-by-month plan switches between the other offers and your contract"),
)
candidates = tuple(name for name in names if name not in locked) if locked else None

decision = None
with section(_("The decision")):
    decision = data.decision(loaded.key, data.tariff_texts(chosen), current, candidates, loaded.prepared, chosen)
if decision is None:
    st.stop()

if not decision.contract_marked:
    st.info(
        _(
            "No current contract is marked: every offer is compared with the cheapest, **{offer}**. "
            "Mark yours above to see what changing would save you."
        ).format(offer=md(decision.contract))
    )
if decision.left_out:
    st.warning(
        _("Not compared, because they invoice in another currency than {currency}: {offers}").format(
            currency=md(decision.currency), offers=", ".join(md(name) for name in decision.left_out)
        )
    )
for offer in decision.offers:
    if offer.unrated:
        st.warning(
            ngettext(
                "{offer} could not rate {count} record: its rate deck has no row for its destination, "
                "so its total leaves it out.",
                "{offer} could not rate {count} records: its rate deck has no row for their destinations, "
                "so its total leaves them out.",
                offer.unrated,
            ).format(offer=md(offer.name), count=format_number(offer.unrated)),
            icon=":material/warning:",
        )

winner, base = decision.winner, decision.contract_offer
st.success("**{}**".format(_("Recommended: {offer}").format(offer=md(winner.name))), icon=":material/verified:")
head = st.columns(3)
head[0].metric(
    _("Saving vs {offer}").format(offer=md(base.name)),
    decision_tables.amount(winner.saving, decision, sign=True),
    help=ngettext(
        "Over the log's {count} month: the contract's total minus the recommended offer's",
        "Over the log's {count} months: the contract's total minus the recommended offer's",
        len(decision.months),
    ).format(count=len(decision.months)),
)
head[1].metric(
    _("Per year (projected)"),
    decision_tables.amount(winner.yearly_saving, decision, sign=True),
    help=_("Projected as {method}").format(method=md(decision_tables.projection(decision))),
)
head[2].metric(
    _("Switching month by month saves"),
    decision_tables.amount(decision.switching_total, decision),
    help=_("Against {offer}, if the contracts allow changing every month").format(offer=md(decision.contract)),
)
st.markdown("  \n".join(md(line) for line in decision_tables.headline(decision)[1:]))

st.subheader(_("Ranking: cost first, risk second"))
st.dataframe(decision_tables.ranking_table(decision), hide_index=True, width="stretch")
st.caption(
    _(
        "Offers within {tie} of the cheapest total count as equal on cost; among them the one whose bill moves "
        "least with volume comes first, and every other offer follows by total. *Range at ±{swing} volume* is the "
        "total with {swing} fewer and {swing} more calls a month (the What if page's scenario engine, seed 0); the "
        "percentage is that range over the total as logged. *Median* and *95th percentile month* are the offer's "
        "monthly invoice minus the contract's (negative: cheaper): the middle month, and the month at nearest rank "
        "ceil(0.95 x months)."
    ).format(tie=format_percent(COST_TIE_PERCENT / 100, 0), swing=format_percent(VOLUME_SWING, 0))
)

with section(_("The charts")):
    left, right = st.columns(2)
    with left:
        st.plotly_chart(decision_charts.decision_monthly_bills(decision, colors), key="decision_chart_bills")
        st.caption(
            _(
                "Each month's invoice of the contract (dashed black) and of the first five offers of the ranking; "
                "the month table below has every offer."
            )
        )
    with right:
        st.plotly_chart(decision_charts.decision_monthly_savings(decision, colors), key="decision_chart_savings")
        st.caption(
            _(
                "What the first five offers of the ranking save against the contract each month (below zero: they "
                "cost more); the dotted line is what changing to the cheapest offer every month would save."
            )
        )

st.subheader(_("Month by month"))
st.dataframe(decision_tables.months_table(decision), hide_index=True, width="stretch")
st.caption(
    _("Amounts in {currency}. *vs contract*: the offer's invoice minus the contract's.").format(
        currency=md(decision.currency)
    )
)
with st.expander(_("By kind of component"), expanded=False):
    st.dataframe(decision_tables.components_table(decision), hide_index=True, width="stretch")
    st.caption(_("Each part is its exact sum rounded half up, so parts may differ from the invoice by a minor unit."))

st.subheader(_("The cheapest offer each month"))
st.dataframe(decision_tables.switching_table(decision), hide_index=True, width="stretch")
st.caption(
    _(
        "Changing offer every month is only possible where contracts allow it (no lock-in, no minimum term, no fee "
        "on changing, no set-up fee paid again): read this as the most that switching could save."
    )
)

st.subheader(_("Downloads"))
down = st.columns(2)
today = date.today().isoformat()
font, font_problem = None, None
try:
    font = pdf_report.find_font("".join(names))
except InputError as error:
    font_problem = str(error)
else:
    if font.missing:
        font_problem = _("some characters of the offers' names will be blank in the PDF: {help}").format(
            help=_(pdf_report.FONT_HELP)
        )
down[0].download_button(
    _("Decision report (PDF)"),
    in_this_language(  # the log's name too is written when clicked, off this run
        lambda: data.decision_pdf(
            loaded.key,
            data.tariff_texts(chosen),
            current,
            candidates,
            nav.log_name(loaded.name),
            today,
            tuple((name, colors[name]) for name in names),
            language,
            decision,
            chosen,
        )
    ),
    file_name="tariff_decision.pdf",
    mime="application/pdf",
    key="decision_report_pdf",
    on_click="ignore",  # a download needs no new run: a run would drop the other downloads' files
    icon=":material/download:",
    disabled=font_problem is not None and font is None,
    help=_(
        "One A4 page for a manager: the winner, the saving, the month table and three charts; "
        "an appendix with the definitions"
    ),
)
if font_problem:
    down[0].caption(md(font_problem))
profile = data.traffic(loaded.key, loaded.prepared)
down[1].download_button(
    _("Report (HTML)"),
    in_this_language(  # the captions and charts are built when clicked, off this run
        lambda: report.html_report(
            nav.log_name(loaded.name),
            profile,
            data.summaries(loaded, chosen),
            chosen,
            [
                (
                    decision_charts.decision_monthly_bills(decision, colors),
                    _("Each month's invoice; the dashed line is the contract."),
                ),
                (
                    decision_charts.decision_monthly_savings(decision, colors),
                    _(
                        "What each offer saves against the contract each month; the dotted line is switching "
                        "every month."
                    ),
                ),
            ],
            current,
            decision=decision,
            language=language,  # the download runs after the page: the language is handed over
        ).encode("utf-8")
    ),
    file_name="tariff_decision_report.html",
    mime="text/html",
    key="decision_report_html",
    on_click="ignore",  # a download needs no new run: a run would drop the other downloads' files
    icon=":material/download:",
    help=_("One self-contained file with the decision, the comparison and the tariff definitions; opens offline"),
)
