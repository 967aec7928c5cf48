"""Every export of the real site, read by a real parser and held to the schedule."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import uuid
from zoneinfo import ZoneInfo

import icalendar
import jsonschema
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from browser import node_module
from conftest import ROOT, SHARED
from test_site import PAPERS
from workshop.load import load_schedule

ITEMS, _, _ = load_schedule(ROOT / "program" / "schedule.yaml", ZoneInfo("Europe/Berlin"))
BASE = "https://mlhpcs.org/2020/"


def schema(name: str):
    path = SHARED / "schemas" / name
    if not path.exists():  # CI lays ../shared beside the clone, so there these always run
        pytest.skip(f"{path} is absent: ../shared (the frab schemas) is not beside this checkout")
    return path


def soup(site, page):
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def test_program_ics_has_one_event_per_item(site):
    cal = icalendar.Calendar.from_ical((site / "program" / "program.ics").read_bytes())
    found = cal.walk("VEVENT")
    assert [e["UID"] for e in found] == [f"{i.id}@mlhpcs.org" for i in ITEMS]
    for vevent, item in zip(found, ITEMS, strict=True):
        assert vevent.decoded("DTSTART") == item.date  # no time was ever published: all-day events
        assert "DTSTAMP" in vevent and "SEQUENCE" in vevent
        assert str(vevent["URL"]).startswith(BASE)
    live = found[-1]
    assert live["SUMMARY"] == "MLHPCS 2020: Live Q&A" and live["STATUS"] == "TENTATIVE"


@pytest.mark.parametrize("item", ITEMS, ids=[i.id for i in ITEMS])
def test_one_calendar_file_per_item(site, item):
    cal = icalendar.Calendar.from_ical((site / "program" / f"{item.id}.ics").read_bytes())
    assert [e["UID"] for e in cal.walk("VEVENT")] == [f"{item.id}@mlhpcs.org"]


def test_schedule_xml_is_valid_frab(site):
    xsd = etree.XMLSchema(etree.parse(str(schema("schedule.xml.xsd"))))
    doc = etree.parse(str(site / "program" / "schedule.xml"))
    xsd.assertValid(doc)
    events = doc.findall(".//event")
    assert len(events) == len(ITEMS)
    assert len(doc.findall("day")) == len({i.date for i in ITEMS})
    by_slug = {e.findtext("slug"): e for e in events}
    talk = by_slug["mlhpcs2020-brayford-containers"]
    url = f"{BASE}program/brayford-containers.html"
    assert talk.get("guid") == str(uuid.uuid5(uuid.NAMESPACE_URL, url)) and talk.findtext("url") == url
    assert [p.text for p in talk.find("persons")] == ["David Brayford"]


def test_schedule_json_is_valid_frab(site):
    validator = jsonschema.Draft6Validator(
        json.loads(schema("schedule.schema.json").read_text()), format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    )
    doc = json.loads((site / "program" / "schedule.json").read_text(encoding="utf-8"))
    validator.validate(doc)
    events = [e for day in doc["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room]
    assert len(events) == len(ITEMS)
    assert sorted(e["title"] for e in events if e["track"] == "Papers") == sorted(p.title for p in PAPERS.values())
    xml_guids = {e.get("guid") for e in etree.parse(str(site / "program" / "schedule.xml")).findall(".//event")}
    assert {e["guid"] for e in events} == xml_guids


def test_programme_page_links_every_export(site):
    links = {a["href"] for a in soup(site, "program/index").select(".ws-exports a[download]")}
    assert links == {"program.ics", "schedule.xml", "schedule.json", "../references.bib"}
    for href in links:
        assert (site / "program" / href).resolve().is_file()


def test_times_shown_equal_the_schedule(site):
    rows = {r["id"]: r for r in soup(site, "program/index").select("table.ws-schedule tr[id]")}
    assert list(rows) == [f"item-{i.id}" for i in ITEMS]
    for item in ITEMS:
        time = rows[f"item-{item.id}"].select_one("time")
        assert time["datetime"] == item.date.isoformat()
        assert f"{item.date.day} June 2020" in time.get_text()
    assert rows["item-live-qa"].get_text(" ").count("time to be announced") == 1
    assert "on demand from Sat 20 June 2020" in rows["item-smartpred"].get_text()


def meta(page, name):
    return [m["content"] for m in page.select(f'meta[name="{name}"]')]


@pytest.mark.parametrize("key", sorted(PAPERS))
def test_citation_meta_tags_match_the_bib_entry(site, key):
    paper, page = PAPERS[key], soup(site, f"papers/{key}")
    assert meta(page, "citation_title") == [paper.title]
    assert meta(page, "citation_author") == list(paper.authors_bibtex)
    assert meta(page, "citation_publication_date") == ["2020"]
    assert meta(page, "citation_conference_title") == [paper.booktitle]
    assert meta(page, "citation_volume") == ["12321"]
    assert meta(page, "citation_doi") == ([paper.doi] if paper.doi else [])
    assert meta(page, "citation_firstpage") == ([paper.page_range[0]] if paper.pages else [])
    assert meta(page, "citation_lastpage") == ([paper.page_range[1]] if paper.pages else [])
    assert meta(page, "citation_isbn") == ["978-3-030-59850-1"]
    assert meta(page, "citation_publisher") == ["Springer International Publishing"]
    assert meta(page, "citation_abstract_html_url") == [f"{BASE}papers/{key}.html"]

    (article,) = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    assert article["@type"] == "ScholarlyArticle" and article["headline"] == paper.title
    assert [a["name"] for a in article["author"]] == list(paper.authors)
    assert article.get("sameAs") == (f"https://doi.org/{paper.doi}" if paper.doi else None)


def test_herron_pages_come_only_from_the_bib():
    assert PAPERS["herron2020ensembles"].page_range == ("223", "234")


def test_home_page_event_json_ld(site):
    (event,) = [json.loads(s.string) for s in soup(site, "index").select('script[type="application/ld+json"]')]
    assert event["@type"] == "Event"
    assert event["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"]["@type"] == "VirtualLocation"
    assert event["organizer"]["email"] == "info@mlhpcs.org"
    assert dt.datetime.fromisoformat(event["startDate"]).utcoffset() == dt.timedelta(hours=2)
    assert event["startDate"].startswith("2020-06-20") and event["endDate"].startswith("2020-06-25")


def test_a_strict_calendar_client_reads_every_ics_file(site):
    node_module("ical.js")
    files = sorted((site / "program").glob("*.ics"))
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "ical_client.mjs"), *map(str, files)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    whole = [e for e in events if e["file"] == "program.ics"]
    assert [e["uid"] for e in whole] == [f"{i.id}@mlhpcs.org" for i in ITEMS]
    assert len(events) == 2 * len(ITEMS)  # and one file per item
    live = next(e for e in whole if e["uid"] == "live-qa@mlhpcs.org")
    assert (live["start"], live["end"], live["status"]) == ("2020-06-25", "2020-06-26", "TENTATIVE")
