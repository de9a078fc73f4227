"""Hypothesis fuzzing, bounded: the importer and the tariff reader either read or refuse with InputError."""

from __future__ import annotations

import json

import pandas as pd
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import InputError, compare, parse_tariffs, read_calls
from calc.readers import import_calls

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CELLS = st.one_of(
    st.sampled_from(["2026-01-05 09:00:00", "05/01/2026 09:00", "31/02/2026", "-1", "1e30", "NaN", "=1+1", "@x", ""]),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=30),
)


@FUZZ
@given(
    header=st.lists(
        st.sampled_from(["start", "duration_s", "agent", "channel", "answered", "x", "答"]), min_size=1, max_size=6
    ),
    rows=st.lists(st.lists(CELLS, min_size=0, max_size=7), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_any_delimited_text_is_read_or_refused(header, rows, delimiter):
    text = "\n".join(delimiter.join(row) for row in [header, *rows])
    try:
        imported = import_calls(text.encode("utf-8", "surrogatepass"), "fuzz.csv")
    except InputError as error:
        assert "\n" not in str(error).strip()
    else:
        assert len(imported.log.records) + len(imported.rejected) <= len(rows) + 1


@FUZZ
@given(data=st.binary(max_size=400))
def test_any_bytes_are_read_or_refused(data):
    for name in ("fuzz.csv", "fuzz.xlsx", "fuzz.parquet"):
        for head in (b"", b"PAR1", b"PK\x03\x04"):
            try:
                import_calls(head + data, name)
            except InputError:
                pass


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        ["60/60", "1:30", "0x10", "010", "agents", "1e26", "per_minute", "none", "up", "EUR", "mon-fri 09:00-18:00"]
    ),
    st.text(max_size=20),
)
KEYS = st.sampled_from(
    [
        "name",
        "type",
        "rate",
        "fee",
        "amount",
        "increment",
        "tiers",
        "up_to",
        "seats",
        "agents",
        "schedule",
        "included_minutes",
        "components",
        "currency",
        "decimals",
        "round_per_call",
        "label",
        "hours_per_month",
        "covers_calls",
        "channel",
        "grace_s",
        "min_charge",
    ]
)
DOCUMENTS = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6), max_leaves=30
)


@FUZZ
@given(document=DOCUMENTS, as_json=st.booleans())
def test_any_tariff_document_is_read_or_refused_in_one_line(document, as_json):
    text = json.dumps(document) if as_json else yaml.safe_dump(document)
    try:
        tariffs = parse_tariffs(text, "fuzz.json" if as_json else "fuzz.yaml")
    except InputError as error:
        assert "\n" not in str(error) and len(str(error)) < 1000
    else:
        assert all(t.name for t in tariffs)


COMPONENT = st.fixed_dictionaries(
    {"type": st.just("per_minute"), "rate": st.decimals(min_value=0, max_value=10**9, places=6).map(str)},
    optional={"increment": st.sampled_from(["1/1", "60/60", "30/6"]), "included_minutes": st.integers(0, 10**9)},
)


@FUZZ
@given(component=COMPONENT)
def test_valid_looking_tariffs_price_without_a_crash(component):

    text = json.dumps({"name": "A", "components": [component]})
    try:
        [tariff] = parse_tariffs(text, "t.json")
    except InputError:
        return
    log = read_calls(pd.DataFrame({"start": ["2026-01-05 09:00:00", "2026-01-06 10:00:00"], "duration_s": [61, 3599]}))
    total = compare(log, [tariff]).results[0].total
    assert total >= 0
