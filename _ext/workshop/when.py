"""How a programme item's date and time read, in words and machine form.

The event time zone is always printed with its UTC offset, so the page is
complete without JavaScript; `workshop.js` may add the reader's local time.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from .model import Item


def day(date: dt.date) -> str:
    return f"{date:%a} {date.day} {date:%B %Y}"


def offset(moment: dt.datetime) -> str:
    raw = moment.strftime("%z")  # +0200
    return f"UTC{raw[:3]}:{raw[3:]}"


def describe(item: Item, zone: ZoneInfo) -> tuple[str, str]:
    """(words, ISO 8601 value for <time datetime>)."""
    begin, end = item.starts_at(zone), item.ends_at(zone)
    if item.status == "on-demand":
        return f"on demand from {day(item.date)}", item.date.isoformat()
    if begin is None and item.start_tba:
        return f"{day(item.date)}, time to be announced", item.date.isoformat()
    if begin is None:
        return day(item.date), item.date.isoformat()
    span = f"{begin:%H:%M}" + (f"–{end:%H:%M}" if end else "")
    return f"{day(item.date)}, {span} {begin:%Z} ({offset(begin)})", begin.isoformat(timespec="minutes")
