"""The user's language: translated text (gettext catalogs) and locale formats (Babel).

Three languages: English (``en``), Chinese (``zh``, simplified, catalog
``zh_CN``) and Italian (``it``). Text is marked with `_` (and `ngettext` where a
count decides the form) at the point of use; ``pybabel extract`` collects the
marked strings into ``calc/locale/tariff_compare.pot`` and each language's
``calc/locale/<catalog>/LC_MESSAGES/tariff_compare.po`` holds the translations,
compiled to ``.mo`` files that are committed (``scripts/i18n.sh`` runs the
commands; ``tests/test_catalogs.py`` fails when a catalog is incomplete or a
``.mo`` is stale).

The current language lives in a `contextvars.ContextVar`: each Streamlit session
runs its script on a thread of its own and sets the language at the top of
every run, the command line sets it once, and neither sees the other's. Numbers,
money, percentages and dates are written by Babel in the current language's
locale; money is never converted to a float on the way.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import datetime as dt
import gettext
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from functools import cache
from pathlib import Path

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from calc.errors import excerpt
from calc.limits import MAX_NUMBER_CHARS

__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LOCALE_DIR",
    "_",
    "N_",
    "ngettext",
    "data_text",
    "current_language",
    "set_language",
    "add_language_fallback",
    "use_language",
    "language_of",
    "negotiate",
    "language_from_environment",
    "babel_locale",
    "format_number",
    "format_money",
    "format_percent",
    "format_date",
    "format_month",
    "parse_decimal",
]

#: Language code (as in the page's URL, ``?lang=zh``) -> the Babel locale and catalog it uses.
LANGUAGES: Mapping[str, str] = {"en": "en", "zh": "zh_CN", "it": "it"}
#: Each language's name in that language, for the language switch.
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "zh": "中文", "it": "Italiano"}
DEFAULT_LANGUAGE = "en"
#: The gettext domain: the catalogs' file name.
DOMAIN = "tariff_compare"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("tariff_compare_language", default=None)
_fallbacks: list[Callable[[], str | None]] = []


@cache
def _translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of `language` (no catalog: the English text as written)."""
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[LANGUAGES[language]], fallback=True)


def current_language() -> str:
    """The language code in use in this context (``"en"``, ``"zh"`` or ``"it"``).

    Set by `set_language`; where it was not set in this context, the first answer of a fallback
    (`add_language_fallback`), else English.
    """
    language = _current.get()
    if language is None:
        for fallback in _fallbacks:
            language = language_of(fallback())
            if language is not None:
                break
    return language or DEFAULT_LANGUAGE


def add_language_fallback(fallback: Callable[[], str | None]) -> None:
    """Ask `fallback` for the language where none was set in the context.

    The dashboard registers one that reads the Streamlit session's choice, so that code running
    before the page sets the language (a widget's callback) speaks it too.
    """
    if fallback not in _fallbacks:
        _fallbacks.append(fallback)


def language_of(tag: str | None) -> str | None:
    """The supported language a locale tag names, or None.

    Parameters
    ----------
    tag : str or None
        A language code as browsers, URLs and ``LANG`` write it: ``zh``, ``zh-CN``,
        ``zh_Hans_CN``, ``it_IT.UTF-8``, ``en-US``.

    Returns
    -------
    str or None
        ``"en"``, ``"zh"`` or ``"it"``; None for another or no language (``C``, ``POSIX``, ``de``).

    Examples
    --------
    >>> [language_of(tag) for tag in ("zh-CN", "it_IT.UTF-8", "EN", "de-DE", "C.UTF-8", None)]
    ['zh', 'it', 'en', None, None, None]
    """
    if not tag:
        return None
    primary = re.split(r"[-_.@]", tag.strip(), maxsplit=1)[0].lower()
    return primary if primary in LANGUAGES else None


def set_language(language: str | None) -> contextvars.Token[str | None]:
    """Use `language` for text and formats in this context (an unsupported one: English).

    Parameters
    ----------
    language : str or None
        A language code or locale tag (see `language_of`).

    Returns
    -------
    contextvars.Token
        Hand it to ``contextvars.ContextVar.reset`` (or use `use_language`) to go back.
    """
    return _current.set(language_of(language) or DEFAULT_LANGUAGE)


