"""The built site in a real browser: Chromium driven by Playwright, served on 127.0.0.1.

Every page: loads cleanly, stays on 127.0.0.1, passes axe-core in light and
dark mode, fits a phone. Then the behaviours a reader relies on.
"""

from __future__ import annotations

import re
import subprocess
from urllib.parse import urlsplit

import pytest

from browser import DESKTOP, PHONE, SiteServer, node_module, site_pages
from conftest import ROOT, sphinx_build
from test_site import PAGES

playwright_api = pytest.importorskip("playwright.sync_api")

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SCREENSHOTS = ROOT / "test-results" / "screenshots"


class Visit:
    """A page opened in a fresh context, with every request and console message recorded.
    Requests to any host but 127.0.0.1 are recorded and never sent."""

    def __init__(self, browser, url, **context):
        self.context = browser.new_context(**context)
        self.requests, self.outside, self.failed, self.console = [], [], [], []
        self.closed_with = None  # the CSP violations seen, once closed
        self.watching_csp = True  # (off once a test tool, such as axe, adds its own inline styles)
        self.context.route("**/*", self.route)
        # Every Content-Security-Policy violation of the page, as the browser reports it.
        self.context.add_init_script(
            "window.cspViolations = [];"
            "document.addEventListener('securitypolicyviolation',"
            " e => window.cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"
        )
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda error: self.console.append(("error", f"uncaught {error}")))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.response = self.page.goto(url, wait_until="networkidle")

    def route(self, route):
        url = route.request.url
        self.requests.append(url)
        if urlsplit(url).hostname != "127.0.0.1":
            self.outside.append(url)
            route.abort()
        else:
            route.continue_()

    def csp_violations(self) -> list[str]:
        if not self.watching_csp:
            return []
        if self.closed_with is None:
            return self.page.evaluate("window.cspViolations")
        return self.closed_with

    def close(self):
        if self.closed_with is None:
            self.closed_with = self.csp_violations()
            self.context.close()


@pytest.fixture
def visit(browser):
    opened = []

    def open_page(url, **context):
        opened.append(Visit(browser, url, **context))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()
    # Whatever a test did on a page (search, copy, play, switch), no
    # Content-Security-Policy violation.
    assert [v for page in opened for v in page.csp_violations()] == []


def test_pages_are_found_by_walking_the_output(site):
    found = site_pages(site)
    assert {
        "index.html",
        "search.html",
        "404.html",
        "2020/program/live-qa.html",
        "2020/papers/rombach2020smartpred.html",
        "2021/program/soudry-keynote.html",
        "people.html",
    } <= set(found)
    assert "genindex.html" not in found  # no index entries, so no empty index page
    assert set(found) == {f"{p}.html" for p in PAGES} | {"search.html", "404.html"}


