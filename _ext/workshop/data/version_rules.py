"""The rules of an edition's recorded versions: a published item or date never
leaves the file, and where the build may not record (CI), every unrecorded change is
a mistake at its line, saying what changed."""

from __future__ import annotations

from collections.abc import Iterator

from .editions import Edition
from .problems import Problem
from .published import Published

#: The field of the edition's file each recorded field comes from.
ITEM_LINES = {"day": "date", "time": "start", "title": "title"}
DATE_LINES = {"when": "date"}


def kept_rules(edition: Edition, recorded: Published | None, lock_shown: str) -> Iterator[Problem]:
    """Subscribed calendars and apps keep a published item or date: taken out of
    the file, it would stay in them as it was. An item is cancelled instead; a
    date has no status, and one that moved keeps its id."""
    if recorded is None:
        return
    kept = (
        (
            recorded.items,
            {item.id for item in edition.items},
            "items",
            "is no longer in the programme: calendars and apps that have it would keep it. "
            "Put it back with 'status: cancelled'",
        ),
        (
            recorded.dates,
            {key_date.id for key_date in edition.dates},
            "dates",
            "is no longer among the dates: calendars that subscribed to deadlines.ics would keep it. "
            "Put it back; a date that moved keeps its id, with its new date and a 'history:' line",
        ),
    )
    for marks, ids, where, consequence in kept:
        if len(ids) < len(getattr(edition, where)):
            continue  # (an id given twice is that rule's mistake: which one was published is not known)
        for mark_id, mark in marks:
            if mark_id not in ids:
                title = dict(mark.state).get("title", mark_id)
                yield Problem(
                    edition.source,
                    edition.line(where),
                    f"'{mark_id}' (“{title}”) was published ({lock_shown}) and {consequence}",
                )


def stated(value) -> str:
    if isinstance(value, tuple):
        return "; ".join(value) or "none"
    return value or "none"


def unrecorded_rules(edition: Edition, published: Published, lock_shown: str) -> Iterator[Problem]:
    """For a build that must not write the lock file (CI, Read the Docs): a
    change that the committed record does not hold would reach nobody's
    calendar, or lose its SEQUENCE in the next clean clone."""
    fix = f"build on your machine (make html), which records it, and commit {lock_shown} with this change"
    if published.unrecorded and len(published.versions) == published.unrecorded:
        yield Problem(
            edition.source,
            1,
            f"{edition.acronym} has no record of what it published ({lock_shown} is missing): {fix}",
        )
        return
    items = {item.id: item for item in edition.items}
    dates = {key_date.id: key_date for key_date in edition.dates}
    for version in published.pending:
        for change in version.changes:
            record = items.get(change.id) if change.subject == "item" else dates.get(change.id)
            if record is None:
                continue
            if change.field == "":
                what = f"'{change.id}' is new since the last recorded version ({published.versions[-2].name})"
                line = record.line
            else:
                names = ITEM_LINES if change.subject == "item" else DATE_LINES
                field_name = names.get(change.field, change.field)
                if change.field == "title" and getattr(record, "paper", None):
                    field_name = "paper"  # (its title comes from references.bib)
                line = record.line_of(field_name)
                what = (
                    f"'{change.id}' changed since the last recorded version: "
                    f"{change.field} {stated(change.was)} -> {stated(change.now)}"
                )
            yield Problem(edition.source, line, f"{what}; {lock_shown} does not record it: {fix}")
