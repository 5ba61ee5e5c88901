"""Backup and restore of the store: a zip of the database, a manifest with checksums and the tables
as CSV for people; restore checks every member before touching the store."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, cast

from ita_metrics import __version__
from ita_metrics.safe_cells import neutralise_row
from ita_metrics.store.base import _StoreBase
from ita_metrics.store.common import (
    BACKUP_DB,
    BACKUP_FORMAT,
    BACKUP_MEMBERS,
    BACKUP_REQUIRED,
    BACKUP_TABLES,
    MAX_MANIFEST_BYTES,
    MAX_MEMBER_BYTES,
    MEMBER_LIMITS,
    StoreError,
    store_message,
)
from ita_metrics.store.schema import _detail, _migrate, _transaction, _user_version, schema_version
from ita_metrics.words import both


# ---------------------------------------------------------------- backup helpers
def _readme() -> str:
    """README.txt of a backup: what each member holds, Thai / English (store.backup_readme.*)."""
    rows = [("ita.sqlite", "db"), ("reports.csv", "reports"), ("measures.csv", "measures")]
    rows += [("corrections.csv", "corrections"), ("skipped_rows.csv", "skipped"), ("roster.csv", "roster")]
    rows += [("manifest.json", "manifest")]
    lines = [both("store.backup_readme.title"), ""]
    lines += [f"{name:<17} {both(f'store.backup_readme.{key}')}" for name, key in rows]
    restore = "python -m ita_metrics store --store NEW.sqlite restore THIS.zip"
    return "\n".join([*lines, "", f"{both('store.backup_readme.restore')}:  {restore}", ""])


def _table_csv(conn: sqlite3.Connection, table: str) -> bytes:
    cur = conn.execute(f"SELECT * FROM {table} ORDER BY id")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([d[0] for d in cur.description])
    for row in cur:
        writer.writerow(neutralise_row("" if v is None else v for v in row))
    return buf.getvalue().encode("utf-8-sig")


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _backup_members(copy: Path, created_at: str) -> tuple[dict[str, bytes], dict]:
    """The CSVs and the manifest, all read from the database copy (one consistent state)."""
    conn = sqlite3.connect(str(copy))
    try:
        members = {f"{t}.csv": _table_csv(conn, t) for t in BACKUP_TABLES}
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in BACKUP_TABLES}
        counts["active_reports"] = conn.execute("SELECT count(*) FROM reports WHERE status = 'active'").fetchone()[0]
        version = _user_version(conn)
    finally:
        conn.close()
    members["README.txt"] = _readme().encode("utf-8")
    sha = {name: hashlib.sha256(data).hexdigest() for name, data in members.items()}
    sha[BACKUP_DB] = _sha256_file(copy)
    manifest = {
        "format": BACKUP_FORMAT,
        "format_version": 1,
        "schema_version": version,
        "app_version": __version__,
        "created_at": created_at,
        "counts": counts,
        "sha256": sha,
    }
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    return members, manifest


def _write_zip(fh: IO[bytes], copy: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", members["manifest.json"])
        zf.writestr("README.txt", members["README.txt"])
        zf.write(copy, BACKUP_DB)
        for t in BACKUP_TABLES:
            zf.writestr(f"{t}.csv", members[f"{t}.csv"])


def _write_atomically(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _unsafe_name(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    is_link = (info.external_attr >> 16) & 0o170000 == 0o120000
    return (
        name.startswith(("/", "\\"))
        or bool(re.match(r"^[A-Za-z]:", name))
        or ".." in parts
        or "\x00" in name
        or is_link
    )


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}"


def _extract_backup(source: str | os.PathLike | IO[bytes], label: str, tmp: Path) -> tuple[dict, Path]:
    """Check a backup zip and copy its database to `tmp`; StoreError for anything unexpected."""
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
        raise StoreError(store_message("restore_not_zip", "error", label)) from exc
    with zf:
        names = _checked_members(zf.infolist(), label)
        manifest = _checked_manifest(zf, label)
        copy = tmp / "restore.sqlite"
        for name in names:
            if name == "manifest.json":
                continue
            want = manifest["sha256"].get(name)
            limit = MEMBER_LIMITS.get(name, MAX_MEMBER_BYTES)
            if name == BACKUP_DB:
                got = _copy_member(zf, name, copy, limit, label)
            else:  # hashed as it streams: a bomb is never held in memory
                got = _hash_member(zf, name, limit, label)
            if got != want:
                raise StoreError(store_message("restore_damaged", "error", label, detail=f"checksum {name}"))
    return manifest, copy


def _checked_members(infos: list[zipfile.ZipInfo], label: str) -> Counter:
    """The members' names, once each, after checking every name, the required ones and the sizes
    they declare (checked again while streaming)."""
    for info in infos:
        if _unsafe_name(info):
            raise StoreError(store_message("restore_unsafe_name", "error", label, name=info.filename))
    for info in infos:
        if info.filename not in BACKUP_MEMBERS or info.is_dir():
            raise StoreError(
                store_message(
                    "restore_unexpected_member", "error", label, name=info.filename, allowed=", ".join(BACKUP_MEMBERS)
                )
            )
    names = Counter(i.filename for i in infos)
    for name, n in names.items():
        if n > 1:
            raise StoreError(store_message("restore_damaged", "error", label, detail=f"{name} x{n}"))
    for name in BACKUP_REQUIRED:
        if name not in names:
            raise StoreError(store_message("restore_missing_member", "error", label, name=name))
    for info in infos:
        limit = MEMBER_LIMITS.get(info.filename, MAX_MEMBER_BYTES)
        if info.file_size > limit:
            raise StoreError(
                store_message(
                    "restore_too_large", "error", label, name=info.filename, size=_mb(info.file_size), limit=_mb(limit)
                )
            )
    return names


def _checked_manifest(zf: zipfile.ZipFile, label: str) -> dict:
    """manifest.json: a backup of this program, with checksums, from a schema this version knows."""
    try:
        manifest = json.loads(_read_member(zf, "manifest.json", MAX_MANIFEST_BYTES, label).decode("utf-8"))
        if (
            not isinstance(manifest, dict)
            or manifest.get("format") != BACKUP_FORMAT
            or not isinstance(manifest.get("sha256"), dict)
        ):
            raise ValueError("manifest.json")
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(store_message("restore_damaged", "error", label, detail="manifest.json")) from exc
    found = manifest.get("schema_version")
    if isinstance(found, int) and found > schema_version():
        raise StoreError(store_message("restore_too_new", "error", label, found=found, known=schema_version()))
    return manifest


def _stream(zf: zipfile.ZipFile, name: str, limit: int, label: str) -> Iterable[bytes]:
    """A member's bytes in chunks, stopping past `limit` whatever its header claims."""
    total = 0
    try:
        with zf.open(name) as fh:
            while chunk := fh.read(1 << 20):
                total += len(chunk)
                if total > limit:
                    raise StoreError(
                        store_message(
                            "restore_too_large", "error", label, name=name, size=f">{_mb(limit)}", limit=_mb(limit)
                        )
                    )
                yield chunk
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise StoreError(store_message("restore_damaged", "error", label, detail=f"{name}: {_detail(exc)}")) from exc


