"""The What-if page's team sizing figures: peak agents, agent-hours and their cost, the week chart, its caption."""

from __future__ import annotations

import streamlit as st

from calc import Staffing, Tariff
from calc.i18n import _, format_number
from ui import charts, tables, whatif
from ui.safe import md


def staffing_figures(sized: Staffing, settings: whatif.Settings, tariffs: list[Tariff]) -> None:
    """The team sizing's metrics, week chart and caption; the agent-hours priced under the first team offer."""
    figures = st.columns(3)
    figures[0].metric(_("Peak agents (scheduled)"), format_number(sized.peak_agents))
    figures[1].metric(_("Agent-hours"), format_number(sized.agent_hours, 1))
    teams = [t for t in tariffs if any(c.type == "hourly_team" for c in t.components)]
    if teams:
        team = teams[0]
        figures[2].metric(
            _("Paid at a team's hourly rate"),  # the offer's name in the help: a metric's label cuts it
            tables.money_text(sized.cost_under(team), team.currency),
            help=_("The agent-hours above paid at the hourly_team rate of {offer}").format(offer=md(team.name)),
        )
    st.plotly_chart(charts.staffing_week(sized.intervals, sized.interval_minutes), key="whatif_staffing_week")
    st.caption(
        _(
            "Erlang C: agents to answer {service_level} of calls within {seconds} s with occupancy at most "
            "{occupancy}, plus {shrinkage} shrinkage (breaks, training). Each slot of the week shows the most any "
            "week of the log needs; handle time is talk time."
        ).format(
            service_level=whatif.share_text(settings.service_level),
            seconds=whatif.value_text(settings.answer_within_s),
            occupancy=whatif.share_text(settings.max_occupancy),
            shrinkage=whatif.share_text(settings.shrinkage),
        )
    )
