"""An edition still to come, added as data: its call for papers open with a
deadline extended once, its programme to be announced, no papers. Built with
the build's clock on 15 February 2027 (SOURCE_DATE_EPOCH), then read in
Chromium with the reader's clock before, during and after the edition, and
with JavaScript off: a page read long after it was built never lies."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import feedparser
import pytest
from bs4 import BeautifulSoup

from browser import SiteServer, node_module
from conftest import ROOT, copy_project, sphinx_build

FIXTURE = ROOT / "tests" / "fixtures" / "edition-upcoming"
BUILT_ON = dt.datetime(2027, 2, 15, 12, tzinfo=dt.UTC)


def soup(out, page):
    return BeautifulSoup((out / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def upcoming(tmp_path_factory):
    base = tmp_path_factory.mktemp("upcoming")
    project = copy_project(base / "site")
    shutil.copytree(FIXTURE / "2027", project / "2027")
    out = base / "html"
    result = sphinx_build(project, out, env={"SOURCE_DATE_EPOCH": str(int(BUILT_ON.timestamp()))})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    return out


def test_no_code_is_touched_by_the_recipe():
    touched = {p.relative_to(FIXTURE).parts[0] for p in FIXTURE.rglob("*") if p.is_file()}
    assert touched == {"2027", "README.md"}


def test_the_call_shows_the_open_deadline_and_its_extension(upcoming):
    rows = {r["id"]: r for r in soup(upcoming, "2027/cfp").select("table.ws-dates tbody tr")}
    abstracts = rows["abstract-deadline-2027"]
    assert abstracts.select_one("td:nth-of-type(2) time")["datetime"] == "2027-03-16T11:59:59Z"
    assert [t["datetime"] for t in abstracts.select("del time")] == ["2027-03-02T11:59:59Z"]
    assert "changed on 10 February 2027" in abstracts.get_text()
    # Open when built: no state is written into the page; the reader's clock decides.
    assert [s.get_text() for s in soup(upcoming, "2027/cfp").select(".ws-state")] == ["", ""]
    assert rows["notification-2027"].select_one("time")["datetime"] == "2027-04-15"


def test_the_programme_and_papers_are_still_to_come(upcoming):
    assert "The programme will be announced here" in soup(upcoming, "2027/program/index").get_text()
    schedule = json.loads((upcoming / "2027" / "program" / "schedule.json").read_text())["schedule"]
    assert [room for day in schedule["conference"]["days"] for room in day["rooms"].values() if room] == []
    papers = soup(upcoming, "2027/papers/index")
    assert papers.select(".ws-papers li") == []
    assert not (upcoming / "2027" / "references.bib").exists()
    assert not papers.select('a[href="../references.bib"]')


def test_its_home_says_when_it_will_be(upcoming):
    home = soup(upcoming, "index")
    first = home.select_one(".ws-editions > li")
    assert first.select_one("strong").get_text() == "MLHPCS 2027"
    assert first.select_one(".ws-state").get_text() == ""  # still to come when built
    assert [s.get_text() for s in home.select(".ws-editions .ws-state")][1:] == ["over", "over"]
    (event,) = [json.loads(s.string) for s in soup(upcoming, "2027/index").select('script[type="application/ld+json"]')]
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert (event["startDate"], event["endDate"]) == ("2027-06-24", "2027-06-24")
    assert [a["id"] for a in home.select(".ws-news > li")][:2] == ["news-deadline-extended-2027", "news-call-open-2027"]


def test_its_feed_and_deadline_calendar(upcoming):
    parsed = feedparser.parse((upcoming / "2027" / "atom.xml").read_bytes())
    assert not parsed.bozo
    assert [e.id for e in parsed.entries] == [
        "tag:mlhpcs.org,2027:announcements/deadline-extended-2027",
        "tag:mlhpcs.org,2027:announcements/call-open-2027",
    ]
    assert parsed.entries[0].link == "https://mlhpcs.org/2027/cfp.html"
    series = feedparser.parse((upcoming / "atom.xml").read_bytes())
    assert series.entries[0].id == parsed.entries[0].id
    node_module("ical.js")
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "ical_client.mjs"), str(upcoming / "2027" / "deadlines.ics")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    events = {e["uid"]: e for e in map(json.loads, result.stdout.splitlines())}
    assert events["abstract-deadline-2027@mlhpcs.org"]["start"] == "2027-03-16T11:59:59Z"
    assert events["abstract-deadline-2027@mlhpcs.org"]["sequence"] == 1
    assert events["notification-2027@mlhpcs.org"]["start"] == "2027-04-15"


# --- in the browser, with the reader's clock ----------------------------------------------------

CLOCKS = [
    # (reader's clock, abstract deadline, notification, the edition on the home page)
    ("2027-03-13T12:00:00Z", "2 days left", "in 34 days", "in 103 days"),
    ("2027-03-16T11:00:00Z", "less than a day left", "in 31 days", "in 100 days"),
    ("2027-06-24T10:00:00+02:00", "closed", "passed", "today"),
    ("2027-06-25T00:00:00+02:00", "closed", "passed", "over"),
]


@pytest.fixture(scope="module")
def served(upcoming):
    with SiteServer(upcoming) as server:
        yield server


def states(browser, url, clock=None, javascript=True):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    if clock:
        page.clock.set_fixed_time(clock)
    page.goto(url, wait_until="load")
    found = page.eval_on_selector_all(".ws-state", "spans => spans.map(s => s.textContent)")
    context.close()
    return found


@pytest.mark.parametrize(("clock", "deadline", "milestone", "edition"), CLOCKS)
def test_relative_states_follow_the_readers_clock(browser, served, clock, deadline, milestone, edition):
    assert states(browser, f"{served.url}2027/cfp.html", clock) == [deadline, milestone]
    assert states(browser, f"{served.url}index.html", clock)[0] == edition
    assert states(browser, f"{served.url}2027/index.html", clock) == [edition]


def test_without_javascript_only_what_was_settled_at_build_time_is_said(browser, served):
    assert states(browser, f"{served.url}2027/cfp.html", javascript=False) == ["", ""]
    assert states(browser, f"{served.url}index.html", javascript=False) == ["", "over", "over"]
