"""Announcements dated after the build's clock: held back until their day, never published early.

The checked data keeps every announcement (it is kept between builds, whatever the clock); each
build takes out those whose day has not come in their edition's time zone, before any page, feed or
book is made, and says which. The deploy workflows build every day, so each appears on its day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from .dates import Announcement
from .workshop import Workshop


def held_back(workshop: Workshop, now: dt.datetime) -> list[tuple[str, Announcement]]:
    """(its edition's file, the announcement) for each one whose day has not come."""
    return [
        (edition.source, news)
        for edition in workshop.editions
        for news in edition.announcements
        if news.date > now.astimezone(edition.zone).date()
    ]


def published_now(workshop: Workshop, now: dt.datetime) -> Workshop:
    """The series as it may be published at `now`: without the announcements held back."""
    held = {news.id for _, news in held_back(workshop, now)}
    if not held:
        return workshop
    editions = tuple(
        dataclasses.replace(e, announcements=tuple(a for a in e.announcements if a.id not in held))
        for e in workshop.editions
    )
    return dataclasses.replace(workshop, editions=editions)


def notes(workshop: Workshop, now: dt.datetime) -> list[tuple[str, str]]:
    """('path:line', what is held back) for the build to say."""
    return [
        (
            f"{source}:{news.line}",
            f"announcement '{news.id}' is dated {news.date}, after the build's clock "
            f"({now.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC): held back until that day",
        )
        for source, news in held_back(workshop, now)
    ]
