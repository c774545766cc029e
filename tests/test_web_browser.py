"""The page in a real browser: Playwright for Python driving the system's Chromium (Debian's ``chromium``; no
browser download) against ``kotm serve`` on 127.0.0.1. Skipped, saying why, where either is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOKEN = "mina-token-0001"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")
pytest.importorskip("uvicorn", reason="the serve extra is not installed: pip install -e '.[test]'")
if not CHROMIUM.exists():
    pytest.skip(
        "no /usr/bin/chromium: apt-get install chromium fonts-nanum (.ci/run does so as root)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(module_server, builtin_db_file, tmp_path_factory):
    """One server for the module: only the add test writes, and nothing else depends on what it adds."""
    folder = tmp_path_factory.mktemp("site")
    db = folder / "served.db"
    shutil.copy(builtin_db_file, db)
    tokens = folder / "tokens.txt"
    tokens.write_text(f"mina:{TOKEN}\n")
    return module_server(db, "--tokens", str(tokens))


@pytest.fixture
def page(browser, site):
    context = browser.new_context(base_url=site, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_korean_query_shows_highlighted_hits(page):
    page.goto("/")
    page.keyboard.press("Escape")  # leave the box (it has autofocus) …
    page.keyboard.press("/")  # … and come back with the shortcut
    page.keyboard.type("협력")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=*")
    hits = page.locator("ol.concordance li")
    assert hits.count() >= 10
    assert page.locator("ol.concordance mark").first.inner_text() == "협력"
    assert page.locator("table.terms").first.is_visible()
    # The page names Korean-capable fonts (fonts-nanum provides NanumGothic on Debian)
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Noto Sans KR" in family and "NanumGothic" in family


def test_a_pasted_sentence_shows_matches_and_terms(page):
    page.goto("/")
    page.fill("#q", "양국은 협력을 강화하기로 했습니다.")
    page.click("button:text('Go')")
    page.wait_for_selector("ol.matches")
    assert page.locator("ol.matches .score").first.inner_text() == "75%"
    assert page.locator("ol.matches ins").count() >= 1
    assert page.locator(".sentence mark.term").first.inner_text() == "양국"
    page.locator("ol.matches details summary").first.click()  # ids and metadata on demand
    assert "summit-2019-04-22" in page.locator("ol.matches details").first.inner_text()


def test_adding_needs_a_token_then_the_segment_is_found(page):
    page.goto("/")
    page.fill("#add-ko", "양국은 우주 협력을 확대하기로 했다.")
    page.fill("#add-en", "The two countries agreed to expand space cooperation.")
    page.click("form.add button[type=submit]")
    assert "needs a token" in page.locator("#error").inner_text()
    page.fill("#add-token", TOKEN)
    page.click("form.add button[type=submit]")
    assert page.locator("#message").inner_text() == "Added segment 52."
    page.fill("#q", "우주 협력")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=*")
    assert "우주 협력을 확대하기로" in page.locator("ol.concordance").inner_text()


def test_it_works_without_javascript_and_on_a_narrow_screen(browser, site):
    context = browser.new_context(base_url=site, java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto("/?q=카자흐스탄")
    assert page.locator("ol.concordance mark").count() >= 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # nothing wider than the screen
    context.close()
