"""A plain, slow, exact pricer written from the billing rules' text (version 2), one record at a time.

It shares nothing with ``calc`` but the Tariff models: its own schedule reading
(day types with ``hol``, after-midnight parts on the date the entry began), its
own destination normalization and prefix matching, its own months, seats,
concurrency and rounding, all in ``fractions.Fraction``. Records are dicts with
``start`` (datetime or None), ``duration`` (Fraction), ``channel``,
``direction``, ``answered``, ``agent``, and optionally ``destination`` and
``resolved``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from fractions import Fraction

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
HOL = 7
EPOCH = dt.datetime(1970, 1, 1)


class ReferenceRefusal(Exception):
    """The rules refuse to price this log under this tariff (seats the log cannot count)."""


def half_up(amount: Fraction, decimals: int) -> Fraction:
    scaled = amount * 10**decimals
    whole = math.floor(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole, 10**decimals)


def up(amount: Fraction, decimals: int) -> Fraction:
    return Fraction(math.ceil(amount * 10**decimals), 10**decimals)


def seconds_of(moment: dt.datetime) -> Fraction:
    """A moment as exact seconds since 1970."""
    delta = moment - EPOCH
    return Fraction(delta.days * 86_400 + delta.seconds) + Fraction(delta.microseconds, 1_000_000)


# --- schedules ----------------------------------------------------------------------------------


def _day_types(spec: str) -> set[int]:
    if spec == "daily":
        return set(range(8))
    found = set()
    for part in spec.split(","):
        if part == "hol":
            found.add(HOL)
        elif "-" in part:
            a, b = part.split("-")
            i = DAYS.index(a)
            found.add(i)
            while i != DAYS.index(b):
                i = (i + 1) % 7
                found.add(i)
        else:
            found.add(DAYS.index(part))
    return found


def schedule_entries(schedule) -> list[tuple[set[int], int, int]]:
    """Each entry as (day types, start minute, end minute); an end past 1440 runs into the next date."""
    out = []
    for entry in [schedule] if isinstance(schedule, str) else schedule:
        days, times = entry.split()
        a, b = times.split("-")
        start = int(a[:2]) * 60 + int(a[3:])
        end = int(b[:2]) * 60 + int(b[3:])
        if end <= start:
            end += 1440
        out.append((_day_types(days), start, end))
    return out


def day_type(date: dt.date, holidays) -> int:
    return HOL if date in holidays else date.weekday()


def covered_minutes_on(date: dt.date, schedule, holidays) -> set[int]:
    """Minutes of `date` inside the schedule: entries that began on it, and yesterday's after midnight."""
    minutes = set()
    yesterday = date - dt.timedelta(days=1)
    for days, start, end in schedule_entries(schedule):
        if day_type(date, holidays) in days:
            minutes.update(range(start, min(end, 1440)))
        if day_type(yesterday, holidays) in days and end > 1440:
            minutes.update(range(0, end - 1440))
    return minutes


def in_schedule(moment: dt.datetime, schedule, holidays) -> bool:
    return moment.hour * 60 + moment.minute in covered_minutes_on(moment.date(), schedule, holidays)


# --- rate decks ---------------------------------------------------------------------------------


def normalize(destination: str, country_code, national_prefix: str) -> str:
    text = (destination or "").strip()
    digits = "".join(ch for ch in text if ch in "0123456789")
    if text.startswith("+"):
        return digits
    if digits.startswith("00"):
        return digits[2:]
    if country_code is not None:
        if national_prefix and digits.startswith(national_prefix):
            digits = digits[len(national_prefix) :]
        return country_code + digits if digits else ""
    return digits


