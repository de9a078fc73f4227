"""Kinds of offer: telephony (carriers, platforms, per-use channels) or staffing and outsourcing (agents paid for).

A buyer compares both on one log, but their totals differ by an order of
magnitude (a carrier bills cents per minute, an outsourcer pays people), so the
charts draw each group on its own scale. The group follows from a tariff's
components alone: people paid by the hour (``hourly_team``, also as the core team
of a mixed offer) or a usage price at the level of an agent-handled call
(`AGENT_MINUTE_RATE`, `AGENT_CALL_FEE`: a BPO's per-minute or per-call price,
agents included) make it staffing; per-minute and per-event telephony, monthly
fees, seats (platform licences for the buyer's own agents), minimum spends,
set-up costs and surcharges keep it telephony.
"""

from __future__ import annotations

from decimal import Decimal

from calc.components import PerEvent, PerMinute
from calc.i18n import N_
from calc.tariff import Tariff

__all__ = ["AGENT_CALL_FEE", "AGENT_MINUTE_RATE", "OFFER_GROUPS", "offer_group"]

#: The two groups, in the order the dashboard offers them, with their titles (translate them with `calc.i18n._`).
OFFER_GROUPS = {"telephony": N_("Telephony"), "staffing": N_("Staffing and outsourcing")}
#: A per-minute price from which the minute includes an agent [currency/min]; telephony costs cents.
AGENT_MINUTE_RATE = Decimal("0.30")
#: A price per call or conversation from which it includes an agent's work [currency].
AGENT_CALL_FEE = Decimal("2.00")


def _highest_minute_rate(component: PerMinute) -> Decimal:
    """The highest per-minute price the component lists (rate, tiers, segments, time bands; a deck is a carrier's)."""
    rates = [component.rate] if component.rate is not None else []
    rates += [tier.rate for tier in component.tiers or []]
    rates += [segment.rate for segment in component.segments or [] if segment.rate is not None]
    rates += [band.rate for band in component.time_bands or []]
    return max(rates, default=Decimal(0))


def offer_group(tariff: Tariff) -> str:
    """The group a tariff belongs to: ``"telephony"`` or ``"staffing"`` (a key of `OFFER_GROUPS`).

    Parameters
    ----------
    tariff : Tariff
        Any valid tariff; only its components are read.

    Returns
    -------
    str
        ``"staffing"`` when a component pays people: an ``hourly_team`` (a dedicated
        or core team), a per-minute price of at least `AGENT_MINUTE_RATE` [currency/min]
        or a per-event fee of at least `AGENT_CALL_FEE` [currency] (an outsourcer's
        handled minute or call); ``"telephony"`` otherwise.

    Notes
    -----
    The thresholds are in the tariff's own currency and suit EUR, USD, GBP and CNY
    prices (a Chinese carrier's 0.22 CNY/min stays telephony); a currency with
    much smaller units would need its own.

    Examples
    --------
    >>> from calc import parse_tariffs
    >>> carrier, bpo, team, seats = parse_tariffs('''
    ... tariffs:
    ...   - {name: Carrier, components: [{type: per_minute, rate: 0.05}, {type: monthly_fee, amount: 20}]}
    ...   - {name: BPO, components: [{type: per_event, fee: 3.90}]}
    ...   - {name: Team, components: [{type: hourly_team, agents: 4, rate: 24, schedule: [mon-fri 08:00-18:00]}]}
    ...   - {name: Seats, components: [{type: per_seat, amount: 45, seats: 10}, {type: per_minute, rate: 0.01}]}
    ... ''')
    >>> [offer_group(t) for t in (carrier, bpo, team, seats)]
    ['telephony', 'staffing', 'staffing', 'telephony']
    """
    for component in tariff.components:
        if component.type == "hourly_team":
            return "staffing"
        if isinstance(component, PerMinute) and _highest_minute_rate(component) >= AGENT_MINUTE_RATE:
            return "staffing"
        if isinstance(component, PerEvent) and component.fee >= AGENT_CALL_FEE:
            return "staffing"
    return "telephony"
