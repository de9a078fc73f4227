"""Workspaces saved in SQLite: a session's log, import settings, tariffs, contract and what-if settings.

Pure (no Streamlit), so it is tested on its own; ``ui/state.py`` restores a
session from it and saves back what changed. A workspace is found by an
unguessable id (``secrets.token_urlsafe(16)``, 22 characters) that the page's
URL carries as ``?ws=ID``.

One SQLite file (``sqlite3`` from the standard library) holds two tables:
``workspaces`` (metadata and content but the log's bytes) and ``logs`` (each
uploaded file's bytes once, by content digest, so a duplicate or a shared copy
costs no second copy of a big log). Every call opens its own connection in WAL
mode with a busy timeout, so Streamlit's session threads (and several server
processes) may read and write at once.

Bounds (`MAX_AGE_DAYS`, `MAX_WORKSPACE_BYTES`, `MAX_WORKSPACES`,
`MAX_STORE_BYTES`) are stated on the Workspaces page and in the README.

Messages that reach people (the bounds, a refused save or name, a missing
workspace) are written in the current language (`calc.i18n`) when they are
made: the page shows them as they come. The one about a missing digest is a
bug, not user text, and stays English.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from calc import InputError, Tariff, dump_tariffs
from calc.errors import excerpt
from calc.i18n import LANGUAGES, _, format_number, language_of, use_language
from calc.limits import MAX_UPLOAD_MB
from calc.tariff import tariffs_from_data
from ui import whatif

__all__ = [
    "DB_ENV",
    "MAX_AGE_DAYS",
    "MAX_LOG_BYTES",
    "MAX_WORKSPACE_BYTES",
    "MAX_WORKSPACES",
    "MAX_STORE_BYTES",
    "MAX_NAME_CHARS",
    "Content",
    "Summary",
    "WorkspaceStore",
    "default_path",
    "new_id",
    "looks_like_id",
    "bounds",
    "read_only_name",
    "source_name",
]

#: Environment variable naming the SQLite file (default: `default_path`).
DB_ENV = "TARIFF_COMPARE_DB"
#: A workspace neither opened nor changed for this long is deleted [days].
MAX_AGE_DAYS = 90
#: Largest uploaded log a workspace keeps [bytes]: the dashboard's upload limit.
MAX_LOG_BYTES = MAX_UPLOAD_MB * 2**20
#: Largest workspace: its log plus its tariffs (with their rate decks) and settings [bytes].
MAX_WORKSPACE_BYTES = 2 * MAX_LOG_BYTES
#: Most workspaces kept; beyond it the least recently used go first [workspaces].
MAX_WORKSPACES = 5_000
#: Most bytes kept in all workspaces together; beyond it the least recently used go first [bytes].
MAX_STORE_BYTES = 10 * 2**30
#: Longest workspace name [characters].
MAX_NAME_CHARS = 100

_ID = re.compile(r"[A-Za-z0-9_-]{22}")
_DAY_S = 86_400.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS logs (
    digest TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    size INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS workspaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    updated REAL NOT NULL,
    last_used REAL NOT NULL,
    read_only INTEGER NOT NULL DEFAULT 0,
    source_id TEXT,
    origin TEXT NOT NULL DEFAULT '',
    log_name TEXT NOT NULL,
    log_sample TEXT,
    log_digest TEXT REFERENCES logs (digest),
    log_file_id TEXT,
    import_options TEXT NOT NULL,
    tariffs TEXT NOT NULL,
    tariff_count INTEGER NOT NULL,
    compared TEXT NOT NULL,
    current_contract TEXT,
    whatif TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS workspaces_last_used ON workspaces (last_used);
CREATE INDEX IF NOT EXISTS workspaces_log ON workspaces (log_digest);
"""
_CONTENT_COLUMNS = (
    "origin, log_name, log_sample, log_digest, log_file_id, import_options, tariffs, compared, current_contract, "
    "whatif, language"
)
_SUMMARY_COLUMNS = "id, name, created, updated, last_used, read_only, source_id, log_name, tariff_count, size"


