"""Shared by the real-browser tests: start the dashboard on a free port and drive Debian's chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(
    store_path: Path, log_name: str = "streamlit_browser.log", script: str = "dashboard.py"
) -> Iterator[str]:
    """`streamlit run dashboard.py` (or `script`) on loopback with its own (empty) store; yields the URL."""
    port = free_port()
    env = dict(os.environ, PYTHAINLP_OFFLINE="1", ITA_STORE_PATH=str(store_path))
    cache = ROOT / ".pytest_cache"
    log = open(cache / log_name, "w") if cache.exists() else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline or proc.poll() is not None:
                pytest.fail("streamlit did not become healthy within 60 s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if not isinstance(log, int):  # a log file, not subprocess.DEVNULL
            log.close()


@contextmanager
def chromium() -> Iterator:
    """Debian's chromium driven by Playwright (a Browser), closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROME_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def home_page(store_path: Path, log_name: str, **page_options) -> Iterator:
    """The dashboard on its own store, opened in chromium at the home page (a Playwright page)."""
    from playwright.sync_api import sync_playwright

    with running_app(store_path, log_name) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROME_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="th-TH", **page_options)
        page.set_default_timeout(90_000)
        page.goto(url)
        page.get_by_role("heading", name="ภาพรวมจังหวัดและนำเข้าข้อมูล").first.wait_for()
        idle(page)
        try:
            yield page
        finally:
            browser.close()


def idle(page) -> None:
    """Wait until Streamlit has finished running the script, then let plotly draw."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=60_000)
    page.wait_for_timeout(700)


SHOTS = (
    ROOT / "docs" / "screenshots"
    if os.environ.get("UPDATE_SCREENSHOTS") == "1"
    else ROOT / "tests" / "artifacts" / "screenshots"
)


def go(page, nav: str, title: str) -> None:
    """Open a page through the sidebar menu and wait for its title and for Streamlit to finish."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=nav).first.click()
    page.get_by_role("heading", name=title).first.wait_for()
    idle(page)


def download(page, label: str, timeout_ms: int = 240_000) -> bytes:
    """Click the download button `label` and return the file's bytes."""
    with page.expect_download(timeout=timeout_ms) as info:
        page.get_by_role("button", name=label).first.click()
    return Path(info.value.path()).read_bytes()
