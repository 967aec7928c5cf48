"""The theme's stylesheets reduced to the rules the pages use (lean_book_theme.used_css):
each page looks the same, pixel for pixel, as with the theme's full stylesheets,
in light and dark, on a phone and a desktop, printed, and with its menus and
dialogs open; and a component that no page had before brings its rules along."""

from __future__ import annotations

import shutil
from io import BytesIO
from types import SimpleNamespace

import lxml.html
import pytest
import tinycss2
from bs4 import BeautifulSoup
from lean_book_theme import css_rules, used_css
from lean_book_theme.css_selectors import MARKER, Page, Site, page_tokens
from lean_book_theme.written import remember, written_pages

from browser import DESKTOP, PHONE, SiteServer
from conftest import ROOT, sphinx_build

playwright_api = pytest.importorskip("playwright.sync_api")
Image = pytest.importorskip("PIL.Image")
ImageChops = pytest.importorskip("PIL.ImageChops")

# One page of each kind.
PAGES = [
    "index",
    "2021/index",
    "2021/cfp",
    "2021/program/index",
    "2021/program/soudry-keynote",
    "2020/papers/rombach2020smartpred",
    "2021/papers/bibliography",
    "committee",
    "people",
    "search",
    "404",
]


@pytest.fixture(scope="module")
def sites(site, tmp_path_factory):
    """The built site, and a copy of it with the theme's full stylesheets (and the
    extension's fixes appended, as to the reduced ones)."""
    full = tmp_path_factory.mktemp("full-css") / "html"
    shutil.copytree(site, full)
    kept = site / ".doctrees" / "full-stylesheets"
    for sheet in used_css.THEME_STYLESHEETS:
        css = (kept / sheet.replace("/", "__")).read_text(encoding="utf-8")
        if sheet == used_css.THEME_STYLESHEETS[1]:
            css += used_css.FIXES.read_text(encoding="utf-8")
        (full / sheet).write_text(css, encoding="utf-8")
        assert (site / sheet).stat().st_size < (full / sheet).stat().st_size
    with SiteServer(site) as reduced, SiteServer(full) as original:
        yield reduced, original


def shot(browser, url: str, viewport: dict, scheme: str, act=None, media: str = "screen") -> Image.Image:
    context = browser.new_context(viewport=viewport, color_scheme=scheme, reduced_motion="reduce")
    tab = context.new_page()
    tab.emulate_media(media=media)
    tab.goto(url, wait_until="networkidle")
    tab.bring_to_front()  # (a page not in front draws no focus ring: the first of a run sometimes was not)
    if act is not None:
        act(tab)
    tab.wait_for_timeout(400)  # (icons are CSS masks from data: URLs, decoded after load)
    # (a state a reader brought about is what the window shows: a whole-page capture
    # lays the page out again at its full height, and a field's edge moved by a pixel)
    png = settled_screenshot(tab, full_page=act is None)
    context.close()
    return Image.open(BytesIO(png)).convert("RGB")


def settled_screenshot(tab, full_page: bool = True) -> bytes:
    """The page once two screenshots in a row agree: the theme's scripts scroll
    the sidebar to the current page after load, later on a busy machine."""
    last = tab.screenshot(full_page=full_page, animations="disabled", caret="hide")
    for _ in range(5):
        tab.wait_for_timeout(250)
        png = tab.screenshot(full_page=full_page, animations="disabled", caret="hide")
        if png == last:
            return png
        last = png
    raise AssertionError("the page kept changing on screen")


def differences(browser, sites, page: str, viewport: dict, scheme: str, act=None, media="screen") -> str | None:
    reduced, original = (
        shot(browser, server.url + (page if ".html" in page else page + ".html"), viewport, scheme, act, media)
        for server in sites
    )
    if reduced.size != original.size:
        return f"{page}: {reduced.size} against {original.size} with the full stylesheets"
    box = ImageChops.difference(reduced, original).getbbox()
    if box is None:
        return None
    kept = ROOT / "test-results" / "used-css"  # (both screenshots, for a person to compare)
    kept.mkdir(parents=True, exist_ok=True)
    name = f"{page.replace('/', '-').replace('?', '-')}-{viewport['width']}-{scheme}-{act.__name__ if act else media}"
    reduced.save(kept / f"{name}-reduced.png")
    original.save(kept / f"{name}-full.png")
    return f"{page}: differs in {box} (screenshots: {kept}/{name}-*.png)"


# (The reduction judges selectors, not screens: a phone in dark mode and a desktop in light read every
# @media width and both colour modes.)
@pytest.mark.parametrize(
    ("viewport", "scheme"), [(PHONE, "dark"), (DESKTOP, "light")], ids=["phone-dark", "desktop-light"]
)
def test_every_kind_of_page_looks_the_same_as_with_the_full_stylesheets(browser, sites, viewport, scheme):
    problems = [differences(browser, sites, page, viewport, scheme) for page in PAGES]
    assert [p for p in problems if p] == []


def test_printed_pages_look_the_same(browser, sites):
    problems = [differences(browser, sites, page, DESKTOP, "dark", media="print") for page in PAGES]
    assert [p for p in problems if p] == []