def deck_row(component, record):
    """The deck row pricing the record, or None (unrated)."""
    number = normalize(record.get("destination", ""), component.country_code, component.national_prefix)
    if not number:
        return None
    date = record["start"].date() if record["start"] is not None else None
    in_force = {}
    for row in component.destinations:
        if row.effective_from is not None and (date is None or row.effective_from > date):
            continue
        held = in_force.get(row.prefix)
        if held is None or (held.effective_from or dt.date.min) < (row.effective_from or dt.date.min):
            in_force[row.prefix] = row
    best = None
    for prefix, row in in_force.items():
        if number.startswith(prefix) and (best is None or len(prefix) > len(best.prefix)):
            best = row
    return best


# --- one record under per_minute ----------------------------------------------------------------


def billed_under(d: int, first: int, step: int) -> int:
    if d == 0:
        return 0
    if d <= first:
        return first
    return first + math.ceil(Fraction(d - first, step)) * step


def increment_of(text) -> tuple[int, int]:
    first, step = (text or "60/60").split("/")
    return int(first), int(step)


def segment_time(segments, d: int) -> tuple[int, Fraction]:
    """Billed seconds and time charge of a call of `d` whole seconds under segments (3a)."""
    billed, charge, begin = 0, Fraction(0), 0
    for segment in segments:
        end = segment.up_to_s
        if d > begin:
            if segment.fee is not None:
                billed += end - begin
                charge += Fraction(segment.fee)
            else:
                part = (d if end is None else min(d, end)) - begin
                first, step = increment_of(segment.increment)
                seconds = first if part <= first else first + math.ceil(Fraction(part - first, step)) * step
                billed += seconds
                charge += seconds * Fraction(segment.rate) / 60
        if end is not None:
            begin = end
    return billed, charge


def band_rate(component, record, holidays) -> Fraction:
    if component.time_bands and record["start"] is not None:
        for band in component.time_bands:
            if in_schedule(record["start"], band.when, holidays):
                return Fraction(band.rate)
    return Fraction(component.rate)


def per_minute_record(component, record, holidays, round_mode: str, decimals: int):
    """(charge, billed seconds, unrated, whether the record's billed time goes to the month's tiers)."""
    c = component
    fee = Fraction(c.connection_fee)
    row = None
    if c.destinations is not None:
        wanted = (
            record["answered"]
            and record["duration"] >= Fraction(c.grace_s)
            or (not record["answered"] and c.bill_unanswered)
        )
        if not wanted:
            return Fraction(0), 0, False, False
        row = deck_row(c, record)
        if row is None:
            return Fraction(0), 0, True, False
        if row.connection_fee is not None:
            fee = Fraction(row.connection_fee)
    if not record["answered"]:
        charge = fee if c.bill_unanswered else Fraction(0)
        return _round(charge, round_mode, decimals), 0, False, False
    if record["duration"] < Fraction(c.grace_s):
        return Fraction(0), 0, False, False
    d = math.ceil(record["duration"])
    if c.segments is not None:
        billed, time = segment_time(c.segments, d)
    elif row is not None:
        first, step = increment_of(row.increment or c.increment)
        billed = billed_under(d, first, step)
        time = billed * Fraction(row.rate) / 60
    else:
        billed = billed_under(d, *increment_of(c.increment))
        if c.has_volume_pricing:
            return _round(fee, round_mode, decimals), billed, False, True
        time = billed * band_rate(c, record, holidays) / 60
    charge = max(fee + time, Fraction(c.min_charge))
    if c.max_charge is not None:
        charge = min(charge, Fraction(c.max_charge))
    return _round(charge, round_mode, decimals), billed, False, False


def _round(charge: Fraction, mode: str, decimals: int) -> Fraction:
    if mode == "up":
        return up(charge, decimals)
    if mode == "half_up":
        return half_up(charge, decimals)
    return charge


