"""Weekly staffing schedules such as ``["mon-fri 09:00-18:00", "sat 10:00-14:00"]``.

A schedule is held as a boolean mask over the 10,080 minutes of a week
(Monday 00:00 first). Overlapping entries are merged; an entry whose end is
not after its start runs past midnight into the next day (``22:00-06:00``).
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["DAYS", "MINUTES_PER_WEEK", "parse_schedule", "staffed_minutes_by_weekday"]

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 1440
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY

_ENTRY = re.compile(r"^\s*(?P<days>[a-z,\-\s]+?)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$")


def _minute_of_day(text: str, entry: str, allow_24: bool) -> int:
    hours, minutes = (int(part) for part in text.split(":"))
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not allow_24)):
        raise ValueError(f"schedule entry {entry!r} has an impossible time {text!r}")
    return hours * 60 + minutes


def _days(spec: str, entry: str) -> list[int]:
    spec = spec.strip()
    if spec in ("daily", "every day", "mon-sun"):
        return list(range(7))
    found: list[int] = []
    for part in spec.replace(" ", "").split(","):
        ends = part.split("-")
        if len(ends) > 2 or any(end[:3] not in DAYS or len(end) < 3 for end in ends):
            raise ValueError(
                f"schedule entry {entry!r}: days must look like 'mon-fri', 'sat' or 'mon,wed,fri', got {part!r}"
            )
        first = DAYS.index(ends[0][:3])
        last = DAYS.index(ends[-1][:3])
        day = first
        found.append(day)
        while day != last:
            day = (day + 1) % 7
            found.append(day)
    return sorted(set(found))


def parse_schedule(entries: list[str]) -> np.ndarray:
    """Turn schedule entries into a staffed-minute mask for one week.

    Parameters
    ----------
    entries : list of str
        Each ``"DAYS HH:MM-HH:MM"``; DAYS is a day (``sat``), a range (``mon-fri``),
        a comma list (``mon,wed``) or ``daily``. ``24:00`` ends a day.

    Returns
    -------
    numpy.ndarray of bool, shape (10080,)
        True where the team is staffed, minute by minute from Monday 00:00.

    Raises
    ------
    ValueError
        If an entry cannot be read; the message quotes it.

    Examples
    --------
    >>> mask = parse_schedule(["mon-fri 09:00-18:00"])
    >>> int(mask.sum()) // 60
    45
    """
    if isinstance(entries, str) or not entries:
        raise ValueError('schedule must be a non-empty list like ["mon-fri 09:00-18:00"]')
    mask = np.zeros(MINUTES_PER_WEEK, dtype=bool)
    for entry in entries:
        if not isinstance(entry, str):
            raise ValueError(f"schedule entry must be text like 'mon-fri 09:00-18:00', got {entry!r}")
        match = _ENTRY.match(entry.lower())
        if not match:
            raise ValueError(f"schedule entry must look like 'mon-fri 09:00-18:00', got {entry!r}")
        begin = _minute_of_day(match["start"], entry, allow_24=False)
        end = _minute_of_day(match["end"], entry, allow_24=True)
        length = end - begin if end > begin else end + MINUTES_PER_DAY - begin
        for day in _days(match["days"], entry):
            first = day * MINUTES_PER_DAY + begin
            minutes = np.arange(first, first + length) % MINUTES_PER_WEEK
            mask[minutes] = True
    return mask


def staffed_minutes_by_weekday(mask: np.ndarray) -> np.ndarray:
    """Staffed minutes on each calendar weekday, Monday first, split at midnight.

    Examples
    --------
    >>> staffed_minutes_by_weekday(parse_schedule(["sun 22:00-06:00"])).tolist()
    [360, 0, 0, 0, 0, 0, 120]
    """
    return mask.reshape(7, MINUTES_PER_DAY).sum(axis=1)
