import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    if not FIXTURES.exists():
        pytest.skip(f"shared fixtures not found at {FIXTURES}")
    return FIXTURES


@pytest.fixture()
def read_in_process(monkeypatch):
    """Files are read in this process instead of a reader worker (ita_metrics/worker_pool.py): for a
    test that monkeypatches a reader's internals, which a worker started earlier would not see."""
    from ita_metrics import worker_pool

    monkeypatch.setattr(worker_pool, "_in_worker", True)
