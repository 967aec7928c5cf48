"""A third edition is data, not code: the recipe of ORGANIZERS.md applied to
a copy of the site (a folder named after the year, its BibTeX entries), built
with warnings as errors, and nothing of the earlier editions moves."""

from __future__ import annotations

import json
import shutil

import icalendar
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, sphinx_build

FIXTURE = ROOT / "tests" / "fixtures" / "edition-2022"


def soup(out, page):
    return BeautifulSoup((out / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """(the site as it is, the site with the synthetic 2022 edition added)"""
    base = tmp_path_factory.mktemp("new-edition")
    before, after = base / "before", base / "after"
    project = copy_project(base / "site")
    assert sphinx_build(project, before).returncode == 0
    shutil.copytree(FIXTURE / "2022", project / "2022")
    bib = project / "references.bib"
    bib.write_text(bib.read_text() + (FIXTURE / "references-2022.bib").read_text())
    result = sphinx_build(project, after)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    return before, after


def test_no_code_is_touched_by_the_recipe():
    touched = {p.relative_to(FIXTURE).parts[0] for p in FIXTURE.rglob("*") if p.is_file()}
    assert touched == {"2022", "references-2022.bib", "README.md"}


def test_the_home_page_lists_three_editions_newest_first(builds):
    _, after = builds
    home = soup(after, "index")
    assert [a.get_text() for a in home.select(".ws-editions > li > p > strong a")] == [
        "MLHPCS 2022",
        "MLHPCS 2021",
        "MLHPCS 2020",
    ]
    assert "Thu 2 June 2022; in person, with SHC 2022." in home.select_one(".ws-editions > li").get_text(" ")
    (series,) = [json.loads(s.string) for s in home.select('script[type="application/ld+json"]')]
    assert [e["url"] for e in series["subEvent"]] == [f"https://mlhpcs.org/{y}/" for y in (2022, 2021, 2020)]
    assert "© Copyright 2020–2022," in home.select_one(".copyright").get_text(" ")  # from the editions, not typed
    (event,) = [json.loads(s.string) for s in soup(after, "2022/index").select('script[type="application/ld+json"]')]
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"


def test_the_new_edition_has_its_pages_programme_and_exports(builds):
    _, after = builds
    row = soup(after, "2022/program/index").select_one("tr#item-synthetic-keynote-2022 time")
    assert row.get_text() == "Thu 2 June 2022, 09:00–10:00 CDT (UTC-05:00)"
    cal = icalendar.Calendar.from_ical((after / "2022" / "program" / "program.ics").read_bytes())
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [
        "synthetic-keynote-2022@mlhpcs.org",
        "synthetic-paper-2022@mlhpcs.org",
    ]
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/Chicago"]
    for name in ("schedule.xml", "schedule.json", "synthetic-keynote-2022.ics"):
        assert (after / "2022" / "program" / name).is_file()
    paper = soup(after, "2022/papers/tester2022synthetic")
    assert paper.select_one('meta[name="citation_volume"]')["content"] == "22"
    assert (after / "2022" / "papers" / "tester2022synthetic.bib").is_file()
    groups = [h.get_text(strip=True).rstrip("#") for h in soup(after, "papers/index").select("article section > h2")]
    assert groups == ["2022: LNE 22", "2021: LNCS 12761", "2020: LNCS 12321"]


def test_the_new_editions_bibliography_lists_its_paper_only(builds):
    _, after = builds
    (entry,) = soup(after, "2022/papers/bibliography").select('article [role="listitem"]')
    assert entry["id"] == "tester2022synthetic"
    assert entry.select_one("a.internal")["href"] == "tester2022synthetic.html"
    for year in (2020, 2021):
        assert "tester2022synthetic" not in (after / str(year) / "papers" / "bibliography.html").read_text()


def test_people_gain_the_new_roles(builds):
    _, after = builds
    people = {p.select_one("strong").get_text(): p for p in soup(after, "people").select(".ws-people > li")}
    newest = people["Janis Keuper"].select("li")[0].get_text()  # (roles by edition, newest first)
    assert newest.startswith("MLHPCS 2022") and "organizing committee" in newest and "; co-author: " in newest
    (tester,) = [li.get_text() for li in people["Tara Tester"].select("li")]
    assert tester.startswith("MLHPCS 2022") and "organizing committee" in tester
    assert "; co-author and presenter: " in tester


def test_no_address_of_an_earlier_edition_moves(builds):
    before, after = builds
    published = {p.relative_to(before) for p in before.rglob("*") if p.is_file() and ".doctrees" not in p.parts}
    missing = [str(p) for p in published if not (after / p).is_file()]
    assert missing == []
    for year in (2020, 2021):
        for name in ("program.ics", "schedule.xml", "schedule.json"):
            path = f"{year}/program/{name}"
            assert (before / path).read_bytes() == (after / path).read_bytes(), path
