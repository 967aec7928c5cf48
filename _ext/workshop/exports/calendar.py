"""program.ics, one .ics per item and deadlines.ics (RFC 5545), written with icalendar.

Items with only a date, or a time still to be announced, are all-day events;
an item whose end was never announced has a start and no end (RFC 5545 then
reads it as an instant: no end is invented); cancelled items stay in the file
with STATUS:CANCELLED so that calendars that imported them drop them, and so
do the items and important dates of a cancelled edition (a postponed one's
items too: they are not held at their times).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar

from ..data import edition_status, places, timeline
from ..data.dates import AOE, KeyDate
from ..data.editions import Edition
from ..data.programme import KIND_NAMES, Item
from ..data.published import Mark
from ..data.workshop import Workshop

STATUS = {"cancelled": "CANCELLED", "postponed": "CANCELLED"}  # (postponed: not held at that time)


def uid(workshop: Workshop, item: Item) -> str:
    return f"{item.id}@{urlsplit(workshop.series.url).hostname}"


def new_calendar(edition: Edition, what: str, name: str) -> icalendar.Calendar:
    """An empty calendar of the edition's `what` ("programme", "important dates")."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{edition.acronym}//{what}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def calendar(workshop: Workshop, edition: Edition, items: tuple[Item, ...], name: str) -> icalendar.Calendar:
    cal = new_calendar(edition, "programme", name)
    cal.add("x-wr-timezone", edition.timezone)
    for item in items:
        cal.add_component(event(workshop, edition, item))
    cal.add_missing_timezones()  # a VTIMEZONE for every TZID used
    return cal


def event(workshop: Workshop, edition: Edition, item: Item) -> icalendar.Event:
    zone = edition.zone
    begin, end = item.starts_at(zone), item.ends_at(zone)
    vevent = icalendar.Event()
    vevent.add("uid", uid(workshop, item))
    vevent.add("summary", f"{edition.acronym}: {workshop.item_title(item)}")
    if begin is None:  # all day: DTSTART;VALUE=DATE and the next day as DTEND
        vevent.add("dtstart", item.date)
        vevent.add("dtend", item.date + dt.timedelta(days=1))
    else:
        vevent.add("dtstart", begin)
        if end is not None:
            vevent.add("dtend", end)
    add_version(vevent, edition.published.item(item.id))
    # A time still to be announced is TENTATIVE; once the edition is over it
    # never was, and the event says no status rather than one it never had.
    over = timeline.edition_over(edition)
    status = STATUS.get(item.status, "TENTATIVE" if item.start_tba else "CONFIRMED")
    if not (status == "TENTATIVE" and over):
        vevent.add("status", status)
    vevent.add("url", workshop.item_url(item))
    vevent.add("location", places.calendar_location(edition, item))
    vevent.add("description", description(workshop, item, over))
    vevent.add("categories", [KIND_NAMES[item.kind]])
    vevent.add("transp", "TRANSPARENT" if begin is None else "OPAQUE")
    return vevent


def add_version(vevent: icalendar.Event, mark: Mark | None) -> None:
    """DTSTAMP: when this file was made (RFC 5545, with METHOD); SEQUENCE and
    LAST-MODIFIED: from the edition's recorded versions (data/versions.py), so
    that every change, marked or not, is newer to a subscribed calendar."""
    vevent.add("dtstamp", timeline.build_time().replace(microsecond=0))
    vevent.add("sequence", mark.sequence if mark else 0)
    if mark and mark.modified:
        vevent.add("last-modified", mark.modified)


def description(workshop: Workshop, item: Item, over: bool = False) -> str:
    lines = [notice] if (notice := edition_status.notice(workshop.edition(item.year))) else []
    if item.speakers:
        mark = lambda p: ", presenter" if p.presenter else ""  # noqa: E731
        lines.append("; ".join(f"{p.name} ({p.affiliation}{mark(p)})" for p in item.speakers))
    if item.chairs:
        lines.append(item.chairs_words)
    if item.paper and item.kind == "paper-talk":
        lines.append("Paper by " + ", ".join(workshop.papers[item.paper].authors))
    if item.status == "on-demand":
        lines.append(f"Recording available on demand from {item.date:%d %B %Y}.")
    if item.start_tba:
        lines.append("Time not announced." if over else "Time to be announced.")
    if item.start and item.duration is None:
        lines.append("End not announced.")
    for label, url in (("Recording", item.recording), ("Slides", item.slides), ("Preprint", item.preprint)):
        if url:
            lines.append(f"{label}: {url}")
    lines.append(f"Details: {workshop.item_url(item)}")
    return "\n".join(lines)


def files(workshop: Workshop, edition: Edition) -> dict[str, bytes]:
    """Relative output path -> content: the edition's programme and one file per item."""
    folder = edition.exports_dir
    out = {f"{folder}/program.ics": calendar(workshop, edition, edition.items, edition.acronym).to_ical()}
    for item in edition.items:
        name = f"{edition.acronym}: {workshop.item_title(item)}"
        out[f"{folder}/{item.id}.ics"] = calendar(workshop, edition, (item,), name).to_ical()
    return out


# --- deadlines.ics: an edition's important dates ------------------------------------------


def deadline_event(workshop: Workshop, edition: Edition, key_date: KeyDate) -> icalendar.Event:
    """A timed date is an event at its instant (in UTC for AoE, which has no
    IANA name); a date alone is an all-day event. SEQUENCE grows with each
    recorded change, so that a subscribed calendar moves the event when a
    deadline is extended."""
    vevent = icalendar.Event()
    vevent.add("uid", f"{key_date.id}@{urlsplit(workshop.series.url).hostname}")
    vevent.add("summary", f"{edition.acronym} {key_date.kind}: {key_date.title}")
    exact = timeline.instant(key_date.moment)
    if exact is None:
        vevent.add("dtstart", key_date.moment.date)
        vevent.add("dtend", key_date.moment.date + dt.timedelta(days=1))
    else:
        vevent.add("dtstart", exact.astimezone(dt.UTC) if key_date.moment.zone == AOE else exact)
    add_version(vevent, edition.published.date(key_date.id))
    vevent.add("status", "CANCELLED" if edition.status == edition_status.CANCELLED else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT")
    url = f"{workshop.page_url(edition.cfp_page)}#{key_date.id}"
    vevent.add("url", url)
    lines = [notice] if (notice := edition_status.notice(edition)) else []
    lines += [timeline.words(key_date.moment) + (f" ({key_date.note})" if key_date.note else "")]
    lines += [f"Was {timeline.words(c.was)}, changed on {timeline.day_words(c.changed)}." for c in key_date.history]
    lines.append(f"Details: {url}")
    vevent.add("description", "\n".join(lines))
    return vevent


def deadline_files(workshop: Workshop, edition: Edition) -> dict[str, bytes]:
    if not edition.dates:
        return {}
    cal = new_calendar(edition, "important dates", f"{edition.acronym}: important dates")
    for key_date in edition.dates:
        cal.add_component(deadline_event(workshop, edition, key_date))
    cal.add_missing_timezones()
    return {f"{edition.folder}/deadlines.ics": cal.to_ical()}
