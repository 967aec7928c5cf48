"""An edition's own status (schema.org's EventStatusType) and its history: read from the edition's
file, judged, said in words, and applied to its programme.

A status other than EventScheduled is a change, so it has a history line with the day it was
announced, as a deadline's extension has; the announcement of that day says it to readers. A
postponed edition's new dates are to be announced (`start: TBA`): it keeps the dates it had in its
history, and every output still names them, struck through or as "was". The items of a cancelled
or postponed edition are not held at their times: the programme, the calendars and frab say so
item by item, as they do for a cancelled talk.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

from . import when
from .editions import Edition, EditionChange
from .problems import Problem

SCHEDULED = "EventScheduled"
POSTPONED = "EventPostponed"
RESCHEDULED = "EventRescheduled"
CANCELLED = "EventCancelled"
#: `start: TBA`, `end: TBA`: a postponed edition's new dates are to be announced.
TBA = "TBA"
#: In running text: "MLHPCS 2027 is cancelled".
WORDS = {"EventMovedOnline": "moved online", POSTPONED: "postponed", RESCHEDULED: "rescheduled", CANCELLED: "cancelled"}
#: What an item of the edition becomes: not held at its time (shown as a cancelled talk is).
ITEM_STATUS = {CANCELLED: "cancelled", POSTPONED: "postponed"}


# --- reading ---------------------------------------------------------------------------


def date_or_tba(value: str) -> dt.date | None:
    return None if value == TBA else dt.date.fromisoformat(value)


def history_from(facts) -> tuple[EditionChange, ...]:
    """Oldest first; a value left out of a line is the next line's (the file's facts for the last)."""
    following = {name: facts[name] for name in ("status", "start", "end")}
    changes = []
    for entry in reversed(facts.get("history", [])):
        values = {name: entry.get(name, following[name]) for name in following}
        start, end = date_or_tba(values["start"]), date_or_tba(values["end"])
        changes.append(EditionChange(values["status"], start, end, dt.date.fromisoformat(entry["changed"]), entry.line))
        following = values
    return tuple(reversed(changes))


def dates_in_force(facts, history: tuple[EditionChange, ...]) -> tuple[dt.date, dt.date] | None:
    """The file's dates; while they are to be announced, the last dates the edition had."""
    if TBA not in (facts["start"], facts["end"]):
        return dt.date.fromisoformat(facts["start"]), dt.date.fromisoformat(facts["end"])
    return next(((c.start, c.end) for c in reversed(history) if c.start and c.end), None)


def reading_problems(facts, where: str) -> list[Problem]:
    """What keeps the facts from being read as dates (after the schema passed)."""
    tba = [name for name in ("start", "end") if facts[name] == TBA]
    if not tba:
        return []
    line = facts.lines.get(tba[0], 1)
    if len(tba) == 1:
        message = (
            f"{tba[0]} is TBA and the other day is not: while new dates are to be announced, "
            "write start: TBA and end: TBA"
        )
        return [Problem(where, line, message)]
    if dates_in_force(facts, history_from(facts)) is None:
        message = (
            "start: TBA keeps the dates the edition had in its history: add history: - {start: <its first day>, "
            "end: <its last day>, status: EventScheduled, changed: <the day it was postponed>}"
        )
        return [Problem(where, line, message)]
    return []


# --- rules -----------------------------------------------------------------------------


