"""Is the report store sound? Integrity, schema and counts, each problem a Thai/English message.

A store with garbage in one page still opens: the dashboard used to show "ข้อมูลจากคลัง (250
รายงาน)" with every figure 0 and no message, `store list` said nothing, a backup did nothing. So the
store is checked — by `store check` in the CLI, by the dashboard when it starts (and whenever the
file changes), and before every backup — and a fault is said out loud with what to do.

- integrity: SQLite's `quick_check` (fast: the dashboard) or `integrity_check` (thorough: the CLI);
- schema: the version and, for every table the program creates, its columns;
- counts: every table can be read to the end, no row points to a missing report, every active report
  has its measures.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from ita_metrics.errors import Message
from ita_metrics.store import MIGRATIONS, Store, StoreError, _user_version, schema_version, store_message


@dataclass
class StoreHealth:
    """What the check found: `problems` empty means sound; `counts` rows per table when readable."""

    path: str
    problems: list[Message] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(store: Store, thorough: bool = False) -> StoreHealth:
    """Check the open store; never raises for a damaged file (the damage is the answer)."""
    health = StoreHealth(str(store.path))
    try:
        with store._lock:
            conn = store.conn
            _integrity(conn, health, thorough)
            if health.ok:
                _schema(conn, health)
            if health.ok:
                _counts(conn, health)
    except StoreError as exc:
        health.problems.append(exc.msg)
    except sqlite3.Error as exc:
        health.problems.append(_damaged(health, f"{type(exc).__name__}: {str(exc)[:80]}"))
    return health


def _damaged(health: StoreHealth, detail: str) -> Message:
    return store_message("store_damaged", "error", path=health.path, detail=detail)


def _integrity(conn: sqlite3.Connection, health: StoreHealth, thorough: bool) -> None:
    rows = conn.execute("PRAGMA integrity_check(20)" if thorough else "PRAGMA quick_check(20)").fetchall()
    lines = [str(r[0]) for r in rows]
    if lines != ["ok"]:
        health.problems.append(_damaged(health, "; ".join(lines)[:200]))


def _expected_columns() -> dict[str, list[str]]:
    """Each table's columns as this program's migrations create them (built in memory)."""
    mem = sqlite3.connect(":memory:")
    try:
        for step in MIGRATIONS:
            for sql in step.statements:
                mem.execute(sql)
            if step.function is not None:
                step.function(mem)
        return _columns(mem)
    finally:
        mem.close()


def _columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {t: [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}


def _schema(conn: sqlite3.Connection, health: StoreHealth) -> None:
    found, known = _user_version(conn), schema_version()
    if found != known:
        health.problems.append(
            store_message("store_schema", "error", path=health.path, detail=f"user_version {found} ≠ {known}")
        )
        return
    have = _columns(conn)
    for table, columns in _expected_columns().items():
        missing = [c for c in columns if c not in have.get(table, [])]
        if table not in have or missing:
            detail = f"{table}: " + (", ".join(missing) if table in have else "missing")
            health.problems.append(store_message("store_schema", "error", path=health.path, detail=detail))


def _counts(conn: sqlite3.Connection, health: StoreHealth) -> None:
    tables = [t for t in _expected_columns() if t != "sqlite_sequence"]
    for table in tables:
        n = 0
        for _ in conn.execute(f'SELECT * FROM "{table}"'):  # every row read: damage in a page shows here
            n += 1
        health.counts[table] = n
    health.counts["active_reports"] = conn.execute("SELECT count(*) FROM reports WHERE status = 'active'").fetchone()[0]
    orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
    if orphans:
        tables_hit = sorted({str(r[0]) for r in orphans})
        detail = f"{len(orphans)} rows point to a missing report ({', '.join(tables_hit)})"
        health.problems.append(store_message("store_counts", "error", path=health.path, detail=detail))
    empty = conn.execute("""SELECT count(*) FROM reports r WHERE r.status = 'active'
                            AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.report_id = r.id)""").fetchone()[0]
    if empty:
        health.problems.append(
            store_message("store_counts", "error", path=health.path, detail=f"{empty} active reports have no measures")
        )