def open_colour_menu(tab):
    tab.locator(".theme-switch-button:visible").first.click()
    tab.locator(".theme-change-button:visible").first.wait_for()


def open_search_dialog(tab):
    tab.keyboard.press("Control+k")
    tab.locator("#pst-search-dialog input").wait_for(state="visible")
    tab.keyboard.type("Soudry")


def open_phone_navigation(tab):
    tab.locator("button.primary-toggle:visible").first.click()
    tab.locator("#pst-primary-sidebar-modal a").first.wait_for(state="visible")


def open_phone_contents(tab):
    tab.locator("button.secondary-toggle:visible").first.click()
    tab.locator("#pst-secondary-sidebar-modal a").first.wait_for(state="visible")


def focus_a_control(tab):
    """Tab to the first link of the sidebar's contents (the scripts add tab stops
    of their own after load: a fixed count of presses could land elsewhere)."""
    for _ in range(20):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.matches('nav.bd-links a')"):
            tab.wait_for_function("document.activeElement.matches(':focus-visible')", timeout=5000)
            return
    raise AssertionError("no sidebar link took the keyboard's focus")


def search_results(tab):
    tab.locator("#search-results li").first.wait_for()
    # (the results are the state compared: the search field's focus, given a
    # moment after load on a busy machine, is left out)
    tab.evaluate("document.activeElement && document.activeElement.blur()")


STATES = [
    ("2021/program/index", DESKTOP, open_colour_menu),
    ("2021/program/index", DESKTOP, open_search_dialog),
    ("2020/papers/rombach2020smartpred", PHONE, open_phone_navigation),
    ("2020/papers/rombach2020smartpred", PHONE, open_phone_contents),
    ("2020/papers/rombach2020smartpred", DESKTOP, focus_a_control),
    ("search.html?q=Soudry", DESKTOP, search_results),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("page", "viewport", "act"), STATES, ids=[s[2].__name__ for s in STATES])
def test_menus_dialogs_focus_and_search_results_look_the_same(browser, sites, page, viewport, act, scheme):
    """Up to three tries: on a busy machine (two test processes, two browsers) a
    focus ring or a dialog's edge is sometimes painted a frame late in one of the
    two pages compared; a rule the reduction lost differs in every try."""
    for _ in range(3):
        problem = differences(browser, sites, page, viewport, scheme, act)
        if problem is None:
            return
    raise AssertionError(problem)


def selectors_of(css: str) -> set[str]:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return {tinycss2.serialize(r.prelude).strip() for r in rules if r.type == "qualified-rule"}


