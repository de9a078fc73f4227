"""What if: scenarios on the log, cost curves and crossovers, break-even, team sizing, the best mixed team."""

import shlex

import pandas as pd
import streamlit as st

from calc import InputError, numeric_fields
from calc.i18n import _, data_text, format_number, ngettext
from ui import charts, data, nav, tables, whatif, whatif_data, whatif_staffing
from ui import state as keys
from ui import whatif_demos as demos
from ui.i18n import setup_language
from ui.progress import LateProgress
from ui.safe import md, section

setup_language()  # first: the page title speaks it
st.set_page_config(page_title=_("What if · Tariff Compare"), page_icon=":telephone_receiver:", layout="wide")
keys.init_state()
log_slot = nav.sidebar()
state = st.session_state
DEMOS = whatif.load_demos(keys.ROOT / "data" / "demos")


# Coming back to the page: the settings it had. First visit: the link's query parameters, else the defaults.
if "whatif_volume" not in state:
    if "whatif_settings" in state:
        demos.put(state["whatif_settings"])
    else:
        settings, problem = whatif.from_query(st.query_params.to_dict())
        demos.put(settings)
        if problem:
            state["whatif_flash_warning"] = md(problem)

if state.get("whatif_open_demo"):  # confirmed in the dialog
    demo_key = state.pop("whatif_open_demo")  # once: inside the generator it ran out after the first demo
    demos.open_demo(next(d for d in DEMOS if d.key == demo_key))
    st.rerun()  # the sidebar was drawn for the workspace before

st.title(_("What if"))
st.caption(
    _(
        "Change the traffic and see how each offer's bill moves; find where offers cross, the price at which one "
        "matches another, and the team your calls need. The link in the address bar reopens this view."
    )
)
st.markdown(_("**Demo stories** (each loads a sample log, its offers and settings):"))
demo_columns = st.columns(2)  # two per row: a story's title is read in full
for number, demo in enumerate(DEMOS):
    demo_columns[number % 2].button(
        data_text(demo.title), key=f"whatif_demo_{demo.key}", on_click=demos.start_demo, args=(demo,), width="stretch"
    )
if state.get("whatif_ask_demo"):
    demos.ask_demo(next(d for d in DEMOS if d.key == state["whatif_ask_demo"]))
# Messages that come and go live in containers drawn on every run: an element that appears before the
# controls would move them, and the browser would then draw a new slider beside the one still taking keys.
with st.container():
    if state.get("whatif_flash"):
        st.info(state.pop("whatif_flash"))  # not user text: a key; the message was translated when stored
    if state.get("whatif_flash_warning"):
        st.warning(state.pop("whatif_flash_warning"))  # not user text: a key; translated when stored

with st.container():
    loaded = nav.log_or_stop(log_slot)
    tariffs, refused = data.priceable(loaded, keys.compared_tariffs())
    for message in refused:
        st.warning(_("Left out: {reason}").format(reason=message))
if not tariffs:
    st.warning(_("No tariff to work with: add some on the Tariffs page or choose them on the Compare page."))
    st.stop()
names = [t.name for t in tariffs]
by_name = dict(zip(names, tariffs, strict=True))
colors = charts.tariff_colors([t.name for t in state[keys.TARIFFS]])
st.markdown(
    ngettext(
        "Log **{log}** ({records} records); {count} offer: {offers}.",
        "Log **{log}** ({records} records); {count} offers: {offers}.",
        len(tariffs),
    ).format(
        log=md(nav.log_name(loaded.name)),
        records=format_number(loaded.prepared.records),
        count=format_number(len(tariffs)),
        offers=md(", ".join(names)),
    )
)


# A spinner above the tabs shows whatever tab is open while any section works (after half a second);
# it is transient, so it never moves the controls.
working = st.container()
scenario_tab, curves_tab, breakeven_tab, staffing_tab, team_tab, file_tab = st.tabs(
    [
        _("Scenario"),
        _("Curves and crossovers"),
        _("Break-even"),
        _("Team sizing"),
        _("Best mixed team"),
        _("Save or load"),
    ],
    key="whatif_tab",
    on_change="rerun",  # only the open tab's calculations run (each tab's `.open`); every control is drawn
)

