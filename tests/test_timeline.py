"""The real site's timeline: important dates on the calls for papers,
announcements on the homes, the Atom feeds and the deadline calendars, each
read back as a reader's tools read them; and the programme's versions."""

from __future__ import annotations

import json
import subprocess
from urllib.parse import urljoin

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from browser import SiteServer, node_module, site_pages
from conftest import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"


def soup(site, page):
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def rows(site, page):
    return {row["id"]: row for row in soup(site, page).select("table.ws-dates tbody tr")}


def test_2021_call_shows_the_extended_deadline_with_the_old_one_struck_through(site):
    abstracts = rows(site, "2021/cfp.html")["abstract-deadline-2021"]
    when = abstracts.select_one("td:nth-of-type(2) time")
    assert when["datetime"] == "2021-05-15T11:59:59Z"
    assert when.get_text() == "Fri 14 May 2021, end of day AoE (UTC-12:00)"
    old = abstracts.select("del time")
    assert [(t["datetime"], t.get_text()) for t in old] == [("2021-05-01", "Sat 1 May 2021")]
    assert abstracts.select_one("td:nth-of-type(3)").get_text() == "was Sat 1 May 2021, changed on 30 April 2021"
    # Over when the page was built: a state that can no longer change.
    assert abstracts.select_one(".ws-state").get_text() == "closed"
    full = rows(site, "2021/cfp.html")["full-paper-deadline-2021"]
    assert full.select_one("time")["datetime"] == "2021-07-10"  # no time was announced: none is given
    assert full.select_one("td:nth-of-type(3)").get_text() == "none"


def test_2020_call_shows_dates_alone_as_announced(site):
    (papers,) = rows(site, "2020/cfp.html").values()
    assert (
        papers.select_one("td:nth-of-type(2)").get_text(" ", strip=True).startswith("Fri 29 May 2020 (no extensions)")
    )
    assert papers.select_one("td:nth-of-type(2) time")["datetime"] == "2020-05-29"
    assert [t["datetime"] for t in papers.select("del time")] == ["2020-04-15"]
    assert "changed on 14 April 2020" in papers.get_text()
    text = soup(site, "2020/cfp.html").select_one("article").get_text(" ")
    assert "AoE" not in text and "UTC" not in text  # no zone was ever announced
    # The prose that repeated the data is gone: the dates appear only in the table.
    assert text.count("29 May 2020") == 1


def test_calls_link_their_deadline_calendars(site):
    for year in (2020, 2021):
        link = soup(site, f"{year}/cfp.html").select_one("a[download][href='deadlines.ics']")
        assert link is not None
        assert (site / str(year) / "deadlines.ics").is_file()


def announcements(site, page):
    return [li["id"].removeprefix("news-") for li in soup(site, page).select(".ws-news > li")]


def test_each_edition_lists_its_announcements_newest_first(site):
    assert announcements(site, "2020/index.html") == [
        "recordings-online-2020",
        "recordings-and-qa-2020",
        "online-workshop-2020",
        "moved-online-2020",
        "programme-committee-2020",
    ]
    assert announcements(site, "2021/index.html") == [
        "call-restored-2021",
        "call-changed-2021",
        "programme-published-2021",
        "abstract-deadline-extended-2021",
    ]
    entry = soup(site, "2021/index.html").select_one("#news-abstract-deadline-extended-2021")
    assert entry.select_one("time")["datetime"] == "2021-04-30"
    assert entry.select_one("a")["href"] == "cfp.html"


def test_the_series_home_shows_the_latest_five_across_editions(site):
    assert announcements(site, "index.html") == [
        "call-restored-2021",
        "call-changed-2021",
        "programme-published-2021",
        "abstract-deadline-extended-2021",
        "recordings-online-2020",
    ]
    first = soup(site, "index.html").select_one(".ws-news > li")
    assert "(MLHPCS 2021)" in first.get_text()


def test_editions_that_were_over_at_build_time_say_so(site):
    states = [s.get_text() for s in soup(site, "index.html").select(".ws-editions .ws-state")]
    assert states == ["over", "over"]
    facts = soup(site, "2021/index.html").select_one(".ws-facts .ws-state")
    assert facts.get_text() == "over"
    assert facts["data-start"] == "2021-07-02T00:00:00+02:00"
    assert facts["data-end"] == "2021-07-03T00:00:00+02:00"


# --- Atom feeds ------------------------------------------------------------------------


FEEDS = {"atom.xml": 9, "2020/atom.xml": 5, "2021/atom.xml": 4}


