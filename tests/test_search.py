"""The site's search as readers use it: a name found however it is typed,
the people's own pages first, excerpts from the pages' text, the magnifier
beside the typed text, and highlights only on the page opened from a result."""

from __future__ import annotations

import unicodedata

import pytest

from browser import DESKTOP

playwright_api = pytest.importorskip("playwright.sync_api")

# What the theme's buttons read as text: never part of an excerpt.
CONTROLS = ("System Settings", "Light", "Dark", "Color mode", "Ctrl", "Toggle")
CSP_WATCH = (
    "window.cspViolations = [];"
    "document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective));"
)


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    yield page
    violations = page.evaluate("window.cspViolations")
    context.close()
    assert errors == [] and violations == []


def search(page, url: str, words: str) -> list[tuple[str, str]]:
    """(address, excerpt) of every result, in order."""
    page.goto(f"{url}search.html?q={words}", wait_until="networkidle")
    page.wait_for_function("document.querySelector('.search-summary')?.textContent.startsWith('Search finished')")
    page.wait_for_function(
        "[...document.querySelectorAll('#search-results li')].every(li => li.querySelector('p.context'))"
    )
    return page.evaluate(
        "[...document.querySelectorAll('#search-results li')]"
        ".map(li => [li.querySelector('a').getAttribute('href'), li.querySelector('p.context').textContent])"
    )


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("-", "")


def pages(results) -> list[str]:
    return [href.split("#")[0] for href, _ in results]


def assert_clean_excerpts(results, word: str) -> None:
    """Each excerpt is page text around the word (the text as written: "Jülich" for "Julich")."""
    for href, excerpt in results:
        assert not any(control in excerpt for control in CONTROLS), (href, excerpt)
        assert folded(word) in folded(excerpt), (href, excerpt)


@pytest.mark.parametrize(
    ("words", "first"),
    [
        ("Soudry", {"2021/program/soudry-keynote.html", "people.html"}),
        ("Keuper", {"people.html", "2021/papers/ho2021msm.html", "2020/papers/rombach2020smartpred.html"}),
        ("Daniel Soudry", {"2021/program/soudry-keynote.html", "people.html"}),
    ],
)
def test_a_persons_own_pages_come_first(tab, server, words, first):
    """Their talk or paper, and their entry in the people index, before the
    pages that only mention them (ties were listed alphabetically)."""
    results = search(tab, server.url, words)
    assert set(pages(results)[: len(first)]) == first
    assert_clean_excerpts(results, words.split()[-1])


def test_excerpts_come_from_the_pages_text(tab, server):
    """ "energy" is stemmed to "energi": Sphinx then showed the start of the
    page's main area, the theme's colour-mode menu."""
    results = search(tab, server.url, "energy")
    assert pages(results)[0] == "2021/papers/murana2021energy.html"
    assert_clean_excerpts(results, "energy")


def test_a_name_is_found_with_or_without_its_accents(tab, server):
    found = {words: search(tab, server.url, words) for words in ("Jülich", "Julich", "Juelich")}
    assert "2021/program/jitsev-transfer-learning.html" in pages(found["Jülich"])
    assert pages(found["Julich"]) == pages(found["Juelich"]) == pages(found["Jülich"])
    for results in found.values():
        assert_clean_excerpts(results, "Jülich")


def test_a_word_is_found_with_or_without_its_hyphen(tab, server):
    joined, hyphenated = search(tab, server.url, "hyperparameter"), search(tab, server.url, "hyper-parameter")
    talks = {"2021/program/gan-hyperparameter-search.html", "2021/program/hpc-hyperparameter-optimisation.html"}
    assert talks <= set(pages(joined)) and talks <= set(pages(hyphenated))
    assert pages(joined) == pages(hyphenated)
    assert_clean_excerpts(hyphenated, "hyperparameter")


@pytest.mark.parametrize("where", ["dialog", "search page"])
def test_the_magnifier_sits_beside_the_typed_text(tab, server, where):
    if where == "dialog":
        tab.goto(server.url + "2021/index.html", wait_until="networkidle")
        tab.keyboard.press("Control+k")
        form = tab.locator("#pst-search-dialog form.bd-search")
    else:
        tab.goto(server.url + "search.html?q=Jitsev", wait_until="networkidle")
        form = tab.locator("article form.bd-search, .bd-search-container form.bd-search").first
    field = form.locator("input[name=q]")
    field.fill("Jitsev")
    icon = form.locator(".fa-magnifying-glass").bounding_box()
    text_starts = field.evaluate(
        "e => e.getBoundingClientRect().left + parseFloat(getComputedStyle(e).paddingLeft)"
        " + parseFloat(getComputedStyle(e).borderLeftWidth)"
    )
    assert icon["width"] > 0 and icon["x"] + icon["width"] <= text_starts


def test_highlights_only_on_the_result_the_reader_opens(tab, server):
    search(tab, server.url, "Soudry")
    # Any other page, opened from the navigation: no marks, no "Hide Search Matches".
    tab.goto(server.url + "people.html", wait_until="networkidle")
    tab.wait_for_timeout(100)  # (Sphinx marks the words 10 ms after the page is ready)
    assert tab.locator(".highlighted").count() == 0
    assert tab.locator("#searchbox .highlight-link").count() == 0
    # A result opened from the list: its words marked, and the marks can be hidden.
    search(tab, server.url, "Soudry")
    tab.locator("#search-results a[href^='2021/program/soudry-keynote.html']").click()
    tab.wait_for_url("**/soudry-keynote.html*")
    tab.locator("article .highlighted").first.wait_for()
    assert tab.locator("article .highlighted").first.inner_text() == "Soudry"
    tab.locator("#searchbox .highlight-link a").click()
    assert tab.locator(".highlighted").count() == 0
    # And the page after it is clean again.
    tab.goto(server.url + "2021/program/index.html", wait_until="networkidle")
    tab.wait_for_timeout(100)
    assert tab.locator(".highlighted").count() == 0
