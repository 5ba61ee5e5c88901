"""The rule of tests/conftest.py: a skip fails the run unless the README lists its reason."""

from __future__ import annotations

from pathlib import Path

CONFTEST = Path(__file__).with_name("conftest.py").read_text(encoding="utf-8")
SUITE = """
import pytest

def test_fine():
    pass

def test_skips():
    pytest.skip("needs the moon")
"""


def _run(pytester, readme: str):
    tests = pytester.path / "tests"  # the conftest finds README.md one folder up, as in the repository
    tests.mkdir()
    (tests / "conftest.py").write_text(CONFTEST.replace('pytest_plugins = ["pytester"]', "pytest_plugins = []"))
    (tests / "test_suite.py").write_text(SUITE, encoding="utf-8")
    (pytester.path / "README.md").write_text(readme, encoding="utf-8")
    return pytester.runpytest_subprocess("-p", "no:cacheprovider")


def test_an_unlisted_skip_fails_the_run(pytester):
    result = _run(pytester, "# Project\n\n### Tests that may skip\n\nnone\n")
    assert result.ret == 1
    result.stdout.fnmatch_lines(["*skips not listed in README.md*", "*test_skips: needs the moon*"])


def test_a_skip_listed_in_the_readme_passes(pytester):
    result = _run(pytester, "# Project\n\n### Tests that may skip\n\n- `needs the moon`: no moon in CI\n\n## Next\n")
    assert result.ret == 0
    result.assert_outcomes(passed=1, skipped=1)
