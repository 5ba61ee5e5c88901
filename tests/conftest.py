"""Shared fixtures, and the rule that no test skips silently.

A skipped test hides a defect (a missing package, a missing file): the run fails when any test
skips, unless its reason is listed in the README under "Tests that may skip". `make test`
installs every package the tests need (scripts/ensure_system.sh), so that list is empty.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]  # tests/test_no_skips.py runs a small suite under this conftest
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")  # the test run is an entry point: pythainlp stays offline
ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
README = ROOT / "README.md"
ALLOWED_SKIPS_HEADING = "### Tests that may skip"


def allowed_skip_reasons(readme: Path = README) -> set[str]:
    """The reasons listed (as `- \\`reason\\``) under the README heading "Tests that may skip"."""
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    section = text.split(ALLOWED_SKIPS_HEADING, 1)[1] if ALLOWED_SKIPS_HEADING in text else ""
    section = re.split(r"\n#{1,3} ", section, maxsplit=1)[0]
    return set(re.findall(r"^- `([^`]+)`", section, flags=re.M))


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    assert FIXTURES.is_dir(), f"the real reports and their truth belong in {FIXTURES}"
    return FIXTURES


def _unlisted_skips(config: pytest.Config) -> list[pytest.TestReport]:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    allowed = allowed_skip_reasons()
    return [r for r in skipped if _skip_reason(r) not in allowed]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when a test skipped for a reason the README does not list."""
    if _unlisted_skips(session.config) and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    unlisted = _unlisted_skips(config)
    if unlisted:
        terminalreporter.section("skips not listed in README.md", red=True)
        for r in unlisted:
            terminalreporter.write_line(f"{r.nodeid}: {_skip_reason(r)}", red=True)
        terminalreporter.write_line(
            f'A skip fails the run unless README.md lists its reason under "{ALLOWED_SKIPS_HEADING[4:]}".', red=True
        )


@pytest.fixture()
def read_in_process(monkeypatch):
    """Files are read in this process instead of a reader worker (ita_metrics/reading/worker_pool.py): for a
    test that monkeypatches a reader's internals, which a worker started earlier would not see."""
    from ita_metrics.reading import worker_pool

    monkeypatch.setattr(worker_pool, "_in_worker", True)