def volume_charge(component, seconds: int) -> Fraction:
    """A month's time charge under included minutes and tiers."""
    c = component
    rest = max(Fraction(seconds, 60) - Fraction(c.included_minutes), Fraction(0))
    if c.tiers is None:
        return rest * Fraction(c.rate)
    if c.tier_mode == "graduated":
        total, low = Fraction(0), Fraction(0)
        for tier in c.tiers:
            high = None if tier.up_to is None else Fraction(tier.up_to)
            top = rest if high is None else min(rest, high)
            if top > low:
                total += (top - low) * Fraction(tier.rate)
            if high is not None:
                low = high
        return total
    for tier in c.tiers:
        if tier.up_to is None or rest <= Fraction(tier.up_to):
            return rest * Fraction(tier.rate)
    raise AssertionError("the last tier has no bound")


# --- the whole log ------------------------------------------------------------------------------


def matches(component, record) -> bool:
    """Section 3 step 1: channel (or any) and direction (any: every direction but internal)."""
    if component.channel != "any" and record["channel"] != component.channel:
        return False
    if component.direction == "any":
        return record["direction"] != "internal"
    return record["direction"] == component.direction


def is_team_call(record) -> bool:
    return record["answered"] and record["channel"] == "voice" and record["direction"] != "internal"


def coverage(recs, team, holidays) -> list[bool]:
    covered = [False] * len(recs)
    if team is None or not recs or recs[0]["start"] is None:
        return covered
    busy_ends = []
    for i, r in enumerate(recs):
        if not is_team_call(r):
            continue
        if team.schedule is not None and not in_schedule(r["start"], team.schedule, holidays):
            continue
        t = seconds_of(r["start"])
        busy_ends = [e for e in busy_ends if e > t]
        if len(busy_ends) < team.agents:
            covered[i] = True
            busy_ends.append(t + r["duration"])
    return covered


