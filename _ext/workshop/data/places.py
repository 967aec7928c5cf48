"""Where an edition and its items take place, as every output says it.

An online edition meets online (an item may name its platform: `where`); an
in-person edition at its venue (an item may name its room); a hybrid one at
both. Pages, calendars, frab schedules and JSON-LD all take their words from
here, so that they cannot disagree, and nothing says "Online" about an
edition that is not.
"""

from __future__ import annotations

from collections.abc import Iterator

from .editions import Edition
from .problems import Problem
from .programme import Item


def meets_in_person(edition: Edition) -> bool:
    return edition.format in ("in person", "hybrid")


def meets_online(edition: Edition) -> bool:
    return edition.format in ("online", "hybrid")


def physical(edition: Edition, item: Item) -> str | None:
    """'Hall Y5, CCH Congress Center Hamburg, Congressplatz 1, Hamburg, Germany'"""
    if not meets_in_person(edition) or edition.venue is None:
        return None
    return ", ".join(part for part in (item.room, edition.venue.words) if part)


def virtual(edition: Edition, item: Item) -> str | None:
    """The item's online place ('Zoom'), else the edition's, else None."""
    if not meets_online(edition):
        return None
    if item.where:
        return item.where
    return edition.online.words if edition.online else None


def short(edition: Edition, item: Item) -> str | None:
    """For a programme row: the room, and for hybrid items the online place."""
    parts = [item.room if meets_in_person(edition) else None, item.where if meets_online(edition) else None]
    return " / ".join(p for p in parts if p) or None


def calendar_location(edition: Edition, item: Item) -> str:
    """RFC 5545 LOCATION: room and venue; the online place only for online or hybrid."""
    place = physical(edition, item)
    online = None
    if meets_online(edition):
        online = f"Online ({virtual(edition, item)})" if virtual(edition, item) else "Online"
    return "; ".join(p for p in (place, online) if p)


def frab_room(edition: Edition, item: Item) -> str:
    """frab and pretalx name rooms: the room at the venue, else the online place."""
    if meets_in_person(edition):
        return item.room or edition.venue.name
    return item.where or ("Recordings" if item.status == "on-demand" else "Online")


def attendance_mode(edition: Edition) -> str:
    mode = {"online": "Online", "in person": "Offline", "hybrid": "Mixed"}[edition.format]
    return f"https://schema.org/{mode}EventAttendanceMode"


def json_ld_location(edition: Edition, url: str) -> dict | list[dict]:
    """schema.org: a Place with a PostalAddress, a VirtualLocation, or both."""
    places = []
    if meets_in_person(edition):
        venue = edition.venue
        address = {"@type": "PostalAddress"}
        for key, value in (
            ("streetAddress", venue.address),
            ("addressLocality", venue.city),
            ("addressCountry", venue.country),
        ):
            if value:
                address[key] = value
        place = {"@type": "Place", "name": venue.name, "address": address}
        if venue.url:
            place["url"] = venue.url
        places.append(place)
    if meets_online(edition):
        online_url = edition.online.url if edition.online and edition.online.url else url
        places.append({"@type": "VirtualLocation", "url": online_url})
    return places[0] if len(places) == 1 else places


def place_rules(edition: Edition) -> Iterator[Problem]:
    where = edition.source
    if meets_in_person(edition) and edition.venue is None:
        yield Problem(
            where,
            edition.line("format"),
            f"an edition held {edition.format} needs its venue: add 'venue:' with its name "
            "(and address, city, country)",
        )
    if not meets_in_person(edition) and edition.venue is not None:
        yield Problem(
            where, edition.line("venue"), "an online edition has no venue: write 'format: hybrid', or remove it"
        )
    if not meets_online(edition) and edition.online is not None:
        yield Problem(
            where, edition.line("online"), "an edition held in person has no online place: write 'format: hybrid'"
        )
    for item in edition.items:
        if item.room and not meets_in_person(edition):
            yield Problem(where, item.line_of("room"), f"'{item.id}' has a room, but the edition is held online")
        if item.where and not meets_online(edition):
            yield Problem(
                where,
                item.line_of("where"),
                f"'{item.id}' has an online place (where), but the edition is held in person",
            )
