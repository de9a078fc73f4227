"""Session-state keys and their defaults: the one place that names what a session remembers.

Every page calls `init_state()` first. Widget keys are prefixed by their page
(``home_``, ``tariffs_``, ``compare_``); the keys here are not widgets, so they
survive moving between pages.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections import Counter
from pathlib import Path

import streamlit as st

from calc import InputError, Tariff, i18n, load_tariff_files
from calc.i18n import _
from ui import whatif, workspaces
from ui.i18n import ASKED_KEY, LANGUAGE_KEY, QUERY_PARAMETER, setup_language
from ui.safe import md

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

#: The what-if page's settings (`ui.whatif.Settings`), kept when the page is left; saved with the workspace.
WHATIF_SETTINGS = "whatif_settings"
#: The workspace this session shows and saves to (its id, also in the URL as ``?ws=ID``), its name,
#: whether it is a read-only shared copy, and how it began (``""`` or ``"demo:KEY"``).
WORKSPACE = "workspace_id"
WORKSPACE_NAME = "workspace_name"
WORKSPACE_READ_ONLY = "workspace_read_only"
WORKSPACE_ORIGIN = "workspace_origin"
#: Fingerprint of what was last saved: a page run writes only when it changed.
WORKSPACE_SAVED = "workspace_saved"
#: A message about the workspace to show once (a link not found, a save refused).
WORKSPACE_NOTICE = "workspace_notice"
#: The query parameter that carries the workspace id.
WORKSPACE_PARAM = "ws"
#: Prefixes of the pages' widget keys: forgotten when another workspace is opened.
_WIDGET_PREFIXES = ("home_", "tariffs_", "compare_", "whatif_", "workspaces_")
_LOG = logging.getLogger("tariff_compare")

#: The sample the first screen shows.
DEFAULT_SAMPLE = "support desk"  # not user text: the sample's key, shown translated (ui.nav.log_name)
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
    """Give every session key its default once, restore the workspace of the link, save what changed.

    On a session's first run the workspace named by the URL's ``?ws=ID`` is restored; a missing or
    expired one is said so and a fresh workspace started; without a link a fresh one is made (the
    first sample, the presets, all compared). Every run then saves what changed since the last save
    (callbacks change state before the run) and keeps the id in the URL.
    """
    state = st.session_state
    if WORKSPACE not in state:
        state[WORKSPACE] = None
        setup_language()  # the messages below speak it: the link's, else the browser's
        _open_from_link(restore_language=not state[ASKED_KEY])  # no ?lang= in the link: the workspace's
        _defaults()
        if state[WORKSPACE] is None:
            _create()
    else:
        _defaults()
    save_workspace()
    keep_in_url()


def _defaults() -> None:
    state = st.session_state
    state.setdefault(WORKSPACE_NAME, "")
    state.setdefault(WORKSPACE_READ_ONLY, False)
    state.setdefault(WORKSPACE_ORIGIN, "")
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


# --- workspaces: the session saved in SQLite (ui.workspaces), found again by the link's ?ws=ID -------


@st.cache_resource(show_spinner=False)
def _store_at(path: str) -> workspaces.WorkspaceStore:
    return workspaces.WorkspaceStore(path)


def store() -> workspaces.WorkspaceStore:
    """The workspace store of this server: the SQLite file `ui.workspaces.default_path` names."""
    return _store_at(str(workspaces.default_path()))


def _unavailable(error: Exception) -> None:
    _LOG.error("the workspace store failed", exc_info=error)  # not user text: the server's log
    st.session_state[WORKSPACE_NOTICE] = _(
        "Workspaces are unavailable on this server just now: this session's work is not saved."
    )


def _open_from_link(restore_language: bool = False) -> None:
    """Restore the workspace the URL names (its language too if `restore_language`); say so when it is missing."""
    requested = st.query_params.get(WORKSPACE_PARAM)
    if not requested:
        return
    try:
        opened = open_workspace(requested, restore_language=restore_language)
    except (sqlite3.Error, OSError) as error:
        _unavailable(error)
        return
    if not opened:
        st.session_state[WORKSPACE_NOTICE] = _(
            "The workspace of this link was not found: it was deleted, or unused for more than {days} days. "
            "A fresh workspace was started."
        ).format(days=workspaces.MAX_AGE_DAYS)


def _create() -> None:
    """Save the session's state as a new workspace and put its id in the URL."""
    state = st.session_state
    try:
        state[WORKSPACE] = store().create(content_from_state(), state[WORKSPACE_NAME])
    except (sqlite3.Error, OSError) as error:
        _unavailable(error)
        state[WORKSPACE] = None
        return
    except InputError as error:  # too large: the session goes on, unsaved
        state[WORKSPACE] = None
        state[WORKSPACE_NOTICE] = _("Not saved: {reason}.").format(reason=error)
        return
    state[WORKSPACE_READ_ONLY] = False
    state[WORKSPACE_SAVED] = _fingerprint()
    st.query_params[WORKSPACE_PARAM] = state[WORKSPACE]


