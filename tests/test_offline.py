"""An edition that works offline once opened: the site built with a fixed
clock and served under a path (as a site published below a host's root is),
read in Chromium. After a first visit to an edition's home, its pages, the
series home and their styles and scripts come from the copy when the network
is gone, each saying that it is an offline copy and from when; online, every
page comes from the network; a rebuild with a changed talk time replaces the
copy. Without JavaScript, with Save-Data or with the setting off, no copy."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest

from browser import DESKTOP, PHONE, SiteServer
from conftest import ROOT, copy_project, sphinx_build

playwright_api = pytest.importorskip("playwright.sync_api")

BUILT_ON = dt.datetime(2026, 6, 3, 16, 5, tzinfo=dt.UTC)  # 18:05 in Berlin, 12:05 in New York
REBUILT_ON = dt.datetime(2026, 6, 4, 7, 30, tzinfo=dt.UTC)
READER = {"timezone_id": "America/New_York", "locale": "en-GB"}
READERS_DAY = "2026-06-10T09:00:00-04:00"  # (the copy's year: the notice leaves the year out)
SHOTS = ROOT / "test-results" / "screenshots"
PREFIX = "/mlhpcs/"  # published below the host's root
SCHEDULE = "2021/program/schedule.yaml"
KEYNOTE_TIME = 'date: 2021-07-02\n    start: "14:15"\n    duration: 45'
KEYNOTE_MOVED = 'date: 2021-07-02\n    start: "14:20"\n    duration: 40'
PAGES_KEPT = [
    "2021/program/index.html",
    "2021/program/soudry-keynote.html",
    "2021/papers/ho2021msm.html",
    "2021/cfp.html",
    "index.html",
]
CSP_WATCH = (
    "window.cspViolations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"
)
COPY_READY = """async ([listUrl, scope]) => {
  const list = await (await fetch(listUrl, {cache: "no-store"})).json();
  const names = (await caches.keys()).filter((n) => n.endsWith(`: ${list.edition} ${list.version}`));
  if (names.length !== 1) return false;
  const cache = await caches.open(names[0]);
  if (!(await cache.match(listUrl))) return false;
  const kept = await Promise.all(list.files.map((f) => cache.match(new URL(f, scope).href)));
  return kept.every(Boolean) && (await caches.keys()).filter((n) => n.includes(`: ${list.edition} `)).length === 1;
}"""


def build(project, out, when):
    result = sphinx_build(project, out, env={"SOURCE_DATE_EPOCH": str(int(when.timestamp()))})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(the project, its output): the tests below rebuild it, in file order."""
    base = tmp_path_factory.mktemp("offline")
    project = copy_project(base / "site")
    assert KEYNOTE_TIME in (project / SCHEDULE).read_text(encoding="utf-8")
    build(project, base / "html", BUILT_ON)
    return project, base / "html"


@pytest.fixture(scope="module")
def served(built):
    with SiteServer(built[1], prefix=PREFIX) as server:
        yield server


@pytest.fixture
def reader(browser):
    context = browser.new_context(**READER)
    context.add_init_script(CSP_WATCH)
    yield context
    context.close()


def open_page(context, url, clock=None, viewport=None):
    page = context.new_page()
    if viewport:
        page.set_viewport_size(viewport)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    if clock:
        page.clock.set_fixed_time(clock)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.errors = errors
    return page


