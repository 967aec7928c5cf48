"""Hostile text in the data is text, in every output. A copy of the site is
built from data holding markup (as pasted from a submission or another
bibliography), and every page is opened in Chromium: no dialog, no injected
element, no broken page; the text reads as typed, in pages, <head> tags and
every export."""

from __future__ import annotations

import json
import re

import feedparser
import icalendar
import pytest
import rispy
from bs4 import BeautifulSoup
from lxml import etree

from browser import SiteServer, site_pages
from conftest import copy_project, sphinx_build

TITLE = "</script><script>alert('title')</script> <img src=x onerror=alert('img')> \"quoted\" & more"
AFFILIATION = "Technion \"><svg onload=alert('aff')>"
WHERE = "Zoom </script><script>alert('where')</script>"
NOTICE = "</span><script>alert('notice')</script> & MLHPCS 2020 is an online workshop"
BIB_TITLE = "MSM: <img src=x onerror=alert('bib')> \"Multi\" & </script><script>alert('bibtitle')</script>"
NEWS_TITLE = "Programme <b>out</b></title><script>alert('news')</script> & ]]> more"
NEWS_TEXT = "Read <a href=javascript:alert('text')>this</a> & </summary><x>"
DATE_TITLE = "Abstracts <img src=x onerror=alert('date')> & \"more\""
RECORDING = "https://video.hs-offenburg.de/media/embed?key=7213e3ad3e4626a7d0e96ce918f3ec10&t=1"


def yaml_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    site = copy_project(base / "site")
    edition_2021, edition_2020 = (
        site / "2021" / "program" / "schedule.yaml",
        site / "2020" / "program" / "schedule.yaml",
    )
    edit(
        edition_2021,
        "title: Impact of large-scale pre-training on intra- and inter-domain transfer learning in full and "
        "few-shot regimes",
        f"title: {yaml_text(TITLE)}",
    )
    edit(
        edition_2021,
        "{name: Daniel Soudry, affiliation: Technion}",
        f"{{name: Daniel Soudry, affiliation: {yaml_text(AFFILIATION)}}}",
    )
    edit(edition_2020, "where: Zoom", f"where: {yaml_text(WHERE)}")
    edit(edition_2021, "    title: Programme published\n", f"    title: {yaml_text(NEWS_TITLE)}\n")
    edit(
        edition_2021,
        '    text: "The programme of Friday 2 July 2021 is online: a keynote, four invited talks and five '
        'contributed talks, from 14:00 CEST."\n',
        f"    text: {yaml_text(NEWS_TEXT)}\n",
    )
    edit(edition_2021, "    title: Extended abstracts\n", f"    title: {yaml_text(DATE_TITLE)}\n")
    edit(edition_2020, "key=7213e3ad3e4626a7d0e96ce918f3ec10", "key=7213e3ad3e4626a7d0e96ce918f3ec10&t=1")
    edit(edition_2020, '  notice: "MLHPCS 2020 is an online workshop', f'  notice: {yaml_text(NOTICE)}\n  #: "')
    edit(
        site / "references.bib",
        "title     = {{MSM}: Multi-stage Multicuts for Scalable Image Clustering}",
        "title     = {{MSM}: <img src=x onerror=alert('bib')> \"Multi\" & </script><script>alert('bibtitle')</script>}",
    )
    out = base / "out"
    result = sphinx_build(site, out)
    assert result.returncode == 0, result.stderr
    return out