def workspace_query() -> dict[str, str]:
    """The query parameters a page that rewrites its URL must keep: the workspace (``ws``) and the language (``lang``).

    The workspace is left out when it is not saved.
    """
    state = st.session_state
    query = {QUERY_PARAMETER: state[LANGUAGE_KEY]} if state.get(LANGUAGE_KEY) else {}
    workspace = state.get(WORKSPACE)
    return query | ({WORKSPACE_PARAM: workspace} if workspace else {})


def content_from_state() -> workspaces.Content:
    """What the session holds, as a workspace's content."""
    state = st.session_state
    source = state[LOG_SOURCE]
    upload = source.get("data") is not None
    return workspaces.Content(
        log_name=source["name"],
        log_sample=None if upload else source["name"],
        log_data=source.get("data"),
        log_digest=source.get("digest") if upload else None,
        log_file_id=source.get("file_id") if upload else None,
        import_options=dict(state[IMPORT_OPTIONS]),
        tariffs=list(state[TARIFFS]),
        compared=None if state[COMPARED] is None else list(state[COMPARED]),
        current_contract=state[CURRENT_CONTRACT],
        whatif=state.get(WHATIF_SETTINGS),
        origin=state[WORKSPACE_ORIGIN],
        language=state.get(LANGUAGE_KEY) or "",
    )


def _tariff_digests() -> tuple[str, ...]:
    """A digest of each tariff's content, remembered per tariff object (a large deck takes a while to dump)."""
    state = st.session_state
    known = state.get("_workspace_tariff_digests", {})
    digests, kept = [], {}
    for tariff in state[TARIFFS]:
        entry = known.get(id(tariff))
        if entry is None or entry[0] is not tariff:
            entry = (tariff, hashlib.blake2b(tariff.model_dump_json().encode("utf-8"), digest_size=16).hexdigest())
        kept[id(tariff)] = entry  # the tariff is held, so its id is not reused while it is here
        digests.append(entry[1])
    state["_workspace_tariff_digests"] = kept
    return tuple(digests)


def _fingerprint() -> tuple:
    """Everything a workspace saves, cheaply: the log by path or digest, tariffs by digest."""
    state = st.session_state
    source = state[LOG_SOURCE]
    return (
        source["name"],
        source.get("digest") or source.get("path"),
        source.get("file_id"),
        json.dumps(state[IMPORT_OPTIONS], sort_keys=True),
        _tariff_digests(),
        json.dumps(state[COMPARED]),
        state[CURRENT_CONTRACT],
        state.get(WHATIF_SETTINGS),
        state[WORKSPACE_ORIGIN],
        state.get(LANGUAGE_KEY),
    )


def save_workspace() -> None:
    """Save the session into its workspace when anything saved changed since the last save.

    A read-only copy is never written. A workspace deleted meanwhile (from the Workspaces page of
    another session, or expired) is made again with a new id; the notice says so.
    """
    state = st.session_state
    workspace = state.get(WORKSPACE)
    if workspace is None or state.get(WORKSPACE_READ_ONLY):
        return
    fingerprint = _fingerprint()
    if fingerprint == state.get(WORKSPACE_SAVED):
        return
    try:
        saved = store().save(workspace, content_from_state())
    except InputError as error:  # said where the page is now, so the change that made it too large is in view
        st.warning(md(_("Not saved: {reason}.").format(reason=error)), icon=":material/folder_off:")
    except (sqlite3.Error, OSError) as error:
        _unavailable(error)
    else:
        if not saved:
            state[WORKSPACE_NAME] = ""
            _create()
            state[WORKSPACE_NOTICE] = _("This workspace had been deleted: your work goes on in a new workspace.")
            return
    state[WORKSPACE_SAVED] = fingerprint  # a refused save is not tried again until something changes


def keep_in_url() -> None:
    """Put the workspace id back in the URL when a page left it out (page links drop query parameters)."""
    workspace = st.session_state.get(WORKSPACE)
    if workspace and st.query_params.get(WORKSPACE_PARAM) != workspace:
        st.query_params[WORKSPACE_PARAM] = workspace


