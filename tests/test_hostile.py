"""Hostile text in the data is text, in every output. A copy of the site is
built from data holding markup (as pasted from a submission or another
bibliography), and every page is opened in Chromium: no dialog, no injected
element, no broken page; the text reads as typed, in pages, <head> tags and
every export; and TeX's special characters and commands print as typed in a
PDF book."""

from __future__ import annotations

import json
import re

import feedparser
import icalendar
import pytest
import rispy
from bs4 import BeautifulSoup
from lxml import etree
from test_books import contents, flat, make, needs, printed_pages

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
CHAIR = "Ada \"><img src=x onerror=alert('chair')> Lovelace"
CHAIR_AFFILIATION = "</script><script>alert('chairaff')</script> & Co"
REGISTRATION = "https://example.org/r?a=\"><script>alert('reg')</script>&b=</script>"
ACRONYM = "MLHPCS 2020 <img src=x onerror=alert('acronym')> & </span>"  # (said in its status notice, too)
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
    edit(
        edition_2021,
        "    title: Closing Discussions\n",
        f"    title: Closing Discussions\n    chairs:\n      - {{name: {yaml_text(CHAIR)}, "
        f"affiliation: {yaml_text(CHAIR_AFFILIATION)}}}\n",
    )
    edit(
        edition_2021,
        "  proceedings: isc2021workshops\n",
        f"  proceedings: isc2021workshops\n  registration: {yaml_text(REGISTRATION)}\n",
    )
    edit(edition_2020, "key=7213e3ad3e4626a7d0e96ce918f3ec10", "key=7213e3ad3e4626a7d0e96ce918f3ec10&t=1")
    edit(edition_2020, '  notice: "MLHPCS 2020 is an online workshop', f'  notice: {yaml_text(NOTICE)}\n  #: "')
    edit(edition_2020, "  acronym: MLHPCS 2020\n", f"  acronym: {yaml_text(ACRONYM)}\n")
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
    status = f"{ACRONYM} moved online (announced on 14 April 2020)."
    assert text(live.select_one(".bd-header-announcement")).startswith(status)
    facts = " ".join(soup(hostile, "2020/index").select_one(".ws-facts").get_text().split()).translate(TYPOGRAPHIC)
    assert f"Status: {status}" in facts
    news = soup(hostile, "2021/index").select_one("#news-programme-published-2021")
    assert text(news.select_one("strong")) == NEWS_TITLE
    assert NEWS_TEXT in text(news)
    assert text(soup(hostile, "index").select_one("#news-programme-published-2021 strong")) == NEWS_TITLE
    dates = soup(hostile, "2021/cfp").select_one("tr#abstract-deadline-2021 td")
    assert text(dates) == DATE_TITLE
    closing = soup(hostile, "2021/program/index").select_one("tr#item-closing-discussion-2021")
    assert text(closing.select("td")[2]) == f"Chair: {CHAIR}"  # (after the time, a <th>)
    people = {text(p.select_one("strong")): p for p in soup(hostile, "people").select(".ws-people > li")}
    chaired = f"MLHPCS 2021 ({CHAIR_AFFILIATION}): chair: Closing Discussions"
    assert text(people[CHAIR].select_one("li")).startswith(chaired)
    (event,) = [json.loads(s.string) for s in soup(hostile, "2021/index").select('script[type="application/ld+json"]')]
    assert event["offers"]["url"] == REGISTRATION
    player = soup(hostile, "2020/program/labus-distributed-deep-learning").select_one("figure.ws-player")
    assert player["data-src"] == RECORDING
    # The changed titles are the next version (shown, not recorded: a plain build), listed in words.
    (change,) = soup(hostile, "2021/program/index").select("ul.ws-changes > li")
    old_title = (
        "Impact of large-scale pre-training on intra- and inter-domain transfer learning in full and few-shot regimes"
    )
    assert f"{TITLE}: renamed from “{old_title}”.".translate(TYPOGRAPHIC) in text(change)
    assert f"{DATE_TITLE}: renamed from “Extended abstracts”.".translate(TYPOGRAPHIC) in text(change)
    old_bib = "MSM: Multi-stage Multicuts for Scalable Image Clustering"
    assert f"{BIB_TITLE}: renamed from “{old_bib}”.".translate(TYPOGRAPHIC) in text(change)


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
    chaired = f"Chair: {CHAIR} ({CHAIR_AFFILIATION})"
    (closing,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("closing-discussion-2021@")]
    assert chaired in str(closing["DESCRIPTION"])
    assert chaired in [e.findtext("description") for e in xml.findall(".//event")]
    assert chaired in [
        e["description"] for d in data["schedule"]["conference"]["days"] for r in d["rooms"].values() for e in r
    ]
    (whole,) = icalendar.Calendar.from_ical((hostile / "2021" / "event.ics").read_bytes()).walk("VEVENT")
    assert f"Registration: {REGISTRATION}" in str(whole["DESCRIPTION"])
    entries = feedparser.parse((hostile / "2021" / "atom.xml").read_bytes()).entries
    (version,) = [e for e in entries if ":programme/" in e.id]
    assert f"{TITLE}: renamed from" in version.summary and f"{DATE_TITLE}: renamed from" in version.summary
    assert version.summary_detail.type == "text/plain"
    deadlines = icalendar.Calendar.from_ical((hostile / "2021" / "deadlines.ics").read_bytes())
    assert f"MLHPCS 2021 deadline: {DATE_TITLE}" in [str(e["SUMMARY"]) for e in deadlines.walk("VEVENT")]
    status = f"{ACRONYM} moved online (announced on 14 April 2020)."
    for path in ("2020/program/program.ics", "2020/deadlines.ics"):
        events = icalendar.Calendar.from_ical((hostile / path).read_bytes()).walk("VEVENT")
        assert all(str(e["DESCRIPTION"]).startswith(status) for e in events), path
    index = (hostile / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)", index.strip(), re.S).group(1))
    assert TITLE in [t.translate(TYPOGRAPHIC) for t in data["titles"]]  # data in a script file, never parsed as HTML


