"""`template PATH`: the submission template agencies fill in (see ita_metrics.template).

    python -m ita_metrics template PATH [--fiscal-year 2567] [--catalog-year 2566]
                                        [--agency NAME --district NAME --province NAME] [--round 6|12]

Exit 0 when written, 1 when the file cannot be written, 2 for bad arguments. Never a traceback.
"""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ita_metrics import catalogs
from ita_metrics.cli_common import say


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH", help="ไฟล์ .xlsx ที่จะสร้าง / the .xlsx file to write")
    p.add_argument("--fiscal-year", type=int, metavar="BE",
                   help="ปีงบประมาณ พ.ศ. ของรายงาน (ค่าเริ่มต้น: ปีงบประมาณปัจจุบัน) / fiscal year (BE)")
    p.add_argument("--catalog-year", type=int, metavar="BE",
                   help="ปีกรอบการประเมินของรหัสข้อ (ค่าเริ่มต้น: ตามปีงบประมาณ) / framework year of the item codes")
    p.add_argument("--agency", default="", metavar="NAME", help="กรอกชื่อหน่วยงานไว้ให้ / pre-fill the agency")
    p.add_argument("--district", default="", metavar="NAME", help="อำเภอ / district")
    p.add_argument("--province", default="", metavar="NAME", help="จังหวัด / province")
    p.add_argument("--round", type=int, choices=(6, 12), help="กรอกรอบการรายงานไว้ให้ / pre-fill the round")
    p.add_argument("--rows", type=int, default=100, metavar="N", help="จำนวนแถวที่เตรียมไว้ / rows prepared (100)")


def run(args: argparse.Namespace) -> int:
    from ita_metrics.template import current_fiscal_year, template_xlsx

    fiscal_year = args.fiscal_year or current_fiscal_year(date.today())  # the clock, read at the edge
    if not 2500 <= fiscal_year <= 2700:
        say(f"--fiscal-year {fiscal_year}: ต้องเป็นปี พ.ศ. เช่น 2567 / must be a Buddhist-era year, e.g. 2567")
        return 2
    if not 1 <= args.rows <= 5000:
        say(f"--rows {args.rows}: ต้องอยู่ระหว่าง 1 ถึง 5000 / must be between 1 and 5000")
        return 2
    try:
        data = template_xlsx(fiscal_year, args.catalog_year, args.agency, args.district, args.province,
                             args.round, args.rows)
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
        say(f"{args.path}: เขียนไฟล์ไม่ได้ ({exc.strerror or type(exc).__name__}) / "
             f"cannot write the file ({exc.strerror or type(exc).__name__})")
        return 1
    expected = catalogs.catalog_year_for(fiscal_year)
    if args.catalog_year and args.catalog_year != expected:
        say(f"หมายเหตุ: รหัสข้อในแบบฟอร์มเป็นของกรอบปี {args.catalog_year} ตอนนำเข้าให้ระบุ --catalog-year "
             f"{args.catalog_year} (ค่าเริ่มต้นของปีงบประมาณ {fiscal_year} คือ {expected}) / note: the item codes "
             f"follow the {args.catalog_year} framework; import with --catalog-year {args.catalog_year}")
    print(f"{args.path}: บันทึกแล้ว / written (ปีงบประมาณ {fiscal_year}, กรอบการประเมินปี "
          f"{args.catalog_year or expected})")
    return 0