@contextlib.contextmanager
def use_language(language: str | None) -> Iterator[str]:
    """Use `language` inside a ``with`` block, then the language in use before.

    Examples
    --------
    >>> with use_language("it"):
    ...     format_number(Decimal("1234.5"))
    '1.234,5'
    >>> current_language()
    'en'
    """
    token = set_language(language)
    try:
        yield current_language()
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """`message` in the current language (as written when no translation exists).

    Examples
    --------
    >>> with use_language("it"):
    ...     _("Total")
    'Totale'
    """
    return _translations(current_language()).gettext(message)


def N_(message: str) -> str:
    """Mark `message` for the catalogs where it is defined; translate it with `_` where it is shown.

    Examples
    --------
    >>> LABEL = N_("Total")
    >>> with use_language("zh"):
    ...     _(LABEL)
    '总计'
    """
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count` in the current language (Chinese has one form).

    Examples
    --------
    >>> ngettext("{count} record", "{count} records", 1).format(count=1)
    '1 record'
    """
    return _translations(current_language()).ngettext(singular, plural, count)


def data_text(text: str | None) -> str:
    """A text of a bundled data file (a preset tariff's description, a demo's title or story) in the current language.

    The texts are marked in ``calc/locale/data_strings.py`` (written by ``scripts/data_strings.py``); any
    other text, such as a description the user wrote, comes back as written. Empty stays empty (``_("")``
    would be the catalog's header).

    Examples
    --------
    >>> with use_language("it"):
    ...     data_text("Six-second steps from the first second."), data_text("My own offer"), data_text(None)
    ('Scatti di sei secondi dal primo secondo.', 'My own offer', '')
    """
    if not text:
        return ""
    written = " ".join(text.split())  # as the script wrote it: one space between words
    return _(written)


def negotiate(accept_language: str | None) -> str:
    """The best supported language for a browser's ``Accept-Language`` header or locale.

    Parameters
    ----------
    accept_language : str or None
        E.g. ``"it-IT,it;q=0.9,en;q=0.8"`` or a single tag ``"zh-CN"``.

    Returns
    -------
    str
        The supported language with the highest weight; English when none is supported.

    Examples
    --------
    >>> negotiate("de-DE,de;q=0.9,zh-CN;q=0.8,en;q=0.5"), negotiate("it"), negotiate(None)
    ('zh', 'it', 'en')
    """
    ranked = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        weight = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                weight = float(match.group(1))
            except ValueError:
                weight = 0.0
        language = language_of(tag)
        if language is not None and weight > 0:
            ranked.append((-weight, position, language))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The command line's language from ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` (the first one set).

    Examples
    --------
    >>> language_from_environment({"LANG": "it_IT.UTF-8"}), language_from_environment({"LC_ALL": "C"})
    ('it', 'en')
    """
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return language_of(environ[name]) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def babel_locale(language: str | None = None) -> Locale:
    """The Babel locale of `language` (default: the current one)."""
    return Locale.parse(LANGUAGES[language_of(language) or current_language()])


def _exact(value: Decimal | Fraction | int | float, decimals: int | None) -> Decimal:
    """`value` as a Decimal, rounded half-up to `decimals` places when given (floats by their repr)."""
    if isinstance(value, Fraction):
        if decimals is None:
            raise ValueError("a Fraction needs the number of decimals to show")  # not user text: a bug
        scaled = value * 10**decimals
        units = (abs(scaled.numerator) * 2 + scaled.denominator) // (2 * scaled.denominator)
        number = Decimal(-units if scaled < 0 else units).scaleb(-decimals)
    elif isinstance(value, float):
        # With places to show, round the float's exact value (as an f-string would); else its shortest repr.
        number = Decimal(value) if decimals is not None else Decimal(repr(value))
    else:
        number = Decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number


def _scale(number: Decimal) -> int:
    """Places after the decimal sign that `number` is written with (``19.50``: 2)."""
    return max(0, -int(number.as_tuple().exponent)) if number.is_finite() else 0


def _apply(pattern: babel_numbers.NumberPattern, value: Decimal, locale: Locale, decimals: int, **kw) -> str:
    """`value` written by a locale's pattern with exactly `decimals` places (already rounded)."""
    pattern = copy.copy(pattern)
    pattern.frac_prec = (decimals, decimals)
    return pattern.apply(value, locale, decimal_quantization=True, **kw)


