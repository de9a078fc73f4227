"""Decision: the current contract against each proposal, month by month, with the risk, and a page for a manager."""

from datetime import date

import streamlit as st

from calc import InputError
from calc.decision import COST_TIE_PERCENT
from ui import charts, data, decision_tables, nav, pdf_report, report
from ui import state as keys
from ui.safe import md, section

st.set_page_config(page_title="Decision · Tariff Compare", page_icon=":telephone_receiver:", layout="wide")
keys.init_state()
nav.sidebar()
state = st.session_state

st.title("Decision")
loaded = nav.log_or_stop()

chosen = keys.compared_tariffs()
if not chosen:
    st.info("No offer is in the comparison: choose the offers on the Compare page.")
    st.page_link("pages/2_compare.py", label="Choose offers", icon=":material/arrow_back:")
    st.stop()
chosen, refused = data.priceable(loaded, chosen)
for message in refused:
    st.warning(f"Not compared: {md(message)}")
if not chosen:
    st.info("No chosen offer can be priced on this log.")
    st.stop()
names = [t.name for t in chosen]
colors = charts.tariff_colors([t.name for t in state[keys.TARIFFS]])

contract_col, lock_col = st.columns([1, 2])
choices = ["(none)", *names]


def mark_contract() -> None:
    chosen_contract = state["decision_contract"]
    state[keys.CURRENT_CONTRACT] = None if chosen_contract == "(none)" else chosen_contract


# The mark is the session's (Compare sets it too): the widget shows it, a change in the widget sets it.
state["decision_contract"] = state[keys.CURRENT_CONTRACT] if state[keys.CURRENT_CONTRACT] in names else "(none)"
contract_col.selectbox(
    "Your current contract",
    choices,
    key="decision_contract",
    on_change=mark_contract,
    help="Every offer is compared with it; the same mark as on the Compare page",
)
current = state[keys.CURRENT_CONTRACT] if state[keys.CURRENT_CONTRACT] in names else None
locked = lock_col.multiselect(
    "Offers with a lock-in (they cannot be changed month by month)",
    names,
    key="decision_locked",
    help="The month-by-month plan switches between the other offers and your contract",
)
candidates = tuple(name for name in names if name not in locked) if locked else None

decision = None
with section("The decision"):
    decision = data.decision(loaded.key, data.tariff_texts(chosen), current, candidates, loaded.prepared, chosen)
if decision is None:
    st.stop()

if not decision.contract_marked:
    st.info(
        f"No current contract is marked: every offer is compared with the cheapest, **{md(decision.contract)}**. "
        "Mark yours above to see what changing would save you."
    )
if decision.left_out:
    st.warning(
        f"Not compared, because they invoice in another currency than {md(decision.currency)}: "
        + ", ".join(md(name) for name in decision.left_out)
    )
for offer in decision.offers:
    if offer.unrated:
        st.warning(
            f"{md(offer.name)} could not rate {offer.unrated:,} records: its rate deck has no row for their "
            "destinations, so its total leaves them out.",
            icon=":material/warning:",
        )

winner, base = decision.winner, decision.contract_offer
st.success(f"**Recommended: {md(winner.name)}**", icon=":material/verified:")
head = st.columns(3)
head[0].metric(
    f"Saving vs {md(base.name)}",
    decision_tables.amount(winner.saving, decision, sign=True),
    help=f"Over the log's {len(decision.months)} months: the contract's total minus the recommended offer's",
)
head[1].metric(
    "Per year (projected)",
    decision_tables.amount(winner.yearly_saving, decision, sign=True),
    help=f"Projected as {md(decision.projection)}",
)
head[2].metric(
    "Switching month by month saves",
    decision_tables.amount(decision.switching_total, decision),
    help=f"Against {md(decision.contract)}, if the contracts allow changing every month",
)
st.markdown("  \n".join(md(line) for line in decision_tables.headline(decision)[1:]))

