"""A plain, slow, exact pricer written from the billing rules' text, one record at a time.

It shares nothing with ``calc.rating`` but the Tariff models: its own schedule
reading, its own months, its own rounding, all in ``fractions.Fraction``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from fractions import Fraction

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def half_up(amount: Fraction, decimals: int) -> Fraction:
    scaled = amount * 10**decimals
    whole = math.floor(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole, 10**decimals)


def up(amount: Fraction, decimals: int) -> Fraction:
    return Fraction(math.ceil(amount * 10**decimals), 10**decimals)


def _day_list(spec):
    if "-" in spec:
        a, b = spec.split("-")
        i, out = DAYS.index(a), []
        while True:
            out.append(i)
            if i == DAYS.index(b):
                return out
            i = (i + 1) % 7
    return [DAYS.index(spec)]


def staffed_intervals(schedule):
    """Weekly staffed intervals as (weekday, start_minute, end_minute) possibly past 1440."""
    out = []
    for entry in schedule:
        days, times = entry.split()
        a, b = times.split("-")
        start = int(a[:2]) * 60 + int(a[3:])
        end = int(b[:2]) * 60 + int(b[3:])
        if end <= start:
            end += 1440
        for day in _day_list(days):
            out.append((day, start, end))
    return out


def in_schedule(moment: dt.datetime, schedule) -> bool:
    minute = moment.hour * 60 + moment.minute
    for day, start, end in staffed_intervals(schedule):
        if moment.weekday() == day and start <= minute < end:
            return True
        if (moment.weekday() - 1) % 7 == day and end > 1440 and minute < end - 1440:
            return True
    return False


def staffed_minutes_on(date: dt.date, schedule) -> int:
    """Staffed minutes falling on this calendar date (split at midnight), overlaps merged."""
    minutes = set()
    for day, start, end in staffed_intervals(schedule):
        if date.weekday() == day:
            minutes.update(range(start, min(end, 1440)))
        if (date.weekday() - 1) % 7 == day and end > 1440:
            minutes.update(range(0, end - 1440))
    return len(minutes)


def months_of(records):
    """[(label, covered_dates)] from the first record's date to the last one's."""
    if not records or records[0]["start"] is None:
        return None
    first = min(r["start"] for r in records).date()
    last = max(r["start"] for r in records).date()
    months, day = {}, first
    while day <= last:
        months.setdefault(f"{day.year:04d}-{day.month:02d}", []).append(day)
        day += dt.timedelta(days=1)
    return months


def charges(component, record, covered: bool) -> bool:
    """Whether a usage component looks at this record: its channel and direction, not a team call."""
    if record["channel"] != component.channel:
        return False
    if component.direction != "any" and record["direction"] != component.direction:
        return False
    return not (covered and component.channel == "voice")


def reference_price(records, tariff):
    """Price `records` (dicts with start, duration (Fraction), channel, direction, answered, agent)."""
    timed = bool(records) and records[0]["start"] is not None
    order = sorted(range(len(records)), key=lambda i: records[i]["start"]) if timed else range(len(records))
    recs = [records[i] for i in order]
    months = months_of(recs)
    labels = tariff.labels

    def month_of(r):
        return f"{r['start'].year:04d}-{r['start'].month:02d}" if timed else "all"

    month_labels = list(months) if timed else (["all"] if recs else [])
    share = {}
    for label in month_labels:
        if timed:
            year, month = map(int, label.split("-"))
            share[label] = Fraction(len(months[label]), calendar.monthrange(year, month)[1])
        else:
            share[label] = Fraction(1)

    covered = [False] * len(recs)
    team = tariff.covering_team
    if team is not None and timed:
        busy_ends = []
        for i, r in enumerate(recs):
            if not (r["answered"] and r["channel"] == "voice"):
                continue
            if team.schedule is not None and not in_schedule(r["start"], team.schedule):
                continue
            t = r["start"]
            busy_ends = [e for e in busy_ends if e > t]
            if len(busy_ends) < team.agents:
                covered[i] = True
                busy_ends.append(t + dt.timedelta(microseconds=int(r["duration"] * 1_000_000)))

    parts = {label: {m: Fraction(0) for m in month_labels} for label in labels}
    billed_total = 0
    usage_labels = []
    for label, c in zip(labels, tariff.components, strict=False):
        kind = c.type
        if kind in ("per_minute", "per_event"):
            usage_labels.append(label)
        if kind == "per_minute":
            first, step = (int(x) for x in c.increment.split("/"))
            rate_by_month_seconds = {m: 0 for m in month_labels}
            for i, r in enumerate(recs):
                if not charges(c, r, covered[i]):
                    continue
                m = month_of(r)
                fee = Fraction(c.connection_fee)
                if not r["answered"]:
                    charge = fee if c.bill_unanswered else Fraction(0)
                    billed = 0
                elif r["duration"] < Fraction(c.grace_s):
                    continue
                else:
                    d = math.ceil(r["duration"])
                    if d == 0:
                        billed = 0
                    elif d <= first:
                        billed = first
                    else:
                        billed = first + math.ceil(Fraction(d - first, step)) * step
                    if c.has_volume_pricing:
                        charge = fee
                        rate_by_month_seconds[m] += billed
                    else:
                        charge = fee + billed * Fraction(c.rate) / 60
                        charge = max(charge, Fraction(c.min_charge))
                billed_total += billed
                if tariff.round_per_call == "up":
                    charge = up(charge, tariff.decimals)
                elif tariff.round_per_call == "half_up":
                    charge = half_up(charge, tariff.decimals)
                parts[label][m] += charge
            if c.has_volume_pricing:
                for m, seconds in rate_by_month_seconds.items():
                    minutes = Fraction(seconds, 60)
                    rest = max(minutes - Fraction(c.included_minutes), Fraction(0))
                    if c.tiers is None:
                        parts[label][m] += rest * Fraction(c.rate)
                    elif c.tier_mode == "graduated":
                        low = Fraction(0)
                        for tier in c.tiers:
                            high = None if tier.up_to is None else Fraction(tier.up_to)
                            top = rest if high is None else min(rest, high)
                            if top > low:
                                parts[label][m] += (top - low) * Fraction(tier.rate)
                            if high is not None:
                                low = high
                    else:
                        for tier in c.tiers:
                            if tier.up_to is None or rest <= Fraction(tier.up_to):
                                parts[label][m] += rest * Fraction(tier.rate)
                                break
        elif kind == "per_event":
            for i, r in enumerate(recs):
                if not charges(c, r, covered[i]):
                    continue
                if r["answered"] or c.bill_unanswered:
                    parts[label][month_of(r)] += Fraction(c.fee)
        elif kind == "monthly_fee":
            for m in month_labels:
                parts[label][m] += Fraction(c.amount) * share[m]
        elif kind == "per_seat":
            for m in month_labels:
                if c.seats == "agents":
                    seats = len({r["agent"] for r in recs if month_of(r) == m and r["agent"]})
                else:
                    seats = c.seats
                parts[label][m] += Fraction(c.amount) * seats * share[m]
        elif kind == "hourly_team":
            for m in month_labels:
                if c.hours_per_month is not None:
                    hours = Fraction(c.hours_per_month) * share[m]
                elif timed:
                    hours = Fraction(sum(staffed_minutes_on(d, c.schedule) for d in months[m]), 60)
                else:
                    weekly = sum(
                        staffed_minutes_on(dt.date(2024, 1, 1) + dt.timedelta(days=k), c.schedule) for k in range(7)
                    )
                    hours = Fraction(weekly, 60) * Fraction(365, 84)
                parts[label][m] += Fraction(c.rate) * c.agents * hours
    for label, c in zip(labels, tariff.components, strict=False):
        if c.type == "minimum_spend":
            for m in month_labels:
                usage = sum(parts[u][m] for u in usage_labels)
                floor = Fraction(c.amount) * share[m]
                if usage < floor:
                    parts[label][m] += floor - usage
    month_totals = {m: half_up(sum(parts[label][m] for label in labels), tariff.decimals) for m in month_labels}
    actual = sum((r["duration"] for r in recs if r["answered"] and r["channel"] == "voice"), Fraction(0))
    return {
        "total": sum(month_totals.values(), Fraction(0)),
        "months": month_totals,
        "components": {label: half_up(sum(parts[label].values()), tariff.decimals) for label in labels},
        "billed_seconds": billed_total,
        "actual_seconds": actual,
    }
