"""The history: every send and every arrival, kept in SQLite (SPEC §9). No Textual here.

The command line and the UI share :class:`History`. Writing never fails a send: a write
that cannot happen becomes a warning. Several smarthook processes may write at once (WAL
and a busy timeout); a damaged database is moved aside once, with a warning, and a new one
begun. The newest :data:`KEEP` entries are kept.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from .history_entry import RECEIVED, SENT, HistoryEntry, Summary, received_row, sent_row
from .presenter import without_credentials

if TYPE_CHECKING:
    from .preset import Preset
    from .receiver import Entry
    from .send import Outcome

__all__ = ["KEEP", "RECEIVED", "SENT", "History", "HistoryEntry", "Summary", "enabled"]

#: How many entries are kept (the newest).
KEEP = 1000
#: The schema this code writes; older databases are migrated up to it on open.
VERSION = 2
FILE_NAME = "history.sqlite3"
#: Milliseconds a writer waits for another process's write to end.
BUSY_TIMEOUT_MS = 2000

_SUMMARY_COLUMNS = "id, time, kind, preset, url, status, verdict"
_CREATE_V1 = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    wire BLOB NOT NULL,
    source TEXT,
    status INTEGER,
    verdict TEXT,
    detail TEXT NOT NULL DEFAULT '{}',
    body BLOB NOT NULL DEFAULT x''
)"""
# Each step takes the schema from version N to N + 1.
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    0: (_CREATE_V1,),
    1: ("ALTER TABLE entries ADD COLUMN preset TEXT NOT NULL DEFAULT ''",),
}

Warn = Callable[[str], None]


def enabled() -> bool:
    """Whether history is on (``SMARTHOOK_NO_HISTORY=1`` turns it off)."""
    return os.environ.get("SMARTHOOK_NO_HISTORY", "") in ("", "0")


def default_path() -> str:
    """``$SMARTHOOK_HISTORY``, or ``history.sqlite3`` in the user data directory."""
    given = os.environ.get("SMARTHOOK_HISTORY")
    if given:
        return given
    import platformdirs

    return os.path.join(platformdirs.user_data_dir("smarthook"), FILE_NAME)


