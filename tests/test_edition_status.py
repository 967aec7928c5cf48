"""An edition's own status in every output. Four copies of the edition still to
come (tests/fixtures/edition-upcoming), each given a programme and one status
(cancelled, postponed with its new dates to be announced, rescheduled, moved
online) announced on its day, built once with the build's clock on 15 February
2027, then read as a reader, a calendar, a conference app and a search engine
would: every page's notice, the series home, program.ics and deadlines.ics
through ical.js, schedule.xml and schedule.json, JSON-LD, and the relative
states in Chromium with JavaScript on and off. The same build holds an
announcement dated after its clock: it is held back everywhere, and said so."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from browser import SiteServer, node_module
from conftest import ROOT, copy_project, sphinx_build
from workshop.__main__ import main

FIXTURE = ROOT / "tests" / "fixtures" / "edition-upcoming" / "2027"
BUILT_ON = dt.datetime(2027, 2, 15, 12, tzinfo=dt.UTC)
ANNOUNCED = "2027-02-12"  # the day each status was announced

PROGRAMME = """items:
  - id: welcome-{year}
    kind: session
    status: scheduled
    date: {day}
    start: "09:00"
    duration: 30
    title: Welcome
  - id: panel-{year}
    kind: session
    status: scheduled
    date: {day}
    start: "09:30"
    duration: 60
    title: Panel on machine learning at scale
"""

NEWS = """  - id: status-{year}
    date: {announced}
    title: MLHPCS {year} is {words}
    text: MLHPCS {year} is {words}.
"""

# year -> (status, its facts as they replace the fixture's start/end/status, the programme's day)
STATUSES = {
    2027: (
        "EventCancelled",
        "  start: 2027-06-24\n  end: 2027-06-24\n  status: EventCancelled\n"
        f"  history:\n    - {{status: EventScheduled, changed: {ANNOUNCED}}}\n",
        "2027-06-24",
    ),
    2028: (
        "EventPostponed",
        "  start: TBA\n  end: TBA\n  status: EventPostponed\n"
        f"  history:\n    - {{status: EventScheduled, start: 2028-06-24, end: 2028-06-24, changed: {ANNOUNCED}}}\n",
        "2028-06-24",
    ),
    2029: (
        "EventRescheduled",
        "  start: 2029-09-10\n  end: 2029-09-11\n  status: EventRescheduled\n"
        f"  history:\n    - {{status: EventScheduled, start: 2029-06-24, end: 2029-06-24, changed: {ANNOUNCED}}}\n",
        "2029-09-10",
    ),
    2030: (
        "EventMovedOnline",
        "  start: 2030-06-24\n  end: 2030-06-24\n  status: EventMovedOnline\n"
        f"  history:\n    - {{status: EventScheduled, changed: {ANNOUNCED}}}\n",
        "2030-06-24",
    ),
}
WORDS = {2027: "cancelled", 2028: "postponed", 2029: "rescheduled", 2030: "moved online"}
NOTICES = {
    2027: "MLHPCS 2027 (Thu 24 June 2027) is cancelled (announced on 12 February 2027).",
    2028: "MLHPCS 2028 is postponed from Sat 24 June 2028 (announced on 12 February 2027); "
    "its new dates will be announced.",
    2029: "MLHPCS 2029 is rescheduled to 10 September to 11 September 2029, from Sun 24 June 2029 "
    "(announced on 12 February 2027).",
    2030: "MLHPCS 2030 moved online (announced on 12 February 2027).",
}
HELD = """  - id: held-news-2027
    date: 2027-02-20
    title: A word for the twentieth
    text: Not to be read before 20 February 2027.
