"""An edition's programme file read into records: its facts, programme, important dates and announcements.

Returns what it could read and `Problem`s that name the file and line; types, enums and formats are the
schema's (schema.py), the rules a schema cannot state are checks.py's. Nothing here imports Sphinx.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from . import edition_status
from .dates import END_OF_DAY, Announcement, Change, KeyDate, Moment
from .editions import Committees, Edition, Host, OnlinePlace, Venue
from .files import read_text, shown
from .located_yaml import LineLoader, Located
from .problems import Problem
from .programme import UNANNOUNCED, Item, Person
from .schema import schema_problems
from .unpublished import FACTS


def load_edition(path: Path) -> tuple[Edition | None, list[Problem], set[str]]:
    """The edition if its file is right, the problems, and every id and paper
    key the file names (also in broken items, so that they do not look missing too)."""
    where = shown(path)
    text, problem = read_text(path, "programme file")
    if problem:
        return None, [problem], set()
    loader = LineLoader(text)
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(where, line, f"YAML syntax error: {error.problem or error.context}")], set()
    finally:
        loader.dispose()
    problems = [
        Problem(where, line, f"'{key}' is given twice in this mapping (first on line {first}): keep one")
        for line, key, first in loader.duplicates
    ]
    if not isinstance(document, Located):
        return None, [*problems, Problem(where, 1, "the file must be a mapping with 'edition' and 'items'")], set()
    items = document.get("items") if isinstance(document.get("items"), list) else []
    named = {entry[k] for entry in items if isinstance(entry, Located) for k in ("id", "paper") if k in entry}
    problems += schema_problems(document, where)
    if not problems:  # (dates to be announced: the edition keeps those it had)
        problems += edition_status.reading_problems(document["edition"], where)
    if problems:
        return None, problems, {str(n) for n in named}
    if not any(name in document["edition"] for name in FACTS):  # (not published yet: nothing to read)
        return None, [], named
    return edition_from(document, where), [], named


def person_from(raw: Located) -> Person:
    other = raw.get("distinct_from", [])
    distinct = tuple(n.strip() for n in ([other] if isinstance(other, str) else other))
    return Person(raw["name"].strip(), raw["affiliation"].strip(), raw.get("presenter", False), raw.line, distinct)


def date_of(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def edition_from(document: Located, where: str) -> Edition:
    """A document that passed the schema, as records."""
    facts, committees = document["edition"], document.get("committees", {})
    year = facts["year"]
    zone = facts["timezone"]
    host = facts["host"]
    history = edition_status.history_from(facts)
    start, end = edition_status.dates_in_force(facts, history)
    return Edition(
        year=year,
        acronym=facts["acronym"].strip(),
        start=start,
        end=end,
        timezone=zone,
        status=facts["status"],
        format=facts["format"].strip(),
        host=Host(
            host["name"].strip(),
            host["short"].strip(),
            host["url"],
            date_of(host.get("start")),
            date_of(host.get("end")),
            host.get("note"),
        ),
        proceedings=facts["proceedings"].strip() if "proceedings" in facts else None,
        source=where,
        notice=facts.get("notice"),
        notice_date=date_of(facts.get("notice_date")),
        venue=Venue(**{k: v.strip() for k, v in facts["venue"].items()}) if "venue" in facts else None,
        online=OnlinePlace(**facts["online"]) if "online" in facts else None,
        submission=facts.get("submission"),
        registration=facts.get("registration"),
        committees=Committees(
            organizing=tuple(person_from(p) for p in committees.get("organizing", [])),
            programme=tuple(person_from(p) for p in committees.get("programme", [])),
            programme_includes_organizing=committees.get("programme_includes_organizing", False),
        ),
        items=tuple(item_from(raw, year, zone_or_utc(zone)) for raw in document.get("items", [])),
        dates=tuple(key_date_from(raw, year) for raw in document.get("dates", [])),
        announcements=tuple(announcement_from(raw, year) for raw in document.get("announcements", [])),
        history=history,
        dates_announced=edition_status.TBA not in (facts["start"], facts["end"]),
        lines={
            **{k: line for k, line in document.lines.items() if k in ("items", "dates", "announcements")},
            **facts.lines,
            **{f"host.{k}": line for k, line in host.lines.items()},
        },
    )


def zone_or_utc(name: str) -> ZoneInfo:
    """(An unknown zone is reported by the checks; the items are still read.)"""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def item_from(raw: Located, year: int, zone: ZoneInfo) -> Item:
    start = raw.get("start")
    duration = raw.get("duration")
    updated = raw.get("updated")
    return Item(
        id=raw["id"],
        kind=raw["kind"],
        status=raw["status"],
        date=date_of(raw["date"]),
        line=raw.line,
        year=year,
        title=raw["title"].strip() if "title" in raw else None,
        paper=raw.get("paper"),
        speakers=tuple(person_from(p) for p in raw.get("speakers", [])),
        start=dt.time.fromisoformat(start) if start and start != "TBA" else None,
        start_tba=start == "TBA",
        duration=None if duration in (None, UNANNOUNCED) else duration,
        recording=raw.get("recording"),
        slides=raw.get("slides"),
        preprint=raw.get("preprint"),
        where=raw.get("where"),
        room=raw["room"].strip() if "room" in raw else None,
        chairs=tuple(person_from(p) for p in raw.get("chairs", [])),
        updated=dt.datetime.fromisoformat(updated).replace(tzinfo=zone) if updated else None,
        lines=raw.lines,
    )


# --- important dates and announcements ------------------------------------------------


def moment_from(raw) -> Moment:
    time = raw.get("time")
    end_of_day = time == END_OF_DAY
    clock = (
        dt.time(23, 59, 59) if end_of_day else dt.time.fromisoformat(time) if time else None
    )  # (end of day: its last second)
    return Moment(dt.date.fromisoformat(raw["date"]), clock, raw.get("zone"), end_of_day)


def key_date_from(raw, year: int) -> KeyDate:
    return KeyDate(
        id=raw["id"],
        title=raw["title"].strip(),
        kind=raw.get("kind", "deadline"),
        moment=moment_from(raw),
        line=raw.line,
        year=year,
        note=raw["note"].strip() if "note" in raw else None,
        history=tuple(
            Change(moment_from(old), dt.date.fromisoformat(old["changed"]), old.line) for old in raw.get("history", [])
        ),
        lines=dict(raw.lines),
    )


def announcement_from(raw, year: int) -> Announcement:
    page = raw.get("page")
    return Announcement(
        id=raw["id"],
        date=dt.date.fromisoformat(raw["date"]),
        title=raw["title"].strip(),
        text=raw["text"].strip(),
        line=raw.line,
        year=year,
        page=f"{year}/{page.removesuffix('.md')}" if page else None,
        lines=dict(raw.lines),
    )
