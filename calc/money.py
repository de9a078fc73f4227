"""Exact money: decimals in, exact fractions in between, rounded decimals out.

Money never passes through a binary float. Tariff values are `Decimal`;
per-record charges are integers in a small unit chosen per tariff (see
`calc.rating`); month totals and proration are `fractions.Fraction`.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from calc.errors import excerpt
from calc.i18n import _, format_number
from calc.limits import MAX_MONEY, MAX_MONEY_DECIMALS, MAX_NUMBER_CHARS

__all__ = ["to_decimal", "decimal_scale", "round_half_up", "round_up", "format_money"]


def to_decimal(value: object, what: str | None = None, bounded: bool = True) -> Decimal:
    """Read a money or quantity value exactly.

    Parameters
    ----------
    value : Decimal, int, str or float
        A float is read through its shortest repr, so ``0.07`` means seven hundredths.
    what : str, optional
        The field's name in the error message (default: "value" in the current language).
    bounded : bool
        Refuse values of `MAX_MONEY` or more, or with more than `MAX_MONEY_DECIMALS`
        digits after the point (a rate of 1e26 per minute is a mistake, not a price).

    Returns
    -------
    Decimal
        The exact value.

    Raises
    ------
    ValueError
        If the value is not a finite number, or is beyond the limits.

    Examples
    --------
    >>> to_decimal(0.07) * 100
    Decimal('7.00')
    >>> to_decimal("1.5")
    Decimal('1.5')
    >>> to_decimal("1e26", "rate")
    Traceback (most recent call last):
    ValueError: rate must be below 1,000,000,000, got '1e26'
    """
    what = _("value") if what is None else what
    if isinstance(value, bool):
        raise ValueError(_not_a_number(what, value))
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        if value.bit_length() > 4 * MAX_NUMBER_CHARS:
            raise ValueError(_too_large(what, value))
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        if len(value) > MAX_NUMBER_CHARS:
            raise ValueError(
                _("{what} must be a number of at most {limit} characters, got {value}").format(
                    what=what, limit=MAX_NUMBER_CHARS, value=excerpt(value)
                )
            )
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(_not_a_number(what, value)) from None
    else:
        raise ValueError(_not_a_number(what, value))
    if not result.is_finite():
        raise ValueError(_("{what} must be a finite number, got {value}").format(what=what, value=excerpt(value)))
    if bounded and result != 0:
        if abs(result) >= MAX_MONEY:
            raise ValueError(_too_large(what, value))
        if decimal_scale(result) > MAX_MONEY_DECIMALS:
            raise ValueError(
                _("{what} must have at most {limit} digits after the point, got {value}").format(
                    what=what, limit=MAX_MONEY_DECIMALS, value=excerpt(value)
                )
            )
    return result


def _not_a_number(what: str, value: object) -> str:
    return _("{what} must be a number, got {value}").format(what=what, value=excerpt(value))


def _too_large(what: str, value: object) -> str:
    return _("{what} must be below {limit}, got {value}").format(
        what=what, limit=format_number(MAX_MONEY), value=excerpt(value)
    )


def decimal_scale(value: Decimal) -> int:
    """Number of digits after the decimal point needed to write `value` exactly.

    Examples
    --------
    >>> [decimal_scale(Decimal(text)) for text in ("0.070", "12", "1E+2")]
    [2, 0, 0]
    """
    normalized = value.normalize()
    exponent = normalized.as_tuple().exponent
    return max(0, -int(exponent))


def round_half_up(amount: Fraction, decimals: int) -> Decimal:
    """Round an exact amount half-up (away from zero on ties) to `decimals` places.

    Examples
    --------
    >>> round_half_up(Fraction(1, 8), 2)
    Decimal('0.13')
    >>> round_half_up(Fraction(-1, 8), 2)
    Decimal('-0.13')
    """
    scale = 10**decimals
    scaled = amount * scale
    sign = -1 if scaled < 0 else 1
    magnitude = abs(scaled)
    units = (magnitude.numerator * 2 + magnitude.denominator) // (2 * magnitude.denominator)
    return Decimal(sign * units).scaleb(-decimals).quantize(Decimal(1).scaleb(-decimals))


def round_up(amount: Fraction, decimals: int) -> Decimal:
    """Round a non-negative exact amount up to the next minor unit (0.07 stays 0.07).

    Examples
    --------
    >>> round_up(Fraction(7, 100), 2), round_up(Fraction(701, 10000), 2)
    (Decimal('0.07'), Decimal('0.08'))
    """
    scale = 10**decimals
    units = math.ceil(amount * scale)
    return Decimal(units).scaleb(-decimals).quantize(Decimal(1).scaleb(-decimals))


def format_money(amount: Decimal, decimals: int, thousands: bool = False) -> str:
    """Write an amount with exactly `decimals` places, optionally with thousands separators.

    Examples
    --------
    >>> format_money(Decimal("1234.5"), 2, thousands=True)
    '1,234.50'
    """
    quantized = amount.quantize(Decimal(1).scaleb(-decimals))
    return f"{quantized:,f}" if thousands else f"{quantized:f}"