"""


def edition_copy(project, year: int) -> None:
    """The fixture as edition `year`, with its status, a programme and the announcement of its status."""
    status, facts, day = STATUSES[year]
    folder = project / str(year)
    shutil.copytree(FIXTURE, folder)
    for path in folder.rglob("*.*"):
        text = path.read_text(encoding="utf-8").replace("2027", str(year))
        # (the call and its announcements stay in early 2027: before the build's clock)
        for kept in ("2027-01-11", "2027-02-10"):
            text = text.replace(kept.replace("2027", str(year), 1), kept)
        path.write_text(text, encoding="utf-8")
    # Pages that show no data: only the notice at their top depends on the edition's file (two, so
    # that the second is not beside a page that shows the edition's facts).
    for name in ("travel", "visa"):
        (folder / f"{name}.md").write_text(f"# {name.title()}, MLHPCS {year}\n\nSee the host.\n", encoding="utf-8")
    index = folder / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("committee\n```", "committee\ntravel\nvisa\n```"))
    path = folder / "program" / "schedule.yaml"
    text = path.read_text(encoding="utf-8")
    dates = f"  start: {year}-06-24\n  end: {year}-06-24\n  timezone: Europe/Berlin\n  status: EventScheduled\n"
    assert dates in text
    text = text.replace(dates, facts.replace("  status:", "  timezone: Europe/Berlin\n  status:"))
    if status == "EventMovedOnline":
        text = text.replace("  format: in person\n", "  format: online\n")
        text = "\n".join(line for line in text.splitlines() if not line.startswith("  venue:")) + "\n"
    text += NEWS.format(year=year, announced=ANNOUNCED, words=WORDS[year])
    if year == 2027:
        text += HELD
    text += PROGRAMME.format(year=year, day=day)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("status") / "site")
    for year in STATUSES:
        edition_copy(project, year)
    return project


@pytest.fixture(scope="module")
def built(project):
    out = project.parent / "html"
    result = sphinx_build(project, out, quiet=False, env={"SOURCE_DATE_EPOCH": str(int(BUILT_ON.timestamp()))})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    return out, result.stdout


def soup(out, page):
    return BeautifulSoup((out / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def ical_events(path):
    node_module("ical.js")
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "ical_client.mjs"), str(path)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    return {e["uid"].split("@")[0]: e for e in map(json.loads, result.stdout.splitlines())}


EDITION_PAGES = ["index", "cfp", "committee", "program/index", "papers/index", "travel", "visa"]


@pytest.mark.parametrize("year", STATUSES)
def test_every_page_of_the_edition_says_its_status_at_the_top(built, year):
    out, _ = built
    for page in EDITION_PAGES:
        notice = soup(out, f"{year}/{page}").select_one(".bd-header-announcement")
        assert notice.get_text(" ", strip=True) == NOTICES[year], page
    assert soup(out, "2021/index").select_one(".bd-header-announcement") is None
    facts = soup(out, f"{year}/index").select_one(".ws-facts").get_text(" ", strip=True)
    assert f"Status : {NOTICES[year]}" in facts
    assert ("Times :" in facts) is (year in (2029, 2030))  # (no times of an edition not held on its dates)
    if year in (2029, 2030):  # (still to come: in the present, as 2021's home says it in the past)
        assert "the last item, Panel on machine learning at scale, starts at 09:30" in facts


def test_the_dates_that_no_longer_hold_are_struck_through(built):
    out, _ = built
    when = {year: soup(out, f"{year}/index").select_one(".ws-facts dd") for year in STATUSES}
    assert when[2028].get_text(" ", strip=True) == "new dates to be announced; was Sat 24 June 2028 postponed"
    assert [d.get_text() for d in when[2028].select("del")] == ["Sat 24 June 2028"]
    assert when[2029].get_text(" ", strip=True).startswith("10 September to 11 September 2029; was Sun 24 June 2029")
    assert [d.get_text() for d in when[2029].select("del")] == ["Sun 24 June 2029"]
    assert when[2027].select("del") == [] and when[2030].select("del") == []


def test_the_series_home_lists_each_edition_with_its_status(built):
    out, _ = built
    home = soup(out, "index")
    lines = {li.select_one("strong").get_text(): li for li in home.select(".ws-editions > li")}
    said = {acronym: li.select("p")[1].get_text(" ", strip=True) for acronym, li in lines.items()}
    assert said["MLHPCS 2027"] == "Thu 24 June 2027; cancelled; in person, with SHC 2027. cancelled"
    assert said["MLHPCS 2028"] == (
        "New dates to be announced (was Sat 24 June 2028); in person (postponed), with SHC 2028. postponed"
    )
    assert said["MLHPCS 2029"] == (
        "10 September to 11 September 2029 (was Sun 24 June 2029); in person (rescheduled), with SHC 2029."
    )
    assert said["MLHPCS 2030"] == "Mon 24 June 2030; online (moved online), with SHC 2030."
    assert said["MLHPCS 2020"] == "20 June to 25 June 2020; online (moved online), with ISC 2020. over"
    (series,) = [json.loads(s.string) for s in home.select('script[type="application/ld+json"]')]
    status = {e["name"]: (e["eventStatus"], e.get("previousStartDate")) for e in series["subEvent"]}
    assert status["Machine Learning on HPC Systems (MLHPCS 2027)"] == ("https://schema.org/EventCancelled", None)
    assert status["Machine Learning on HPC Systems (MLHPCS 2028)"] == (
        "https://schema.org/EventPostponed",
        "2028-06-24",
    )
    assert status["Machine Learning on HPC Systems (MLHPCS 2029)"] == (
        "https://schema.org/EventRescheduled",
        "2029-06-24",
    )
    assert status["Machine Learning on HPC Systems (MLHPCS 2020)"] == ("https://schema.org/EventMovedOnline", None)
    titles = [li.select_one("strong").get_text() for li in home.select(".ws-news > li")]
    assert "MLHPCS 2027 is cancelled" in titles


@pytest.mark.parametrize(
    ("year", "start", "previous"),
    [(2027, "2027-06-24", None), (2028, "2028-06-24", "2028-06-24"), (2029, "2029-09-10", "2029-06-24"),
     (2030, "2030-06-24", None), (2020, "2020-06-20", None)],
)  # fmt: skip
def test_json_ld_says_the_status_and_the_dates_it_had(built, year, start, previous):
    out, _ = built
    (event,) = [json.loads(s.string) for s in soup(out, f"{year}/index").select('script[type="application/ld+json"]')]
    status = STATUSES[year][0] if year in STATUSES else "EventMovedOnline"
    assert event["eventStatus"] == f"https://schema.org/{status}"
    assert event["startDate"].startswith(start)  # (a postponed event keeps the date it had)
    assert event.get("previousStartDate") == previous


@pytest.mark.parametrize(
    ("year", "status", "summary_day"),
    [(2027, "CANCELLED", "2027-06-24"), (2028, "CANCELLED", "2028-06-24"), (2029, "CONFIRMED", "2029-09-10"),
     (2030, "CONFIRMED", "2030-06-24")],
)  # fmt: skip
def test_program_ics_says_which_items_are_held(built, year, status, summary_day):
    out, _ = built
    events = ical_events(out / str(year) / "program" / "program.ics")
    assert sorted(events) == [f"panel-{year}", f"welcome-{year}"]
    for event in events.values():
        assert event["status"] == status
        assert event["start"].startswith(summary_day)
        assert event["description"].startswith(NOTICES[year])
    if year in (2027, 2028):  # changed on the day it was announced: calendars replace their copy
        assert all(event["sequence"] > 0 for event in events.values())
    one = ical_events(out / str(year) / "program" / f"welcome-{year}.ics")
    assert one[f"welcome-{year}"]["status"] == status


@pytest.mark.parametrize("year", STATUSES)
def test_deadlines_ics_of_a_cancelled_edition_are_cancelled(built, year):
    out, _ = built
    events = ical_events(out / str(year) / "deadlines.ics")
    assert {e["status"] for e in events.values()} == {"CANCELLED" if year == 2027 else "CONFIRMED"}
    assert all(e["description"].startswith(NOTICES[year]) for e in events.values())


@pytest.mark.parametrize(
    ("year", "status"), [(2027, "CANCELLED"), (2028, "CANCELLED"), (2029, "CONFIRMED"), (2030, "CONFIRMED")]
)
def test_event_ics_of_the_whole_edition_says_its_status_and_counts_its_changes(built, year, status):
    """One entry for the whole edition: not held on its dates once cancelled or postponed; each
    change of status or dates (a line of its history) makes it newer for a subscribed calendar."""
    out, _ = built
    (event,) = ical_events(out / str(year) / "event.ics").values()
    assert event["status"] == status
    assert event["sequence"] >= 1


@pytest.mark.parametrize(
    ("year", "title", "prefix"),
    [(2027, ", cancelled", "Cancelled: "), (2028, ", postponed", "Postponed: "), (2029, ", rescheduled", ""),
     (2030, "", "")],
)  # fmt: skip
def test_frab_schedules_say_the_status(built, year, title, prefix):
    out, _ = built
    folder = out / str(year) / "program"
    doc = etree.parse(str(folder / "schedule.xml"))
    assert doc.findtext("conference/title") == f"Machine Learning on HPC Systems (MLHPCS {year}){title}"
    assert [e.text for e in doc.iterfind(".//event/title")] == [
        f"{prefix}Welcome",
        f"{prefix}Panel on machine learning at scale",
    ]
    data = json.loads((folder / "schedule.json").read_text())["schedule"]["conference"]
    assert data["title"] == f"Machine Learning on HPC Systems (MLHPCS {year}){title}"
    events = [e for d in data["days"] for r in d["rooms"].values() for e in r]
    assert [e["title"] for e in events] == [f"{prefix}Welcome", f"{prefix}Panel on machine learning at scale"]


def test_the_programme_strikes_out_what_is_not_held(built):
    out, _ = built
    for year, held in ((2027, False), (2028, False), (2029, True), (2030, True)):
        rows = soup(out, f"{year}/program/index").select(".ws-schedule tbody tr")
        assert len(rows) == 2
        assert all(("ws-cancelled" in r.get("class", [])) is not held for r in rows), year
        assert all(bool(r.select("del")) is not held for r in rows), year
    what = soup(out, "2028/program/index").select(".ws-schedule tbody tr td")[0].get_text()  # (after the time, a <th>)
    assert what == "Session (Postponed)"


# --- announcements held back until their day -----------------------------------------------------


def test_an_announcement_dated_after_the_build_is_held_back_everywhere(built):
    out, stdout = built
    assert (
        "2027/program/schedule.yaml:" in stdout
        and "announcement 'held-news-2027' is dated 2027-02-20, after the build's clock (2027-02-15 12:00 UTC): "
        "held back until that day"
        in stdout
    ), stdout
    for page in ("index", "2027/index"):
        assert "held-news-2027" not in (out / f"{page}.html").read_text()
        assert "A word for the twentieth" not in (out / f"{page}.html").read_text()
    for feed in ("atom.xml", "2027/atom.xml"):
        parsed = feedparser.parse((out / feed).read_bytes())
        assert not any(e.id.endswith("/held-news-2027") for e in parsed.entries)
        assert any(e.id.endswith("/status-2027") for e in parsed.entries)


def test_check_data_says_what_it_holds_back(project, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(BUILT_ON.timestamp())))
    assert main(["check", str(project)]) == 0
    err = capsys.readouterr().err
    assert (
        f"{project}/2027/program/schedule.yaml:" in err or "2027/program/schedule.yaml:" in err
    ) and "announcement 'held-news-2027' is dated 2027-02-20, after the build's clock" in err


def test_the_held_announcement_is_published_on_its_day_by_the_next_build(built, project, tmp_path):
    """The day's build, incremental (nothing edited: the checked data kept beside the doctrees)."""
    out = tmp_path / "html"
    shutil.copytree(built[0], out)
    day = dt.datetime(2027, 2, 20, 8, tzinfo=dt.UTC)  # (09:00 in Berlin: its day there)
    result = sphinx_build(project, out, env={"SOURCE_DATE_EPOCH": str(int(day.timestamp()))})
    assert result.returncode == 0, result.stderr
    for feed in ("2027/atom.xml", "atom.xml"):
        parsed = feedparser.parse((out / feed).read_bytes())
        assert parsed.entries[0].id.endswith("/held-news-2027"), feed
    for page in ("2027/index", "index"):
        assert "A word for the twentieth" in (out / f"{page}.html").read_text(), page


