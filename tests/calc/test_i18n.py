"""calc.i18n: locale numbers read and written exactly, languages negotiated, contexts kept apart."""

from __future__ import annotations

import threading
from decimal import Decimal
from fractions import Fraction

import pytest

from calc import i18n
from calc.i18n import _, format_money, format_number, format_percent, negotiate, parse_decimal


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("0,05", "it", "0.05"),
        ("0.05", "it", "0.05"),  # the other sign where it cannot be grouping: a decimal point
        ("1.234,5", "it", "1234.5"),
        ("1.234.567", "it", "1234567"),
        ("1 234,50", "it", "1234.50"),
        ("-0,0321", "it", "-0.0321"),
        ("0.0501073", "en", "0.0501073"),
        ("1,234.5", "en", "1234.5"),
        ("0,05", "en", "0.05"),
        ("0.15", "zh", "0.15"),
        ("０．１５", "zh", "0.15"),  # full-width digits from a Chinese keyboard
        ("12", "zh", "12"),
        ("0,100000000001", "it", "0.100000000001"),  # every digit kept: never a float
    ],
)
def test_parse_decimal_reads_exactly(text, language, value):
    parsed = parse_decimal(text, language)
    assert parsed == Decimal(value) and str(parsed) == value


@pytest.mark.parametrize(
    ("text", "language", "message"),
    [
        ("1.234", "it", r"'1.234' can be read two ways \(1234 or 1,234\)"),
        ("1,234", "en", r"'1,234' can be read two ways \(1234 or 1.234\)"),
        ("1,234.5", "it", "value must be a number, got '1,234.5'"),
        ("0,0,5", "it", "value must be a number, got '0,0,5'"),
        ("abc", "zh", "value must be a number, got 'abc'"),
        ("1e5", "en", "value must be a number, got '1e5'"),
        ("", "en", "value must be a number, got ''"),
        ("9" * 41, "en", "value must be a number of at most 40 characters"),
    ],
)
def test_parse_decimal_refuses_what_it_cannot_read_one_way(text, language, message):
    with pytest.raises(ValueError, match=message):
        parse_decimal(text, language)


def test_refusals_are_in_the_users_language():
    with i18n.use_language("it"), pytest.raises(ValueError, match="deve essere un numero, ricevuto 'x'"):
        parse_decimal("x", what=_("value"))
    with i18n.use_language("zh"), pytest.raises(ValueError, match="有两种读法"):
        parse_decimal("1,234")


def test_money_keeps_every_digit_and_the_locale_position():
    assert format_money(Decimal("2175.76"), "EUR", "it") == "2.175,76\xa0€"
    assert format_money(Decimal("2175.76"), "EUR", "zh") == "€2,175.76"
    assert format_money(Decimal("0.15"), "CNY", "zh") == "¥0.15"
    assert format_money(Decimal("802.69"), "USD", "en") == "$802.69"
    assert format_money(Decimal("0.0501073"), "EUR", "en") == "€0.0501073"
    assert format_money(Fraction(1, 8), "EUR", "en", decimals=2) == "€0.13"  # half-up, exact
    assert format_money(Decimal("12345678.905"), "EUR", "it", decimals=2) == "12.345.678,91\xa0€"
    with pytest.raises(TypeError, match="not a float"):
        format_money(0.1, "EUR")


def test_numbers_and_percentages():
    assert [format_number(Decimal("43422.05"), 1, lang) for lang in ("en", "zh", "it")] == [
        "43,422.1",
        "43,422.1",
        "43.422,1",
    ]
    assert format_percent(0.853, 1, "it") == "85,3%" and format_percent(Fraction(1, 3), 2, "zh") == "33.33%"


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("it-IT,it;q=0.9,en-US;q=0.8", "it"),
        ("en-US,en;q=0.9,zh-CN;q=0.8", "en"),
        ("de-DE,zh-Hans-CN;q=0.7,it;q=0.6", "zh"),
        ("zh-TW", "zh"),
        ("fr-FR", "en"),
        ("it;q=0, zh;q=0.1", "zh"),
        ("", "en"),
    ],
)
def test_negotiate(header, language):
    assert negotiate(header) == language


def test_each_thread_keeps_its_own_language():
    seen = {}
    barrier = threading.Barrier(2)

    def session(language):
        i18n.set_language(language)
        barrier.wait()
        seen[language] = (_("Total"), format_number(Decimal("1234.5")))

    threads = [threading.Thread(target=session, args=(lang,)) for lang in ("it", "zh")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"it": ("Totale", "1.234,5"), "zh": ("总计", "1,234.5")}
    assert i18n.current_language() == "en"
