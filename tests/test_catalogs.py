"""The catalogs are complete and current: every marked string is in each language, translated, compiled.

Extracts the marked strings (``_()``, ``N_()``, ``ngettext()``) the way ``pybabel extract`` does with
``babel.cfg``, and fails when a string is missing from a catalog, untranslated or fuzzy in Chinese or
Italian, its placeholders differ from the English, a catalog holds a string the code no longer has, or a
compiled ``.mo`` is older than its ``.po``. The files listed in `TRANSLATED` are also read for text left
unmarked: a literal phrase outside ``_()``, or a literal label given to a Streamlit element or an argparse help.
Run ``bash scripts/i18n.sh`` after changing text.
"""

from __future__ import annotations

import ast
import gettext
import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from calc.i18n import DOMAIN, LANGUAGES, LOCALE_DIR
from tests.conftest import ROOT

#: Files whose every user-facing string is translated (the pages still to do are not listed yet).
TRANSLATED = [
    "calc/cli.py",
    "calc/cli_text.py",
    "calc/i18n.py",
    "ui/i18n.py",
    "ui/nav.py",
    "ui/safe.py",
    "ui/glossary.py",
    "app.py",
    "pages/6_glossary.py",
    "pages/5_decision.py",
    "ui/decision_tables.py",
    "ui/decision_charts.py",
    "ui/pdf_report.py",
    "pages/4_workspaces.py",
    "ui/state.py",
    "ui/data.py",
    "ui/whatif_data.py",
    "ui/report.py",
    "calc/readers/asterisk.py",
    "calc/readers/avaya.py",
    "calc/readers/cisco.py",
    "calc/readers/cloud.py",
    "calc/readers/direction.py",
    "calc/readers/freeswitch.py",
    "calc/readers/fields.py",
    "calc/readers/headers.py",
    "calc/readers/importing.py",
    "calc/readers/layouts.py",
    "calc/readers/sources.py",
    "calc/readers/threecx.py",
    "calc/readers/twilio.py",
    "calc/readers/values.py",
    "calc/readers/vendor.py",
    "pages/3_what_if.py",
    "ui/whatif.py",
    "ui/whatif_demos.py",
    "ui/whatif_staffing.py",
    "pages/1_tariffs.py",
    "ui/tariff_form.py",
    "ui/tariff_fields.py",
    "pages/7_dataset.py",
    "calc/tariff.py",
    "calc/components.py",
    "calc/decks.py",
    "calc/schedule.py",
    "calc/safe_yaml.py",
    "calc/limits.py",
    "calc/money.py",
    "calc/errors.py",
    "calc/breakeven.py",
    "calc/scenarios.py",
    "calc/staffing.py",
    "calc/teams.py",
    "calc/decision.py",
    "calc/rating.py",
    "calc/partials.py",
    "calc/peaks.py",
    "calc/dataset.py",
    "calc/offers.py",
    "calc/curves.py",
    "calc/calls.py",
    "calc/records.py",
    "pages/2_compare.py",
    "ui/tables.py",
    "ui/call_tables.py",
    "ui/charts.py",
    "ui/chart_style.py",
    "ui/compare_charts.py",
    "ui/whatif_charts.py",
]
CATALOGS = sorted(set(LANGUAGES.values()))
MARKERS = {"_", "N_", "ngettext"}


