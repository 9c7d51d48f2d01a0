"""The browser tests' tools: a folder served as a portal serves a release, and Debian's headless Chromium
driven by Playwright, with what a page reports as an error collected.

Playwright is told to use the system `chromium` (`executable_path`), so no browser is downloaded
(`playwright install` is never needed); without one the tests skip.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

VIEWPORT = {"width": 1280, "height": 900}


def chromium_binary() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def file_server(folder: Path) -> Iterator[str]:
    """`python -m http.server` on `folder`, as a portal's file server would serve `latest/`; yields its URL."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                            cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Chromium from the system's package (the sandbox needs privileges a CI container lacks)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_binary(), args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


class WatchedPage:
    """One tab; `errors` lists the console errors, uncaught exceptions and failed loads since the last `open`."""

    def __init__(self, browser: Browser) -> None:
        self.page: Page = browser.new_page(viewport=VIEWPORT)
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "assert") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"{r.failure} {r.url}"))
        self.page.on("response", lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def open(self, url: str) -> Page:
        """Navigate and wait for the load event (scripts at the end of the body have run by then)."""
        self.errors.clear()
        self.page.goto(url, wait_until="load")
        return self.page

    def screenshot(self, path: Path, full_page: bool = True) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full_page)