with scenario_tab:
    with section(_("The scenario")):
        controls = st.columns(4)
        controls[0].select_slider(
            _("Volume"),
            whatif.VOLUME_CHOICES,
            key="whatif_volume",
            format_func=lambda v: _("x{factor}").format(factor=whatif.value_text(v)),
            help=_("Records per month relative to the log; the daily and hourly shape is kept"),
        )
        controls[1].slider(
            _("Call length"),
            *whatif.RANGES["duration_factor"],
            step=0.05,
            key="whatif_duration_factor",
            format="x%.2f",  # not user text: a format code (Streamlit's slider cannot show the locale's)
            help=_("Multiplies the talk time of answered calls"),
        )
        controls[2].slider(
            _("Add to every call [s]"),
            *whatif.RANGES["duration_shift_s"],
            step=5.0,
            key="whatif_duration_shift",
            help=_("Seconds added after the multiplier; calls never go below 0"),
        )
        with controls[3]:
            st.checkbox(_("Change the answer rate"), key="whatif_answer_on")
            st.slider(
                _("Answered share"),
                *whatif.RANGES["answer_rate"],
                step=0.01,
                key="whatif_answer_rate",
                disabled=not state["whatif_answer_on"],
            )
            st.number_input(
                _("Seed"),
                min_value=whatif.RANGES["seed"][0],
                max_value=whatif.RANGES["seed"][1],
                step=1,
                key="whatif_seed",
                help=_("Same seed, same scenario log"),
            )
        settings = demos.current()
        scenario = settings.scenario()  # the settings' ranges are the widgets': always a valid scenario
        if scenario_tab.open:  # priced only while its tab is open
            try:
                pricing = ngettext(
                    "Pricing {count} offer on the scenario...",
                    "Pricing {count} offers on the scenario...",
                    len(tariffs),
                ).format(count=format_number(len(tariffs)))
                with working.spinner(pricing, show_time=True):
                    base = data.summaries(loaded, tariffs)
                    changed = whatif_data.scenario_summaries(
                        loaded.key, data.tariff_texts(tariffs), scenario, loaded.prepared, tariffs
                    )
            except InputError as error:
                st.error(md(error))
            else:
                rows = []
                for before, after in zip(base, changed, strict=True):
                    rate = after.effective_rate_per_minute
                    rows.append(
                        {
                            _("Tariff"): before.name,
                            _("On the log"): tables.money_text(before.total, before.currency, before.decimals),
                            _("In the scenario"): tables.money_text(after.total, after.currency, after.decimals),
                            _("Change"): tables.money_text(
                                after.total - before.total, after.currency, after.decimals, sign=True
                            ),
                            _("Per actual minute"): "-" if rate is None else tables.money_text(rate, after.currency, 4),
                        }
                    )
                rows.sort(key=lambda row: next(s.total for s in changed if s.name == row[_("Tariff")]))
                st.markdown(
                    _("**Scenario:** {scenario}. Cheapest first:").format(
                        scenario=scenario.describe() or _("the log as it is")
                    )
                )
                table = pd.DataFrame(rows)
                # st.table renders Markdown: the names escaped; the amounts are Babel's (digits, signs, a symbol) and
                # keep the locale's no-break space before the symbol, which escaping would turn into a plain one
                table[_("Tariff")] = table[_("Tariff")].map(md)
                st.table(table)
                totals = charts.totals_bar(changed, colors)
                if not scenario.changes_nothing:  # the chart's own title speaks of the log
                    totals.update_layout(
                        title_text=_("Total for the scenario: {scenario}").format(scenario=scenario.describe())
                    )
                st.plotly_chart(totals, key="whatif_scenario_totals")
                st.caption(
                    _(
                        "Every scenario is re-priced by the same engine as the comparison, so bundles, tiers, minimums "
                        "and team coverage behave as they would on such traffic."
                    )
                )

