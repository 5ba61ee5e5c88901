"""Settings read from the environment. Kept small on purpose: one variable per setting, then a default.

>>> import os; os.environ.pop("ITA_STORE_PATH", None) and None
>>> store_path().name
'ita.sqlite'
"""
from __future__ import annotations

import os
from pathlib import Path

from ita_metrics.datafiles import DATA_DIR

STORE_PATH_ENV = "ITA_STORE_PATH"
DEFAULT_STORE_PATH = DATA_DIR / "ita.sqlite"


def store_path(override: str | os.PathLike | None = None) -> Path:
    """Where the report store lives: `override` (e.g. `--store`), else $ITA_STORE_PATH, else data/ita.sqlite."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(STORE_PATH_ENV, "").strip()
    return Path(env).expanduser() if env else DEFAULT_STORE_PATH
