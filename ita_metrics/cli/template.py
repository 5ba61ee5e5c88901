"""`template PATH`: the submission template agencies fill in (see ita_metrics.export.template).

    python -m ita_metrics template PATH [--fiscal-year 2567] [--catalog-year 2566]
                                        [--agency NAME --district NAME --province NAME] [--round 6|12]

Exit 0 when written, 1 when the file cannot be written, 2 for bad arguments. Never a traceback.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ita_metrics.cli.common import say
from ita_metrics.interpret import periods
from ita_metrics.thai import catalogs


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH", help="ไฟล์ .xlsx ที่จะสร้าง / the .xlsx file to write")
    p.add_argument(
        "--fiscal-year",
        type=int,
        metavar="BE",
        help="ปีงบประมาณ พ.ศ. ของรายงาน ไม่เกินปีงบประมาณปัจจุบัน (ค่าเริ่มต้น: ปีของรอบล่าสุดที่ถึงกำหนดรายงานแล้ว)"
        " / fiscal year (BE), up to the current one (default: that of the latest round already due)",
    )
    p.add_argument(
        "--catalog-year",
        type=int,
        metavar="BE",
        help="ปีกรอบการประเมินของรหัสข้อ (ค่าเริ่มต้น: ตามปีงบประมาณ) / framework year of the item codes",
    )
    p.add_argument("--agency", default="", metavar="NAME", help="กรอกชื่อหน่วยงานไว้ให้ / pre-fill the agency")
    p.add_argument("--district", default="", metavar="NAME", help="อำเภอ / district")
    p.add_argument("--province", default="", metavar="NAME", help="จังหวัด / province")
    p.add_argument(
        "--round",
        type=int,
        choices=(6, 12),
        help="กรอกรอบการรายงานไว้ให้ (ค่าเริ่มต้นเมื่อไม่ระบุปี: รอบล่าสุดที่ถึงกำหนดรายงานแล้ว) / pre-fill the "
        "round (default without --fiscal-year: the latest round already due)",
    )
    p.add_argument("--rows", type=int, default=100, metavar="N", help="จำนวนแถวที่เตรียมไว้ / rows prepared (100)")


def run(args: argparse.Namespace, today: date | None = None) -> int:
    """`today` decides the default year and round and the latest year allowed (the clock by default)."""
    from ita_metrics.export.template import template_xlsx

    today = today or date.today()  # the CLI is an edge: the core takes today as a parameter
    default_fy, default_round = periods.default_period(today)
    fiscal_year = args.fiscal_year or default_fy
    round_ = args.round or (None if args.fiscal_year else default_round)
    if not 2500 <= fiscal_year <= 2700:
        say(f"--fiscal-year {fiscal_year}: ต้องเป็นปี พ.ศ. เช่น 2567 / must be a Buddhist-era year, e.g. 2567")
        return 2
    if fiscal_year > periods.fiscal_year_of(today):
        say(
            f"--fiscal-year {fiscal_year}: ยังไม่ถึงปีงบประมาณนี้ (ปีงบประมาณปัจจุบันคือ {periods.fiscal_year_of(today)}) / "
            f"this fiscal year has not begun (the current one is {periods.fiscal_year_of(today)})"
        )
        return 2
    if not 1 <= args.rows <= 5000:
        say(f"--rows {args.rows}: ต้องอยู่ระหว่าง 1 ถึง 5000 / must be between 1 and 5000")
        return 2
    try:
        data = template_xlsx(
            fiscal_year, args.catalog_year, args.agency, args.district, args.province, round_, args.rows
        )
    except ValueError as exc:
        say(str(exc))
        return 2
    except Exception as exc:  # noqa: BLE001 - never a traceback
        say(f"เกิดข้อผิดพลาดภายใน ({type(exc).__name__}) / internal error ({type(exc).__name__}: {exc})")
        return 1
    path = Path(args.path)
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        say(
            f"{args.path}: เขียนไฟล์ไม่ได้ ({exc.strerror or type(exc).__name__}) / "
            f"cannot write the file ({exc.strerror or type(exc).__name__})"
        )
        return 1
    expected = catalogs.catalog_year_for(fiscal_year)
    used = args.catalog_year or expected
    if used != expected:
        say(
            f"หมายเหตุ: รหัสข้อในแบบฟอร์มเป็นของกรอบปี {used} (ค่าเริ่มต้นของปีงบประมาณ {fiscal_year} คือ {expected}) "
            f"หัวแบบฟอร์มระบุปีกรอบไว้ ระบบนำเข้าอ่านได้เอง / note: the item codes follow the {used} framework "
            f"(the default for fiscal year {fiscal_year} is {expected}); the template's title states it, so the "
            f"importer reads it back"
        )
    if catalogs.is_assumed(used):
        say(
            f"หมายเหตุ: กรอบปี {used} ยังไม่เผยแพร่รายการข้อ ใช้ลำดับรหัสของปี {catalogs.numbering_year(used)} (สันนิษฐาน) / "
            f"note: no item list is published for {used}; the {catalogs.numbering_year(used)} numbering is assumed"
        )
    round_text = f", รอบ {round_} เดือน" if round_ else ""
    print(f"{args.path}: บันทึกแล้ว / written (ปีงบประมาณ {fiscal_year}{round_text}, กรอบการประเมินปี {used})")
    return 0