with breakeven_tab:
    with section(_("The break-even")):
        st.markdown(
            _("Break-even **{applies_to}** (set on the Scenario tab).").format(
                applies_to=md(whatif.applies_to(scenario))
            )
        )
        if state["whatif_target"] not in names:
            state["whatif_target"] = names[0]
        if state["whatif_vary"] not in names:
            state["whatif_vary"] = names[1] if len(names) > 1 else names[0]
        pick = st.columns(3)
        pick[0].selectbox(_("Match the total of (A)"), names, key="whatif_target")
        pick[1].selectbox(_("By changing offer (B)"), names, key="whatif_vary")
        varied = by_name[state["whatif_vary"]]
        fields = numeric_fields(varied)
        if len(names) < 2:
            st.info(
                _("Break-even needs two offers; only {offer} is compared. Choose more on the Compare page.").format(
                    offer=md(names[0])
                )
            )
        elif state["whatif_target"] == state["whatif_vary"]:
            st.info(_("A and B are the same offer: choose another offer for A or for B."))
        elif not fields:
            st.info(_("{offer} has no price field to change.").format(offer=md(varied.name)))
        else:
            if state["whatif_field"] not in fields:
                state["whatif_field"] = fields[0]
            pick[2].selectbox(
                _("Its field"), fields, key="whatif_field", help=_("COMPONENT_LABEL.FIELD, as in the command line")
            )
            if breakeven_tab.open:  # solved only while its tab is open
                target = by_name[state["whatif_target"]]
                try:
                    with working.spinner(_("Solving the break-even (each try prices the offer)..."), show_time=True):
                        solved = whatif_data.solve_break_even(
                            loaded.key,
                            scenario,
                            data.tariff_text(target),
                            data.tariff_text(varied),
                            state["whatif_field"],
                            loaded.prepared,
                            target,
                            varied,
                        )
                except InputError as error:
                    st.error(md(error))
                else:
                    result = st.columns(3)
                    result[0].metric(
                        _("Break-even value"), "-" if solved.value is None else format_number(solved.value)
                    )
                    result[1].metric(_("Now"), format_number(solved.current_value))
                    result[2].metric(
                        _("{offer} at that value").format(offer=md(varied.name)),
                        "-"
                        if solved.total_at_value is None
                        else tables.money_text(solved.total_at_value, solved.currency),
                        help=_("{offer} costs {total} {applies_to}").format(
                            offer=md(target.name),
                            total=tables.money_text(solved.target_total, solved.currency),
                            applies_to=md(whatif.applies_to(scenario)),
                        ),
                    )
                    (st.success if solved.reachable else st.warning)(md(solved.message))
                    st.caption(
                        _("Command line:")
                        if scenario.changes_nothing
                        else _("Command line (it answers for the log as it is; scenarios are on this page only):")
                    )
                    command = ["python", "-m", "calc", "breakeven", "CALLS", "TARIFF_FILE"]  # not user text
                    command += ["--target", target.name, "--vary", varied.name]  # not user text
                    command += ["--field", state["whatif_field"], "--json"]  # not user text
                    # quoted for the shell: a component's label may hold a space ("handled calls.fee")
                    st.code(shlex.join(command), language="bash")

