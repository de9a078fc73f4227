"""Included minutes and tiers: what a month's cumulative billed time costs (section 3, steps 4-5).

Time is counted in a tariff's time steps (`calc.usage.Units`): included minutes
and tier bounds are whole numbers of them. Graduated tiers price each band of a
month's cumulative time at its own rate, a piecewise linear cost ``F``; volume
tiers price the whole month at the rate of the band its total reaches.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from calc.components import PerMinute

if TYPE_CHECKING:
    from calc.usage import Units

__all__ = ["tier_bands", "volume_rate", "graduated_cost"]


def tier_bands(c: PerMinute, units: Units) -> tuple[int, list[int], list[int]]:
    """Included time steps, and where each price band of a month's cumulative time begins and its rate.

    Returns ``(included, lows, rates)``: band ``k`` begins at ``lows[k]`` time steps
    and costs ``rates[k]`` units a time step; band 0 (the included minutes) is free.
    """
    q = units.time_steps
    included = int(Fraction(c.included_minutes) * 60 * q)
    lows, rates = [0, included], [0, units.per_time_step(c.rate or 0)]
    if c.tiers is not None:
        lows, rates = [0], [0]
        bound = included
        for tier in c.tiers:
            lows.append(bound)
            rates.append(units.per_time_step(tier.rate))
            bound = None if tier.up_to is None else included + int(Fraction(tier.up_to) * 60 * q)
    return included, lows, rates


def volume_rate(total: int, included: int, lows: list[int], rates: list[int]) -> int:
    """The rate of a month under volume tiers: the tier its total time reaches prices all of it [units/step]."""
    # up_to is inclusive: the band whose upper bound is at or above the total
    band = int(np.searchsorted(np.asarray(lows[2:], dtype=object), max(total, included), "left"))
    return rates[band + 1]


def graduated_cost(lows: list[int], rates: list[int], dtype: type) -> Callable[[np.ndarray], np.ndarray]:
    """``F``: the cost of a month's first ``time`` steps under graduated bands [units]."""
    lows_array = np.asarray(lows, dtype=dtype)
    rates_array = np.asarray(rates, dtype=dtype)
    band_cost = np.concatenate(([0], np.cumsum(np.diff(lows_array) * rates_array[:-1]))).astype(dtype)

    def cost_to(time: np.ndarray) -> np.ndarray:
        band = np.searchsorted(lows_array, time, side="right") - 1
        return band_cost[band] + (time - lows_array[band]) * rates_array[band]

    return cost_to
