"""<year>/event.ics: the whole edition as one calendar entry, linked from its home.

Its days as an all-day event (DTSTART;VALUE=DATE to the day after the last),
because the edition's own times are its programme's (program.ics): one entry
says "these days are taken" without inventing an hour. A cancelled edition
stays in the file as STATUS:CANCELLED, as a cancelled talk does.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar

from ..data import edition_status, places, timeline
from ..data.editions import Edition
from ..data.workshop import Workshop
from .calendar import new_calendar
from .site import event_calendar_path


def location(edition: Edition) -> str:
    """The venue, and the online place for an online or hybrid edition."""
    parts = []
    if places.meets_in_person(edition) and edition.venue:
        parts.append(edition.venue.words)
    if places.meets_online(edition):
        parts.append(f"Online ({edition.online.words})" if edition.online else "Online")
    return "; ".join(parts)


def edition_event(workshop: Workshop, edition: Edition) -> icalendar.Event:
    url = workshop.page_url(edition.home).removesuffix("index.html")
    vevent = icalendar.Event()
    vevent.add("uid", f"edition-{edition.year}@{urlsplit(workshop.series.url).hostname}")
    vevent.add("summary", f"{edition.acronym}: {workshop.series.name}")
    vevent.add("dtstart", edition.start)
    vevent.add("dtend", edition.end + dt.timedelta(days=1))
    # (When the file was written: RFC 5545's DTSTAMP is when the object was made.)
    vevent.add("dtstamp", timeline.build_time().replace(microsecond=0))
    # Each change of the edition's status or dates is a line of its history (the rules ask for
    # one): their count grows with every change, so a subscribed calendar takes the new copy.
    vevent.add("sequence", len(edition.history))
    if edition.history:
        changed = edition.history[-1].changed
        vevent.add("last-modified", dt.datetime.combine(changed, dt.time(), tzinfo=edition.zone).astimezone(dt.UTC))
    # (A postponed edition is not held on these dates either.)
    vevent.add("status", "CONFIRMED" if edition_status.counts_down(edition) else "CANCELLED")
    vevent.add("transp", "OPAQUE")
    vevent.add("url", url)
    where = location(edition)
    if where:
        vevent.add("location", where)
    lines = [f"{edition.format.capitalize()}, held with {edition.host.name}."]
    if edition.registration:
        lines.append(f"Registration: {edition.registration}")
    lines.append(f"Programme: {workshop.page_url(edition.programme_page)}")
    lines.append(f"Details: {url}")
    vevent.add("description", "\n".join(lines))
    return vevent


def files(workshop: Workshop, edition: Edition) -> dict[str, bytes]:
    cal = new_calendar(edition, "edition", edition.acronym)
    cal.add_component(edition_event(workshop, edition))
    return {event_calendar_path(edition): cal.to_ical()}
