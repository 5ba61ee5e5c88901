"""The dashboard's upload of a batch of reports, timed (AppTest, the real uploader and data path).

Why: issue 19's point 3 — the browser upload must stay within 1.5× ``python -m ita_metrics parse``
of the same files. Times the rerun that follows setting the uploader (the parse of every file,
the combine and the first screen); prints one JSON line. An empty store in a temporary folder.

    python benchmarks/scale_upload.py LISTFILE
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    from floor_read import read_list  # this folder is on sys.path: run as a script

    files = [(p.name, p.read_bytes()) for p in read_list(Path(argv[0]))]
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ITA_STORE_PATH"] = str(Path(tmp) / "store.sqlite")
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=900).run()
        start = time.perf_counter()
        at.file_uploader(key="uploader").set_value([(n, d, "application/octet-stream") for n, d in files])
        at.run()
        seconds = time.perf_counter() - start
        results = at.session_state["dataset"].results
        failed = bool(at.exception) or len(results) != len(files)
    print(json.dumps({"seconds": seconds, "files": len(files), "read": len(results), "failed": failed}))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