def soup(out, page):
    return BeautifulSoup((out / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


INJECTED = """() => ({
    elements: [...document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload]')].map(e => e.outerHTML),
    scripts: [...document.scripts].filter(s => s.type !== "application/ld+json" && s.text.includes("alert("))
        .map(s => s.outerHTML.slice(0, 120)),
    data: [...document.querySelectorAll('script[type="application/ld+json"]')].map(s => {
        try { JSON.parse(s.text); return null; } catch (e) { return s.text.slice(0, 120); }
    }).filter(Boolean),
    title: document.title,
})"""


def test_no_page_runs_or_injects_anything_from_the_data(hostile, browser):
    problems = []
    with SiteServer(hostile) as server:
        # Every page, and the search page listing the hostile titles as results.
        for name in [*site_pages(hostile), "search.html?q=quoted+Multi"]:
            context = browser.new_context()
            page = context.new_page()
            dialogs, errors = [], []
            page.on("dialog", lambda dialog, found=dialogs: (found.append(dialog.message), dialog.dismiss()))
            page.on("pageerror", lambda error, found=errors: found.append(str(error)))
            page.on("console", lambda m, found=errors: found.append(m.text) if m.type == "error" else None)
            page.goto(server.url + name, wait_until="networkidle")
            if name.startswith("search.html?"):
                page.locator("#search-results li").first.wait_for()
            page.emulate_media(media="print")  # the theme's print-only header, too
            found = page.evaluate(INJECTED)
            problems += [f"{name}: dialog {d}" for d in dialogs] + [f"{name}: error {e}" for e in errors]
            problems += [f"{name}: injected {e}" for e in found["elements"] + found["scripts"]]
            problems += [f"{name}: JSON-LD broken: {d}" for d in found["data"]]
            if not name.startswith("search.html") and page.locator("article h1").count() != 1:
                problems.append(f"{name}: the page broke (no single article title)")
            context.close()
    assert problems == [], "\n".join(problems)


TYPOGRAPHIC = str.maketrans("‘’“”", "''\"\"")  # (Sphinx's smart quotes: typography, not markup)


def text(node) -> str:
    return node.get_text().rstrip("#¶").strip().translate(TYPOGRAPHIC)


def test_hostile_text_reads_as_typed_on_the_pages(hostile):
    talk = soup(hostile, "2021/program/jitsev-transfer-learning")
    assert text(talk.select_one("article h1")) == TITLE
    assert text(talk.title).startswith(TITLE)
    assert talk.select_one('meta[property="og:title"]')["content"].translate(TYPOGRAPHIC) == TITLE
    print_header = talk.select_one("#jb-print-docs-body h1")
    assert text(print_header) == TITLE
    row = soup(hostile, "2021/program/index").select_one("tr#item-jitsev-transfer-learning")
    assert text(row.select("td")[1]) == TITLE  # (after the time, the row's <th>)
    keynote_page = soup(hostile, "2021/program/soudry-keynote")
    keynote = text(keynote_page.select_one(".ws-facts dd"))
    assert keynote == f"Daniel Soudry ({AFFILIATION})"
    # The page's one-sentence description, in both tags, reads the affiliation as typed.
    lead = f"Keynote by Daniel Soudry ({AFFILIATION}) at MLHPCS 2021, 2 July 2021: "
    assert keynote_page.select_one('meta[name="description"]')["content"].startswith(lead)
    assert keynote_page.select_one('meta[property="og:description"]')["content"].startswith(lead)
    assert len(keynote_page.select('meta[name="description"]')) == 1
    paper = soup(hostile, "2021/papers/ho2021msm")
    assert text(paper.select_one("article h1")) == BIB_TITLE
    assert paper.select_one('meta[name="citation_title"]')["content"] == BIB_TITLE
    (article,) = [json.loads(s.string) for s in paper.select('script[type="application/ld+json"]')]
    assert article["headline"] == BIB_TITLE
    live = soup(hostile, "2020/program/live-qa")
    assert WHERE in text(live.select_one(".ws-facts"))
    assert NOTICE in text(live.select_one(".bd-header-announcement"))
    news = soup(hostile, "2021/index").select_one("#news-programme-published-2021")
    assert text(news.select_one("strong")) == NEWS_TITLE
    assert NEWS_TEXT in text(news)
    assert text(soup(hostile, "index").select_one("#news-programme-published-2021 strong")) == NEWS_TITLE
    dates = soup(hostile, "2021/cfp").select_one("tr#abstract-deadline-2021 td")
    assert text(dates) == DATE_TITLE
    player = soup(hostile, "2020/program/labus-distributed-deep-learning").select_one("figure.ws-player")
    assert player["data-src"] == RECORDING


def test_hostile_text_reads_as_typed_in_every_export(hostile):
    calendar = icalendar.Calendar.from_ical((hostile / "2021" / "program" / "program.ics").read_bytes())
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert f"MLHPCS 2021: {TITLE}" in summaries and f"MLHPCS 2021: {BIB_TITLE}" in summaries
    xml = etree.parse(str(hostile / "2021" / "program" / "schedule.xml"))
    assert TITLE in [e.findtext("title") for e in xml.findall(".//event")]
    data = json.loads((hostile / "2021" / "program" / "schedule.json").read_text(encoding="utf-8"))
    titles = [e["title"] for d in data["schedule"]["conference"]["days"] for r in d["rooms"].values() for e in r]
    assert TITLE in titles and BIB_TITLE in titles
    (ris,) = rispy.loads((hostile / "2021" / "papers" / "ho2021msm.ris").read_text(encoding="utf-8"))
    assert ris["title"] == BIB_TITLE
    (csl,) = json.loads((hostile / "2021" / "papers" / "ho2021msm.json").read_text(encoding="utf-8"))
    assert csl["title"] == BIB_TITLE
    for feed in ("atom.xml", "2021/atom.xml"):
        parsed = feedparser.parse((hostile / feed).read_bytes())
        assert not parsed.bozo, feed
        entry = next(e for e in parsed.entries if e.id.endswith("programme-published-2021"))
        assert (entry.title, entry.summary) == (NEWS_TITLE, NEWS_TEXT)
        assert entry.title_detail.type == entry.summary_detail.type == "text/plain"
    deadlines = icalendar.Calendar.from_ical((hostile / "2021" / "deadlines.ics").read_bytes())
    assert f"MLHPCS 2021 deadline: {DATE_TITLE}" in [str(e["SUMMARY"]) for e in deadlines.walk("VEVENT")]
    index = (hostile / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)", index.strip(), re.S).group(1))
    assert TITLE in [t.translate(TYPOGRAPHIC) for t in data["titles"]]  # data in a script file, never parsed as HTML
