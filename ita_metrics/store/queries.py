"""Reading the store: reports, measures (corrections applied), skipped rows, rosters; deleting and
reactivating reports."""

from __future__ import annotations

import sqlite3

import pandas as pd

from ita_metrics.coerce import to_int
from ita_metrics.errors import Message
from ita_metrics.model import STORED_FIELDS, to_frame
from ita_metrics.store.base import _StoreBase
from ita_metrics.store.common import REPORT_COLUMNS, SKIPPED_COLUMNS, StoreError, store_message
from ita_metrics.store.fixes import _apply_fixes
from ita_metrics.store.schema import _insert_rows
from ita_metrics.words import text, when_text


class Queries(_StoreBase):
    """The `Store` methods for this part (see `ita_metrics.store.Store`)."""

    # ------------------------------------------------------------ reading
    def reports(self, active_only: bool = False) -> pd.DataFrame:
        """One row per stored report (REPORT_COLUMNS), oldest first; `status` says which count."""
        where = "WHERE r.status = 'active'" if active_only else ""
        sql = f"""SELECT r.id, r.file, r.content_hash, r.agency, r.district, r.province, r.fiscal_year,
                  r."round", r.catalog_year, r.as_of, r.imported_at, r.importer_version, r.status,
                  r.replaced_by, r.status_changed_at,
                  (SELECT count(*) FROM measures m WHERE m.report_id = r.id) AS n_measures
                  FROM reports r {where} ORDER BY r.id"""
        rows = self._read(lambda c: c.execute(sql).fetchall())
        df = pd.DataFrame.from_records(rows, columns=REPORT_COLUMNS)
        for col in ("id", "n_measures"):
            df[col] = df[col].astype("int64")
        for col in ("fiscal_year", "round", "catalog_year", "replaced_by"):
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        for col in (
            "file",
            "content_hash",
            "agency",
            "district",
            "province",
            "as_of",
            "imported_at",
            "importer_version",
            "status",
            "status_changed_at",
        ):
            df[col] = df[col].astype(object).where(df[col].notna(), "").astype(str)
        return df

    def report(self, report_id: int) -> dict:
        """One report's row as a dict; StoreError when there is none."""
        df = self.reports()
        hit = df[df["id"] == int(report_id)]
        if hit.empty:
            raise StoreError(store_message("report_not_found", id=report_id))
        return hit.iloc[0].to_dict()

    def describe_report(self, report_id: int) -> Message:
        """What an officer must see before confirming a deletion (Thai `.th`, English `.en`)."""
        r = self.report(report_id)
        th, en = when_text(to_int(r["fiscal_year"]), to_int(r["round"]))
        status_th, status_en = (text(f"store.status_{r['status']}", lang) for lang in ("th", "en"))
        return store_message(
            "report_description",
            "info",
            id=r["id"],
            agency=r["agency"] or "-",
            when_th=th,
            when_en=en,
            source=r["file"],
            measures=r["n_measures"],
            status_th=status_th,
            status_en=status_en,
            imported_at=r["imported_at"],
        )

    def measures(self, active_only: bool = True, corrected: bool = True) -> pd.DataFrame:
        """The stored measures in the measure model: MEASURE_FIELDS (`as_of` is the report's, the
        date its timeliness was judged at), then `report_id`, in import order.

        active_only: only reports with status "active" (what the dashboard counts).
        corrected: officers' corrections (not undone) applied — status and dates through
        `corrections.apply_corrections` (timeliness recomputed, flag `corrected`), other fields
        replaced as given.
        """
        where = "WHERE r.status = 'active'" if active_only else ""
        cols = ", ".join(f'm."{f}"' for f in STORED_FIELDS)

        def run(c: sqlite3.Connection) -> tuple[list, list]:
            rows = c.execute(
                f"SELECT m.report_id, r.as_of, {cols} FROM measures m "
                f"JOIN reports r ON r.id = m.report_id {where} ORDER BY m.id"
            ).fetchall()
            fixes = (
                c.execute(
                    "SELECT report_id, source_sheet, source_row, field, new_value FROM corrections "
                    "WHERE undone = 0 ORDER BY id"
                ).fetchall()
                if corrected
                else []
            )
            return rows, fixes

        rows, fixes = self._read(run)
        records = [dict(zip(["report_id", "as_of"] + STORED_FIELDS, row)) for row in rows]
        df = to_frame(records)
        df["report_id"] = pd.Series([r["report_id"] for r in records], dtype="int64")
        df["as_of"] = pd.Series([r["as_of"] or "" for r in records], dtype=df["agency"].dtype)
        return _apply_fixes(df, fixes) if fixes else df

    def skipped(self, active_only: bool = True) -> pd.DataFrame:
        """Rows the importer left out, with reasons: `report_id` + importer.SKIPPED_COLUMNS."""
        where = "WHERE r.status = 'active'" if active_only else ""
        cols = ", ".join(f's."{c}"' for c in SKIPPED_COLUMNS)
        rows = self._read(
            lambda c: c.execute(
                f"SELECT s.report_id, {cols} FROM skipped_rows s JOIN reports r ON r.id = s.report_id {where} "
                "ORDER BY s.id"
            ).fetchall()
        )
        df = pd.DataFrame.from_records(rows, columns=["report_id"] + SKIPPED_COLUMNS)
        df["report_id"] = df["report_id"].astype("int64")
        df["source_row"] = pd.to_numeric(df["source_row"], errors="coerce").astype("Int64")
        return df

    # ------------------------------------------------------------ the roster (expected agencies)
    def save_roster(self, roster: pd.DataFrame, province: str, fiscal_year: int) -> int:
        """Replace the roster of `province` and `fiscal_year` with `roster` (columns of
        roster.ROSTER_COLUMNS), in one transaction; returns the rows saved."""
        now = self._now()
        rows = [
            (
                province,
                int(fiscal_year),
                str(r.get("district") or ""),
                str(r["agency"]),
                str(r.get("kind") or ""),
                str(r.get("subdistrict") or ""),
                str(r.get("source") or ""),
                now,
            )
            for r in roster.to_dict("records")
            if str(r.get("agency") or "")
        ]
        unique = list({(r[2], r[3]): r for r in rows}.values())

        def run(c: sqlite3.Connection) -> int:
            c.execute("DELETE FROM roster WHERE province = ? AND fiscal_year = ?", (province, int(fiscal_year)))
            _insert_rows(
                c,
                "roster",
                ["province", "fiscal_year", "district", "agency", "kind", "subdistrict", "source", "saved_at"],
                unique,
            )
            return len(unique)

        return self._write(run)

    def roster(self, province: str, fiscal_year: int) -> pd.DataFrame:
        """The saved roster of a province and fiscal year (empty when none), by district and name."""
        cols = ["province", "fiscal_year", "district", "agency", "kind", "subdistrict", "source", "saved_at"]
        rows = self._read(
            lambda c: c.execute(
                f"SELECT {', '.join(cols)} FROM roster WHERE province = ? AND fiscal_year = ? "
                "ORDER BY district, agency",
                (province, int(fiscal_year)),
            ).fetchall()
        )
        df = pd.DataFrame.from_records(rows, columns=cols)
        df["fiscal_year"] = pd.to_numeric(df["fiscal_year"]).astype("Int64")
        return df

    def rosters(self) -> pd.DataFrame:
        """Saved rosters: province, fiscal_year, agencies, saved_at (newest first)."""
        rows = self._read(
            lambda c: c.execute(
                "SELECT province, fiscal_year, count(*), max(saved_at) FROM roster GROUP BY province, fiscal_year "
                "ORDER BY max(saved_at) DESC"
            ).fetchall()
        )
        return pd.DataFrame.from_records(rows, columns=["province", "fiscal_year", "agencies", "saved_at"])

    # ------------------------------------------------------------ deleting
    def delete_report(self, report_id: int, hard: bool = False) -> Message:
        """Soft delete (status "deleted", kept and reversible) unless `hard` (rows removed for good).

        Confirm with the officer first, showing `describe_report(report_id)`.
        """
        report_id = int(report_id)

        def run(c: sqlite3.Connection) -> Message:
            row = c.execute("SELECT status FROM reports WHERE id = ?", (report_id,)).fetchone()
            if row is None:
                raise StoreError(store_message("report_not_found", id=report_id))
            if hard:
                c.execute("DELETE FROM reports WHERE id = ?", (report_id,))
                return store_message("deleted_hard", "info", id=report_id)
            if row[0] == "deleted":
                return store_message("already_deleted", "info", id=report_id)
            c.execute(
                "UPDATE reports SET status = 'deleted', status_changed_at = ? WHERE id = ?", (self._now(), report_id)
            )
            return store_message("deleted", "info", id=report_id)

        return self._write(run)

    def reactivate_report(self, report_id: int) -> Message:
        """Bring a deleted or replaced report back, unless another active report has its place."""
        report_id = int(report_id)

        def run(c: sqlite3.Connection) -> Message:
            row = c.execute(
                'SELECT status, agency, fiscal_year, "round" FROM reports WHERE id = ?', (report_id,)
            ).fetchone()
            if row is None:
                raise StoreError(store_message("report_not_found", id=report_id))
            status, agency, fy, rd = row
            if status == "active":
                return store_message("already_active", "info", id=report_id)
            if agency:
                other = c.execute(
                    """SELECT id FROM reports WHERE status = 'active' AND agency = ?
                                     AND fiscal_year IS ? AND "round" IS ? AND id <> ?""",
                    (agency, fy, rd, report_id),
                ).fetchone()
                if other:
                    raise StoreError(store_message("reactivate_conflict", id=report_id, other=other[0]))
            c.execute(
                "UPDATE reports SET status = 'active', replaced_by = NULL, status_changed_at = ? WHERE id = ?",
                (self._now(), report_id),
            )
            return store_message("reactivated", "info", id=report_id)

        return self._write(run)
