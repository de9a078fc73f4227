"""The workspace store on its own: every kind of content round-trips, copies are independent, bounds hold."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from dataclasses import replace

import pytest

from calc import InputError
from calc.i18n import use_language
from tests.conftest import ROOT
from ui import whatif
from ui.workspaces import (
    MAX_AGE_DAYS,
    Content,
    WorkspaceStore,
    bounds,
    default_path,
    looks_like_id,
    source_name,
)

LOG = ROOT / "tests" / "data" / "twilio_calls.csv"


class Clock:
    """A clock the test moves by hand [s]."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    return WorkspaceStore(tmp_path / "ws.sqlite3", clock=clock)


@pytest.fixture
def uploaded(presets) -> Content:
    """An uploaded log with overridden import options, the presets (two with rate decks), a contract, what-if."""
    data = LOG.read_bytes()
    return Content(
        log_name="twilio_calls.csv",
        log_data=data,
        log_digest=hashlib.blake2b(data, digest_size=16).hexdigest(),
        log_file_id="file-1",
        import_options={"mapping": {"agent": None}, "date_order": "dmy", "timezone": "Europe/Rome", "legs": "keep"},
        tariffs=list(presets),
        compared=["Carrier A, 60/60", "Carrier North, A-Z deck"],
        current_contract="Carrier A, 60/60",
        whatif=whatif.Settings(volume=2.0, shrinkage=0.1, target="Carrier A, 60/60"),
    )


def test_every_kind_of_content_round_trips(store, uploaded):
    workspace = store.create(uploaded, "Acme call center")
    assert looks_like_id(workspace)
    back = store.load(workspace)
    assert back == uploaded
    assert back.log_data == LOG.read_bytes()
    decks = [t for t in back.tariffs if any(getattr(c, "destinations", None) for c in t.components)]
    assert [t.name for t in decks] == ["Carrier North, A-Z deck", "Carrier South, A-Z deck"]
    assert decks == [t for t in uploaded.tariffs if t.name in {"Carrier North, A-Z deck", "Carrier South, A-Z deck"}]


def test_a_sample_and_no_what_if_settings_round_trip(store, presets):
    content = Content(log_name="support desk", log_sample="support desk", tariffs=presets[:2])
    assert store.load(store.create(content)) == content


def test_save_replaces_the_content(store, uploaded):
    workspace = store.create(uploaded)
    changed = replace(uploaded, tariffs=uploaded.tariffs[:3], current_contract=None, whatif=whatif.Settings(seed=7))
    store.save(workspace, changed)
    assert store.load(workspace) == changed


def test_a_log_is_stored_once_however_many_workspaces_use_it(store, uploaded, tmp_path):
    first = store.create(uploaded)
    store.duplicate(first)
    store.share(first)
    store.create(uploaded)
    with sqlite3.connect(tmp_path / "ws.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM logs").fetchone()[0] == 1
    count, size = store.totals()
    assert count == 4
    log = len(uploaded.log_data)
    assert size == log + sum(s.size - log for s in store.list(named_only=False))  # each counts it, the total once


def test_share_is_a_read_only_independent_copy(store, uploaded):
    original = store.create(uploaded, "Acme")
    shared = store.share(original)
    assert shared != original and looks_like_id(shared)
    summary = store.summary(shared)
    assert summary.read_only and summary.source_id == original and summary.name == "Acme (read-only copy)"
    store.save(original, replace(uploaded, tariffs=uploaded.tariffs[:1]))
    assert store.load(shared) == uploaded  # the copy is what was shared, not what came later
    with pytest.raises(InputError, match="read-only copy: duplicate it to keep changes"):
        store.save(shared, uploaded)


def test_duplicate_of_a_shared_copy_is_editable(store, uploaded):
    shared = store.share(store.create(uploaded))
    copy = store.duplicate(shared, "Mine now")
    assert not store.summary(copy).read_only
    store.save(copy, replace(uploaded, current_contract=None))
    assert store.load(copy).current_contract is None
    assert store.load(shared).current_contract == "Carrier A, 60/60"


def test_list_rename_and_delete(store, uploaded, clock):
    first = store.create(uploaded, "First")
    clock.now += 10
    second = store.create(uploaded)
    assert [s.id for s in store.list()] == [first]  # only named workspaces are listed
    store.rename(second, "  Second   one ")
    clock.now += 10
    store.load(first)  # opening is using: most recently used first
    assert [(s.id, s.name) for s in store.list()] == [(first, "First"), (second, "Second one")]
    assert store.delete(first)
    assert store.load(first) is None and not store.delete(first)
    assert [s.id for s in store.list()] == [second]
    with pytest.raises(InputError, match="a workspace name has at most 100 characters, got 101"):
        store.rename(second, "x" * 101)


def test_a_deleted_workspace_takes_its_log_with_it(store, uploaded, tmp_path):
    store.delete(store.create(uploaded))
    with sqlite3.connect(tmp_path / "ws.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM logs").fetchone()[0] == 0


def test_unused_workspaces_expire(store, uploaded, clock):
    old = store.create(uploaded)
    kept = store.create(uploaded)
    clock.now += (MAX_AGE_DAYS - 1) * 86_400
    assert store.load(kept) is not None  # opening restarts its time
    clock.now += 2 * 86_400
    assert store.load(old) is None
    assert store.load(kept) is not None
    assert store.totals()[0] == 1