with staffing_tab:
    with section(_("Team sizing")):
        staff_controls = st.columns(5)
        staff_controls[0].selectbox(_("Interval [min]"), (15, 30, 60), key="whatif_interval", format_func=format_number)
        staff_controls[1].slider(
            _("Service level"),
            *whatif.RANGES["service_level"],
            step=0.01,
            key="whatif_service_level",
            help=_("The share of calls answered within the time at the right (0.80: 80 calls in 100)"),
        )
        low, high = whatif.RANGES["answer_within_s"]
        staff_controls[2].number_input(
            _("Answered within [s]"), min_value=low, max_value=high, step=5.0, key="whatif_answer_within"
        )
        staff_controls[3].slider(
            _("Shrinkage"),
            *whatif.RANGES["shrinkage"],
            step=0.01,
            key="whatif_shrinkage",
            help=_("The share of paid time off the phones: breaks, training, meetings"),
        )
        staff_controls[4].slider(
            _("Max occupancy"),
            *whatif.RANGES["max_occupancy"],
            step=0.01,
            key="whatif_max_occupancy",
            help=_("The highest share of their time agents spend on calls"),
        )
        settings = demos.current()
        st.markdown(
            _("Team sizing **{applies_to}** (set on the Scenario tab).").format(
                applies_to=md(whatif.applies_to(scenario))
            )
        )
        if staffing_tab.open:  # sized only while its tab is open
            nothing_to_staff = whatif.why_no_team(loaded.prepared)
            if nothing_to_staff:
                st.info(md(nothing_to_staff))
            else:
                try:
                    with working.spinner(_("Sizing the team interval by interval (Erlang C)..."), show_time=True):
                        sized = whatif_data.staffing(
                            loaded.key,
                            scenario,
                            settings.interval,
                            settings.service_level,
                            settings.answer_within_s,
                            settings.shrinkage,
                            settings.max_occupancy,
                            loaded.prepared,
                        )
                except InputError as error:
                    st.error(md(error))
                else:
                    if not sized.intervals["calls"].any():  # the log has answered inbound calls; the scenario none
                        st.info(
                            _(
                                "Team sizing needs answered inbound calls; the scenario ({scenario}) leaves none. "
                                "Raise the answered share on the Scenario tab."
                            ).format(scenario=md(scenario.describe()))
                        )
                    else:
                        whatif_staffing.staffing_figures(sized, settings, tariffs)


with team_tab:
    with section(_("The best mixed team")):
        mixed = [t.name for t in tariffs if t.covering_team is not None]
        if not mixed:
            st.info(
                _(
                    "No offer here has a team that handles calls (an hourly_team with covers_calls). "
                    "Load the help-desk demo."
                )
            )
        else:
            if state["whatif_team"] not in mixed:
                state["whatif_team"] = mixed[0]
            st.selectbox(_("Mixed offer"), mixed, key="whatif_team")
            if team_tab.open:  # every team size priced: only while its tab is open
                chosen = by_name[state["whatif_team"]]
                try:
                    with LateProgress(working.container()) as progress:
                        table, best = whatif_data.sweep(
                            loaded.key, scenario, data.tariff_text(chosen), loaded.prepared, chosen, progress
                        )
                except InputError as error:
                    st.error(md(error))
                else:
                    st.plotly_chart(
                        charts.team_sweep_curve(table, best.agents, chosen.name, chosen.currency),
                        key="whatif_team_sweep",
                    )
                    cheapest = ngettext(
                        "Cheapest with **{count} agent** {applies_to}: {total}",
                        "Cheapest with **{count} agents** {applies_to}: {total}",
                        best.agents,
                    ).format(
                        count=format_number(best.agents),
                        applies_to=md(whatif.applies_to(scenario)),
                        total=tables.money_text(best.total, chosen.currency),
                    )
                    overflow = ngettext(
                        "{count} call overflows to usage billing.",
                        "{count} calls overflow to usage billing.",
                        best.overflow_calls,
                    ).format(count=format_number(best.overflow_calls))
                    st.success(_("{cheapest}, {overflow}").format(cheapest=cheapest, overflow=overflow))
                    st.caption(
                        _(
                            "The offer priced at every team size from none to the most calls ever in progress, on the "
                            "scenario's log when a scenario is set."
                        )
                    )

