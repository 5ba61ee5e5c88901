"""Make tests/fixtures/scan_small.pdf: a two-page measures report printed and scanned.

Why generated: the OCR tests need a scan small enough to read in seconds, whose every word is
known. The report is written as HTML (title, five-column ruled table, a heading row across the
table, dates with ๖ that Tesseract misreads), printed to PDF by LibreOffice, each page rendered
at 150 dpi greyscale, turned by a fraction of a degree and speckled as an office scanner does,
and saved as a PDF of pictures only (no text layer).

usage: python tools/make_scan_fixture.py [OUT.pdf]   (needs soffice, pypdfium2, numpy, opencv)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "scan_small.pdf"
ANGLES = (0.6, -0.45)  # degrees each page is turned
DPI = 150

HEADER = (
    "ประเด็นที่ต้องปรับปรุงแก้ไข/ ประเด็นที่ต้องพัฒนา",
    "ผู้รับผิดชอบ",
    "ขั้นตอนหรือวิธีการ/มาตรการ",
    "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ",
    "การดำเนินการ",
)
ROWS = (
    (
        "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ เครื่องมือการประเมิน IIT I๓ เจ้าหน้าที่ปฏิบัติงานโดยมุ่งผลสำเร็จของงาน",
        "สำนักปลัด",
        "๑. จัดทำคู่มือการปฏิบัติงาน ๒. ประชุมชี้แจงเจ้าหน้าที่",
        "รายงานผู้บริหารภายในเดือนธันวาคม ๒๕๖๕",
        "ดำเนินการแล้วในวันที่ ๑๖ ธันวาคม ๒๕๖๕",
    ),
    (
        "ตัวชี้วัดที่ ๒ การใช้งบประมาณ เครื่องมือการประเมิน IIT I๑๑ การจัดซื้อจัดจ้างโปร่งใส",
        "กองคลัง",
        "๑. เผยแพร่แผนการจัดซื้อจัดจ้างทางเว็บไซต์",
        "ภายในเดือนมีนาคม ๒๕๖๖",
        "อยู่ระหว่างดำเนินการ",
    ),
)
HEADING = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ด้านการเปิดเผยข้อมูล"
ROWS_2 = (
    (
        "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต เครื่องมือการประเมิน OIT O๓๖ การประเมินความเสี่ยงการทุจริตประจำปี",
        "สำนักปลัด",
        "๑. จัดทำรายงานการประเมินความเสี่ยง ๒. เผยแพร่ทางเว็บไซต์",
        "ภายในเดือนมกราคม ๒๕๖๖",
        "ยังไม่ได้ดำเนินการ",
    ),
)
ROWS_3 = (
    (
        "ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน เครื่องมือการประเมิน EIT E๖ เผยแพร่ข้อมูลที่เข้าถึงง่าย",
        "กองช่าง",
        "๑. ปรับปรุงช่องทางการติดต่อ ๒. ติดป้ายประกาศ",
        "ภายในเดือนกุมภาพันธ์ ๒๕๖๖",
        "ดำเนินการแล้วในวันที่ ๒๖ กุมภาพันธ์ ๒๕๖๖",
    ),
)


def html() -> str:
    def row(cells: tuple[str, ...]) -> str:
        return "<tr>" + "".join(f'<td width="20%" align="left">{c}</td>' for c in cells) + "</tr>"

    head = "<tr>" + "".join(f'<td width="20%" align="left"><b>{c}</b></td>' for c in HEADER) + "</tr>"
    return f"""<html><head><meta charset="utf-8"><style>
body {{ font-family: 'Laksaman'; font-size: 16pt; }}
td {{ border: 1px solid black; vertical-align: top; padding: 4px; text-align: left; }}
table {{ border-collapse: collapse; width: 100%; }}
p {{ text-align: center; margin: 2px; }}
</style></head><body>
<p><b>แบบรายงาน</b></p>
<p><b>รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน</b></p>
<p><b>ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ รอบ ๖ เดือน</b></p>
<p><b>องค์การบริหารส่วนตำบลหนองหิน อำเภอเมืองบุรีรัมย์ จังหวัดบุรีรัมย์</b></p>
<table border="1" cellspacing="0">{head}{"".join(row(r) for r in ROWS)}
<tr><td colspan="5"><b>{HEADING}</b></td></tr>{"".join(row(r) for r in ROWS_2)}</table>
<p style="page-break-before: always"></p>
<table border="1" cellspacing="0">{head}{"".join(row(r) for r in ROWS_3)}</table>
<p>ลงชื่อ นายกองค์การบริหารส่วนตำบลหนองหิน</p>
</body></html>"""


def scan(pdf: bytes) -> list:
    """Render, turn and speckle every page: what an office scanner returns."""
    import cv2
    import pypdfium2 as pdfium
    from PIL import Image

    rng = np.random.default_rng(16)
    pages = []
    doc = pdfium.PdfDocument(pdf)
    for i in range(len(doc)):
        gray = np.array(doc[i].render(scale=DPI / 72, grayscale=True).to_pil().convert("L"))
        h, w = gray.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), ANGLES[i % len(ANGLES)], 1)
        gray = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
        gray = cv2.GaussianBlur(gray, (3, 3), 0.6)
        noisy = gray.astype(np.int16) + rng.normal(0, 12, gray.shape).astype(np.int16)
        dust = rng.random(gray.shape) < 0.0004
        noisy[dust] = 40
        pages.append(Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), "L"))
    return pages


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.html"
        src.write_text(html(), encoding="utf-8")
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf:writer_web_pdf_Export", "--outdir", tmp, str(src)],
            check=True,
            capture_output=True,
            timeout=180,
        )
        pdf = (Path(tmp) / "report.pdf").read_bytes()
    pages = scan(pdf)
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=DPI)
    print(f"{out}: {len(pages)} pages")


if __name__ == "__main__":
    main()
