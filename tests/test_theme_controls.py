"""The theme as a reader meets it on a first visit, by keyboard and with large text:
every page within its byte budget, focus kept on the header controls, and the
sidebars giving way to text zoomed to 200% (lean_book_theme)."""

from __future__ import annotations

import pytest

from browser import DESKTOP, PAGE_BUDGET_KIB, PHONE, by_kind, first_visit, site_pages
from conftest import ROOT

playwright_api = pytest.importorskip("playwright.sync_api")

SCREENSHOTS = ROOT / "test-results" / "screenshots"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_pages_first_visit_is_within_the_budget(site, server, browser, viewport, scheme):
    over, logo = [], {}
    for page in site_pages(site):
        sizes = first_visit(browser, server.url + page, viewport=viewport, color_scheme=scheme)
        total = sum(sizes.values()) / 1024
        if total > PAGE_BUDGET_KIB:
            kinds = ", ".join(f"{k} {v / 1024:.1f}" for k, v in sorted(by_kind(sizes).items()))
            over.append(f"{page}: {total:.1f} KiB ({kinds})")
        logo |= {url.rsplit("/", 1)[1]: size for url, size in sizes.items() if "mlhpcs-logo" in url}
        assert not any("bootstrap" in url or "fontawesome" in url for url in sizes), page
    assert over == []
    # The home pages' logo comes in the size shown: a phone gets the smallest.
    small = viewport is PHONE
    assert set(logo) == {"mlhpcs-logo-360.avif" if small else "mlhpcs-logo-720.avif"}


def focused(page) -> list:
    """The focused element's classes, and whether it shows a focus ring."""
    return page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e);
            return [e.className, e.matches(':focus-visible') && s.outlineStyle !== 'none'
                    && parseFloat(s.outlineWidth) >= 2]; }"""
    )


def tab_to(page, selector: str) -> None:
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} is not reachable by keyboard")


@pytest.fixture
def tab(browser, server):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.url + "2020/papers/rombach2020smartpred.html", wait_until="networkidle")
    yield page
    context.close()
    assert errors == []


def test_the_colour_mode_menu_by_keyboard_keeps_focus_on_its_button(tab):
    tab_to(tab, ".theme-switch-button")
    assert focused(tab)[1]
    tab.keyboard.press("Enter")
    assert tab.locator(".theme-switch-button").get_attribute("aria-expanded") == "true"
    tab.keyboard.press("ArrowDown")
    assert "theme-change-button" in focused(tab)[0]
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("ArrowDown")
    assert tab.evaluate("document.activeElement.dataset.mode") == "dark"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.documentElement.dataset.theme") == "dark"
    # The menu closed, and focus is back on its button, with its ring.
    assert not tab.locator(".dropdown-menu").is_visible()
    name, ring = focused(tab)
    assert "theme-switch-button" in name and ring
    # Escape closes an open menu, and focus stays on the button.
    tab.keyboard.press("Enter")
    tab.keyboard.press("Escape")
    assert not tab.locator(".dropdown-menu").is_visible()
    assert "theme-switch-button" in focused(tab)[0]


def test_the_sidebar_toggle_keeps_focus_and_shows_its_ring(tab):
    tab_to(tab, ".primary-toggle")
    assert focused(tab)[1]  # (the theme's .btn drew no ring)
    tab.keyboard.press("Enter")
    tab.wait_for_timeout(50)
    assert tab.locator("#pst-primary-sidebar").evaluate("e => e.classList.contains('pst-sidebar-hidden')")
    name, ring = focused(tab)
    assert "primary-toggle" in name and ring
    tab.keyboard.press("Enter")
    tab.wait_for_timeout(50)
    assert "primary-toggle" in focused(tab)[0]


def test_escape_in_the_search_dialog_returns_focus_to_the_search_button(tab):
    tab_to(tab, ".search-button__button")
    tab.keyboard.press("Enter")
    tab.locator("#pst-search-dialog input").wait_for(state="visible")
    assert tab.evaluate("document.activeElement.name") == "q"
    tab.keyboard.press("Escape")
    tab.wait_for_timeout(50)
    name, ring = focused(tab)
    assert "search-button__button" in name and ring
    # Opened with Ctrl+K from a link, Escape returns to that link.
    tab_to(tab, "article a")
    link = tab.evaluate("document.activeElement.href")
    tab.keyboard.press("Control+k")
    tab.locator("#pst-search-dialog input").wait_for(state="visible")
    tab.keyboard.press("Escape")
    tab.wait_for_timeout(50)
    assert tab.evaluate("document.activeElement.href") == link


def test_the_phone_navigation_returns_focus_to_its_toggle(browser, server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(server.url + "2021/program/index.html", wait_until="networkidle")
    tab_to(page, ".primary-toggle")
    page.keyboard.press("Enter")
    page.locator("#pst-primary-sidebar-modal a").first.wait_for(state="visible")
    page.keyboard.press("Escape")
    page.wait_for_timeout(50)
    name, ring = focused(page)
    context.close()
    assert "primary-toggle" in name and ring


BROKEN_WORDS = """() => {
    // Words of the article and the navigation broken across lines: a text node
    // whose single word covers more than one line box.
    const broken = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const parent = node.parentElement;
        if (!parent.checkVisibility() || parent.closest('pre, code, .bd-sidebar-secondary')) continue;
        for (const match of node.textContent.matchAll(/[A-Za-zÀ-ž]{4,}/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (tops.size > 1) broken.push(match[0]);
        }
    }
    return broken;
}"""


@pytest.mark.parametrize("page", ["2021/program/index", "committee", "2020/papers/rombach2020smartpred", "people"])
def test_text_zoomed_to_200_percent_on_a_desktop(browser, server, page):
    """Text-only zoom (the browser's default font size doubled, as a reader's
    setting does), not page zoom: the navigation gives way, the article keeps
    the width of the window, and no word is broken across lines."""
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    cdp = context.new_cdp_session(tab)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    tab.goto(server.url + page + ".html", wait_until="networkidle")
    assert tab.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    assert not tab.locator("#pst-primary-sidebar").is_visible()
    assert tab.locator("article").bounding_box()["width"] > 900
    assert tab.evaluate(BROKEN_WORDS) == []
    # The toggle opens the navigation, wide enough for its words.
    tab.locator(".primary-toggle").first.click()
    tab.locator("#pst-primary-sidebar").wait_for(state="visible")
    tab.wait_for_timeout(300)
    assert tab.evaluate(BROKEN_WORDS) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{page.replace('/', '-')}-text-200-percent.png"))
    context.close()
