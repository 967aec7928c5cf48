"""schedule.xml and schedule.json in the frab / c3voc format, for conference apps.

The format knows only timed events: items with only a date (recordings on
demand, a time still to be announced) are given the whole day, as in the
calendar files, and say so in their subtitle.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

from lxml import etree

from . import when
from .model import Item, Workshop

TYPES = {"invited-talk": "talk", "paper-talk": "talk", "live-session": "discussion", "release": "other"}


def guid(workshop: Workshop, item: Item) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, workshop.item_url(item)))


def acronym(workshop: Workshop) -> str:
    """frab's acronym: lower-case letters and digits only (mlhpcs2020)."""
    return "".join(c for c in workshop.event.acronym.lower() if c.isalnum())


def room(item: Item) -> str:
    return item.where or ("Recordings" if item.status == "on-demand" else "Online")


def slot(workshop: Workshop, item: Item) -> tuple[dt.datetime, str]:
    """(start, duration HH:MM); a whole day where no time is known."""
    begin = item.starts_at(workshop.event.zone)
    if begin is None:
        return dt.datetime.combine(item.date, dt.time(), tzinfo=workshop.event.zone), "24:00"
    minutes = item.duration or 0
    return begin, f"{minutes // 60:02d}:{minutes % 60:02d}"


def record(workshop: Workshop, item: Item, number: int) -> dict:
    """One event, as both formats describe it."""
    begin, duration = slot(workshop, item)
    words, _ = when.describe(item, workshop.event.zone)
    links = [
        {"type": kind, "url": url, "title": kind.capitalize()}
        for kind, url in (("media", item.recording), ("slides", item.slides), ("paper", item.preprint))
        if url
    ]
    persons = [
        {"name": p.name, "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{workshop.event.url}#{p.name}"))}
        for p in item.speakers
    ]
    return {
        "guid": guid(workshop, item),
        "id": number,
        "date": begin.isoformat(timespec="seconds"),
        "start": begin.strftime("%H:%M"),
        "duration": duration,
        "room": room(item),
        "slug": f"{acronym(workshop)}-{item.id}",
        "url": workshop.item_url(item),
        "title": workshop.item_title(item),
        "subtitle": words[0].upper() + words[1:] + (" (cancelled)" if item.status == "cancelled" else ""),
        "track": "Papers" if item.paper else "Workshop",
        "type": TYPES[item.kind],
        "language": "en",
        "abstract": ", ".join(workshop.papers[item.paper].authors) if item.paper else "",
        "persons": persons,
        "links": links,
    }


def version(workshop: Workshop) -> str:
    """The schedule's version: the date of its latest change."""
    return max((i.updated for i in workshop.items if i.updated), default=workshop.event.start).isoformat()


def days(workshop: Workshop) -> list[tuple[int, dt.date, str, str, dict[str, list[dict]]]]:
    """(index, date, day start, day end, records by room) for each day with items."""
    by_day: dict[dt.date, list[dict]] = {}
    for number, item in enumerate(workshop.items, start=1):
        by_day.setdefault(item.date, []).append(record(workshop, item, number))
    out = []
    for index, (date, records) in enumerate(sorted(by_day.items()), start=1):
        zone = workshop.event.zone
        start = dt.datetime.combine(date, dt.time(), tzinfo=zone).isoformat(timespec="seconds")
        end = dt.datetime.combine(date, dt.time(23, 59, 59), tzinfo=zone).isoformat(timespec="seconds")
        by_room: dict[str, list[dict]] = {}
        for rec in records:
            by_room.setdefault(rec["room"], []).append(rec)
        out.append((index, date, start, end, by_room))
    return out


def conference(workshop: Workshop) -> dict[str, str]:
    """The conference fields both formats share."""
    event = workshop.event
    return {
        "title": f"{event.name} ({event.acronym})",
        "acronym": acronym(workshop),
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "timeslot_duration": "00:05",
        "time_zone_name": event.timezone,
        "url": event.url,
    }


def schedule_json(workshop: Workshop) -> str:
    event = workshop.event
    schedule_days = days(workshop)
    rooms = sorted({room(i) for i in workshop.items})
    doc = {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "schedule": {
            "version": version(workshop),
            "base_url": event.url,
            "conference": {
                **conference(workshop),
                "daysCount": len(schedule_days),
                "rooms": [
                    {"name": r, "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{event.url}#room-{r}")), "type": "online"}
                    for r in rooms
                ],
                "days": [
                    {"index": index, "date": date.isoformat(), "day_start": start, "day_end": end, "rooms": by_room}
                    for index, date, start, end, by_room in schedule_days
                ],
            },
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


XML_EVENT_FIELDS = (
    "room",
    "title",
    "subtitle",
    "type",
    "date",
    "start",
    "duration",
    "abstract",
    "slug",
    "track",
    "language",
    "url",
)


def schedule_xml(workshop: Workshop) -> bytes:
    event = workshop.event
    schedule_days = days(workshop)
    root = etree.Element("schedule")
    etree.SubElement(root, "url").text = f"{event.url}program/schedule.xml"
    etree.SubElement(root, "version").text = version(workshop)
    element = etree.SubElement(root, "conference")
    for tag, value in {
        **conference(workshop),
        "days": str(len(schedule_days)),
        "base_url": event.url,
    }.items():
        etree.SubElement(element, tag).text = value
    for index, date, start, end, by_room in schedule_days:
        day = etree.SubElement(root, "day", date=date.isoformat(), start=start, end=end, index=str(index))
        for name, records in by_room.items():
            room_element = etree.SubElement(day, "room", name=name)
            for rec in records:
                talk = etree.SubElement(room_element, "event", id=str(rec["id"]), guid=rec["guid"])
                for tag in XML_EVENT_FIELDS:
                    etree.SubElement(talk, tag).text = str(rec[tag])
                persons = etree.SubElement(talk, "persons")
                for person in rec["persons"]:
                    etree.SubElement(persons, "person", guid=person["guid"]).text = person["name"]
                links = etree.SubElement(talk, "links")
                for link in rec["links"]:
                    etree.SubElement(links, "link", href=link["url"], type=link["type"]).text = link["title"]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def files(workshop: Workshop, folder: str) -> dict[str, bytes]:
    return {
        f"{folder}/schedule.xml": schedule_xml(workshop),
        f"{folder}/schedule.json": schedule_json(workshop).encode("utf-8"),
    }
