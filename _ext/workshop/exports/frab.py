"""schedule.xml and schedule.json in the frab / c3voc format, for conference apps.

One file pair per edition: a frab schedule is one conference. The format
knows only timed events: items with only a date (recordings on demand, a time
still to be announced) are given the whole day, as in the calendar files, and
say so in their subtitle; an item whose end was never announced is given the
rest of its day, and says so too (the format needs a duration, and 00:00 would
read as an item that takes no time). Numeric ids come from the items' ids, so
that an item added before another never renumbers it. Every field frab and pretalx
always write is written, empty where the data has nothing for it: readers
are written against what those tools emit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid

from lxml import etree

from ..data import edition_status, places, timeline, when
from ..data.editions import Edition
from ..data.programme import Item
from ..data.workshop import Workshop

TYPES = {
    "keynote": "talk",
    "invited-talk": "talk",
    "contributed-talk": "talk",
    "paper-talk": "talk",
    "session": "other",
    "live-session": "discussion",
    "release": "other",
    "poster": "poster",
    "break": "break",
}


#: An item not held at its time (its edition's status may make it so: edition_status.py).
NOT_HELD_TITLES = {"cancelled": "Cancelled: ", "postponed": "Postponed: "}


def status_words(edition: Edition) -> str:
    """', cancelled' after the conference's title where its dates no longer hold (frab has no field
    for a status, and apps show the title; an edition moved online says so in its rooms)."""
    moved = edition.status in (edition_status.CANCELLED, edition_status.POSTPONED, edition_status.RESCHEDULED)
    return f", {edition_status.WORDS[edition.status]}" if moved else ""


def guid(workshop: Workshop, item: Item) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, workshop.item_url(item)))


def acronym(edition: Edition) -> str:
    """frab's acronym: lower-case letters and digits only (mlhpcs2020)."""
    return "".join(c for c in edition.acronym.lower() if c.isalnum())


def edition_url(workshop: Workshop, edition: Edition) -> str:
    return f"{workshop.series.url}{edition.folder}/"


def room_type(edition: Edition) -> str:
    """c3voc's room types: an edition that meets at a venue names its rooms
    there (lecture halls), an online one its online places."""
    return "lecturehall" if places.meets_in_person(edition) else "online"


