"""Session-state keys and their defaults: the one place that names what a session remembers.

Every page calls `init_state()` first. Widget keys are prefixed by their page
(``home_``, ``tariffs_``, ``compare_``); the keys here are not widgets, so they
survive moving between pages.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import streamlit as st

from calc import Tariff, load_tariff_files

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "data" / "logs"
PRESETS_DIR = ROOT / "data" / "tariffs"

#: The log in use: ``{"name", "path"}`` for a bundled sample or ``{"name", "data", "file_id"}`` for an upload.
LOG_SOURCE = "log_source"
#: Overrides of what the import detected: mapping, date order, zone, encoding, delimiter, sheet.
IMPORT_OPTIONS = "import_options"
#: The imported and prepared log (`ui.data.LoadedLog`) for `LOG_SOURCE` and `IMPORT_OPTIONS`.
LOADED = "loaded_log"
#: Last upload that could not be read: ``(file name, message)``.
UPLOAD_ERROR = "upload_error"
#: An upload whose columns could not be told apart, waiting for the user to map them:
#: ``{"name", "data", "digest", "file_id", "columns", "message"}``, or None.
PENDING_UPLOAD = "pending_upload"
#: The tariff set: a list of `calc.Tariff`, and a stable id per tariff for its widget keys.
TARIFFS = "tariffs"
TARIFF_IDS = "tariff_ids"
NEXT_TARIFF_ID = "next_tariff_id"
#: Id of the tariff open in the editor.
EDITING = "editing_tariff"
#: Errors of the last tariff form: widget key -> message, shown next to the field.
FORM_ERRORS = "tariff_form_errors"
#: Names of the tariffs in the comparison, and the one marked as the buyer's current contract.
COMPARED = "compared_tariffs"
CURRENT_CONTRACT = "current_contract"

#: The sample the first screen shows.
DEFAULT_SAMPLE = "support desk"
DEFAULT_OPTIONS = {
    "mapping": {},
    "date_order": "auto",
    "timezone": None,
    "encoding": None,
    "delimiter": None,
    "legs": "merge",
}


def samples() -> dict[str, Path]:
    """Bundled sample logs by display name ("support desk" for ``support_desk.csv``)."""
    return {path.stem.replace("_", " "): path for path in sorted(SAMPLES_DIR.glob("*.csv"))}


def presets() -> list[Tariff]:
    """The preset tariff library in ``data/tariffs``."""
    return load_tariff_files(sorted(PRESETS_DIR.glob("*.yaml")))


def init_state() -> None:
    """Give every session key its default once: the first sample, the presets, all compared."""
    state = st.session_state
    if LOG_SOURCE not in state:
        bundled = samples()
        name = DEFAULT_SAMPLE if DEFAULT_SAMPLE in bundled else next(iter(bundled))
        state[LOG_SOURCE] = {"name": name, "path": str(bundled[name])}
    state.setdefault(IMPORT_OPTIONS, dict(DEFAULT_OPTIONS))
    state.setdefault(UPLOAD_ERROR, None)
    state.setdefault(PENDING_UPLOAD, None)
    if TARIFFS not in state:
        set_tariffs(presets())
    state.setdefault(EDITING, state[TARIFF_IDS][0] if state[TARIFF_IDS] else None)
    state.setdefault(FORM_ERRORS, {})
    state.setdefault(COMPARED, default_comparison(state[TARIFFS]))  # None: every tariff in the set
    state.setdefault(CURRENT_CONTRACT, None)


def default_comparison(tariffs: list[Tariff]) -> list[str] | None:
    """What is compared until the user chooses: every tariff (None), or those in the set's main currency.

    Totals are never converted between currencies, so a set that mixes them (the presets hold CNY
    and USD offers beside the EUR ones) starts with the tariffs of its most common currency.
    """
    currencies = Counter(t.currency for t in tariffs)
    if len(currencies) <= 1:
        return None
    main = currencies.most_common(1)[0][0]
    return [t.name for t in tariffs if t.currency == main]


def use_sample(name: str) -> None:
    """Make a bundled sample the log in use, read with the detected settings."""
    state = st.session_state
    state[LOG_SOURCE] = {"name": name, "path": str(samples()[name])}
    state[IMPORT_OPTIONS] = dict(DEFAULT_OPTIONS)
    state[UPLOAD_ERROR] = None
    state[PENDING_UPLOAD] = None


def set_tariffs(tariffs: list[Tariff]) -> None:
    """Replace the tariff set, giving each tariff a fresh id; compare the new set's default choice."""
    state = st.session_state
    first = state.get(NEXT_TARIFF_ID, 1)
    state[TARIFFS] = list(tariffs)
    state[TARIFF_IDS] = list(range(first, first + len(tariffs)))
    state[NEXT_TARIFF_ID] = first + len(tariffs)
    state[EDITING] = state[TARIFF_IDS][0] if tariffs else None
    state[COMPARED] = default_comparison(state[TARIFFS])