def status_rules(edition: Edition) -> Iterator[Problem]:
    where, status = edition.source, edition.status
    if status == POSTPONED and edition.dates_announced:
        yield Problem(
            where,
            edition.line("status"),
            "a postponed edition's new dates are to be announced: write start: TBA and end: TBA (and the dates "
            "it had in its history); once its new dates are known, write them with status: EventRescheduled",
        )
    if not edition.dates_announced and status != POSTPONED:
        yield Problem(
            where,
            edition.line("start"),
            f"start: TBA is for a postponed edition (status: EventPostponed), not {status}: write its dates",
        )
    if status != SCHEDULED and all(c.status == status for c in edition.history):
        yield Problem(
            where,
            edition.line("status"),
            f"the edition is {status}, and its history does not say since when: add history: - {{status: "
            "<its status before, such as EventScheduled>, changed: <the day the change was announced>}",
        )
    before = previous_dates(edition)
    if status == SCHEDULED and before is not None and edition.dates_announced:
        yield Problem(
            where,
            edition.line("status"),
            f"the edition's dates changed (from {before[0]} to {before[1]}): write status: EventRescheduled, "
            "so that every output says so",
        )
    if status == RESCHEDULED and before is None:
        yield Problem(
            where,
            edition.line("status"),
            "a rescheduled edition names the dates it had: add their start and end to its history",
        )
    for earlier, later in zip(edition.history, edition.history[1:], strict=False):
        if later.changed < earlier.changed:
            yield Problem(
                where,
                later.line,
                f"the edition's history is not in date order: changed on {later.changed}, after an entry changed "
                f"on {earlier.changed} (line {earlier.line}); list the earlier values oldest first",
            )
    announced = {news.date for news in edition.announcements}
    for change in edition.history:
        if change.changed not in announced:
            yield Problem(
                where,
                change.line,
                f"the edition's status or dates changed on {change.changed}, and no announcement of the edition "
                "is dated that day: add one that says what changed",
            )


# --- in words --------------------------------------------------------------------------


def previous_dates(edition: Edition) -> tuple[dt.date, dt.date] | None:
    """The dates the edition had before its dates last changed (schema.org's previousStartDate);
    while new dates are to be announced, the dates it had."""
    current = (edition.start, edition.end) if edition.dates_announced else None
    for change in reversed(edition.history):
        if change.start and change.end and (change.start, change.end) != current:
            return change.start, change.end
    return None


def status_changed(edition: Edition) -> dt.date | None:
    """The day the edition's present status was announced."""
    following = edition.status
    for change in reversed(edition.history):
        if change.status != following:
            return change.changed
        following = change.status
    return None


def notice(edition: Edition) -> str | None:
    """The sentence at the top of every page of the edition; None while it is scheduled."""
    if edition.status not in WORDS:
        return None
    announced = status_changed(edition)
    since = f" (announced on {announced.day} {announced:%B %Y})" if announced else ""
    before = previous_dates(edition)
    if edition.status == CANCELLED:
        return f"{edition.acronym} ({when.days(edition)}) is cancelled{since}."
    if edition.status == POSTPONED:
        return f"{edition.acronym} is postponed from {when.days(edition)}{since}; its new dates will be announced."
    if edition.status == RESCHEDULED and before:
        return f"{edition.acronym} is rescheduled to {when.days(edition)}, from {when.span(*before)}{since}."
    return f"{edition.acronym} {WORDS[edition.status]}{since}."


def edition_line(edition: Edition) -> str:
    """'Fri 2 July 2021; online, with ISC 2021.', with the status where it is not scheduled:
    'New dates to be announced (was Thu 24 June 2027); in person (postponed), with SHC 2027.'"""
    before = previous_dates(edition)
    if not edition.dates_announced:
        days = f"New dates to be announced (was {when.days(edition)})"
    elif edition.status == RESCHEDULED and before:
        days = f"{when.days(edition)} (was {when.span(*before)})"
    else:
        days = when.days(edition)
    cancelled = "cancelled; " if edition.status == CANCELLED else ""
    moved = f" ({WORDS[edition.status]})" if edition.status in WORDS and edition.status != CANCELLED else ""
    return f"{days}; {cancelled}{edition.format}{moved}, with {edition.host.short}."


def counts_down(edition: Edition) -> bool:
    """Whether the reader's clock may count the days to the edition: not to one that will not be
    held on its dates."""
    return edition.status not in ITEM_STATUS


# --- applied to the programme ----------------------------------------------------------


def as_published(edition: Edition) -> Edition:
    """The edition as every output shows it: the items of a cancelled or postponed edition are not
    held at their times, and changed on the day that was announced (so that calendars replace them)."""
    status = ITEM_STATUS.get(edition.status)
    if status is None:
        return edition
    day = status_changed(edition)
    changed = dt.datetime.combine(day, dt.time(), tzinfo=edition.zone) if day else None
    items = []
    for item in edition.items:
        if item.status == "cancelled":  # (cancelled before: stays as it was)
            items.append(item)
            continue
        updated = max(filter(None, (item.updated, changed)), default=None)
        items.append(dataclasses.replace(item, status=status, updated=updated))
    return dataclasses.replace(edition, items=tuple(items))
