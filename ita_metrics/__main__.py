import os

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")  # the entry point, not the package: pythainlp never goes online

from ita_metrics.cli import main

raise SystemExit(main())
