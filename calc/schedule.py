"""Weekly schedules such as ``["mon-fri 09:00-18:00", "sat 10:00-14:00", "hol 10:00-12:00"]``.

Used by staffed teams (`hourly_team`) and by time bands (section 3c of the rules).
A schedule is held as two boolean masks over eight day types (Monday to Sunday,
then ``hol`` for the tariff's holidays) and the 1,440 minutes of a day:

- ``same[t, m]``: minute ``m`` is covered on a date of day type ``t`` by an entry
  that began on that date;
- ``spill[t, m]``: minute ``m`` is covered on the *next* date by an entry that
  began on a date of day type ``t`` and ran past midnight (``22:00-06:00``).

A moment on date ``E`` at minute ``m`` is covered when
``same[type(E), m] or spill[type(E - 1), m]``: whether an entry applies is
decided by the date it began on, and its hours fall on the date they are worked.
Overlapping entries are merged, never counted twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from calc.i18n import _

__all__ = [
    "DAYS",
    "DAY_TYPES",
    "HOLIDAY",
    "MINUTES_PER_DAY",
    "WeekPlan",
    "day_types",
    "moment_codes",
    "parse_schedule",
]

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_TYPES = (*DAYS, "hol")
HOLIDAY = 7  # the day type of a date listed in a tariff's holidays
MINUTES_PER_DAY = 1440
_US_PER_MINUTE = 60_000_000
_US_PER_DAY = 86_400_000_000

_ENTRY = re.compile(r"^\s*(?P<days>[a-z,\-\s]+?)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$")


def _minute_of_day(text: str, entry: str, allow_24: bool) -> int:
    hours, minutes = (int(part) for part in text.split(":"))
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not allow_24)):
        raise ValueError(
            _("schedule entry {entry} has an impossible time {time}").format(entry=repr(entry), time=repr(text))
        )
    return hours * 60 + minutes


def _days(spec: str, entry: str) -> list[int]:
    """Day types an entry applies on: weekdays 0-6, and 7 for ``hol`` (``daily`` holds all eight)."""
    spec = spec.strip()
    if spec in ("daily", "every day"):  # not user text: the words a schedule entry may use
        return list(range(8))
    found: list[int] = []
    for part in spec.replace(" ", "").split(","):
        if part == "hol":
            found.append(HOLIDAY)
            continue
        ends = part.split("-")
        if len(ends) > 2 or any(end[:3] not in DAYS or len(end) < 3 for end in ends):
            raise ValueError(
                _(
                    "schedule entry {entry}: days must look like 'mon-fri', 'sat', 'mon,wed,fri', 'daily' or 'hol', "
                    "got {value}"
                ).format(entry=repr(entry), value=repr(part))
            )
        first = DAYS.index(ends[0][:3])
        last = DAYS.index(ends[-1][:3])
        day = first
        found.append(day)
        while day != last:
            day = (day + 1) % 7
            found.append(day)
    return sorted(set(found))


@dataclass(frozen=True, eq=False)
class WeekPlan:
    """A parsed schedule: covered minutes by day type, the same day and after midnight.

    Attributes
    ----------
    same, spill : numpy.ndarray of bool, shape (8, 1440)
        See the module notes.
    """

    same: np.ndarray
    spill: np.ndarray

    def covers(self, start_us: np.ndarray, holidays: np.ndarray | None = None) -> np.ndarray:
        """Whether each moment is inside the schedule.

        Parameters
        ----------
        start_us : numpy.ndarray of int64
            Moments [us since 1970-01-01, naive local time].
        holidays : numpy.ndarray of int64, optional
            Holiday dates [days since 1970-01-01].

        Returns
        -------
        numpy.ndarray of bool

        Examples
        --------
        >>> plan = parse_schedule(["fri 22:00-06:00"])
        >>> moments = np.array(["2026-01-09T23:00", "2026-01-10T05:59", "2026-01-10T06:00"], "datetime64[us]")
        >>> plan.covers(moments.astype(np.int64)).tolist()
        [True, True, False]
        """
        days = start_us // _US_PER_DAY
        minute = (start_us // _US_PER_MINUTE) % MINUTES_PER_DAY
        return self.same[day_types(days, holidays), minute] | self.spill[day_types(days - 1, holidays), minute]

    def table(self) -> np.ndarray:
        """Coverage by (today's day type, yesterday's day type, minute): shape (8, 8, 1440), for `moment_codes`."""
        return self.same[:, None, :] | self.spill[None, :, :]

    def minutes_on(self, days: np.ndarray, holidays: np.ndarray | None = None) -> np.ndarray:
        """Covered minutes worked on each date.

        Parameters
        ----------
        days : numpy.ndarray of int64
            Dates [days since 1970-01-01].
        holidays : numpy.ndarray of int64, optional

        Returns
        -------
        numpy.ndarray of int64
            Minutes of each date inside the schedule, after-midnight parts of the
            previous date's entries included, overlaps counted once [min].

        Examples
        --------
        >>> plan = parse_schedule(["sun 22:00-06:00"])
        >>> days = np.arange(np.datetime64("2026-01-04"), np.datetime64("2026-01-06")).astype(np.int64)
        >>> plan.minutes_on(days).tolist()  # Sunday, Monday
        [120, 360]
        """
        by_pair = (self.spill[:, None, :] | self.same[None, :, :]).sum(axis=2)  # [yesterday type, today type]
        return by_pair[day_types(days - 1, holidays), day_types(days, holidays)].astype(np.int64)

    def minutes_per_plain_week(self) -> int:
        """Covered minutes in a week without holidays [min]."""
        days = np.arange(4, 11, dtype=np.int64)  # 1970-01-05 (a Monday) to the Sunday after
        return int(self.minutes_on(days).sum())


def day_types(days: np.ndarray, holidays: np.ndarray | None = None) -> np.ndarray:
    """Day type of each date: 0 Monday ... 6 Sunday, 7 for a listed holiday.

    Examples
    --------
    >>> days = np.array(["2026-12-24", "2026-12-25"], "datetime64[D]").astype(np.int64)
    >>> day_types(days, np.array(["2026-12-25"], "datetime64[D]").astype(np.int64)).tolist()
    [3, 7]
    """
    types = (np.asarray(days) + 3) % 7  # 1970-01-01 was a Thursday
    if holidays is not None and len(holidays):
        types = np.where(np.isin(days, holidays), HOLIDAY, types)
    return types.astype(np.intp)


def moment_codes(start_us: np.ndarray, holidays: np.ndarray | None = None) -> np.ndarray:
    """Each moment as an index into a flattened `WeekPlan.table`: day types of the date and the day before, minute.

    Examples
    --------
    >>> plan = parse_schedule(["mon-fri 08:00-20:00"])
    >>> moments = np.array(["2026-01-05T07:59:59", "2026-01-05T08:00"], "datetime64[us]").astype(np.int64)
    >>> plan.table().ravel()[moment_codes(moments)].tolist()
    [False, True]
    """
    days = start_us // _US_PER_DAY
    minute = (start_us // _US_PER_MINUTE) % MINUTES_PER_DAY
    today = day_types(days, holidays)
    return ((today * 8 + day_types(days - 1, holidays)) * MINUTES_PER_DAY + minute).astype(np.int32)


def parse_schedule(entries: list[str] | str) -> WeekPlan:
    """Turn schedule entries into a `WeekPlan`.

    Parameters
    ----------
    entries : list of str or str
        Each ``"DAYS HH:MM-HH:MM"``; DAYS is a day (``sat``), a range (``mon-fri``,
        ``fri-mon``), a comma list (``mon,wed``), ``daily`` or ``hol``. ``24:00`` ends a
        day; an end at or before the start runs past midnight. One text is one entry.

    Returns
    -------
    WeekPlan

    Raises
    ------
    ValueError
        If an entry cannot be read; the message quotes it.

    Examples
    --------
    >>> plan = parse_schedule(["mon-fri 09:00-18:00"])
    >>> plan.minutes_per_plain_week() // 60
    45
    """
    if isinstance(entries, str):
        entries = [entries]
    if not entries:
        raise ValueError(_('a schedule must be a non-empty list like ["mon-fri 09:00-18:00"]'))
    same = np.zeros((8, MINUTES_PER_DAY), dtype=bool)
    spill = np.zeros((8, MINUTES_PER_DAY), dtype=bool)
    for entry in entries:
        if not isinstance(entry, str):
            raise ValueError(
                _("schedule entry must be text like 'mon-fri 09:00-18:00', got {value}").format(
                    value=repr(str(entry)[:40])
                )
            )
        match = _ENTRY.match(entry.lower())
        if not match:
            raise ValueError(
                _("schedule entry must look like 'mon-fri 09:00-18:00', got {value}").format(value=repr(entry[:60]))
            )
        begin = _minute_of_day(match["start"], entry, allow_24=False)
        end = _minute_of_day(match["end"], entry, allow_24=True)
        for day in _days(match["days"], entry):
            if end > begin:
                same[day, begin:end] = True
            else:
                same[day, begin:] = True
                spill[day, :end] = True
    return WeekPlan(same=same, spill=spill)
