"""Histories that hold together: every change of a deadline, a milestone or an edition's status
was announced on its day, before the value it moved to had passed, and on a day that has come.

A change's `changed` day is when readers heard of it. An extension announced after the new
deadline had passed everywhere could not have been heard in time; a change with no announcement
of its day reached no feed; a change dated after the build's clock would be published before it
was made. (The programme's changes have the same rule of announcement: timeline.py.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from . import timeline
from .editions import Edition
from .problems import Problem

#: The first zone where a day begins (UTC+14, Kiribati): a change announced on a day was heard
#: no earlier than that day's start there.
EARLIEST = dt.timezone(dt.timedelta(hours=14))


def date_history_rules(edition: Edition) -> Iterator[Problem]:
    where = edition.source
    announced = {news.date for news in edition.announcements}
    for key_date in edition.dates:
        moved_to = [change.was for change in key_date.history[1:]] + [key_date.moment]  # (each change's new value)
        for change, value in zip(key_date.history, moved_to, strict=False):
            heard = dt.datetime.combine(change.changed, dt.time(), tzinfo=EARLIEST)
            if heard >= timeline.over_everywhere(value):
                yield Problem(
                    where,
                    change.line,
                    f"'{key_date.id}' changed on {change.changed} to {value.date}, which had passed everywhere "
                    "by then: write the day the change was announced, before the new value passed",
                )
            if change.changed not in announced:
                yield Problem(
                    where,
                    change.line,
                    f"'{key_date.id}' changed on {change.changed}, and no announcement of the edition is dated "
                    "that day: add one that says what changed in the important dates",
                )


def future_change_rules(edition: Edition, now: dt.datetime) -> Iterator[Problem]:
    """No change is dated after the build's clock (in the edition's time zone): it would be
    published before it was made. Write it on its day."""
    today = now.astimezone(edition.zone).date()
    changes = [(f"'{d.id}'", c.changed, c.line) for d in edition.dates for c in d.history]
    changes += [("the edition's status or dates", c.changed, c.line) for c in edition.history]
    for what, day, line in changes:
        if day > today:
            yield Problem(
                edition.source,
                line,
                f"{what} changed on {day}, after the build's clock ({today}): a change is published on the day "
                "it is made; write it on that day",
            )