def format_number(
    value: Decimal | Fraction | int | float, decimals: int | None = None, language: str | None = None
) -> str:
    """A number in the locale's way, with grouping.

    Parameters
    ----------
    value : Decimal, Fraction, int or float
        Decimals and Fractions are rounded exactly (half-up), never through a float.
    decimals : int, optional
        Exactly this many places after the decimal sign; default: as many as the value has.
    language : str, optional
        Default: the current language.

    Returns
    -------
    str

    Examples
    --------
    >>> [format_number(Decimal("43422.05"), 1, lang) for lang in ("en", "zh", "it")]
    ['43,422.1', '43,422.1', '43.422,1']
    >>> format_number(10871), format_number(Fraction(1, 3), 4, "it")
    ('10,871', '0,3333')
    """
    locale = babel_locale(language)
    number = _exact(value, decimals)
    return _apply(locale.decimal_formats[None], number, locale, _scale(number) if decimals is None else decimals)


def format_money(
    amount: Decimal | Fraction | int, currency: str, language: str | None = None, decimals: int | None = None
) -> str:
    r"""An amount with its currency's symbol where the locale puts it, exactly.

    Parameters
    ----------
    amount : Decimal, Fraction or int
        Never a float: money stays exact.
    currency : str
        ISO 4217 code, e.g. ``"EUR"``.
    language : str, optional
        Default: the current language.
    decimals : int, optional
        Places to show (rounded half-up); default: as many as `amount` has, at least the
        currency's usual ones (2 for EUR), so a rate of ``0.0501073`` keeps every digit.

    Returns
    -------
    str

    Examples
    --------
    >>> [format_money(Decimal("1186.94"), "EUR", lang) for lang in ("en", "zh", "it")]
    ['€1,186.94', '€1,186.94', '1.186,94\xa0€']
    >>> format_money(Decimal("0.0501073"), "EUR", "it"), format_money(Decimal("0.15"), "CNY", "zh")
    ('0,0501073\xa0€', '¥0.15')
    """
    if isinstance(amount, float):
        raise TypeError("money must be a Decimal, a Fraction or an int, not a float")  # not user text: a bug
    locale = babel_locale(language)
    number = _exact(amount, decimals)
    if decimals is None:
        decimals = max(babel_numbers.get_currency_precision(currency), _scale(number))
    return _apply(
        locale.currency_formats["standard"], number, locale, decimals, currency=currency, currency_digits=False
    )


def format_percent(value: Decimal | Fraction | float, decimals: int | None = None, language: str | None = None) -> str:
    """A share (0.853) as a percentage in the locale's way (``85.3%``, ``85,3%``).

    Examples
    --------
    >>> format_percent(0.853, 1, "it"), format_percent(0.8), format_percent(Decimal("0.3"), language="zh")
    ('85,3%', '80%', '30%')
    """
    locale = babel_locale(language)
    if isinstance(value, Fraction):
        number = _exact(value * 100, decimals)
    else:
        exact = Decimal(value) if isinstance(value, float) and decimals is not None else _exact(value, None)
        number = exact * 100
        if decimals is not None:
            number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    places = decimals if decimals is not None else _scale(number.normalize())
    # Babel multiplies by 100 itself: hand it the exact share back.
    return _apply(locale.percent_formats[None], number.scaleb(-2), locale, places)


def format_date(day: dt.date | dt.datetime, form: str = "medium", language: str | None = None) -> str:
    """A date in the locale's way.

    Parameters
    ----------
    day : date or datetime
    form : str
        ``"short"``, ``"medium"``, ``"long"`` or a CLDR pattern such as ``"yyyy-MM-dd"``.

    Examples
    --------
    >>> [format_date(dt.date(2026, 1, 5), language=lang) for lang in ("en", "zh", "it")]
    ['Jan 5, 2026', '2026年1月5日', '5 gen 2026']
    """
    if isinstance(day, dt.datetime):
        day = day.date()
    return babel_dates.format_date(day, form, locale=babel_locale(language))