def extracted() -> dict[str | tuple[str, ...], list[str]]:
    """Every marked message of the project, with where it is, as ``pybabel extract -F babel.cfg`` finds it."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str | tuple[str, ...], list[str]] = {}
    for filename, line, message, _comments, _context in extract_from_dir(ROOT, method_map, options_map):
        found.setdefault(message, []).append(f"{filename}:{line}")
    return found


def catalog(locale: str):
    with open(LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as file:
        return read_po(file, locale=locale)


def placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}


@pytest.fixture(scope="module")
def messages():
    return extracted()


def test_the_translated_files_mark_their_text(messages):
    files = {where.split(":")[0] for places in messages.values() for where in places}
    assert set(TRANSLATED) <= files


@pytest.mark.parametrize("locale", CATALOGS)
def test_every_marked_string_is_in_the_catalog(messages, locale):
    po = catalog(locale)
    missing = [f"{message!r} ({places[0]})" for message, places in messages.items() if po.get(message) is None]
    assert not missing, f"not in the {locale} catalog, run bash scripts/i18n.sh: {missing}"
    singular = {message[0] if isinstance(message, tuple) else message for message in messages}
    stale = [m.id for m in po if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in singular]
    assert not stale, f"the {locale} catalog holds strings the code no longer has: {stale}"


@pytest.mark.parametrize("locale", [locale for locale in CATALOGS if locale != "en"])
def test_every_string_is_translated(messages, locale):
    po = catalog(locale)
    problems = []
    for message in po:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if "fuzzy" in message.flags or not all(form.strip() for form in forms):
            problems.append(f"untranslated: {ids[0]!r}")
        elif isinstance(message.id, tuple) and len(forms) != po.num_plurals:
            problems.append(f"{len(forms)} plural forms, {po.num_plurals} needed: {ids[0]!r}")
        else:
            wanted = placeholders(ids[-1])
            problems += [
                f"placeholders {sorted(placeholders(form))} instead of {sorted(wanted)}: {ids[0]!r}"
                for form in forms
                if placeholders(form) - {"count"} != wanted - {"count"}
            ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("locale", CATALOGS)
def test_the_compiled_catalog_is_current(locale):
    """The committed .mo holds exactly what compiling the .po gives (compare the messages, not the bytes)."""
    fresh = io.BytesIO()
    write_mo(fresh, catalog(locale))
    fresh.seek(0)
    with open(LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as file:
        committed = gettext.GNUTranslations(file)
    assert committed._catalog == gettext.GNUTranslations(fresh)._catalog, (
        f"{locale}: the .mo is stale, run bash scripts/i18n.sh compile"
    )


# --- text left unmarked in the translated files -------------------------------------------------------------

#: Streamlit elements and argparse calls whose first argument or these keywords are shown to people.
UI_CALLS = {
    "title", "header", "subheader", "caption", "markdown", "write", "text", "info", "warning", "error", "success",
    "button", "download_button", "form_submit_button", "page_link", "metric", "selectbox", "multiselect", "radio",
    "text_input", "text_area", "number_input", "toggle", "checkbox", "file_uploader", "expander", "tabs",
    "slider", "select_slider", "set_page_config", "add_argument_group",
}  # fmt: skip
SHOWN_KEYWORDS = {"label", "help", "placeholder", "page_title", "caption", "description"}
#: Keywords whose text is not for reading (keys, icons, file types...).
NOT_SHOWN_KEYWORDS = {"key", "icon", "type", "mime", "file_name", "metavar", "dest", "page_icon", "layout", "divider"}
PHRASE = re.compile(r"[A-Za-z]{2,}(?:[ ,;:]|\{\})+[A-Za-z]{2,}")  # "{}" stands for an f-string's value


def literal_texts(node: ast.AST) -> list[ast.Constant]:
    """The string literals in an expression outside _(), N_() and ngettext(); an f-string as one text."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) in MARKERS:
        return []
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return literal_texts(node.func.value) + [c for arg in node.args for c in literal_texts(arg)]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.JoinedStr):
        text = "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
        joined = [ast.Constant(value=text, lineno=node.lineno, col_offset=node.col_offset)]
        inside = [c for part in node.values if isinstance(part, ast.FormattedValue) for c in literal_texts(part)]
        return joined + inside
    found = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.keyword) and child.arg in NOT_SHOWN_KEYWORDS:
            continue
        found += literal_texts(child)
    return found


def docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def unmarked(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    skip = docstrings(tree)
    problems = []

    def report(constant: ast.Constant, why: str) -> None:
        if id(constant) in skip or "# not user text" in lines[constant.lineno - 1]:
            return
        problems.append(f"{path.relative_to(ROOT)}:{constant.lineno}: {why} {constant.value!r}")

    # 1. A phrase (two words) anywhere outside _(): text for people that nobody marked.
    for constant in literal_texts(tree):
        if PHRASE.search(constant.value) and not constant.value.endswith(".py"):
            report(constant, "unmarked phrase")
    # 2. A label given to an element (even one word): "Total", "Delimiter".
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", None))
        if name not in UI_CALLS:
            continue
        shown = [*node.args[:1], *(k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS)]
        for expression in shown:
            for constant in literal_texts(expression):
                if re.search(r"[A-Za-z]", constant.value) and not constant.value.endswith(".py"):
                    report(constant, f"unmarked text given to {name}():")
    return problems


@pytest.mark.parametrize("path", TRANSLATED)
def test_no_unmarked_text_in_a_translated_file(path):
    assert not unmarked(ROOT / path)


def test_the_check_finds_unmarked_text(tmp_path, monkeypatch):
    monkeypatch.setattr("tests.test_catalogs.ROOT", tmp_path)
    page = tmp_path / "page.py"
    page.write_text(
        'import streamlit as st\nfrom calc.i18n import _\nst.title("Total")\nst.caption(_("Fine"))\n'
        'st.metric(_("Calls"), 3, help=f"Calls {3} shown")\nlines = ["Warning: no rate"]\n'
        'st.page_link("pages/6_glossary.py", label=_("Glossary"))\n'
    )
    assert unmarked(page) == [
        "page.py:5: unmarked phrase 'Calls {} shown'",
        "page.py:6: unmarked phrase 'Warning: no rate'",
        "page.py:3: unmarked text given to title(): 'Total'",
        "page.py:5: unmarked text given to metric(): 'Calls {} shown'",
    ]