def wait_for_copy(page, served, edition="2021", seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if page.evaluate(COPY_READY, [f"{served.url}{edition}/offline.json", served.url]):
            return
        time.sleep(0.25)
    raise AssertionError(f"no complete offline copy of {edition} after {seconds} s")


def what_the_reader_sees(page) -> dict:
    return page.evaluate(
        """() => ({
          notes: [...document.querySelectorAll('.ws-offline-note')].map((n) => n.textContent),
          styled: [...document.querySelectorAll('link[rel=stylesheet]')].every((l) => l.sheet?.cssRules.length),
          stylesheets: document.querySelectorAll('link[rel=stylesheet]').length,
          title: document.querySelector('h1').textContent,
          violations: window.cspViolations,
        })"""
    )


# --- what the build writes ------------------------------------------------------------------


def test_each_edition_lists_its_pages_the_series_home_and_what_they_load(built):
    _, out = built
    kept = json.loads((out / "2021" / "offline.json").read_text(encoding="utf-8"))
    pages = sorted(p.relative_to(out).as_posix() for p in (out / "2021").rglob("*.html"))
    assert [f for f in kept["files"] if f.endswith(".html")] == [*pages, "index.html"]
    assert not any(f.startswith(("2020/", "people", "papers/")) for f in kept["files"])
    loaded = {f.split("?")[0] for f in kept["files"] if f.startswith("_static/")}
    assert {"_static/workshop.css", "_static/workshop.js", "_static/offline.js", "_static/favicon.ico"} <= loaded
    assert "_static/styles/pydata-sphinx-theme.css" in loaded and "_static/mlhpcs-logo-720.webp" in loaded
    assert not [f for f in kept["files"] if f.split("?")[0].endswith((".pdf", ".epub", ".ics", ".bib", ".json"))]
    assert kept["built"] == "2026-06-03T16:05:00Z" and kept["edition"] == "2021"
    assert kept["bytes"] == sum((out / f.split("?")[0]).stat().st_size for f in kept["files"])
    assert kept["bytes"] <= 1024 * 1024  # the budget README states
    assert (out / "offline-worker.js").is_file() and (out / "2020" / "offline.json").is_file()


def test_the_list_holds_what_pages_load_from_the_site_and_never_a_book_or_recording(tmp_path):
    from workshop.exports.offline import kept_files

    (tmp_path / "2021").mkdir()
    (tmp_path / "_static" / "fonts").mkdir(parents=True)
    (tmp_path / "index.html").write_text('<link rel="icon" href="_static/favicon.ico">')
    (tmp_path / "2021" / "index.html").write_text(
        '<link rel="stylesheet" href="../_static/site.css?v=1"><script src="https://elsewhere.example/x.js"></script>'
        '<link rel="preload" href="mlhpcs-2021.pdf"><img src="talk.mp4"><img src="/absolute.png">'
        '<a href="mlhpcs-2021.pdf">Book</a><a href="../people.html">People</a>'
        '<script src="../_static/gone.js"></script>'
    )
    (tmp_path / "_static" / "site.css").write_text('@font-face{src:url("fonts/f.woff2")} a{background:url(data:,x)}')
    for name in ("_static/favicon.ico", "_static/fonts/f.woff2", "2021/mlhpcs-2021.pdf", "2021/talk.mp4"):
        (tmp_path / name).write_bytes(b"x")
    known: dict[str, list] = {}
    assert kept_files(tmp_path, "2021", "index.html", known) == [
        "2021/index.html",
        "index.html",
        "_static/favicon.ico",
        "_static/fonts/f.woff2",
        "_static/site.css?v=1",
    ]
    # What a page loads is kept for the next build only while the page is the same.
    page = tmp_path / "2021" / "index.html"
    page.write_text(page.read_text() + '<img src="../_static/logo.png">')
    (tmp_path / "_static" / "logo.png").write_bytes(b"x")
    assert "_static/logo.png" in kept_files(tmp_path, "2021", "index.html", known)


def test_pages_of_the_copy_load_the_script_and_allow_only_the_sites_worker(built):
    _, out = built
    programme = (out / "2021" / "program" / "index.html").read_text(encoding="utf-8")
    assert 'data-list="../offline.json" data-worker="../../offline-worker.js"' in programme
    assert "worker-src 'self'" in programme
    assert "offline.js" in (out / "index.html").read_text(encoding="utf-8")  # (to say so, offline)
    assert "offline.js" not in (out / "people.html").read_text(encoding="utf-8")  # kept by no edition


def test_a_rebuild_with_nothing_changed_keeps_the_list_and_its_time(built, tmp_path):
    project, out = built
    before = (out / "2021" / "offline.json").read_bytes()
    build(project, out, REBUILT_ON)
    assert (out / "2021" / "offline.json").read_bytes() == before


# --- in the browser ---------------------------------------------------------------------------


def test_after_a_first_visit_the_edition_reads_offline_and_says_from_when(served, reader):
    first = open_page(reader, f"{served.url}2021/index.html")
    assert what_the_reader_sees(first)["notes"] == []  # from the network
    wait_for_copy(first, served)
    reader.set_offline(True)
    for path in PAGES_KEPT:
        page = open_page(reader, served.url + path, clock=READERS_DAY)
        seen = what_the_reader_sees(page)
        assert seen["notes"] == [
            "Offline copy from Wed 3 June, 12:05. Open this page again when you are online to see any later change."
        ], path
        assert seen["styled"] and seen["stylesheets"] >= 4, path
        assert seen["violations"] == [], path
        assert page.errors == [], (path, page.errors)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, viewport in (("phone", PHONE), ("desktop", DESKTOP)):  # (for people to look at)
        for scheme in ("light", "dark"):
            shown = open_page(reader, f"{served.url}2021/program/index.html", clock=READERS_DAY, viewport=viewport)
            shown.emulate_media(color_scheme=scheme)
            shown.screenshot(path=SHOTS / f"offline-programme-2021-{width}-{scheme}.png")
    with pytest.raises(playwright_api.Error):  # not kept: another edition
        reader.new_page().goto(f"{served.url}2020/index.html")
    reader.set_offline(False)
    online = open_page(reader, f"{served.url}2021/program/index.html")
    assert what_the_reader_sees(online)["notes"] == []  # online, never the copy


def test_now_and_next_follow_the_readers_clock_offline(served, reader):
    wait_for_copy(open_page(reader, f"{served.url}2021/index.html"), served)
    reader.set_offline(True)
    page = open_page(reader, f"{served.url}2021/program/index.html", clock="2021-07-02T15:10:00+02:00")
    marks = page.eval_on_selector_all(
        ".ws-schedule tbody tr", "rows => rows.map(r => [r.id, r.querySelector('.ws-now')?.textContent.trim() || ''])"
    )
    marked = [m for m in marks if m[1]]
    assert marked == [["item-jitsev-transfer-learning", "now"], ["item-hoffmann-neural-solvers", "next"]]
    assert what_the_reader_sees(page)["notes"]  # (from the copy)


def test_without_javascript_service_workers_or_with_save_data_nothing_is_kept(served, browser):
    for options, script in (
        ({"java_script_enabled": False}, None),
        ({"service_workers": "block"}, None),
        ({}, "Object.defineProperty(Navigator.prototype, 'connection', {get: () => ({saveData: true})});"),
    ):
        context = browser.new_context(**READER, **options)
        if script:
            context.add_init_script(script)
        page = open_page(context, f"{served.url}2021/index.html")
        blocked = "Service Worker registration blocked by Playwright"  # (its console message, not the page's)
        assert [e for e in page.errors if e != blocked] == [], options
        page.wait_for_timeout(1500)  # (a copy starts at once after load, when it starts)
        assert context.service_workers == [], options
        if options.get("java_script_enabled", True):
            assert page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.getRegistrations() : []") == []
            assert page.evaluate("caches.keys()") == []
        context.close()


def test_back_online_after_a_rebuild_the_new_page_shows_and_the_copy_is_replaced(built, served, reader):
    project, out = built
    first = open_page(reader, f"{served.url}2021/index.html")
    wait_for_copy(first, served)
    old = json.loads((out / "2021" / "offline.json").read_text(encoding="utf-8"))["version"]
    schedule = project / SCHEDULE
    schedule.write_text(schedule.read_text(encoding="utf-8").replace(KEYNOTE_TIME, KEYNOTE_MOVED), encoding="utf-8")
    build(project, out, REBUILT_ON)
    new = json.loads((out / "2021" / "offline.json").read_text(encoding="utf-8"))
    assert new["version"] != old and new["built"] == "2026-06-04T07:30:00Z"

    talk = f"{served.url}2021/program/soudry-keynote.html"
    page = open_page(reader, talk)  # online: the new page at once
    assert "14:20–15:00" in page.inner_text(".ws-facts") and what_the_reader_sees(page)["notes"] == []
    wait_for_copy(page, served)  # (and no copy of the old build is left)
    reader.set_offline(True)
    for path in ("2021/program/soudry-keynote.html", "2021/program/index.html"):
        offline = open_page(reader, served.url + path, clock=READERS_DAY)
        assert "14:20–15:00" in offline.inner_text("article"), path
        # (the earlier time only struck through, or in the list of changes)
        text, struck = offline.inner_text("article"), " ".join(offline.locator("article del").all_inner_texts())
        changes = " ".join(offline.locator(".ws-changes").all_inner_texts())
        assert text.count("14:15–15:00") == struck.count("14:15–15:00") + changes.count("14:15–15:00"), path
        assert what_the_reader_sees(offline)["notes"][0].startswith("Offline copy from Thu 4 June, 03:30."), path


def test_turned_off_no_page_asks_for_a_copy_and_a_readers_copy_goes(built, served, reader):
    """`workshop_offline = False`, after readers had copies: the worker at the
    same address deletes them and unregisters on their next visit."""
    project, out = built
    first = open_page(reader, f"{served.url}2021/index.html")
    wait_for_copy(first, served)
    result = sphinx_build(project, out, "-D", "workshop_offline=0")
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    assert not list(out.glob("*/offline.json"))
    for page in ("index.html", "2021/program/index.html", "2021/cfp.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "offline.js" not in html and "worker-src 'none'" in html, page
    assert "unregister()" in (out / "offline-worker.js").read_text(encoding="utf-8")

    page = open_page(reader, f"{served.url}2021/program/index.html")  # (online: the browser checks its worker)
    deadline = time.monotonic() + 30
    while page.evaluate("caches.keys()") or page.evaluate("navigator.serviceWorker.getRegistrations()"):
        assert time.monotonic() < deadline, "the copy is still there"
        page.wait_for_timeout(250)
    assert page.errors == [] and what_the_reader_sees(page)["violations"] == []