def month_bounds(label: str) -> tuple[Fraction, Fraction]:
    year, month = map(int, label.split("-"))
    after = dt.datetime(year + month // 12, month % 12 + 1, 1)
    return seconds_of(dt.datetime(year, month, 1)), seconds_of(after)


def peak_concurrent(recs, label: str) -> int:
    """The month's highest number of answered voice calls, not internal, in progress at one instant."""
    low, high = month_bounds(label)
    spans = [(seconds_of(r["start"]), seconds_of(r["start"]) + r["duration"]) for r in recs if is_team_call(r)]
    instants = [low] + [s for s, _ in spans if low <= s < high]
    return max((sum(1 for s, e in spans if s <= t < e) for t in instants), default=0)


def reference_price(records, tariff):
    """Price `records` under `tariff`; raise ReferenceRefusal where the rules refuse the tariff."""
    timed = bool(records) and records[0]["start"] is not None
    order = sorted(range(len(records)), key=lambda i: records[i]["start"]) if timed else range(len(records))
    recs = [records[i] for i in order]
    holidays = set(tariff.holidays)
    labels = tariff.labels

    if timed:
        first, last = recs[0]["start"].date(), recs[-1]["start"].date()
        covered_dates = {}
        day = first
        while day <= last:
            covered_dates.setdefault(f"{day.year:04d}-{day.month:02d}", []).append(day)
            day += dt.timedelta(days=1)
        month_labels = list(covered_dates)
        share = {}
        for label in month_labels:
            year, month = map(int, label.split("-"))
            share[label] = Fraction(len(covered_dates[label]), calendar.monthrange(year, month)[1])
    else:
        month_labels = ["all"] if recs else []
        share = {"all": Fraction(1)} if recs else {}

    def month_of(r):
        return f"{r['start'].year:04d}-{r['start'].month:02d}" if timed else "all"

    covered = coverage(recs, tariff.covering_team, holidays)
    parts = {label: {m: Fraction(0) for m in month_labels} for label in labels}
    billed_total = 0
    unrated = 0
    for label, c in zip(labels, tariff.components, strict=True):
        kind = c.type
        if kind in ("per_minute", "per_event"):
            looks_at = [
                matches(c, r) and not (covered[i] and c.channel in ("voice", "any")) for i, r in enumerate(recs)
            ]
        if kind == "per_minute":
            month_seconds = {m: 0 for m in month_labels}
            for i, r in enumerate(recs):
                if not looks_at[i]:
                    continue
                charge, billed, not_rated, to_tiers = per_minute_record(
                    c, r, holidays, tariff.round_per_call, tariff.decimals
                )
                unrated += not_rated
                billed_total += billed
                parts[label][month_of(r)] += charge
                if to_tiers:
                    month_seconds[month_of(r)] += billed
            if c.has_volume_pricing:
                for m, seconds in month_seconds.items():
                    parts[label][m] += volume_charge(c, seconds)
        elif kind == "per_event":
            for i, r in enumerate(recs):
                if not looks_at[i]:
                    continue
                if not (r["answered"] or c.bill_unanswered):
                    continue
                if c.only_resolved and not r.get("resolved"):
                    continue
                parts[label][month_of(r)] += Fraction(c.fee)
        elif kind == "monthly_fee":
            for m in month_labels:
                parts[label][m] += Fraction(c.amount) * share[m]
        elif kind == "one_time":
            for number, m in enumerate(month_labels, start=1):
                if number <= c.spread_months:
                    parts[label][m] += Fraction(c.amount) / c.spread_months
        elif kind == "per_seat":
            if c.seats == "agents" and recs and not any((r["agent"] or "").strip() for r in recs):
                raise ReferenceRefusal(f'tariff "{tariff.name}": seats: agents, but the log has no agent')
            if c.seats == "peak_concurrent" and recs and not timed:
                raise ReferenceRefusal(f'tariff "{tariff.name}": seats: peak_concurrent needs start times')
            for m in month_labels:
                if c.seats == "agents":
                    seats = len({r["agent"].strip() for r in recs if month_of(r) == m and (r["agent"] or "").strip()})
                elif c.seats == "peak_concurrent":
                    seats = peak_concurrent(recs, m)
                else:
                    seats = c.seats
                parts[label][m] += Fraction(c.amount) * seats * share[m]
        elif kind == "hourly_team":
            for m in month_labels:
                if c.hours_per_month is not None:
                    hours = Fraction(c.hours_per_month) * share[m]
                elif timed:
                    minutes = sum(len(covered_minutes_on(d, c.schedule, holidays)) for d in covered_dates[m])
                    hours = Fraction(minutes, 60)
                else:
                    monday = dt.date(2024, 1, 1)
                    week = [monday + dt.timedelta(days=k) for k in range(7)]
                    weekly = sum(len(covered_minutes_on(d, c.schedule, set())) for d in week)
                    hours = Fraction(weekly, 60) * Fraction(365, 84)
                parts[label][m] += Fraction(c.rate) * c.agents * hours
    usage_labels = [
        label for label, c in zip(labels, tariff.components, strict=True) if c.type in ("per_minute", "per_event")
    ]
    for label, c in zip(labels, tariff.components, strict=True):
        if c.type == "minimum_spend":
            for m in month_labels:
                spent = sum(parts[u][m] for u in usage_labels)
                floor = Fraction(c.amount) * share[m]
                if spent < floor:
                    parts[label][m] += floor - spent
    others = [label for label, c in zip(labels, tariff.components, strict=True) if c.type != "surcharge"]
    for label, c in zip(labels, tariff.components, strict=True):
        if c.type == "surcharge":
            base = usage_labels if c.of == "usage" else others
            for m in month_labels:
                parts[label][m] += Fraction(c.percent) / 100 * sum(parts[b][m] for b in base)
    month_totals = {m: half_up(sum(parts[label][m] for label in labels), tariff.decimals) for m in month_labels}
    actual = sum((r["duration"] for r in recs if r["answered"] and r["channel"] == "voice"), Fraction(0))
    return {
        "total": sum(month_totals.values(), Fraction(0)),
        "months": month_totals,
        "components": {label: half_up(sum(parts[label].values()), tariff.decimals) for label in labels},
        "billed_seconds": billed_total,
        "actual_seconds": actual,
        "unrated": unrated,
    }
