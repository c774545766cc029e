"""Regenerate the README's screenshot of ``kotm serve``'s page: docs/serve.png.

Usage: python tools/screenshot.py [OUTPUT] [--query TEXT]

Builds a fresh database with the built-in corpus in a temporary folder, starts ``kotm serve`` on a free port of
127.0.0.1, and has the system's Chromium (Debian ``chromium``, with ``fonts-nanum`` for Hangul) photograph the page
with a pasted sentence's matches and terms, through Playwright for Python.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("output", nargs="?", type=Path, default=ROOT / "docs" / "serve.png")
    parser.add_argument("--query", default="양국은 카자흐스탄과의 협력을 강화하기로 했습니다.")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kotm.db"
        kotm = [sys.executable, "-m", "kotm", "--db", str(db)]
        subprocess.run([*kotm, "init"], check=True, capture_output=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([*kotm, "serve", "--port", str(port)], stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(url + "/static/kotm.css", timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
                page = browser.new_page(viewport={"width": 1000, "height": 820}, device_scale_factor=1)
                page.goto(url + "/?" + urllib.parse.urlencode({"q": args.query}))
                page.locator("ol.matches details summary").first.click()
                args.output.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.output))
                browser.close()
        finally:
            server.terminate()
            server.wait(10)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
