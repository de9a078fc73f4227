"""Billing periods: calendar months, covered days and proration (section 4 of the rules)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

__all__ = ["Period", "periods_from_dates", "TIMELESS_LABEL", "AVERAGE_MONTH_DAYS"]

TIMELESS_LABEL = "all"
#: A log without timestamps counts as one average month: 365/12 days.
AVERAGE_MONTH_DAYS = Fraction(365, 12)


@dataclass(frozen=True)
class Period:
    """One calendar month of the log.

    Attributes
    ----------
    label : str
        ``"YYYY-MM"``, or ``"all"`` for a log without timestamps.
    covered_days : int
        Days of the month between the log's first and last record date, inclusive.
    days_in_month : int
    covered_weekdays : tuple of int
        How many covered days fall on each weekday, Monday first (for schedules).
    """

    label: str
    covered_days: int
    days_in_month: int
    covered_weekdays: tuple[int, ...]

    @property
    def proration(self) -> Fraction:
        """Share of the month a fixed component is charged for: covered / days in month."""
        return Fraction(self.covered_days, self.days_in_month)

    @property
    def weeks(self) -> Fraction:
        """Covered time in weeks, for a timeless period (365/84 weeks)."""
        return AVERAGE_MONTH_DAYS / 7


def periods_from_dates(first_day: np.datetime64, last_day: np.datetime64) -> list[Period]:
    """Calendar months from the first record's date to the last one's, with covered days.

    Parameters
    ----------
    first_day, last_day : numpy.datetime64
        Dates (day resolution) of the first and last record.

    Returns
    -------
    list of Period
        Every month in between, gap months included.

    Examples
    --------
    >>> months = periods_from_dates(np.datetime64("2026-01-31"), np.datetime64("2026-03-01"))
    >>> [(p.label, p.covered_days) for p in months]
    [('2026-01', 1), ('2026-02', 28), ('2026-03', 1)]
    """
    first_day = np.datetime64(first_day, "D")
    last_day = np.datetime64(last_day, "D")
    periods = []
    month = first_day.astype("datetime64[M]")
    while month <= last_day.astype("datetime64[M]"):
        month_start = month.astype("datetime64[D]")
        month_end = (month + 1).astype("datetime64[D]")  # exclusive
        begin = max(month_start, first_day)
        end = min(month_end, last_day + 1)
        days = np.arange(begin, end)
        weekdays = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
        periods.append(
            Period(
                label=str(month),
                covered_days=len(days),
                days_in_month=int((month_end - month_start).astype(int)),
                covered_weekdays=tuple(int(c) for c in np.bincount(weekdays, minlength=7)),
            )
        )
        month += 1
    return periods