def format_month(month: str, language: str | None = None) -> str:
    """A month written ``YYYY-MM`` (the logs' month labels) in the locale's way.

    Examples
    --------
    >>> [format_month("2026-01", lang) for lang in ("en", "zh", "it")]
    ['Jan 2026', '2026年1月', 'gen 2026']
    """
    year, month_number = (int(part) for part in month.split("-"))
    return babel_dates.format_skeleton("yMMM", dt.date(year, month_number, 1), locale=babel_locale(language))


_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:X\d{3})+")


def parse_decimal(text: str, language: str | None = None, what: str | None = None) -> Decimal:
    """Read a number typed in the locale's way, exactly (``0,05`` in Italian is five hundredths).

    Parameters
    ----------
    text : str
        What the user typed. Spaces, non-breaking spaces and apostrophes are ignored,
        full-width digits and signs (Chinese keyboards) read as ASCII.
    language : str, optional
        Default: the current language. Its decimal sign is read as the decimal sign and its
        grouping sign as grouping (``1.234,5`` in Italian, ``1,234.5`` in English and Chinese).
    what : str, optional
        The field's name for the message.

    Returns
    -------
    Decimal
        The exact value; no float on the way.

    Raises
    ------
    ValueError
        If the text is not a number, or could be read two ways: one grouping sign followed by
        exactly three digits (``1.234`` in Italian, ``1,234`` in English) could be a thousand or a
        decimal, and is refused with a message asking for the number without grouping.

    Notes
    -----
    The other sign alone, where it cannot be a grouping (``0.05`` in Italian, ``0,05`` in
    English), is read as the decimal sign: people paste numbers written the other way.

    Examples
    --------
    >>> parse_decimal("0,05", "it"), parse_decimal("1.234,5", "it"), parse_decimal("1,234.5", "en")
    (Decimal('0.05'), Decimal('1234.5'), Decimal('1234.5'))
    >>> parse_decimal("0.05", "it"), parse_decimal("０．０７", "zh"), parse_decimal("-12", "en")
    (Decimal('0.05'), Decimal('0.07'), Decimal('-12'))
    >>> parse_decimal("1.234", "it")
    Traceback (most recent call last):
    ValueError: '1.234' can be read two ways (1234 or 1,234): write it without the thousands separator
    """
    locale = babel_locale(language)
    decimal_sign = locale.number_symbols["latn"]["decimal"]
    group_sign = locale.number_symbols["latn"]["group"]
    label = what or _("value")
    if len(text) > MAX_NUMBER_CHARS:
        raise ValueError(
            _("{what} must be a number of at most {limit} characters, got {text}").format(
                what=label, limit=MAX_NUMBER_CHARS, text=excerpt(text)
            )
        )
    body = unicodedata.normalize("NFKC", text).translate(_SPACES).replace("\u2212", "-")
    not_a_number = ValueError(_("{what} must be a number, got {text}").format(what=label, text=excerpt(text)))
    sign = ""
    if body[:1] in "+-" and body:
        sign, body = ("-" if body[0] == "-" else ""), body[1:]
    if not body or not re.fullmatch(r"[0-9.,]+", body) or not re.search(r"\d", body):
        raise not_a_number
    decimals_typed, groups_typed = body.count(decimal_sign), body.count(group_sign)
    if decimals_typed and groups_typed:
        integer, _sep, fraction = body.rpartition(decimal_sign)
        if decimals_typed > 1 or group_sign in fraction or not _GROUPED.fullmatch(integer.replace(group_sign, "X")):
            raise not_a_number
        plain = integer.replace(group_sign, "") + "." + fraction
    elif decimals_typed:
        if decimals_typed > 1:
            raise not_a_number
        plain = body.replace(decimal_sign, ".")
    elif groups_typed:
        grouped = bool(_GROUPED.fullmatch(body.replace(group_sign, "X")))
        if grouped and groups_typed > 1:
            plain = body.replace(group_sign, "")
        elif grouped:
            whole = body.replace(group_sign, "")
            raise ValueError(
                _(
                    "{text} can be read two ways ({whole} or {decimal}): write it without the thousands separator"
                ).format(text=excerpt(text), whole=whole, decimal=body.replace(group_sign, decimal_sign))
            )
        elif groups_typed == 1:
            plain = body.replace(group_sign, ".")
        else:
            raise not_a_number
    else:
        plain = body
    try:
        return Decimal(sign + plain)
    except InvalidOperation:
        raise not_a_number from None