st.subheader("Ranking: cost first, risk second")
st.dataframe(decision_tables.ranking_table(decision), hide_index=True, width="stretch")
st.caption(
    f"Offers within {COST_TIE_PERCENT}% of the cheapest total count as equal on cost; among them the one whose bill "
    "moves least with volume comes first, and every other offer follows by total. *Range at ±20% volume* is the "
    "total with 20% fewer and 20% more calls a month (the What if page's scenario engine, seed 0); the percentage "
    "is that range over the total as logged. *Median* and *95th percentile month* are the offer's monthly invoice "
    "minus the contract's (negative: cheaper): the middle month, and the month at nearest rank ceil(0.95 x months)."
)

with section("The charts"):
    left, right = st.columns(2)
    with left:
        st.plotly_chart(charts.decision_monthly_bills(decision, colors), key="decision_chart_bills")
        st.caption(
            "Each month's invoice of the contract (dashed black) and of the first five offers of the ranking; "
            "the month table below has every offer."
        )
    with right:
        st.plotly_chart(charts.decision_monthly_savings(decision, colors), key="decision_chart_savings")
        st.caption(
            "What the first five offers of the ranking save against the contract each month (below zero: they cost "
            "more); the dotted line is what changing to the cheapest offer every month would save."
        )

st.subheader("Month by month")
st.dataframe(decision_tables.months_table(decision), hide_index=True, width="stretch")
st.caption(f"Amounts in {md(decision.currency)}. *vs contract*: the offer's invoice minus the contract's.")
with st.expander("By kind of component", expanded=False):
    st.dataframe(decision_tables.components_table(decision), hide_index=True, width="stretch")
    st.caption("Each part is its exact sum rounded half up, so parts may differ from the invoice by a minor unit.")

st.subheader("The cheapest offer each month")
st.dataframe(decision_tables.switching_table(decision), hide_index=True, width="stretch")
st.caption(
    "Changing offer every month is only possible where contracts allow it (no lock-in, no minimum term, no fee on "
    "changing, no set-up fee paid again): read this as the most that switching could save."
)

st.subheader("Downloads")
down = st.columns(2)
today = date.today().isoformat()
font_problem = None
try:
    font = pdf_report.find_font("".join(names))
except InputError as error:
    font_problem = str(error)
else:
    if font.missing:
        font_problem = f"some characters of the offers' names will be blank in the PDF: {pdf_report.FONT_HELP}"
down[0].download_button(
    "Decision report (PDF)",
    lambda: data.decision_pdf(
        loaded.key,
        data.tariff_texts(chosen),
        current,
        candidates,
        loaded.name,
        today,
        tuple((name, colors[name]) for name in names),
        decision,
        chosen,
    ),
    file_name="tariff_decision.pdf",
    mime="application/pdf",
    key="decision_report_pdf",
    icon=":material/download:",
    disabled=font_problem is not None and not font_problem.startswith("some"),
    help="One A4 page for a manager: the winner, the saving, the month table and three charts; "
    "an appendix with the definitions",
)
if font_problem:
    down[0].caption(md(font_problem))
profile = data.traffic(loaded.key, loaded.prepared)
down[1].download_button(
    "Report (HTML)",
    lambda: report.html_report(
        loaded.name,
        profile,
        data.summaries(loaded, chosen),
        chosen,
        [
            (charts.decision_monthly_bills(decision, colors), "Each month's invoice; the dashed line is the contract."),
            (
                charts.decision_monthly_savings(decision, colors),
                "What each offer saves against the contract each month; the dotted line is switching every month.",
            ),
        ],
        current,
        decision=decision,
    ).encode("utf-8"),
    file_name="tariff_decision_report.html",
    mime="text/html",
    key="decision_report_html",
    icon=":material/download:",
    help="One self-contained file with the decision, the comparison and the tariff definitions; opens offline",
)