with file_tab:
    with section(_("Save or load")):
        settings = demos.current()
        st.download_button(
            _("Save this scenario (YAML)"),
            whatif.scenario_document(loaded.name, tariffs, settings),
            file_name="scenario.yaml",
            mime="application/yaml",
            key="whatif_save",
            icon=":material/download:",
            help=_("The log's name, the offers and every setting of this page"),
        )
        st.file_uploader(_("Load a scenario file"), type=["yaml", "yml"], key="whatif_load")
        if state.get("whatif_load") is not None:
            st.button(_("Load it"), key="whatif_load_button", on_click=demos.load_scenario)
        if state.get("whatif_confirm_scenario"):
            st.warning(
                _(
                    "**{file}** replaces the offers and settings of this workspace (and its log, when the file "
                    "names a bundled sample), your own changes included. Load it?"
                ).format(file=md(state["whatif_confirm_scenario"][0]))
            )
            yes, no = st.columns(2)
            yes.button(
                _("Load it and replace"),
                key="whatif_scenario_confirm",
                on_click=demos.answer_scenario,
                args=(True,),
                type="primary",
            )
            no.button(_("Keep my work"), key="whatif_scenario_cancel", on_click=demos.answer_scenario, args=(False,))
        if state.get("whatif_load_error"):
            st.error(state.pop("whatif_load_error"))  # not user text: a key; escaped and translated when stored

# The curves last: the slowest part (each point prices every offer); every other tab is ready first.
with curves_tab:
    with section(_("The curves")):
        if curves_tab.open:  # the slowest part: priced only while its tab is open
            with LateProgress(working.container()) as progress:
                volume, volume_crossings, duration, duration_crossings = whatif_data.curves(
                    loaded.key, data.tariff_texts(tariffs), settings.seed, loaded.prepared, tariffs, progress
                )
            here = whatif_data.curve_points(loaded.key, data.tariff_texts(tariffs), loaded.prepared, tariffs)
            if len(tariffs) < 2:
                st.info(
                    _("Crossings need two offers; only {offer} is compared. Choose more on the Compare page.").format(
                        offer=md(names[0])
                    )
                )
            left, right = st.columns(2)
            # the volume curve's first and last factors, for its caption and its sentence
            low = whatif_data.factor_text(whatif_data.VOLUME_FACTORS[0])
            high = whatif_data.factor_text(whatif_data.VOLUME_FACTORS[-1])
            with left:
                st.plotly_chart(
                    charts.cost_curve(volume, colors, volume_crossings, data.offer_groups(tariffs), here[0]),
                    key="whatif_volume_curve",
                )
                st.caption(
                    _(
                        "Mean monthly cost from x{low} to x{high} the log's volume (log scale). "
                        "Dotted lines: crossings."
                    ).format(low=low, high=high)
                )
                factors = whatif_data.volume_factors(loaded.prepared.records)
                if len(factors) < len(whatif_data.VOLUME_FACTORS):
                    st.info(
                        _(
                            "On this log of {records} records the curve stops at x{factor}: "
                            "a point prices at most {most} records."
                        ).format(
                            records=format_number(loaded.prepared.records),
                            factor=whatif_data.factor_text(factors[-1]),
                            most=format_number(whatif_data.MAX_WHATIF_RECORDS),
                        )
                    )
                for crossing in volume_crossings:
                    st.markdown(f"- {md(crossing.sentence)}")
                if not volume_crossings and len(tariffs) > 1:
                    st.markdown(
                        "- "
                        + _("No two offers cross between x{low} and x{high} this volume.").format(low=low, high=high)
                    )
            with right:
                st.plotly_chart(
                    charts.cost_curve(duration, colors, duration_crossings, data.offer_groups(tariffs), here[1]),
                    key="whatif_duration_curve",
                )
                st.caption(
                    _(
                        "Mean monthly cost as the mean call length goes from 10 s to 10 minutes. "
                        "Round-up billing hurts most on the left, where a call's rounding is a large share of it."
                    )
                )
                for crossing in duration_crossings:
                    st.markdown(f"- {md(crossing.sentence)}")
                if not duration_crossings and len(tariffs) > 1:
                    st.markdown("- " + _("No two offers cross between 10 s and 10 minutes."))

state[keys.WHATIF_SETTINGS] = demos.current()
st.query_params.from_dict({**whatif.to_query(state[keys.WHATIF_SETTINGS]), **keys.workspace_query()})
keys.save_workspace()