def test_the_least_recently_used_go_first_beyond_the_count(tmp_path, uploaded, clock):
    store = WorkspaceStore(tmp_path / "ws.sqlite3", max_workspaces=2, clock=clock)
    ids = []
    for _ in range(3):
        ids.append(store.create(uploaded))
        clock.now += 1
    assert store.load(ids[0]) is None
    assert store.load(ids[1]) is not None and store.load(ids[2]) is not None


def test_a_workspace_too_large_is_refused_with_one_message(tmp_path, uploaded):
    store = WorkspaceStore(tmp_path / "ws.sqlite3", max_workspace_bytes=len(uploaded.log_data))
    with pytest.raises(
        InputError, match=r"^this workspace would hold 0\.\d MB \(log 0\.\d MB, .*\), more than the 0 MB"
    ):
        store.create(uploaded)
    small = store.create(Content(log_name="support desk", log_sample="support desk"))
    with pytest.raises(InputError, match="a workspace may hold: it is not saved"):
        store.save(small, uploaded)
    assert store.load(small).log_data is None  # the refused content left nothing behind


@pytest.mark.parametrize("text", ["", "nope", "A" * 21, "A" * 23, "../../etc/passwd!xx", None])
def test_a_malformed_or_unknown_id_is_not_found(store, text):
    assert store.load(text) is None
    assert store.summary(text) is None


def test_an_unknown_id_of_the_right_shape_is_not_found(store):
    assert store.load("A" * 22) is None
    with pytest.raises(InputError, match="does not exist"):
        store.duplicate("A" * 22)


def test_concurrent_writes_from_threads(store, uploaded):
    workspaces = [store.create(uploaded) for _ in range(4)]
    failures = []

    def work(workspace: str, seed: int) -> None:
        try:
            for step in range(10):
                store.save(workspace, replace(uploaded, whatif=whatif.Settings(seed=seed * 100 + step)))
                store.share(workspace)
                store.load(workspace)
        except Exception as error:  # noqa: BLE001 - collected and reported by the test
            failures.append(error)

    threads = [threading.Thread(target=work, args=(w, n)) for n, w in enumerate(workspaces)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert [store.load(w).whatif.seed for w in workspaces] == [9, 109, 209, 309]
    assert store.totals()[0] == 4 + 40


def test_the_location_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TARIFF_COMPARE_DB", str(tmp_path / "here.sqlite3"))
    assert default_path() == tmp_path / "here.sqlite3"
    monkeypatch.delenv("TARIFF_COMPARE_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "tariff-compare" / "workspaces.sqlite3"


def test_saving_into_a_deleted_workspace_saves_nothing_and_says_so(store, uploaded):
    workspace = store.create(uploaded)
    store.delete(workspace)
    assert store.save(workspace, uploaded) is False
    assert store.totals() == (0, 0)


def test_the_store_never_imports_streamlit():
    import subprocess
    import sys

    code = "import sys, ui.workspaces; print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_untouched_workspaces_go_before_anyones_work(tmp_path, uploaded, clock):
    store = WorkspaceStore(tmp_path / "ws.sqlite3", max_workspaces=3, clock=clock)
    fresh = Content(log_name="support desk", log_sample="support desk")
    work = store.create(fresh)
    clock.now += 1
    store.save(work, uploaded)  # changed: someone's work
    visits = []
    for _ in range(5):  # a crawler, or many new visitors
        clock.now += 1
        visits.append(store.create(fresh))
    assert store.load(work) == uploaded
    assert store.load(visits[-1]) is not None  # the one just made is kept
    assert store.totals()[0] == 3


def test_the_size_of_all_workspaces_is_bounded(tmp_path, uploaded, clock):
    store = WorkspaceStore(tmp_path / "ws.sqlite3", max_store_bytes=150_000, clock=clock)
    ids = []
    for _ in range(6):
        ids.append(store.create(uploaded, "named"))
        clock.now += 1
    count, size = store.totals()
    assert size <= 150_000 and count < 6
    assert store.load(ids[-1]) is not None and store.load(ids[0]) is None


def test_the_language_is_kept_and_a_store_made_before_languages_gains_the_column(tmp_path):
    path = tmp_path / "old.sqlite3"
    store = WorkspaceStore(path)
    kept = store.create(Content(log_name="support desk", log_sample="support desk", language="zh"))
    assert store.load(kept).language == "zh"
    assert store.load(store.share(kept)).language == "zh"  # a shared copy opens in the same language
    with sqlite3.connect(path) as db:  # the table as the first workspaces release made it
        db.execute("ALTER TABLE workspaces DROP COLUMN language")
    reopened = WorkspaceStore(path)
    assert reopened.load(kept).language == ""  # unknown: the link's or the browser's language is used
    assert reopened.save(kept, Content(log_name="support desk", log_sample="support desk", language="it"))
    assert reopened.load(kept).language == "it"
    assert reopened.save(kept, Content(log_name="support desk", log_sample="support desk", language="xx"))
    assert reopened.load(kept).language == ""  # only a language the dashboard speaks is stored


def test_the_stores_messages_speak_the_current_language(store):
    with use_language("it"):
        with pytest.raises(InputError, match="ha al massimo 100 caratteri, ne ha 101"):
            store.create(Content(log_name="x"), "n" * 101)
        assert bounds()[0].startswith("Un'area di lavoro né aperta né modificata per 90 giorni")
    assert source_name("Offerte Q3 (copia di sola lettura)") == "Offerte Q3"
    assert source_name("Q3 报价（只读副本）") == "Q3 报价"