def test_a_change_of_status_reaches_every_page_of_the_edition_in_an_incremental_build(built, project, tmp_path):
    """Built again where it was built (a copy elsewhere would be read afresh), then put back."""
    out = tmp_path / "html"
    shutil.copytree(built[0], out)
    edits = {
        project / "2030" / "program" / "schedule.yaml": ("  status: EventMovedOnline\n", "  status: EventCancelled\n"),
        # (its notice only: no page shows it in its text)
        project / "2029" / "program" / "schedule.yaml": (
            "  status: EventRescheduled\n",
            "  status: EventRescheduled\n  notice: See you in September.\n",
        ),
    }
    kept = {path: path.read_text() for path in edits}
    try:
        for path, (old, new) in edits.items():
            path.write_text(kept[path].replace(old, new))
        result = sphinx_build(project, out, quiet=False, env={"SOURCE_DATE_EPOCH": str(int(BUILT_ON.timestamp()))})
    finally:
        for path, text in kept.items():
            path.write_text(text)
    assert result.returncode == 0, result.stderr
    assert "loading pickled environment... done" in result.stdout  # (incremental)
    for page in EDITION_PAGES:
        notice = soup(out, f"2030/{page}").select_one(".bd-header-announcement").get_text(" ", strip=True)
        assert notice == "MLHPCS 2030 (Mon 24 June 2030) is cancelled (announced on 12 February 2027).", page
        notice = soup(out, f"2029/{page}").select_one(".bd-header-announcement").get_text(" ", strip=True)
        assert notice == f"{NOTICES[2029]} See you in September.", page
    assert [s.get_text() for s in soup(out, "2030/cfp").select(".ws-state")] == ["cancelled", "cancelled"]