@pytest.mark.parametrize(("path", "count"), FEEDS.items())
def test_feeds_read_back_with_feedparser(site, path, count):
    parsed = feedparser.parse((site / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert len(parsed.entries) == count
    for entry in parsed.entries:
        assert entry.id.startswith("tag:mlhpcs.org,20")
        assert entry.link.startswith("https://mlhpcs.org/")
    dates = [entry.updated_parsed for entry in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    assert parsed.feed.updated_parsed == dates[0]  # as new as its newest entry, not the build


@pytest.mark.parametrize("path", FEEDS)
def test_feeds_have_the_structure_rfc_4287_requires(site, path):
    """atom:feed and each atom:entry: exactly one id, title and updated; an
    author for the feed; a self link; ids that are absolute IRIs, unique; every
    link absolute and under the site's URL."""
    root = etree.fromstring((site / path).read_bytes())
    assert root.tag == f"{ATOM}feed"
    for element in [root, *root.findall(f"{ATOM}entry")]:
        for name in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{name}")) == 1, (name, element.findtext(f"{ATOM}id"))
        for link in element.findall(f"{ATOM}link"):
            assert link.get("href").startswith("https://mlhpcs.org/")
        if element is not root:
            assert len(element.findall(f"{ATOM}link[@rel='alternate']")) + len(element.findall(f"{ATOM}link")) >= 1
            assert element.find(f"{ATOM}summary").get("type") == "text"
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"https://mlhpcs.org/{path}"
    ids = [e.text for e in root.iter(f"{ATOM}id")]
    assert all(i.startswith("tag:mlhpcs.org,") for i in ids)
    assert len(ids) == len(set(ids))


def test_every_page_names_its_feed(site):
    for page in site_pages(site):
        links = soup(site, page).select('head link[rel="alternate"][type="application/atom+xml"]')
        assert len(links) == 1, page
        target = urljoin(f"https://mlhpcs.org/{page}", links[0]["href"]).removeprefix("https://mlhpcs.org/")
        first = page.split("/", 1)[0]
        assert target == (f"{first}/atom.xml" if first in ("2020", "2021") else "atom.xml"), page


def test_entry_ids_stay_when_a_title_is_corrected(site):
    parsed = feedparser.parse((site / "2021" / "atom.xml").read_bytes())
    ids = {e.id for e in parsed.entries}
    assert "tag:mlhpcs.org,2021:announcements/abstract-deadline-extended-2021" in ids


# --- deadline calendars -------------------------------------------------------------------


def test_deadline_calendars_read_back_with_ical_js(site):
    node_module("ical.js")
    files = [site / "2020" / "deadlines.ics", site / "2021" / "deadlines.ics"]
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "ical_client.mjs"), *map(str, files)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    events = {e["uid"]: e for e in map(json.loads, result.stdout.splitlines())}
    assert events["abstract-deadline-2021@mlhpcs.org"]["start"] == "2021-05-15T11:59:59Z"
    assert events["abstract-deadline-2021@mlhpcs.org"]["sequence"] == 1  # extended once
    assert events["full-paper-deadline-2021@mlhpcs.org"]["start"] == "2021-07-10"  # all day: no time announced
    assert events["full-paper-deadline-2021@mlhpcs.org"]["sequence"] == 0
    assert events["paper-deadline-2020@mlhpcs.org"]["start"] == "2020-05-29"
    assert events["paper-deadline-2020@mlhpcs.org"]["sequence"] == 1


# --- programme versions --------------------------------------------------------------------


@pytest.mark.parametrize(("year", "version"), [(2020, "2020-06-14"), (2021, "2021-06-19")])
def test_programme_versions_are_the_announced_days(site, year, version):
    """Not the build's date: the day the programme was published or last changed,
    each of which is an announcement of the edition."""
    xml = etree.parse(str(site / str(year) / "program" / "schedule.xml"))
    assert xml.findtext("version").startswith(version)
    dates = [li.select_one("time")["datetime"] for li in soup(site, f"{year}/index.html").select(".ws-news > li")]
    assert version in dates


def test_pyfahrplan_reads_both_schedules_from_the_served_site(site):
    """pyfahrplan 1.0.15, a maintained reader of frab's schedule.json, pointed at
    the test server instead of the c3voc URLs it has built in."""
    from pyfahrplan.pyfahrplan import Fahrplan

    with SiteServer(site) as server:
        reader = Fahrplan.__new__(Fahrplan)
        reader.urls = [f"{server.url}{year}/program/schedule.json" for year in (2020, 2021)]
        reader.update_cache = True  # (it caches responses on disk; never a stale copy)
        reader._get_fahrplans()
        reader.flatten_fahrplans()
    talks = reader.flat_plans
    by_conference = {c: [t for t in talks if t["conference_acronym"] == c] for c in ("mlhpcs2020", "mlhpcs2021")}
    assert len(by_conference["mlhpcs2020"]) == 8 and len(by_conference["mlhpcs2021"]) == 12
    keynote = next(t for t in by_conference["mlhpcs2021"] if t["talk_id"] and "Surprises" in t["title"])
    assert keynote["title"] == "Surprises in Deep Learning Training: Symmetry, Efficiency, and Scale"
    assert keynote["speakers"] == "Daniel Soudry"
    assert keynote["talk_start"] == "14:15" and keynote["talk_duration"] == "00:45"
    assert keynote["talk_date"].startswith("2021-07-02T14:15:00+02:00")
    closing = next(t for t in by_conference["mlhpcs2021"] if t["title"] == "Closing Discussions")
    assert closing["talk_duration"] == "05:45"  # no end was announced: the rest of its day, never 00:00


# --- "now" and "next" on the timed 2021 programme, with the reader's clock ---------------------


def marks(browser, site, clock):
    with SiteServer(site) as server:
        context = browser.new_context()
        page = context.new_page()
        page.clock.set_fixed_time(clock)
        page.goto(f"{server.url}2021/program/index.html", wait_until="load")
        found = page.eval_on_selector_all(
            ".ws-schedule tbody tr", "rows => rows.map(r => [r.id, (r.querySelector('.ws-now') || {}).textContent])"
        )
        context.close()
    return [(row.removeprefix("item-"), mark.strip()) for row, mark in found if mark]


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        ("2021-07-02T13:00:00+02:00", []),  # before the first item: nothing is on
        ("2021-07-02T15:10:00+02:00", [("jitsev-transfer-learning", "now"), ("hoffmann-neural-solvers", "next")]),
        (
            "2021-07-02T18:05:00+02:00",
            [("hpc-hyperparameter-optimisation", "now"), ("closing-discussion-2021", "next")],
        ),
        ("2021-07-02T18:30:00+02:00", []),  # the closing discussion's end is unknown: it is never marked
        ("2021-07-05T15:10:00+02:00", []),  # days after
    ],
)
def test_now_and_next_on_the_programme(browser, site, clock, expected):
    assert marks(browser, site, clock) == expected
