"""Where an edition takes place, in every output: an in-person edition (the
synthetic 2022) and a hybrid one (2023) added as data to a copy of the site,
read back by a strict calendar client, the frab schemas, a frab reader and a
JSON-LD parser. Nothing says "Online" about an edition that is not."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from test_checks import real_problems
from test_exports import schema

from browser import node_module
from conftest import ROOT, copy_project, sphinx_build

IN_PERSON = ROOT / "tests" / "fixtures" / "edition-2022"
HYBRID = ROOT / "tests" / "fixtures" / "edition-hybrid"
VENUE_2022 = "Example Convention Center, 100 Example Avenue, Chicago, United States"
VENUE_2023 = "Example Congress Hall, Beispielweg 5, Hamburg, Germany"


def add_editions(project):
    shutil.copytree(IN_PERSON / "2022", project / "2022")
    shutil.copytree(HYBRID / "2023", project / "2023")
    bib = project / "references.bib"
    bib.write_text(bib.read_text() + (IN_PERSON / "references-2022.bib").read_text())
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("venues")
    project = add_editions(copy_project(base / "site"))
    result = sphinx_build(project, base / "html")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    return base / "html"


def soup(out, page):
    return BeautifulSoup((out / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def json_ld(out, page):
    (data,) = [json.loads(s.string) for s in soup(out, page).select('script[type="application/ld+json"]')]
    return data


def facts(out, page):
    return {
        dt.get_text(strip=True).rstrip(":"): dd.get_text(" ", strip=True)
        for dt, dd in zip(soup(out, page).select(".ws-facts dt"), soup(out, page).select(".ws-facts dd"), strict=True)
    }


def test_pages_name_the_venue_and_rooms(built):
    assert facts(built, "2022/index")["Venue"] == VENUE_2022
    assert facts(built, "2022/program/synthetic-keynote-2022")["Where"] == f"Hall A, {VENUE_2022}"
    row = soup(built, "2022/program/index").select_one("tr#item-synthetic-keynote-2022 th")
    for printed_only in row.select("[hidden]"):  # (what the programme says on paper: not on screen)
        printed_only.decompose()
    assert row.get_text() == "Thu 2 June 2022, 09:00–10:00 CDT (UTC-05:00) · Hall A"
    hybrid = facts(built, "2023/index")
    assert (hybrid["Venue"], hybrid["Online"]) == (VENUE_2023, "Zoom: https://example.org/zoom/mlhpcs2023")
    keynote = soup(built, "2023/program/hybrid-keynote-2023").select(".ws-facts dd")
    wheres = [
        dd.get_text(strip=True)
        for dt, dd in zip(soup(built, "2023/program/hybrid-keynote-2023").select(".ws-facts dt"), keynote, strict=True)
        if dt.get_text().startswith("Where")
    ]
    assert wheres == [f"Hall Y5, {VENUE_2023}", "Zoom webinar"]
    row = soup(built, "2023/program/index").select_one("tr#item-hybrid-keynote-2023 th")
    assert row.get_text().endswith(" · Hall Y5 / Zoom webinar")


def test_calendars_read_by_ical_js_give_room_and_venue(built):
    node_module("ical.js")
    files = [built / "2022" / "program" / "program.ics", built / "2023" / "program" / "program.ics"]
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "ical_client.mjs"), *map(str, files)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    events = {e["uid"]: e["location"] for e in map(json.loads, result.stdout.splitlines())}
    assert events["synthetic-keynote-2022@mlhpcs.org"] == f"Hall A, {VENUE_2022}"
    assert events["synthetic-paper-2022@mlhpcs.org"] == f"Room 101, {VENUE_2022}"
    assert events["hybrid-keynote-2023@mlhpcs.org"] == f"Hall Y5, {VENUE_2023}; Online (Zoom webinar)"
    assert events["welcome-2023@mlhpcs.org"] == (
        f"Hall Y5, {VENUE_2023}; Online (Zoom <https://example.org/zoom/mlhpcs2023>)"
    )


@pytest.mark.parametrize("year", [2022, 2023])
def test_frab_schedules_have_named_rooms(built, year):
    from schedule_convert.importers.frab_xml import FrabXmlImporter

    xsd = etree.XMLSchema(etree.parse(str(schema("schedule.xml.xsd"))))
    path = built / str(year) / "program" / "schedule.xml"
    xsd.assertValid(etree.parse(str(path)))
    with path.open("rb") as file:
        conference = FrabXmlImporter().parse(file)
    rooms = {e.slug.removeprefix(f"mlhpcs{year}-"): e.room.name for e in conference.events}
    expected = {
        2022: {"synthetic-keynote-2022": "Hall A", "synthetic-paper-2022": "Room 101"},
        2023: {"welcome-2023": "Hall Y5", "hybrid-keynote-2023": "Hall Y5"},
    }[year]
    assert rooms == expected
    data = json.loads((built / str(year) / "program" / "schedule.json").read_text())
    assert {r["name"]: r["type"] for r in data["schedule"]["conference"]["rooms"]} == {
        name: "lecturehall" for name in expected.values()
    }


def test_json_ld_locations(built):
    offline = json_ld(built, "2022/index")
    assert offline["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert offline["location"] == {
        "@type": "Place",
        "name": "Example Convention Center",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "100 Example Avenue",
            "addressLocality": "Chicago",
            "addressCountry": "United States",
        },
    }
    mixed = json_ld(built, "2023/index")
    assert mixed["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in mixed["location"]] == ["Place", "VirtualLocation"]
    assert mixed["location"][1]["url"] == "https://example.org/zoom/mlhpcs2023"


def test_nothing_says_online_about_the_in_person_edition(built):
    outputs = [p for p in (built / "2022").rglob("*") if p.is_file() and p.suffix in (".html", ".ics", ".xml", ".json")]
    assert outputs
    said = [p.name for p in outputs if "Online" in p.read_text(encoding="utf-8") or "VirtualLocation" in p.read_text()]
    assert said == []


def test_an_in_person_edition_without_a_venue_is_a_mistake_at_its_line(tmp_path):
    project = add_editions(copy_project(tmp_path / "site"))
    path = project / "2022" / "program" / "schedule.yaml"
    text = path.read_text()
    path.write_text("\n".join(line for line in text.splitlines() if not line.startswith("  venue:")) + "\n")
    line = next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if ln.startswith("  format:"))
    assert real_problems(project) == [
        (
            "2022/program/schedule.yaml",
            line,
            "an edition held in person needs its venue: add 'venue:' with its name (and address, city, country)",
        )
    ]