# Light on a desktop, dark on a phone: each page is read in both modes and at both widths.
@pytest.mark.parametrize(("scheme", "viewport"), [("light", None), ("dark", PHONE)], ids=["light", "dark-phone"])
def test_every_page_loads_cleanly_locally_and_passes_axe(site, server, visit, scheme, viewport):
    axe = (node_module("axe-core") / "axe.min.js").read_text(encoding="utf-8")
    problems = []
    for page in site_pages(site):
        opened = visit(server.url + page, color_scheme=scheme, **({"viewport": viewport} if viewport else {}))
        if viewport is PHONE:  # nothing scrolls sideways on a phone
            width = opened.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if width[0] > width[1]:
                problems.append(f"{page}: {width[0]}px wide in a {width[1]}px window")
        if opened.response.status != 200:
            problems.append(f"{page}: HTTP {opened.response.status}")
        problems += [f"{page}: console {kind}: {text}" for kind, text in opened.console if kind in ("error", "warning")]
        problems += [f"{page}: failed request {url}" for url in opened.failed if url not in opened.outside]
        problems += [f"{page}: request outside 127.0.0.1: {url}" for url in opened.outside]
        problems += [
            f"{page}: loads the icon font or script: {url}"
            for url in opened.requests
            if "fontawesome" in url or "fa-solid" in url
        ]
        policy = opened.page.locator('meta[http-equiv="Content-Security-Policy"]')
        if policy.count() != 1 or "object-src 'none'" not in policy.get_attribute("content"):
            problems.append(f"{page}: no strict Content-Security-Policy")
        if opened.response.headers.get("content-security-policy") is None:
            problems.append(f"{page}: the _headers policy was not served")
        theme = opened.page.evaluate("document.documentElement.dataset.theme")
        if theme != scheme:
            problems.append(f"{page}: theme is {theme}, not {scheme}")
        problems += [f"{page}: Content-Security-Policy violation: {v}" for v in opened.csp_violations()]
        opened.watching_csp = False  # axe adds <style> elements of its own, which the policy rightly refuses
        opened.page.evaluate(axe)  # (through the DevTools protocol, as the policy refuses inline scripts)
        result = opened.page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        problems += [f"{page}: axe {v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]]
        opened.close()
    assert problems == []


def test_phone_navigation_opens_and_leads_to_a_page(server, visit):
    opened = visit(server.url + "index.html", viewport=PHONE)
    page = opened.page
    sidebar_link = page.locator(".bd-sidebar-primary a:visible").filter(has_text=re.compile(r"^\s*Committees\s*$"))
    assert sidebar_link.count() == 0  # the navigation starts closed on a phone
    toggle = page.locator("button.primary-toggle:visible").first
    toggle.click()
    sidebar_link.wait_for(state="visible")
    sidebar_link.click()
    page.wait_for_url("**/committee.html")
    assert page.locator("article h1").inner_text().startswith("Committees")


def test_phone_contents_list_opens_and_leads_to_a_section(server, visit):
    page = visit(server.url + "2020/papers/rombach2020smartpred.html", viewport=PHONE).page
    section_link = page.locator(".bd-sidebar-secondary a:visible", has_text="Cite this paper")
    assert section_link.count() == 0
    page.locator("button.secondary-toggle:visible").first.click()
    section_link.wait_for(state="visible")
    section_link.click()
    page.wait_for_url("**/rombach2020smartpred.html#cite-this-paper")


def test_one_search_field_on_a_wide_screen(server, visit):
    page = visit(server.url + "2020/papers/rombach2020smartpred.html", viewport=DESKTOP).page
    assert page.locator(".search-button-field:visible").count() == 1


@pytest.mark.parametrize("year", [2020, 2021])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_download_icon_stays_on_the_line_of_its_link_text(server, visit, viewport, year):
    page = visit(server.url + f"{year}/program/index.html", viewport=viewport).page
    lines = page.evaluate(
        """() => [...document.querySelectorAll('a.reference.download')].map(link => {
            const text = document.createRange();
            text.setStart(link.firstChild, 0);
            text.setEnd(link.firstChild, 1);
            return [link.textContent, link.getClientRects()[0].top, text.getClientRects()[0].top];
        })"""
    )
    assert len(lines) == 4
    assert [name for name, link_top, text_top in lines if abs(link_top - text_top) > 2] == []


def test_keyboard_skip_link_and_visible_focus(server, visit):
    page = visit(server.url + "2020/papers/rombach2020smartpred.html", viewport=DESKTOP).page
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
    assert focused == ["Skip to main content", "#main-content"]
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert page.locator(":focus").is_visible() and outline != "none"
    page.keyboard.press("Enter")
    # Every control is reachable: tab until the BibTeX copy button gets focus.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('copybtn')"):
            break
    else:
        pytest.fail("the copy button of the BibTeX entry is not reachable by keyboard")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_search_finds_a_paper_by_a_word_of_its_title(server, visit):
    page = visit(server.url + "search.html?q=SmartPred", viewport=DESKTOP).page
    result = page.locator("#search-results a", has_text="SmartPred").first
    result.wait_for()
    assert result.get_attribute("href").startswith("2020/papers/rombach2020smartpred.html")


def test_searching_from_a_pages_search_field_finds_a_paper(server, visit):
    """The field every page has (its scripts are not loaded there: the search page runs the search)."""
    page = visit(server.url + "2021/program/index.html", viewport=DESKTOP).page
    page.locator(".search-button-field:visible").click()
    field = page.locator("input[name=q]:visible").first
    field.fill("SmartPred")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=SmartPred*")
    result = page.locator("#search-results a", has_text="SmartPred").first
    result.wait_for()
    assert result.get_attribute("href").startswith(
        "../../2020/papers/rombach2020smartpred.html"
    ) or result.get_attribute("href").startswith("2020/papers/rombach2020smartpred.html")


def test_copy_button_copies_the_bibtex_entry(server, visit):
    opened = visit(
        server.url + "2020/papers/herron2020ensembles.html",
        viewport=DESKTOP,
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = opened.page
    block = page.locator(".ws-bibtex")
    block.hover()
    block.locator("button.copybtn").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    expected = (ROOT / "references.bib").read_text(encoding="utf-8")
    start = expected.index("@inproceedings{herron2020ensembles,")
    assert copied.strip() == expected[start : expected.index("\n}", start) + 2].strip()


def test_player_loads_nothing_from_the_video_host_before_the_click(server, visit):
    opened = visit(server.url + "2020/program/labus-distributed-deep-learning.html", viewport=DESKTOP)
    page = opened.page
    assert opened.outside == [] and page.locator("iframe").count() == 0
    page.locator(".ws-player-load").click()
    frame = page.locator(".ws-player iframe")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src") == (
        "https://video.hs-offenburg.de/media/embed?key=7213e3ad3e4626a7d0e96ce918f3ec10"
    )
    assert frame.get_attribute("title").startswith("Recording: Distributed Deep Learning")
    page.wait_for_timeout(300)
    assert all(urlsplit(u).hostname == "video.hs-offenburg.de" for u in opened.outside)  # (never sent)


@pytest.mark.parametrize("year", [2020, 2021])
def test_every_programme_item_reads_without_scrolling_sideways_on_a_phone(server, visit, year):
    """On a phone the programme table becomes a list: each item's time, kind,
    title and speakers sit within the screen, none cut off or hidden."""
    page = visit(server.url + f"{year}/program/index.html", viewport=PHONE).page
    rows = page.evaluate(
        """() => [...document.querySelectorAll('table.ws-schedule tbody tr')].map(row => {
            const scroller = row.closest('.pst-scrollable-table-container') || row.closest('table');
            return {
                id: row.id,
                scrolls: scroller.scrollWidth > scroller.clientWidth + 1,
                cells: [...row.cells].map(cell => {
                    const box = cell.getBoundingClientRect();
                    return {text: cell.innerText.trim(), left: box.left, right: box.right,
                            visible: box.width > 0 && box.height > 0 && getComputedStyle(cell).visibility !== 'hidden',
                            clipped: cell.scrollWidth > cell.clientWidth + 1};
                }),
            };
        })"""
    )
    assert rows, "no programme rows"
    problems = []
    for row in rows:
        if row["scrolls"]:
            problems.append(f"{row['id']}: the programme scrolls sideways")
        time, kind, title = row["cells"][:3]
        for name, cell in zip(("time", "kind", "title", "speakers"), row["cells"], strict=True):
            if cell["text"] and (not cell["visible"] or cell["clipped"] or cell["left"] < 0 or cell["right"] > 375):
                problems.append(f"{row['id']}: its {name} is not readable within 375 px: {cell}")
        if not (time["text"] and kind["text"] and title["text"]):
            problems.append(f"{row['id']}: time, kind or title missing")
    assert problems == []
    if year == 2021:
        closing = rows[-1]["cells"]
        assert closing[0]["text"] == "Fri 2 July 2021, 18:15 CEST (UTC+02:00), end not announced"


def test_local_time_switch_on_the_2021_programme(server, visit):
    opened = visit(
        server.url + "2021/program/index.html", viewport=DESKTOP, timezone_id="America/New_York", locale="en-US"
    )
    page = opened.page
    switch = page.locator(".ws-local-switch input")
    assert switch.is_visible() and not switch.is_checked()
    switch.check()
    first = page.locator("table.ws-schedule tbody tr").first.inner_text()
    assert "(your time: Fri, July 2, 8:00 – 8:15 AM EDT)" in first
    closing = page.locator("tr#item-closing-discussion-2021").inner_text()
    assert "12:15 PM EDT" in closing and "end not announced" in closing


LAYOUT = """() => ({
  theme: document.documentElement.dataset.theme,
  background: getComputedStyle(document.body).backgroundColor,
  boxes: [...document.querySelectorAll('article :is(h1, h2, h3, p, li, table, tr, dl, dt, dd, figure)')].map(e => {
    const r = e.getBoundingClientRect();
    return `${e.tagName}#${e.id} ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
  }),
})"""


def hold_back_scripts(context) -> None:
    """Script files are not served: the page stays as first painted (its inline scripts run)."""
    context.route(re.compile(r".*\.js(\?.*)?$"), lambda route: route.abort())


def page_layout(browser, url, scheme, run_scripts):
    """What a phone shows: with every script run, or as first painted, before
    any deferred script ran (they are held back; the inline ones run)."""
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    if not run_scripts:
        hold_back_scripts(context)
    tab = context.new_page()
    tab.goto(url, wait_until="load")
    tab.wait_for_timeout(400)  # the theme sets tab stops on tables 300 ms after a change
    layout = tab.evaluate(LAYOUT)
    context.close()
    return layout


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", ["2021/program/index", "2020/program/index", "2021/program/soudry-keynote", "index"])
def test_first_paint_has_the_theme_colours_and_the_scripts_move_nothing(browser, server, page, scheme):
    """No layout shift and no flash: the scripts only wire up what is already
    laid out. (The theme once resolved its 'auto' mode in a deferred script:
    until then no colours, and tables without their border, so on a phone the
    2021 programme's rows moved when it ran, and dark mode flashed light.)"""
    url = server.url + page + ".html"
    first = page_layout(browser, url, scheme, run_scripts=False)
    final = page_layout(browser, url, scheme, run_scripts=True)
    assert first["theme"] == final["theme"] == scheme
    assert first["background"] == final["background"]
    assert (first["background"] == "rgb(255, 255, 255)") == (scheme == "light")
    assert len(first["boxes"]) > 5
    assert first["boxes"] == final["boxes"]


def test_a_chosen_colour_mode_is_painted_from_the_first_frame_of_the_next_page(browser, server):
    """The reader picks dark in the theme's menu on a light system; the next
    page is dark before any deferred script runs."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    tab = context.new_page()
    tab.goto(server.url + "index.html", wait_until="load")
    tab.locator(".theme-switch-button").click()
    tab.locator('.theme-change-button[data-mode="dark"]').click()
    assert tab.evaluate("document.documentElement.dataset.theme") == "dark"
    hold_back_scripts(context)
    tab.goto(server.url + "2021/program/index.html", wait_until="load")
    mode, theme, background = tab.evaluate(
        "[document.documentElement.dataset.mode, document.documentElement.dataset.theme,"
        " getComputedStyle(document.body).backgroundColor]"
    )
    context.close()
    assert (mode, theme) == ("dark", "dark") and background != "rgb(255, 255, 255)"


@pytest.mark.parametrize("page", ["2021/program/index", "index"])
def test_without_javascript_the_page_has_the_theme_light_colours(browser, server, page):
    context = browser.new_context(java_script_enabled=False, color_scheme="dark")
    tab = context.new_page()
    tab.goto(server.url + page + ".html")
    colours = tab.evaluate(
        "() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color,"
        " getComputedStyle(document.querySelector('article a.reference.internal')).color]"
    )
    context.close()
    # The theme's light colours: #fff background, #222832 text, and its link
    # colour (#0a7d91; #085d6c, of higher contrast, in tables).
    assert colours[:2] == ["rgb(255, 255, 255)", "rgb(34, 40, 50)"]
    assert colours[2] in ("rgb(10, 125, 145)", "rgb(8, 93, 108)")


def test_local_time_switch_only_where_a_time_is_given_and_only_with_javascript(browser, server, visit):
    assert visit(server.url + "2020/program/index.html").page.locator(".ws-local-switch").count() == 0
    assert visit(server.url + "2021/program/index.html").page.locator(".ws-local-switch input").is_visible()
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(server.url + "2021/program/index.html")
    assert tab.locator(".ws-local-switch").count() == 1 and not tab.locator(".ws-local-switch").is_visible()
    context.close()


@pytest.fixture(scope="module")
def timed_site(tmp_path_factory):
    """The calendar test root has a timed talk that was cancelled, and a day with no time."""
    source = ROOT / "tests" / "roots" / "test-calendar"
    out = tmp_path_factory.mktemp("timed") / "html"
    result = sphinx_build(source, out, "-D", f"html_static_path={ROOT / '_static'}", "-D", "html_js_files=workshop.js")
    assert result.returncode == 0, result.stderr
    with SiteServer(out) as running:
        yield running


def test_local_time_switch_changes_the_times_and_is_remembered(timed_site, visit):
    opened = visit(
        timed_site.url + "2020/program/keynote.html", viewport=DESKTOP, timezone_id="America/New_York", locale="en-US"
    )
    page = opened.page
    switch = page.locator(".ws-local-switch input")
    assert switch.is_visible() and not switch.is_checked()
    facts = page.locator(".ws-facts")
    assert "14:30–15:15 CEST (UTC+02:00)" in facts.inner_text() and "your time" not in facts.inner_text()
    switch.check()
    assert "(your time: Mon, June 22, 8:30 – 9:15 AM EDT)" in facts.inner_text()
    page.reload()
    assert page.locator(".ws-local-switch input").is_checked()
    assert "8:30 – 9:15 AM EDT" in page.locator(".ws-facts").inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_screenshots_for_people_to_look_at(server, visit, scheme, size):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    viewport = PHONE if size == "phone" else DESKTOP
    for page in ("index", "2020/program/index", "2020/papers/rombach2020smartpred", "2021/program/index", "people"):
        opened = visit(server.url + f"{page}.html", viewport=viewport, color_scheme=scheme)
        target = SCREENSHOTS / f"{page.replace('/', '-')}-{size}-{scheme}.png"
        opened.page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
        opened.close()


def test_html_is_valid_for_the_nu_checker(site):
    jar = node_module("vnu-jar") / "build" / "dist" / "vnu.jar"
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "gnu", *[str(site / p) for p in site_pages(site)]],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