def slot(edition: Edition, item: Item) -> tuple[dt.datetime, str]:
    """(start, duration HH:MM); a whole day where no time is known, the rest
    of the day where no end was announced."""
    begin = item.starts_at(edition.zone)
    if begin is None:
        return dt.datetime.combine(item.date, dt.time(), tzinfo=edition.zone), "24:00"
    if item.duration is None:
        midnight = dt.datetime.combine(item.date + dt.timedelta(days=1), dt.time(), tzinfo=edition.zone)
        minutes = int((midnight - begin).total_seconds() // 60)
    else:
        minutes = item.duration
    return begin, f"{minutes // 60:02d}:{minutes % 60:02d}"


def event_id(item: Item) -> int:
    """frab's numeric event id, from the item's id (which never changes): apps
    store it, so inserting an item must not renumber the others."""
    return int.from_bytes(hashlib.sha256(item.id.encode()).digest()[:4]) % 2**31


def person(workshop: Workshop, edition: Edition, name: str) -> dict:
    """pretalx's fields, and frab's public_name (readers written for frab read
    only that). (No numeric id here: with one, the JSON schema's frab and
    pretalx person forms would both match, and it allows one.)"""
    guid = uuid.uuid5(uuid.NAMESPACE_URL, f"{edition_url(workshop, edition)}#{name}")
    return {"name": name, "public_name": name, "guid": str(guid)}


def person_id(guid: str) -> str:
    """frab's numeric person id, which XML readers key speakers by: from the stable guid."""
    return str(uuid.UUID(guid).int % 2**31)


def record(workshop: Workshop, edition: Edition, item: Item, description: str) -> dict:
    """One event, as both formats describe it. `description`: its page's own words."""
    begin, duration = slot(edition, item)
    words, _ = when.describe(item, edition.zone, over=timeline.edition_over(edition))
    links = [
        {"type": kind, "url": url, "title": kind.capitalize()}
        for kind, url in (("media", item.recording), ("slides", item.slides), ("paper", item.preprint))
        if url
    ]
    persons = [person(workshop, edition, p.name) for p in item.speakers]
    return {
        "guid": guid(workshop, item),
        "id": event_id(item),
        "date": begin.isoformat(timespec="seconds"),
        "start": begin.strftime("%H:%M"),
        "duration": duration,
        "room": places.frab_room(edition, item),
        "slug": f"{acronym(edition)}-{item.id}",
        "url": workshop.item_url(item),
        # Kept, and said in the title, which every app shows (pretalx drops a
        # cancelled talk from its next version; a calendar or app that has it
        # would then show it as it was).
        "title": NOT_HELD_TITLES.get(item.status, "") + workshop.item_title(item),
        "subtitle": words[0].upper() + words[1:] + (f" ({item.status})" if item.status in NOT_HELD_TITLES else ""),
        "track": "Papers" if item.paper else "Workshop",
        "type": TYPES[item.kind],
        "language": "en",
        "abstract": description,  # (its page's description: the site has one text per talk, no second)
        "description": "\n\n".join(part for part in (description, item.chairs_words) if part),  # (no chair field)
        "logo": None,
        "recording_license": "",
        "do_not_record": False if item.recording else None,  # (unknown unless a recording was published)
        "persons": persons,
        "links": links,
        "attachments": [],
    }


def version(edition: Edition) -> str:
    """The schedule's version: the name of the edition's latest recorded version
    (data/versions.py), which changes with every change of an item."""
    latest = edition.published.latest
    return latest.name if latest else edition.start.isoformat()


#: (index, date, day start, day end, records by room) for each day with items.
Days = list[tuple[int, dt.date, str, str, dict[str, list[dict]]]]


def days(workshop: Workshop, edition: Edition, descriptions: dict[str, str]) -> Days:
    by_day: dict[dt.date, list[dict]] = {}
    for item in edition.items:
        by_day.setdefault(item.date, []).append(record(workshop, edition, item, descriptions.get(item.id, "")))
    out = []
    for index, (date, records) in enumerate(sorted(by_day.items()), start=1):
        zone = edition.zone
        start = dt.datetime.combine(date, dt.time(), tzinfo=zone).isoformat(timespec="seconds")
        end = dt.datetime.combine(date, dt.time(23, 59, 59), tzinfo=zone).isoformat(timespec="seconds")
        by_room: dict[str, list[dict]] = {}
        for rec in records:
            by_room.setdefault(rec["room"], []).append(rec)
        out.append((index, date, start, end, by_room))
    return out


def conference(workshop: Workshop, edition: Edition) -> dict[str, str]:
    """The conference fields both formats share."""
    return {
        "title": f"{workshop.series.name} ({edition.acronym})" + status_words(edition),
        "acronym": acronym(edition),
        "start": edition.start.isoformat(),
        "end": edition.end.isoformat(),
        "timeslot_duration": "00:05",
        "time_zone_name": edition.timezone,
        "url": edition_url(workshop, edition),
    }


def schedule_json(workshop: Workshop, edition: Edition, schedule_days: Days) -> str:
    url = edition_url(workshop, edition)
    rooms = sorted({places.frab_room(edition, i) for i in edition.items})
    doc = {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "schedule": {
            "version": version(edition),
            "base_url": url,
            "conference": {
                **conference(workshop, edition),
                "daysCount": len(schedule_days),
                "rooms": [
                    {
                        "name": r,
                        "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{url}#room-{r}")),
                        "type": room_type(edition),
                    }
                    for r in rooms
                ],
                "days": [
                    {"index": index, "date": date.isoformat(), "day_start": start, "day_end": end, "rooms": by_room}
                    for index, date, start, end, by_room in schedule_days
                ],
            },
        },
    }
    # On one line: json's C encoder writes no indentation, and the Python one
    # takes a fifth of a one-page edit at 1,000 papers. Readers are programs.
    return json.dumps(doc, ensure_ascii=False) + "\n"


XML_EVENT_FIELDS = (
    "room",
    "title",
    "subtitle",
    "type",
    "date",
    "start",
    "duration",
    "abstract",
    "description",
    "slug",
    "track",
    "language",
    "url",
)


def schedule_xml(workshop: Workshop, edition: Edition, schedule_days: Days) -> bytes:
    url = edition_url(workshop, edition)
    root = etree.Element("schedule")
    etree.SubElement(root, "url").text = f"{workshop.series.url}{edition.exports_dir}/schedule.xml"
    etree.SubElement(root, "version").text = version(edition)
    element = etree.SubElement(root, "conference")
    for tag, value in {
        **conference(workshop, edition),
        "days": str(len(schedule_days)),
        "base_url": url,
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
                if rec["do_not_record"] is not None:
                    recording = etree.SubElement(talk, "recording")
                    etree.SubElement(recording, "license").text = rec["recording_license"]
                    etree.SubElement(recording, "optout").text = str(rec["do_not_record"]).lower()
                etree.SubElement(talk, "attachments")
                persons = etree.SubElement(talk, "persons")
                for person in rec["persons"]:
                    element = etree.SubElement(persons, "person", id=person_id(person["guid"]), guid=person["guid"])
                    element.text = person["name"]
                links = etree.SubElement(talk, "links")
                for link in rec["links"]:
                    etree.SubElement(links, "link", href=link["url"], type=link["type"]).text = link["title"]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def files(workshop: Workshop, edition: Edition, descriptions: dict[str, str] | None = None) -> dict[str, bytes]:
    """`descriptions`: item id -> the words of its page (publish.py reads them from the built pages)."""
    folder = edition.exports_dir
    schedule_days = days(workshop, edition, descriptions or {})
    return {
        f"{folder}/schedule.xml": schedule_xml(workshop, edition, schedule_days),
        f"{folder}/schedule.json": schedule_json(workshop, edition, schedule_days).encode("utf-8"),
    }