def _forget_session() -> None:
    """Drop everything the session holds for its workspace, widget values included."""
    state = st.session_state
    for key in list(state.keys()):
        if key.startswith(_WIDGET_PREFIXES) or key in _WORKSPACE_KEYS:
            del state[key]


def open_workspace(workspace_id: str, restore_language: bool = False) -> bool:
    """Show the workspace with this id in the session; False (and nothing changed) when it is not found.

    With `restore_language` (a link without ``?lang=``) the session takes the language the workspace was
    last used in, and the URL says it.
    """
    content = store().load(workspace_id)
    summary = store().summary(workspace_id) if content is not None else None
    if content is None or summary is None:
        return False
    state = st.session_state
    _forget_session()
    state[WORKSPACE], state[WORKSPACE_NAME] = workspace_id, summary.name
    state[WORKSPACE_READ_ONLY], state[WORKSPACE_ORIGIN] = summary.read_only, content.origin
    bundled = samples()
    if content.log_data is not None:
        state[LOG_SOURCE] = {
            "name": content.log_name,
            "data": content.log_data,
            "digest": content.log_digest,
            "file_id": content.log_file_id,
        }
    elif content.log_sample in bundled:
        state[LOG_SOURCE] = {"name": content.log_sample, "path": str(bundled[content.log_sample])}
    else:
        state[WORKSPACE_NOTICE] = _("The sample log '{log}' is no longer bundled: the default is shown.").format(
            log=content.log_name
        )
    state[IMPORT_OPTIONS] = {**DEFAULT_OPTIONS, **content.import_options}
    set_tariffs(content.tariffs)
    state[COMPARED], state[CURRENT_CONTRACT] = content.compared, content.current_contract
    if content.whatif is not None:
        state[WHATIF_SETTINGS] = content.whatif
    _defaults()
    if restore_language and content.language:
        state[LANGUAGE_KEY] = content.language
        st.query_params[QUERY_PARAMETER] = content.language
        i18n.set_language(content.language)
    state[WORKSPACE_SAVED] = _fingerprint()
    st.query_params[WORKSPACE_PARAM] = workspace_id
    return True


def new_workspace(origin: str = "") -> None:
    """Start a fresh workspace (the default sample and the presets) and show it; the old one stays saved."""
    _forget_session()
    st.session_state[WORKSPACE_ORIGIN] = origin
    _defaults()
    _create()


def duplicate_workspace(name: str = "") -> None:
    """Copy the session's workspace (a read-only one too) into a new editable one and show the copy."""
    state = st.session_state
    save_workspace()
    source_name = workspaces.source_name(state[WORKSPACE_NAME])
    copy_name = _("{name} (copy)").format(name=source_name) if source_name else ""
    copy = store().duplicate(state[WORKSPACE], name or copy_name)
    open_workspace(copy)


def share_workspace() -> str:
    """A read-only copy of the session's workspace as it is now; return its id."""
    save_workspace()
    return store().share(st.session_state[WORKSPACE])


def rename_workspace(name: str) -> None:
    """Name the session's workspace (named ones are listed on the Workspaces page).

    Raises
    ------
    InputError
        When the name is too long.
    """
    state = st.session_state
    store().rename(state[WORKSPACE], name)
    state[WORKSPACE_NAME] = store().summary(state[WORKSPACE]).name


def holds_own_work() -> bool:
    """Whether the session's workspace holds the user's own work: an upload, a name, or tariffs they changed.

    Tariffs count as changed when they differ from those the workspace began with (the presets, or
    the demo's).
    """
    state = st.session_state
    if state[LOG_SOURCE].get("data") is not None or state[WORKSPACE_NAME]:
        return True
    origin = state[WORKSPACE_ORIGIN]
    if origin.startswith("demo:"):
        began = next((d.tariffs for d in whatif.load_demos(ROOT / "data" / "demos") if d.key == origin[5:]), None)
    else:
        began = presets()
    return state[TARIFFS] != began


_WORKSPACE_KEYS = {
    LOG_SOURCE,
    IMPORT_OPTIONS,
    LOADED,
    UPLOAD_ERROR,
    PENDING_UPLOAD,
    TARIFFS,
    TARIFF_IDS,
    EDITING,
    FORM_ERRORS,
    COMPARED,
    CURRENT_CONTRACT,
    WHATIF_SETTINGS,
    WORKSPACE,
    WORKSPACE_NAME,
    WORKSPACE_READ_ONLY,
    WORKSPACE_ORIGIN,
    WORKSPACE_SAVED,
    "_workspace_tariff_digests",
}