def _read_member(zf: zipfile.ZipFile, name: str, limit: int, label: str) -> bytes:
    return b"".join(_stream(zf, name, limit, label))


def _hash_member(zf: zipfile.ZipFile, name: str, limit: int, label: str) -> str:
    h = hashlib.sha256()
    for chunk in _stream(zf, name, limit, label):
        h.update(chunk)
    return h.hexdigest()


def _copy_member(zf: zipfile.ZipFile, name: str, dest: Path, limit: int, label: str) -> str:
    h = hashlib.sha256()
    with dest.open("wb") as out:
        for chunk in _stream(zf, name, limit, label):
            h.update(chunk)
            out.write(chunk)
    return h.hexdigest()


def _prepare_backup_db(copy: Path, label: str, retries: int) -> None:
    """Check the extracted database and bring it to the current schema (it is our own temp copy)."""
    with copy.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise StoreError(store_message("restore_damaged", "error", label, detail="ita.sqlite"))
    conn = sqlite3.connect(str(copy), isolation_level=None)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StoreError(store_message("restore_damaged", "error", label, detail="integrity_check"))
        found = _user_version(conn)
        if found > schema_version():
            raise StoreError(store_message("restore_too_new", "error", label, found=found, known=schema_version()))
        # Only data is taken from a backup: no triggers or views of its own.
        for kind, name in conn.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view')"
        ).fetchall():
            conn.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
        _migrate(conn, label, retries)
    except sqlite3.DatabaseError as exc:
        raise StoreError(store_message("restore_damaged", "error", label, detail=_detail(exc))) from exc
    finally:
        conn.close()


def _copy_backup(conn: sqlite3.Connection, path_label: str) -> dict[str, int]:
    """Inside a transaction: copy every table from the attached `backup` into an empty main."""
    present = {t: conn.execute(f"SELECT count(*) FROM main.{t}").fetchone()[0] for t in BACKUP_TABLES}
    if any(present.values()):
        raise StoreError(store_message("restore_not_empty", path=path_label, reports=present["reports"]))
    conn.execute("PRAGMA defer_foreign_keys = ON")
    counts = {}
    for t in BACKUP_TABLES:
        cols = [r[1] for r in conn.execute(f"PRAGMA main.table_info({t})")]
        theirs = {r[1] for r in conn.execute(f"PRAGMA backup.table_info({t})")}
        if not theirs >= set(cols):
            raise sqlite3.DatabaseError(f"table {t}: columns differ")
        names = ", ".join(f'"{c}"' for c in cols)
        conn.execute(f"INSERT INTO main.{t} ({names}) SELECT {names} FROM backup.{t} ORDER BY id")
        counts[t] = conn.execute(f"SELECT count(*) FROM main.{t}").fetchone()[0]
    seq = conn.execute("SELECT name, seq FROM backup.sqlite_sequence").fetchall()
    # the counters exactly as in the backup (copying an empty table may have started one at 0)
    conn.execute(
        f"DELETE FROM main.sqlite_sequence WHERE name IN ({', '.join('?' * len(BACKUP_TABLES))})", BACKUP_TABLES
    )
    for name, value in seq:
        if name in BACKUP_TABLES:
            conn.execute("INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)", (name, value))
    if conn.execute("PRAGMA main.foreign_key_check").fetchall():
        raise sqlite3.DatabaseError("foreign keys")
    bad = conn.execute(
        "SELECT count(*) FROM main.reports WHERE status NOT IN ('active', 'replaced', 'deleted')"
    ).fetchone()[0]
    if bad:
        raise sqlite3.DatabaseError("report status")
    counts["active_reports"] = conn.execute("SELECT count(*) FROM main.reports WHERE status = 'active'").fetchone()[0]
    return counts


