"""An edition's important dates and announcements: judged, and turned into
instants (load.py reads them from the edition's file).

A deadline announced with a time is an instant (the end of 14 May 2021
anywhere on earth is 2021-05-15T11:59:59Z). One announced as a date alone
stays a date: nothing here invents a time or a zone. Where a date alone must
be compared with a clock, it counts as over only once that day has ended
everywhere on earth.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import citing, when
from .dates import AOE, Moment
from .editions import Edition
from .problems import Problem

AOE_ZONE = dt.timezone(dt.timedelta(hours=-12), AOE)
DAY = dt.timedelta(days=1)


# --- the clock ---------------------------------------------------------------------


def build_time() -> dt.datetime:
    """Now, for what a page states as settled when it is built; SOURCE_DATE_EPOCH
    (the reproducible-builds convention, which Sphinx also reads) fixes it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


# --- instants ------------------------------------------------------------------------


def zone_named(name: str) -> dt.tzinfo | None:
    if name == AOE:
        return AOE_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def instant(moment: Moment) -> dt.datetime | None:
    """The moment as an aware date-time; None for a date alone."""
    if moment.time is None or moment.zone is None:
        return None
    zone = zone_named(moment.zone)
    return dt.datetime.combine(moment.date, moment.time, tzinfo=zone) if zone else None


def over_everywhere(moment: Moment) -> dt.datetime:
    """When the moment has passed for every reader: its instant, or for a date
    alone the end of that day anywhere on earth."""
    exact = instant(moment)
    if exact is not None:
        return exact
    return dt.datetime.combine(moment.date + DAY, dt.time(), tzinfo=AOE_ZONE)


def machine_value(moment: Moment) -> str:
    """For <time datetime>: the UTC instant, or the date alone."""
    exact = instant(moment)
    if exact is None:
        return moment.date.isoformat()
    return exact.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def words(moment: Moment) -> str:
    """'Fri 14 May 2021, end of day AoE (UTC-12:00)', or 'Fri 29 May 2020'
    (written as the programme's times are)."""
    exact = instant(moment)
    if exact is None:
        return when.day(moment.date)
    clock = "end of day" if moment.end_of_day else f"{exact:%H:%M}"
    name = AOE if moment.zone == AOE else f"{exact:%Z}"
    return f"{when.day(moment.date)}, {clock} {name} ({when.offset(exact)})"


def day_words(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def settled(moment: Moment) -> bool:
    """Over for every reader when the build runs: a page may say so for good."""
    return over_everywhere(moment) <= build_time()


def edition_over(edition: Edition) -> bool:
    return edition_bounds(edition)[1] <= build_time()


def edition_bounds(edition: Edition) -> tuple[dt.datetime, dt.datetime]:
    """From the first day's start to the last day's end, in the edition's zone."""
    return (
        dt.datetime.combine(edition.start, dt.time(), tzinfo=edition.zone),
        dt.datetime.combine(edition.end + DAY, dt.time(), tzinfo=edition.zone),
    )


# --- rules ---------------------------------------------------------------------------


def moment_rules(moment: Moment, what: str, lines: dict, where: str) -> Iterator[Problem]:
    """`lines`: the line of the time and of the zone (one line each in a flow mapping)."""
    if moment.time is not None and moment.zone is None:
        yield Problem(
            where,
            lines["time"],
            f"{what} has a time but no zone: add 'zone: AoE' or an IANA name such as Europe/Berlin",
        )
    if moment.zone is not None and zone_named(moment.zone) is None:
        yield Problem(
            where, lines["zone"], f"{what}: zone '{moment.zone}' is neither AoE nor an IANA name such as Europe/Berlin"
        )
    if moment.zone is not None and moment.time is None:
        yield Problem(
            where, lines["zone"], f"{what} has a zone but no time: a date alone has no zone (add the announced time)"
        )


def date_rules(edition: Edition) -> Iterator[Problem]:
    where = edition.source
    for key_date in edition.dates:
        name = f"'{key_date.id}'"
        own_lines = {"time": key_date.line_of("time"), "zone": key_date.line_of("zone")}
        yield from moment_rules(key_date.moment, name, own_lines, where)
        for change in key_date.history:
            change_lines = {"time": change.line, "zone": change.line}
            yield from moment_rules(change.was, f"{name}'s value before {change.changed}", change_lines, where)
        for earlier, later in zip(key_date.history, key_date.history[1:], strict=False):
            if later.changed < earlier.changed:
                yield Problem(
                    where,
                    later.line,
                    f"{name}'s history is not in date order: changed on {later.changed}, after an entry "
                    f"changed on {earlier.changed} (line {earlier.line}); list the earlier values oldest first",
                )
        if key_date.kind != "deadline":
            continue
        values = [c.was for c in key_date.history] + [key_date.moment]
        lines = [c.line for c in key_date.history] + [key_date.line_of("date")]
        for old, new, line in zip(values, values[1:], lines[1:], strict=False):
            if over_everywhere(new) < over_everywhere(old):
                yield Problem(
                    where,
                    line,
                    f"{name} moves from {old.date} to the earlier {new.date}: a deadline's history records "
                    "extensions only (rule: a change moves a deadline later); for a date that may move "
                    "either way, write 'kind: milestone'",
                )


def announcement_rules(edition: Edition, documents: set[str]) -> Iterator[Problem]:
    """`documents`: every page's docname."""
    for news in edition.announcements:
        if news.page and news.page not in documents:
            yield Problem(
                edition.source,
                news.line_of("page"),
                f"announcement '{news.id}' links to {news.page}.md, which does not exist "
                f"(pages are named from the edition's folder, like cfp.md)",
            )


def citation_rules(edition: Edition, papers: dict, entries: dict) -> Iterator[Problem]:
    """The citations in the announcements' texts; `papers` and `entries`: of references.bib, by key."""
    for news in edition.announcements:
        for problem in citing.text_problems(news.text, papers, entries):
            yield Problem(edition.source, news.line_of("text"), f"announcement '{news.id}': {problem}")


def series_id_rules(editions: list[Edition]) -> Iterator[Problem]:
    """Date and announcement ids name calendar entries and feed entries across the series."""
    for records, what in ((lambda e: e.dates, "date"), (lambda e: e.announcements, "announcement")):
        first: dict[str, str] = {}
        for edition in editions:
            for record in records(edition):
                if record.id in first:
                    yield Problem(
                        edition.source,
                        record.line,
                        f"{what} id '{record.id}' is given twice (first at {first[record.id]}): ids name "
                        f"calendar and feed entries; add the year, like {record.id}-{edition.year}",
                    )
                first.setdefault(record.id, f"{edition.source}:{record.line}")


def programme_version_rules(edition: Edition) -> Iterator[Problem]:
    """Each version of the programme (an item's `updated` day) is announced:
    the announcements are its changelog, as pretalx keeps one per schedule
    version, and the frab <version> and calendar SEQUENCE come from those days."""
    announced = {news.date for news in edition.announcements}
    for item in edition.items:
        if item.updated and item.updated.date() not in announced:
            yield Problem(
                edition.source,
                item.line_of("updated"),
                f"'{item.id}' changed on {item.updated.date()}, and no announcement of the edition is dated "
                "that day: add one that says what changed in the programme",
            )