def add_tariff(tariff: Tariff, after: int | None = None) -> int:
    """Add a tariff (after the one with id `after`, else at the end); return its id."""
    state = st.session_state
    new_id = state[NEXT_TARIFF_ID]
    state[NEXT_TARIFF_ID] = new_id + 1
    position = state[TARIFF_IDS].index(after) + 1 if after in state[TARIFF_IDS] else len(state[TARIFFS])
    state[TARIFFS] = [*state[TARIFFS][:position], tariff, *state[TARIFFS][position:]]
    state[TARIFF_IDS] = [*state[TARIFF_IDS][:position], new_id, *state[TARIFF_IDS][position:]]
    if state.get(COMPARED) is not None:  # a new tariff is compared, as it is when every tariff is
        state[COMPARED] = [*state[COMPARED], tariff.name]
    return new_id


def replace_tariff(tariff_id: int, tariff: Tariff) -> None:
    """Put an edited tariff in place of the one with `tariff_id`, following a rename in the comparison."""
    state = st.session_state
    position = state[TARIFF_IDS].index(tariff_id)
    old = state[TARIFFS][position].name
    tariffs = list(state[TARIFFS])
    tariffs[position] = tariff
    state[TARIFFS] = tariffs
    if old != tariff.name:
        if state[COMPARED] is not None:
            state[COMPARED] = [tariff.name if name == old else name for name in state[COMPARED]]
        if state[CURRENT_CONTRACT] == old:
            state[CURRENT_CONTRACT] = tariff.name


def delete_tariff(tariff_id: int) -> None:
    """Remove a tariff from the set (and from the comparison and the current-contract mark)."""
    state = st.session_state
    position = state[TARIFF_IDS].index(tariff_id)
    name = state[TARIFFS][position].name
    state[TARIFFS] = [t for i, t in enumerate(state[TARIFFS]) if i != position]
    state[TARIFF_IDS] = [t for i, t in enumerate(state[TARIFF_IDS]) if i != position]
    if state[COMPARED] is not None:
        state[COMPARED] = [n for n in state[COMPARED] if n != name]
    if state[CURRENT_CONTRACT] == name:
        state[CURRENT_CONTRACT] = None
    if state[EDITING] == tariff_id:
        state[EDITING] = state[TARIFF_IDS][min(position, len(state[TARIFF_IDS]) - 1)] if state[TARIFF_IDS] else None


def tariff_by_id(tariff_id: int) -> Tariff:
    """The tariff with this id."""
    return st.session_state[TARIFFS][st.session_state[TARIFF_IDS].index(tariff_id)]


def compared_tariffs() -> list[Tariff]:
    """The tariffs in the comparison, in the set's order."""
    chosen = st.session_state[COMPARED]
    tariffs = st.session_state[TARIFFS]
    return list(tariffs) if chosen is None else [t for t in tariffs if t.name in chosen]