class History:
    """The history database: record sends and arrivals, list, read, clear."""

    def __init__(self, path: str | None = None, warn: Warn | None = None) -> None:
        self.path = path or default_path()
        self.warn: Warn = warn or (lambda message: None)
        self._ready = False

    # -- connections -----------------------------------------------------------------------

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection to a database at the current schema (created, migrated or renewed)."""
        try:
            connection = self._open()
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as exc:
            self._move_aside(exc)
            connection = self._open()
        try:
            yield connection
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as exc:  # damage found past the header, in a page
            connection.close()
            self._move_aside(exc)
            raise
        finally:
            connection.close()

    def _open(self) -> sqlite3.Connection:
        if not os.path.exists(self.path):
            folder = os.path.dirname(os.path.abspath(self.path))
            os.makedirs(folder, mode=0o700, exist_ok=True)
            # It holds what was sent: readable by its owner only, from the first byte.
            os.close(os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600))
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
        )
        try:
            if not self._ready:
                self._migrate(connection)
                self._ready = True
            # No fsync: on a slow disk each costs milliseconds that a send would wait for, and
            # what power loss could cost is a debugging log, which is moved aside if damaged.
            connection.execute("PRAGMA synchronous=OFF")
        except BaseException:
            connection.close()
            raise
        return connection

    def _migrate(self, connection: sqlite3.Connection) -> None:
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        if version == VERSION:
            return  # WAL was set when it was created: the journal mode stays with the file
        connection.execute("PRAGMA journal_mode=WAL")
        if version > VERSION:
            raise sqlite3.OperationalError(
                f"written by a newer smarthook (schema {version}, this one knows {VERSION})"
            )
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated it while this one waited for the lock.
            (version,) = connection.execute("PRAGMA user_version").fetchone()
            while version < VERSION:
                for statement in _MIGRATIONS[version]:
                    connection.execute(statement)
                version += 1
            connection.execute(f"PRAGMA user_version={VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def _move_aside(self, exc: Exception) -> None:
        damaged = f"{self.path}.damaged-{time.strftime('%Y%m%dT%H%M%S')}"
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.replace(self.path + suffix, damaged + suffix)
        self._ready = False
        self.warn(f"the history at {self.path} was damaged ({exc}); moved to {damaged}")

    # -- writing ---------------------------------------------------------------------------

    def record_send(self, outcome: Outcome, preset: Preset | None = None) -> int | None:
        """Keep one send; returns its id, or None (with a warning) when it cannot be kept."""
        return self._insert(sent_row(outcome, preset))

    def record_replay(self, outcome: Outcome, original: HistoryEntry) -> int | None:
        """Keep a replay: a send, credited to the preset and source of the entry replayed."""
        row = sent_row(outcome, None)
        row["preset"] = original.summary.preset
        row["source"] = json.dumps(original.source, ensure_ascii=False) if original.source else None
        return self._insert(row)

    def record_arrival(self, entry: Entry, preset_name: str = "") -> int | None:
        """Keep one request the local receiver answered."""
        return self._insert(received_row(entry, preset_name))

    def _insert(self, row: dict[str, Any]) -> int | None:
        row["url"] = without_credentials(row["url"])  # a URL's user and password are not kept
        names = ", ".join(row)
        marks = ", ".join(f":{name}" for name in row)
        try:
            with self._connect() as connection:
                connection.execute("BEGIN IMMEDIATE")
                cursor = connection.execute(f"INSERT INTO entries ({names}) VALUES ({marks})", row)
                # The newest KEEP stay: ids grow, so the cut is one index range.
                connection.execute(
                    "DELETE FROM entries WHERE id <= ?", ((cursor.lastrowid or 0) - KEEP,)
                )
                connection.execute("COMMIT")
                return cursor.lastrowid
        except (sqlite3.Error, OSError) as exc:
            self.warn(f"not kept in the history ({exc})")
            return None

    def clear(self) -> int:
        """Remove every entry; returns how many there were."""
        with self._connect() as connection:
            return connection.execute("DELETE FROM entries").rowcount

    # -- reading ---------------------------------------------------------------------------

    def entries(
        self, limit: int = KEEP, kind: str | None = None, text: str | None = None
    ) -> list[Summary]:
        """The newest entries first, of one kind and/or holding ``text`` in URL or preset."""
        where, values = [], []
        if kind:
            where.append("kind = ?")
            values.append(kind)
        if text:
            where.append("(url LIKE ? OR preset LIKE ? OR verdict LIKE ? OR status LIKE ?)")
            values += [f"%{text}%"] * 4
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        query = f"SELECT {_SUMMARY_COLUMNS} FROM entries {clause} ORDER BY id DESC LIMIT ?"
        with self._connect() as connection:
            rows = connection.execute(query, (*values, limit)).fetchall()
        return [Summary(*row) for row in rows]

    def stamp(self) -> tuple[int, int]:
        """The newest id and how many entries there are: it changes whenever any process
        adds or removes an entry (ids are never reused), and costs one index lookup."""
        with self._connect() as connection:
            newest, count = connection.execute(
                "SELECT coalesce(max(id), 0), count(*) FROM entries"
            ).fetchone()
        return int(newest), int(count)

    def get(self, entry_id: int) -> HistoryEntry | None:
        """One entry whole, or None."""
        return self._one("WHERE id = ?", (entry_id,))

    def previous_of_kind(self, entry_id: int) -> HistoryEntry | None:
        """The entry before this one of the same kind (what to compare it with)."""
        return self._one(
            "WHERE id < ? AND kind = (SELECT kind FROM entries WHERE id = ?) ORDER BY id DESC",
            (entry_id, entry_id),
        )

    def _one(self, clause: str, values: tuple[int, ...]) -> HistoryEntry | None:
        query = f"SELECT {_SUMMARY_COLUMNS}, wire, source, detail, body FROM entries {clause}"
        with self._connect() as connection:
            row = connection.execute(query + " LIMIT 1", values).fetchone()
        if row is None:
            return None
        wire, source, detail, body = row[7:]
        return HistoryEntry(
            Summary(*row[:7]),
            bytes(wire),
            json.loads(source) if source else None,
            json.loads(detail or "{}"),
            bytes(body or b""),
        )
