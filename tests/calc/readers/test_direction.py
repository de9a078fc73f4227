"""A call's direction: flags, words, contexts, both ends, outside numbers and DIDs, in that order."""

from __future__ import annotations

import pandas as pd
import pytest

from calc.readers.direction import call_directions, context_kind, is_extension


def test_order_of_precedence_row_by_row():
    words = pd.Series(["outbound", "", "", "", "", "", ""])
    context = pd.Series(["from-internal", "from-trunk", "from-internal", "from-internal", "x", "x", "x"])
    caller = pd.Series(["201", "0612345678", "201", "201", "0612345678", "x y", "x y"])
    destination = pd.Series(["202", "201", "202", "0612345678", "201", "z w", "z w"])
    did = pd.Series(["", "", "", "", "", "0299999999", ""])
    internal = pd.Series(["1", "0", "0", "0", "0", "0", "0"])
    directions, rules = call_directions(7, words, context, caller, destination, did, internal)
    assert directions.tolist() == ["internal", "inbound", "internal", "outbound", "inbound", "inbound", ""]
    assert rules == [
        "internal flag: 1 internal (1 changed)",
        "direction column: 1 outbound",
        "dialplan context of calls from outside: 1 inbound",
        "both ends are extensions: 1 internal",
        "dialplan context of calls placed by extensions: 1 outbound",
        "an outside number called an extension: 1 inbound",
        "called on a DID: 1 inbound",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("105", True), ("0", True), ("*60", True), ("client1", True), ("+390612345678", False), ("", False)],
)
def test_what_an_extension_looks_like(value, expected):
    assert is_extension(value) is expected


@pytest.mark.parametrize(
    ("context", "kind"),
    [
        ("from-pstn", "inbound"),
        ("public", "inbound"),
        ("acme-pstn", "inbound"),
        ("default", "outbound"),
        ("from-internal", "outbound"),
        ("from-internal-xfer", ""),
        ("ringgroups", ""),
    ],
)
def test_context_kinds(context, kind):
    assert context_kind(context) == kind