def test_a_component_no_page_had_brings_its_rules(project, tmp_path):
    """The reduction runs on the pages of the build that ships them: a page that
    adds the theme's dropdown menu markup (none of the site's pages uses
    `.dropdown-divider`) gets the theme's rule for it, and loses it with the
    markup, though the other pages were not parsed again."""
    out = tmp_path / "html"
    assert sphinx_build(project, out).returncode == 0
    # A rebuild after the clean build finds every page as it left it: what it wrote
    # after Sphinx (digests in links, the policy) is not taken for a change.
    remembered = out / ".doctrees" / "full-stylesheets" / "verdicts.json"
    first = used_css.json.loads(remembered.read_text(encoding="utf-8"))["pages"]
    assert sphinx_build(project, out).returncode == 0
    assert used_css.json.loads(remembered.read_text(encoding="utf-8"))["pages"] == first
    before = (out / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
    assert ".dropdown-divider" not in before
    page = project / "committee.md"
    # New words on a page: every selector matches as before, and the sheet is the same. The
    # search index, a script that holds every word of the pages, is data: its new word leaves
    # every verdict known (read as a script, a new word made the reduction start from nothing).
    key = used_css.json.loads(remembered.read_text(encoding="utf-8"))["key"]
    sentence = "A sentence with a word no page had: quokkaphone."
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{sentence}\n", encoding="utf-8")
    assert sphinx_build(project, out).returncode == 0
    assert sentence in (out / "committee.html").read_text(encoding="utf-8")
    assert "quokkaphon" in (out / "searchindex.js").read_text(encoding="utf-8")
    assert used_css.json.loads(remembered.read_text(encoding="utf-8"))["key"] == key
    assert (out / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8") == before
    page.write_text(
        page.read_text(encoding="utf-8") + '\n\n```{raw} html\n<hr class="dropdown-divider">\n```\n', encoding="utf-8"
    )
    result = sphinx_build(project, out)
    assert result.returncode == 0, result.stderr
    after = (out / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
    assert ".dropdown-divider" in " ".join(selectors_of(after))
    # Every page links the new file by its digest (an old copy in a cache is not used).
    digest = used_css.hashlib.sha256(after.encode()).hexdigest()[:20]
    for html in out.rglob("*.html"):
        if "_static" not in html.parts:
            links = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml").select('link[href*="pydata-sphinx-theme"]')
            assert [link["href"].endswith(f"?digest={digest}") for link in links] == [True], html
    # The component removed again, its rule goes; and the sheet is the one a build from nothing makes.
    page.write_text(page.read_text(encoding="utf-8").replace('class="dropdown-divider"', ""), encoding="utf-8")
    assert sphinx_build(project, out).returncode == 0
    again = (out / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
    assert ".dropdown-divider" not in " ".join(selectors_of(again))
    fresh = tmp_path / "fresh"
    assert sphinx_build(project, fresh).returncode == 0
    assert again == (fresh / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")


def test_rules_for_states_the_pages_reach_are_kept(site):
    """Rules that only match once a script or the reader acts: open menus, dark
    mode, print, the open search dialog, focus rings."""
    css = (site / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
    for needle in (
        "#pst-search-dialog[open]",
        'html[data-theme="dark"]',
        ".dropdown-menu.show",
        "@media print",
        ":focus-visible",
    ):
        assert needle.replace('"', "") in css.replace('"', ""), needle
    # ... and a component of Bootstrap that no page has is gone.
    assert ".carousel" not in css and ".accordion-button" not in css


def site_of(html: str, before: dict | None = None) -> Site:
    tree = lxml.html.document_fromstring(html)
    return Site([Page("a.html", page_tokens(tree), lambda: tree)], {"show"}, set(), set(), before=before or {})


def test_a_selector_list_is_pruned_to_its_used_selectors():
    site = site_of('<html><body><p class="a">x</p></body></html>')
    css = ".a,.b{color:red}.b{color:blue}.a.show:hover::before{--x:1;--y:var(--z);--z:2;color:var(--x)}"
    assert css_rules.reduce_stylesheet(css, site, set()).removeprefix(MARKER) == (
        ".a{color:red}.a.show:hover::before{--x:1;color:var(--x)}"
    )


def test_the_last_reduction_is_kept_only_while_every_selector_matches_as_before():
    """A rebuild keeps the last reduced sheets without parsing the full ones
    only when each selector the last build tried matches as it did: a page that
    holds the same classes in another order (`.a > .b` no longer matches) is a
    change, new words are not."""
    css = ".a>.b{color:red}.c{color:blue}"
    first = site_of('<html><body><div class="a"><p class="b">x</p></div></body></html>')
    assert ".a>.b" in css_rules.reduce_stylesheet(css, first, set())
    same = site_of('<html><body><div class="a"><p class="b">other words</p></div></body></html>', first.verdicts)
    assert same.matches_as_before(first.forms)
    moved = site_of('<html><body><p class="b"><span class="a">x</span></p></body></html>', first.verdicts)
    assert not moved.matches_as_before(first.forms)
    assert not site_of("<html><body></body></html>").matches_as_before({})


def test_the_pages_a_build_wrote_are_found_by_their_time_and_size(tmp_path):
    """The steps after Sphinx (this reduction, the pages' policies) read only the
    pages a build wrote; a build that failed leaves them to the next one."""

    class Build:  # (what written.py reads of a Sphinx application; one per build)
        outdir, doctreedir = str(tmp_path / "html"), str(tmp_path / "doctrees")
        builder = SimpleNamespace(format="html", name="html")

    (tmp_path / "doctrees").mkdir()
    for name in ("index.html", "2021/cfp.html", "_static/fragment.html"):
        (tmp_path / "html" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "html" / name).write_text("<p>first</p>")
    index, cfp = tmp_path / "html" / "index.html", tmp_path / "html" / "2021" / "cfp.html"
    first = Build()
    assert written_pages(first) == ([cfp, index], {cfp, index})  # (no record: every page)
    remember(first, None)
    assert written_pages(Build())[1] == set()
    cfp.write_text("<p>second, longer</p>")
    failed = Build()
    assert written_pages(failed)[1] == {cfp}
    remember(failed, RuntimeError("a step after the build failed"))
    after_failure = Build()
    assert written_pages(after_failure)[1] == {cfp}
    remember(after_failure, None)
    assert written_pages(Build())[1] == set()


def test_what_an_earlier_version_kept_is_not_read(tmp_path):
    """An update of the site's code finds the last build's memory in another
    form: the reduction starts from nothing instead of failing the build."""
    out, keep_in = tmp_path / "html", tmp_path / "doctrees" / "full-stylesheets"
    (out / "_static").mkdir(parents=True)
    keep_in.mkdir(parents=True)
    (out / "_static" / "basic.css").write_text(".a{color:red}.b{color:blue}")
    page = out / "index.html"
    page.write_text('<html><head><link rel="stylesheet" href="_static/basic.css?v=1"></head><p class="a">x</p></html>')
    (keep_in / "verdicts.json").write_text('{"key": "k", "pages": {"index.html": ["digest", [".b"]]}}')
    sizes = used_css.reduce_site(out, [page], {page}, ["_static/basic.css"], keep_in)
    assert (out / "_static" / "basic.css").read_text().removeprefix(MARKER) == ".a{color:red}"
    assert sizes["_static/basic.css"][1] < sizes["_static/basic.css"][0] + len(MARKER)
    assert "basic.css?digest=" in page.read_text()