class Backup(_StoreBase):
    """The `Store` methods for this part (see `ita_metrics.store.Store`)."""

    # ------------------------------------------------------------ backup and restore
    def export_zip(self, target: str | os.PathLike | IO[bytes], overwrite: bool = False) -> dict:
        """Write a backup zip: a consistent copy of the database (SQLite backup API) and one CSV per
        table (UTF-8 with BOM, for Excel), plus manifest.json. Returns the manifest.

        `target` is a path (written atomically; an existing file only with overwrite=True) or a
        binary file object (e.g. io.BytesIO for a download button).
        """
        is_path = isinstance(target, (str, os.PathLike))
        label = str(target) if is_path else str(getattr(target, "name", "backup.zip"))
        if is_path and Path(cast("str | os.PathLike[str]", target)).exists() and not overwrite:
            raise StoreError(store_message("export_exists", path=label))
        with tempfile.TemporaryDirectory(prefix="ita-backup-") as tmp:
            copy = Path(tmp) / BACKUP_DB
            with self._lock:
                dst = sqlite3.connect(str(copy))
                try:
                    self._with_retry(lambda: self.conn.backup(dst))
                    dst.execute("PRAGMA journal_mode = DELETE")
                    damage = [str(r[0]) for r in dst.execute("PRAGMA quick_check(5)")]
                except sqlite3.DatabaseError as exc:  # a damaged page: the copy cannot even be made
                    damage = [_detail(exc)]
                finally:
                    dst.close()
            if damage != ["ok"]:  # a backup of a damaged store would hide the damage until restored
                raise StoreError(store_message("backup_refused_damaged", path=label, detail="; ".join(damage)[:160]))
            members, manifest = _backup_members(copy, self._now())
            try:
                if is_path:
                    _write_atomically(
                        Path(cast("str | os.PathLike[str]", target)), lambda fh: _write_zip(fh, copy, members)
                    )
                else:
                    _write_zip(target, copy, members)  # type: ignore[arg-type]
            except OSError as exc:
                raise StoreError(
                    store_message("export_failed", path=label, detail=exc.strerror or _detail(exc))
                ) from exc
        return manifest

    def backup_bytes(self) -> bytes:
        """The backup zip as bytes (for a download button)."""
        buf = io.BytesIO()
        self.export_zip(buf)
        return buf.getvalue()

    def restore_zip(self, source: str | os.PathLike | IO[bytes]) -> dict:
        """Restore a backup made by `export_zip` into this store, which must be empty.

        The zip is checked first (only the expected member names, no `..` or absolute paths, sizes
        within limits, checksums from the manifest, a sound database of a known schema); any
        problem raises StoreError and changes nothing. Returns the backup's manifest.
        """
        is_path = isinstance(source, (str, os.PathLike))
        label = (
            Path(cast("str | os.PathLike[str]", source)).name if is_path else str(getattr(source, "name", "backup.zip"))
        )
        if is_path and not Path(cast("str | os.PathLike[str]", source)).is_file():
            raise StoreError(store_message("file_not_found", "error", str(source)))
        present = self.counts()
        if any(present[t] for t in BACKUP_TABLES):  # checked again inside the restore's transaction
            raise StoreError(store_message("restore_not_empty", path=str(self.path), reports=present["reports"]))
        with tempfile.TemporaryDirectory(prefix="ita-restore-") as tmp:
            manifest, copy = _extract_backup(source, label, Path(tmp))
            _prepare_backup_db(copy, label, self.retries)
            with self._lock:
                conn = self.conn
                conn.execute("ATTACH DATABASE ? AS backup", (str(copy),))
                try:

                    def fail(exc: BaseException) -> StoreError:
                        return StoreError(store_message("restore_damaged", "error", label, detail=_detail(exc)))

                    counts = _transaction(conn, lambda c: _copy_backup(c, str(self.path)), fail, self.retries)
                finally:
                    conn.execute("DETACH DATABASE backup")
        manifest["restored"] = counts
        return manifest
