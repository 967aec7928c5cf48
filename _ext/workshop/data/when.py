"""How dates and times read, in words and machine form.

The event time zone is always printed with its UTC offset, so the page is
complete without JavaScript; `workshop.js` may add the reader's local time.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from .editions import Edition
from .programme import Item


def day(date: dt.date) -> str:
    return f"{date:%a} {date.day} {date:%B %Y}"


def span(first: dt.date, last: dt.date) -> str:
    """'24 June to 2 July 2021', or one day."""
    if first == last:
        return day(first)
    start = f"{first.day} {first:%B}" + (f" {first.year}" if first.year != last.year else "")
    return f"{start} to {last.day} {last:%B %Y}"


def days(edition: Edition) -> str:
    return span(edition.start, edition.end)


def offset(moment: dt.datetime) -> str:
    raw = moment.strftime("%z")  # +0200
    return f"UTC{raw[:3]}:{raw[3:]}"


def describe(item: Item, zone: ZoneInfo, over: bool = False) -> tuple[str, str]:
    """(words, ISO 8601 value for <time datetime>). `over`: the item's edition had
    ended when the build ran, so a time still "to be announced" never was."""
    begin, end = item.starts_at(zone), item.ends_at(zone)
    if item.status == "on-demand":
        return f"on demand from {day(item.date)}", item.date.isoformat()
    if begin is None and item.start_tba:
        tba = "time not announced" if over else "time to be announced"
        return f"{day(item.date)}, {tba}", item.date.isoformat()
    if begin is None:
        return day(item.date), item.date.isoformat()
    clock = f"{begin:%H:%M}" + (f"–{end:%H:%M}" if end else "")
    words = f"{day(item.date)}, {clock} {begin:%Z} ({offset(begin)})" + ("" if end else ", end not announced")
    return words, begin.isoformat(timespec="minutes")