# TeX's special characters and commands, in a title, a name, an affiliation and an announcement.
TEX_TITLE = r"Tuning \input{/etc/hostname} $x^2$ at 100% & #1 ~ _ {braces} \textbf{bold} ^ end"
TEX_NAME = r"Daniel \emph{Soudry} 50% {x}"
TEX_AFFILIATION = r"Technion \newpage $\alpha$ & co"
TEX_NEWS_TITLE = r"Programme \section{out} & 5% more"
TEX_NEWS_TEXT = r"Read \verb|this| ~ \relax and {that}, 100% of it."


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory):
    needs("latexmk", "latexmk")
    site = copy_project(tmp_path_factory.mktemp("hostile-books") / "site")
    schedule = site / "2021" / "program" / "schedule.yaml"
    edit(
        schedule,
        "title: Impact of large-scale pre-training on intra- and inter-domain transfer learning in full and "
        "few-shot regimes",
        f"title: {yaml_text(TEX_TITLE)}",
    )
    speaker = f"{{name: {yaml_text(TEX_NAME)}, affiliation: {yaml_text(TEX_AFFILIATION)}}}"
    edit(schedule, "{name: Daniel Soudry, affiliation: Technion}", speaker)
    edit(schedule, "    title: Programme published\n", f"    title: {yaml_text(TEX_NEWS_TITLE)}\n")
    edit(
        schedule,
        '    text: "The programme of Friday 2 July 2021 is online: a keynote, four invited talks and five '
        'contributed talks, from 14:00 CEST."\n',
        f"    text: {yaml_text(TEX_NEWS_TEXT)}\n",
    )
    # (Built as on an organizer's machine: the hostile text is a change the copy's record of versions does not
    # hold, which a build in CI refuses.)
    result = make(site, "latexpdf", env={"CI": ""})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return site / "_build" / "latexpdf" / "mlhpcs-2021.pdf"


def test_tex_in_the_data_is_printed_as_typed(hostile_book):
    pages = printed_pages(hostile_book)
    text = flat(" ".join(pages.values()))
    listed = contents(pages)
    assert re.search(rf"2\.2 {re.escape(TEX_TITLE)} [0-9]+", listed), listed[:800]
    assert f"Speaker {TEX_NAME} ({TEX_AFFILIATION})" in text
    assert TEX_NEWS_TITLE in text and TEX_NEWS_TEXT in text
    index = flat(next(text for number, text in pages.items() if number.isdigit() and "Index of people" in text))
    assert r"{x}, Daniel \emph{Soudry} 50%" in index  # (the family name is the last word)