# --- in the browser: the reader's clock, with JavaScript on and off ------------------------------


@pytest.fixture(scope="module")
def served(built):
    with SiteServer(built[0]) as server:
        yield server


def read(browser, url, clock=None, javascript=True):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    if clock:
        page.clock.set_fixed_time(clock)
    page.goto(url, wait_until="load")
    found = {
        "states": page.eval_on_selector_all(".ws-state", "spans => spans.map(s => s.textContent)"),
        "notice": page.locator(".bd-header-announcement").inner_text().strip(),
        "now": page.eval_on_selector_all(".ws-now", "marks => marks.map(m => m.textContent.trim())"),
    }
    context.close()
    return found


# (reader's clock, JavaScript) -> the edition's state on its home; during the edition's day itself
# for the cancelled and postponed ones, so that a countdown or "now" would show if there were one.
@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize(
    ("year", "clock", "with_script", "without_script"),
    [
        (2027, "2027-06-24T09:10:00+02:00", "cancelled", "cancelled"),
        (2028, "2028-06-24T09:10:00+02:00", "postponed", "postponed"),
        (2029, "2029-09-01T12:00:00+02:00", "in 9 days", ""),
        (2030, "2030-06-20T12:00:00+02:00", "in 4 days", ""),
    ],
)
def test_relative_states_with_and_without_javascript(
    browser, served, javascript, year, clock, with_script, without_script
):
    home = read(browser, f"{served.url}{year}/index.html", clock, javascript)
    assert home["states"] == [with_script if javascript else without_script]
    assert home["notice"] == NOTICES[year]
    call = read(browser, f"{served.url}{year}/cfp.html", clock, javascript)
    if year == 2027:  # a cancelled edition's call: no countdown either
        assert call["states"] == ["cancelled", "cancelled"]
    programme = read(browser, f"{served.url}{year}/program/index.html", clock, javascript)
    assert programme["notice"] == NOTICES[year]
    if year in (2027, 2028):  # nothing is on "now" at an edition that is not held
        assert programme["now"] == []


def test_a_rescheduled_programme_is_on_now_at_its_new_time(browser, served):
    found = read(browser, f"{served.url}2029/program/index.html", "2029-09-10T09:10:00+02:00")
    assert found["now"] == ["now", "next"]
