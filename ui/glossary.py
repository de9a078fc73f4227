"""The words of the trade, each with a definition and a small worked example, in the user's language.

`entries()` is called at render time, so the text is in the run's language
(`calc.i18n`); the Glossary page draws them, and `link()` points to it from
the pages where the words appear.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from calc.i18n import _

__all__ = ["Entry", "entries", "link", "PAGE"]

PAGE = "pages/6_glossary.py"


@dataclass(frozen=True)
class Entry:
    """One word of the trade: an anchor id (the same in every language), its name, definition and example."""

    key: str
    term: str
    definition: str
    example: str


def entries() -> list[Entry]:
    """The glossary in the current language, in the order a buyer meets the words."""
    return [
        Entry(
            "60-60",
            _("60/60: per minute, every started minute billed"),
            _(
                "The first number is the minimum billed, the second the step after it, both in seconds. 60/60 "
                "bills a whole minute for any call up to 60 seconds and then whole minutes again: every call is "
                "rounded up to the next full minute."
            ),
            _(
                "A 61-second call at 0.05 EUR per minute is billed 2 minutes, 0.10 EUR; per second (1/1) it would "
                "cost 0.0508 EUR."
            ),
        ),
        Entry(
            "1-1",
            _("1/1: per-second billing"),
            _(
                "Every second of talk is billed, from the first: the bill follows the real duration and rounding "
                "costs nothing."
            ),
            _("A 61-second call at 0.06 EUR per minute costs 61 × 0.06 / 60 = 0.061 EUR."),
        ),
        Entry(
            "6-6",
            _("6/6: six-second billing"),
            _(
                "Calls are billed in steps of 6 seconds, from a first block of 6 seconds: at most 5 seconds per "
                "call are paid and not spoken."
            ),
            _("A 61-second call is billed 66 seconds: at 0.06 EUR per minute, 0.066 EUR."),
        ),
        Entry(
            "30-6",
            _("30/6: a first block of 30 seconds, then 6-second steps"),
            _(
                "The first 30 seconds are billed whatever the call's length, then every started 6 seconds. Common "
                "on mobile and international routes: many very short calls make it dear."
            ),
            _("A 10-second call is billed 30 seconds; a 61-second call 66 seconds."),
        ),
        Entry(
            "increment",
            _("Billing increment"),
            _(
                "The step in which a vendor measures a call's duration, written first/next in seconds (60/60, "
                "30/6, 6/6, 1/1). The larger the step, the more short calls pay for time nobody spoke: Tariff "
                "Compare shows this as the rounding cost."
            ),
            _(
                "10,000 calls of 61 seconds are 10,167 actual minutes; billed 60/60 they are 20,000 minutes, "
                "billed 6/6 11,000."
            ),
        ),
        Entry(
            "connection-fee",
            _("Connection fee"),
            _(
                "A fixed charge for each answered call, on top of the per-minute rate, whatever its length. With "
                "many short calls it can be the largest part of the bill."
            ),
            _("1,000 calls with a 0.02 EUR connection fee cost 20 EUR before the first minute is priced."),
        ),
        Entry(
            "monthly-fee",
            _("Monthly fee"),
            _(
                "A fixed amount per month, owed whatever the traffic: a line rental, a platform subscription, a "
                "number. Months without calls still pay it."
            ),
            _("A monthly fee of 100 EUR over a log of two months adds 200 EUR to the total."),
        ),
        Entry(
            "segment",
            _("Segment"),
            _(
                "A part of a call's duration with its own price: a flat fee for the first minutes, then a rate per "
                "minute, then another. The segments of a call are priced one after the other."
            ),
            _(
                "Segments 180: fee 0.22 and rest: 0.05 6/6: a 4-minute call pays 0.22 for its first 3 minutes and "
                "0.05 for the 60 seconds after them, 0.27 in all."
            ),
        ),
        Entry(
            "rate-deck",
            _("Rate deck"),
            _(
                "A carrier's price list by destination: one row per number prefix with its rate per minute, "
                "sometimes its own increment and connection fee, and the date a rate starts. A call pays the rate "
                "of the longest prefix its dialled number starts with."
            ),
            _(
                "With rows 39 at 0.02 and 393 at 0.09, a call to 39 06 ... (Rome) pays 0.02 per minute and a call "
                "to 39 347 ... (an Italian mobile) pays 0.09."
            ),
        ),
        Entry(
            "traffic",
            _("Traffic (Erlang)"),
            _(
                "The amount of calling, in Erlang: the number of calls in an interval times their average handle "
                "time, divided by the interval's length. One Erlang keeps one line or one agent busy all the time."
            ),
            _("60 calls in an hour with an average handle time of 3 minutes are 60 × 3 / 60 = 3 Erlang."),
        ),
        Entry(
            "erlang-c",
            _("Erlang C"),
            _(
                "The formula that gives the chance that a call waits in the queue, from the traffic and the number "
                "of agents. From it: the fewest agents that answer a share of the calls within a time, the service "
                "level."
            ),
            _(
                "100 calls in 30 minutes with a 3-minute handle time (10 Erlang) need 14 agents to answer 80% "
                "within 20 seconds; with 14, 88.8% are answered in time."
            ),
        ),
        Entry(
            "seat",
            _("Seat (agent)"),
            _(
                "A place for one agent: a licence, a desk, a line. Per-seat offers charge each seat per month, "
                "used or not; a seat can be shared by shifts."
            ),
            _("12 seats at 50 EUR per seat per month cost 600 EUR a month, whatever the traffic."),
        ),
        Entry(
            "shrinkage",
            _("Shrinkage"),
            _(
                "The share of paid time agents are not on the phones: breaks, training, meetings, absence. The "
                "agents to schedule are the working agents divided by one minus the shrinkage."
            ),
            _("If 8 agents must be on the phones and shrinkage is 30%, schedule 8 / 0.7 = 11.4, so 12 agents."),
        ),
        Entry(
            "occupancy",
            _("Occupancy"),
            _(
                "The share of their logged-in time agents spend handling calls: the traffic divided by the "
                "working agents. Above 85-90% agents burn out; a ceiling on occupancy adds agents."
            ),
            _("5 Erlang handled by 8 working agents is an occupancy of 5 / 8 = 62.5%."),
        ),
        Entry(
            "service-level",
            _("Service level"),
            _(
                "The share of calls answered within a target time, written as 80/20: 80 calls in 100 answered "
                "within 20 seconds."
            ),
            _("Of 1,000 calls, 850 answered within 20 seconds is a service level of 85% at 20 seconds."),
        ),
    ]


def link(terms: str = "") -> None:
    """A link to the Glossary page from a page where its words appear (the session is kept).

    Parameters
    ----------
    terms : str
        The words to name in the link, e.g. ``"60/60, 6/6"`` (already in the user's language).
    """
    label = _("Glossary: {terms}").format(terms=terms) if terms else _("Glossary")
    st.page_link(PAGE, label=label, icon=":material/menu_book:")