def default_path() -> Path:
    """Where the workspaces live: ``$TARIFF_COMPARE_DB``, else ``tariff-compare/workspaces.sqlite3`` in the data dir.

    The data dir is ``$XDG_DATA_HOME`` or ``~/.local/share`` (never inside the repository).

    Examples
    --------
    >>> default_path().name.endswith(".sqlite3") or DB_ENV in os.environ
    True
    """
    configured = os.environ.get(DB_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME", "").strip() or Path.home() / ".local" / "share"
    return Path(data_home) / "tariff-compare" / "workspaces.sqlite3"


def new_id() -> str:
    """A fresh unguessable workspace id: 16 random bytes, URL-safe base64 (22 characters).

    Examples
    --------
    >>> looks_like_id(new_id())
    True
    """
    return secrets.token_urlsafe(16)


def looks_like_id(text: object) -> bool:
    """Whether `text` has the shape of a workspace id (checked before any lookup).

    Examples
    --------
    >>> looks_like_id("abc"), looks_like_id("A" * 22)
    (False, True)
    """
    return isinstance(text, str) and _ID.fullmatch(text) is not None


def bounds(
    max_age_days: float = MAX_AGE_DAYS,
    max_workspace_bytes: int = MAX_WORKSPACE_BYTES,
    max_workspaces: int = MAX_WORKSPACES,
    max_store_bytes: int = MAX_STORE_BYTES,
) -> list[str]:
    """The bounds of the store, one sentence each, as the Workspaces page and the README state them.

    Examples
    --------
    >>> bounds()[0]
    'A workspace neither opened nor changed for 90 days is deleted; opening its link restarts the 90 days.'
    """
    days = format_number(Decimal(repr(max_age_days)).normalize())
    return [
        _(
            "A workspace neither opened nor changed for {days} days is deleted; opening its link restarts the "
            "{days} days."
        ).format(days=days),
        _(
            "A workspace holds at most {size} MB: its log (at most the {upload} MB an upload may have), its "
            "tariffs with their rate decks and its settings. A larger one is not saved, and the page says so."
        ).format(size=format_number(round(max_workspace_bytes / 2**20)), upload=format_number(MAX_UPLOAD_MB)),
        _(
            "The server keeps at most {count} workspaces and {size} GB in all (an uploaded log shared by copies "
            "counts once); beyond that, workspaces never changed go first, then the least recently used."
        ).format(count=format_number(max_workspaces), size=format_number(round(max_store_bytes / 2**30))),
        _(
            "A workspace name has at most {count} characters. Only named workspaces are listed; an unnamed one "
            "is found by its link alone."
        ).format(count=MAX_NAME_CHARS),
    ]


@dataclass(frozen=True)
class Content:
    """What a workspace holds: everything a session needs to show the same view again.

    Attributes
    ----------
    log_name : str
        The log's display name (a sample's name or the uploaded file's name).
    log_sample : str or None
        The bundled sample in use (by name), or None for an upload.
    log_data : bytes or None
        The uploaded file's bytes, or None for a sample.
    log_digest, log_file_id : str or None
        The upload's content digest and Streamlit file id (None for a sample).
    import_options : dict
        Overrides of what the import detected (``ui.state.IMPORT_OPTIONS``).
    tariffs : list of Tariff
        The tariff set, rate decks included.
    compared : list of str or None
        The tariffs in the comparison by name; None: every tariff.
    current_contract : str or None
        The tariff marked as the buyer's current contract.
    whatif : whatif.Settings or None
        The what-if page's settings, or None until the page was opened.
    origin : str
        How the workspace began: ``""`` (the presets) or ``"demo:KEY"``.
    language : str
        The language the workspace was last used in (``"en"``, ``"zh"`` or ``"it"``); ``""`` when unknown
        (saved before languages were kept).
    """

    log_name: str
    log_sample: str | None = None
    log_data: bytes | None = None
    log_digest: str | None = None
    log_file_id: str | None = None
    import_options: dict = field(default_factory=dict)
    tariffs: list[Tariff] = field(default_factory=list)
    compared: list[str] | None = None
    current_contract: str | None = None
    whatif: whatif.Settings | None = None
    origin: str = ""
    language: str = ""


@dataclass(frozen=True)
class Summary:
    """A workspace in a list: what it is called, when it was used, what it holds.

    Attributes
    ----------
    id, name : str
        The workspace's id and its name (empty: unnamed).
    created, updated, last_used : float
        When it was made, last changed, last opened or changed [s since the epoch, UTC].
    read_only : bool
        A shared copy: opened in view mode, never changed.
    source_id : str or None
        The workspace it was shared or duplicated from.
    log_name : str
        The log's display name.
    tariff_count : int
        Tariffs in its set.
    size : int
        Its bytes, its log's included [bytes].
    """

    id: str
    name: str
    created: float
    updated: float
    last_used: float
    read_only: bool
    source_id: str | None
    log_name: str
    tariff_count: int
    size: int


class WorkspaceStore:
    """Workspaces in one SQLite file.

    Parameters
    ----------
    path : str or Path
        The SQLite file; its folder is created if missing.
    max_age_days : float
        A workspace unused for longer is deleted [days].
    max_workspace_bytes, max_store_bytes : int
        Largest workspace, and most bytes in all of them [bytes].
    max_workspaces : int
        Most workspaces kept [workspaces].
    clock : callable
        The current time [s since the epoch]; tests pass their own.

    Examples
    --------
    >>> import tempfile
    >>> store = WorkspaceStore(Path(tempfile.mkdtemp()) / "ws.sqlite3")
    >>> ws = store.create(Content(log_name="support desk", log_sample="support desk"))
    >>> store.load(ws).log_sample
    'support desk'
    """

    def __init__(
        self,
        path: str | Path,
        *,
        max_age_days: float = MAX_AGE_DAYS,
        max_workspace_bytes: int = MAX_WORKSPACE_BYTES,
        max_workspaces: int = MAX_WORKSPACES,
        max_store_bytes: int = MAX_STORE_BYTES,
        clock=time.time,
    ) -> None:
        self.path = Path(path)
        self.max_age_days = max_age_days
        self.max_workspace_bytes = max_workspace_bytes
        self.max_workspaces = max_workspaces
        self.max_store_bytes = max_store_bytes
        self.clock = clock
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            columns = {row[1] for row in db.execute("PRAGMA table_info(workspaces)")}
            if "language" not in columns:  # a store made before languages were kept
                db.execute("ALTER TABLE workspaces ADD COLUMN language TEXT NOT NULL DEFAULT ''")

    # --- connections -----------------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One connection for one call: Streamlit runs each session on its own thread."""
        with closing(sqlite3.connect(self.path, timeout=30, isolation_level=None)) as db:
            db.execute("PRAGMA foreign_keys=ON")
            yield db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, taken at once (``BEGIN IMMEDIATE``) so two writers queue instead of failing."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # --- content ---------------------------------------------------------------------

    def create(self, content: Content, name: str = "", *, read_only: bool = False, source_id: str | None = None) -> str:
        """Save `content` as a new workspace and return its id.

        Raises
        ------
        InputError
            When the content is larger than `max_workspace_bytes` or the name too long.
        """
        workspace_id = new_id()
        now = self.clock()
        row = self._row(content)
        name = _check_name(name)
        with self._write() as db:
            self._put_log(db, content)
            db.execute(
                f"INSERT INTO workspaces (id, name, created, updated, last_used, read_only, source_id, size, "
                f"{_CONTENT_COLUMNS}, tariff_count) VALUES ({', '.join('?' * 20)})",
                (workspace_id, name, now, now, now, int(read_only), source_id, row["size"], *row["values"]),
            )
        self.expire(keep=workspace_id)
        return workspace_id

    def save(self, workspace_id: str, content: Content) -> bool:
        """Replace a workspace's content (its log's bytes are written only when that log is new to the store).

        Returns
        -------
        bool
            False when no workspace has this id (deleted or expired meanwhile): nothing was saved.

        Raises
        ------
        InputError
            When the workspace is a read-only copy, or the content larger than `max_workspace_bytes`.
        """
        row = self._row(content)
        with self._write() as db:
            found = db.execute("SELECT read_only FROM workspaces WHERE id = ?", (workspace_id,)).fetchone()
            if found is None:
                return False
            if found[0]:
                raise InputError(_("this workspace is a read-only copy: duplicate it to keep changes"))
            self._put_log(db, content)
            assignments = ", ".join(f"{column.strip()} = ?" for column in _CONTENT_COLUMNS.split(","))
            db.execute(
                f"UPDATE workspaces SET {assignments}, tariff_count = ?, size = ?, updated = ?, last_used = ? "
                "WHERE id = ?",
                (*row["values"], row["size"], self.clock(), self.clock(), workspace_id),
            )
            self._drop_unused_logs(db)
        return True

    def load(self, workspace_id: str) -> Content | None:
        """A workspace's content, or None when no workspace has this id (never made, deleted or expired).

        Opening counts as use: it restarts the workspace's `max_age_days`.
        """
        if not looks_like_id(workspace_id):
            return None
        self.expire()
        with self._connect() as db:
            db.execute("UPDATE workspaces SET last_used = ? WHERE id = ?", (self.clock(), workspace_id))
            found = db.execute(f"SELECT {_CONTENT_COLUMNS} FROM workspaces WHERE id = ?", (workspace_id,)).fetchone()
            if found is None:
                return None
            (origin, log_name, sample, digest, file_id, options, tariffs, compared, contract, settings, language) = (
                found
            )
            data = None
            if digest is not None:
                data = db.execute("SELECT data FROM logs WHERE digest = ?", (digest,)).fetchone()[0]
        return Content(
            log_name=log_name,
            log_sample=sample,
            log_data=None if data is None else bytes(data),
            log_digest=digest,
            log_file_id=file_id,
            import_options=json.loads(options),
            tariffs=_read_tariffs(tariffs, workspace_id),
            compared=json.loads(compared),
            current_contract=contract,
            whatif=None if settings == "null" else whatif.from_query(json.loads(settings))[0],
            origin=origin,
            language=language_of(language) or "",
        )

    # --- metadata --------------------------------------------------------------------

    def summary(self, workspace_id: str) -> Summary | None:
        """A workspace's name, times, mode and size, or None when it does not exist."""
        if not looks_like_id(workspace_id):
            return None
        with self._connect() as db:
            found = db.execute(f"SELECT {_SUMMARY_COLUMNS} FROM workspaces WHERE id = ?", (workspace_id,)).fetchone()
        return None if found is None else _summary(found)

    def list(self, named_only: bool = True) -> list[Summary]:
        """Workspaces, most recently used first: those with a name (default), or all."""
        where = "WHERE name != ''" if named_only else ""
        with self._connect() as db:
            rows = db.execute(f"SELECT {_SUMMARY_COLUMNS} FROM workspaces {where} ORDER BY last_used DESC").fetchall()
        return [_summary(row) for row in rows]

    def rename(self, workspace_id: str, name: str) -> None:
        """Give a workspace a name (empty: unnamed, so not listed).

        Raises
        ------
        InputError
            When the name is too long or the workspace missing.
        """
        name = _check_name(name)
        with self._write() as db:
            changed = db.execute("UPDATE workspaces SET name = ? WHERE id = ?", (name, workspace_id)).rowcount
        if not changed:
            raise InputError(_("workspace {id} does not exist (deleted or expired)").format(id=excerpt(workspace_id)))

    def duplicate(self, workspace_id: str, name: str = "") -> str:
        """An editable copy of a workspace (shared copies too); return the copy's id.

        Raises
        ------
        InputError
            When the workspace does not exist.
        """
        return self._copy(workspace_id, name, read_only=False)

    def share(self, workspace_id: str) -> str:
        """A read-only copy of the workspace as it is now, with its own id; return that id.

        The copy is independent: later changes to the workspace do not reach it.

        Raises
        ------
        InputError
            When the workspace does not exist.
        """
        return self._copy(workspace_id, None, read_only=True)

    def delete(self, workspace_id: str) -> bool:
        """Delete a workspace (and its log's bytes when no other workspace uses them); whether it existed."""
        with self._write() as db:
            deleted = db.execute("DELETE FROM workspaces WHERE id = ?", (workspace_id,)).rowcount
            self._drop_unused_logs(db)
        return bool(deleted)

    def expire(self, keep: str | None = None) -> int:
        """Delete the workspaces unused for `max_age_days`, then, beyond the bounds, untouched ones and the least used.

        Beyond `max_workspaces` or `max_store_bytes`, workspaces that were never changed, named or
        copied go first (a flood of new visits evicts no one's work), then the least recently used.

        Parameters
        ----------
        keep : str, optional
            A workspace never deleted for the bounds (the one just made).

        Returns
        -------
        int
            How many workspaces were deleted.
        """
        oldest = self.clock() - self.max_age_days * _DAY_S
        with self._write() as db:
            deleted = db.execute("DELETE FROM workspaces WHERE last_used < ?", (oldest,)).rowcount
            count, size = self._totals(db)
            while count > self.max_workspaces or (size > self.max_store_bytes and count > 1):
                gone = db.execute(
                    "DELETE FROM workspaces WHERE id = (SELECT id FROM workspaces WHERE id IS NOT ? ORDER BY "
                    "(name = '' AND updated = created AND source_id IS NULL) DESC, last_used LIMIT 1)",
                    (keep,),
                ).rowcount
                if not gone:
                    break
                deleted += gone
                self._drop_unused_logs(db)
                count, size = self._totals(db)
            self._drop_unused_logs(db)
        return deleted

    def totals(self) -> tuple[int, int]:
        """How many workspaces are kept and their bytes together, logs counted once [workspaces, bytes]."""
        with self._connect() as db:
            return self._totals(db)

    # --- helpers ---------------------------------------------------------------------

    def _copy(self, workspace_id: str, name: str | None, read_only: bool) -> str:
        copy_id = new_id()
        now = self.clock()
        with self._write() as db:
            found = db.execute("SELECT name FROM workspaces WHERE id = ?", (workspace_id,)).fetchone()
            if found is None:
                raise InputError(
                    _("workspace {id} does not exist (deleted or expired)").format(id=excerpt(workspace_id))
                )
            if name is None:  # a shared copy keeps a named workspace's name, marked
                name = read_only_name(found[0][: MAX_NAME_CHARS - 20]) if found[0] else ""
            db.execute(
                f"INSERT INTO workspaces (id, name, created, updated, last_used, read_only, source_id, size, "
                f"tariff_count, {_CONTENT_COLUMNS}) "
                f"SELECT ?, ?, ?, ?, ?, ?, id, size, tariff_count, {_CONTENT_COLUMNS} FROM workspaces WHERE id = ?",
                (copy_id, _check_name(name), now, now, now, int(read_only), workspace_id),
            )
        self.expire(keep=copy_id)
        return copy_id

    def _row(self, content: Content) -> dict[str, Any]:
        """The content as column values, refused when larger than `max_workspace_bytes`."""
        log_size = 0 if content.log_data is None else len(content.log_data)
        if content.log_data is not None and content.log_digest is None:
            raise InputError("an uploaded log needs its digest to be saved")
        tariffs = dump_tariffs(content.tariffs, "json")
        values = (
            content.origin,
            content.log_name,
            content.log_sample,
            content.log_digest,
            content.log_file_id,
            json.dumps(content.import_options, sort_keys=True),
            tariffs,
            json.dumps(content.compared),
            content.current_contract,
            "null" if content.whatif is None else json.dumps(whatif.to_query(content.whatif), sort_keys=True),
            language_of(content.language) or "",
            len(content.tariffs),
        )
        size = log_size + sum(len(v.encode("utf-8")) for v in values if isinstance(v, str))
        if size > self.max_workspace_bytes:
            raise InputError(
                _(
                    "this workspace would hold {size} MB (log {log} MB, the rest its tariffs and settings), more "
                    "than the {most} MB a workspace may hold: it is not saved"
                ).format(
                    size=format_number(size / 2**20, 1),
                    log=format_number(log_size / 2**20, 1),
                    most=format_number(self.max_workspace_bytes / 2**20, 0),
                )
            )
        return {"values": values, "size": size}

    def _put_log(self, db: sqlite3.Connection, content: Content) -> None:
        """Store an uploaded log's bytes once per content digest."""
        if content.log_data is None:
            return
        known = db.execute("SELECT 1 FROM logs WHERE digest = ?", (content.log_digest,)).fetchone()
        if known is None:
            db.execute(
                "INSERT INTO logs (digest, data, size) VALUES (?, ?, ?)",
                (content.log_digest, content.log_data, len(content.log_data)),
            )

    @staticmethod
    def _drop_unused_logs(db: sqlite3.Connection) -> None:
        db.execute(
            "DELETE FROM logs WHERE digest NOT IN (SELECT log_digest FROM workspaces WHERE log_digest IS NOT NULL)"
        )

    @staticmethod
    def _totals(db: sqlite3.Connection) -> tuple[int, int]:
        # A workspace's size counts its log; a log shared by copies is counted once here.
        count, rows = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(size), 0) - COALESCE(SUM("
            "(SELECT size FROM logs WHERE logs.digest = workspaces.log_digest)), 0) FROM workspaces"
        ).fetchone()
        logs = db.execute("SELECT COALESCE(SUM(size), 0) FROM logs").fetchone()[0]
        return count, rows + logs


def read_only_name(name: str) -> str:
    """A shared copy's name: the workspace's, marked in the current language.

    Examples
    --------
    >>> read_only_name("Q3 offers")
    'Q3 offers (read-only copy)'
    """
    return _("{name} (read-only copy)").format(name=name)


def source_name(name: str) -> str:
    """A workspace's name without the read-only mark of a shared copy (in any language).

    Examples
    --------
    >>> source_name("Q3 offers (read-only copy)"), source_name("Q3 offers")
    ('Q3 offers', 'Q3 offers')
    """
    for language in LANGUAGES:
        with use_language(language):
            mark = read_only_name("")
        if name.endswith(mark):
            return name.removesuffix(mark)
    return name


def _check_name(name: str) -> str:
    name = " ".join(str(name).split())
    if len(name) > MAX_NAME_CHARS:
        raise InputError(
            _("a workspace name has at most {most} characters, got {count}").format(
                most=MAX_NAME_CHARS, count=format_number(len(name))
            )
        )
    return name


def _read_tariffs(text: str, workspace_id: str) -> list[Tariff]:
    """The tariff set written by `dump_tariffs` (JSON, exact decimals), read back with the tariff models' checks."""
    document = json.loads(text, parse_float=Decimal)
    if not document["tariffs"]:
        return []
    return tariffs_from_data(document, f"workspace {workspace_id}")


def _summary(row: tuple) -> Summary:
    values = list(row)
    values[5] = bool(values[5])
    return Summary(*values)
