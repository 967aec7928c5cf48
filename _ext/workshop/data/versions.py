"""What an edition has published, version by version: the programme items and
important dates as they were last recorded, what changed since, and how to say it.

Each edition keeps that record in its lock file (`<year>/program/versions.yaml`,
read and written by lock_file.py). The build compares the edition's file with
the record; whatever differs is the next version, with every item and date it
touches given a higher SEQUENCE. Nothing here depends on `updated:` or a
`history:` line: a change no one marked is still a change (pretalx computes its
schedule changes against the last released schedule in the same way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from . import timeline, when
from .dates import KeyDate
from .editions import Edition
from .programme import Item
from .published import Change, Mark, Published, Version
from .workshop import Workshop

#: SEQUENCE of a first record, and the least of any later one: whole minutes
#: since 2020, so that a number never falls, even where a record was lost.
EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


# --- what subscribers see --------------------------------------------------------------


def time_words(item: Item, edition: Edition) -> str:
    """'14:00–14:15', '18:15, end not announced', 'time to be announced', or '' (the day only)."""
    begin, end = item.starts_at(edition.zone), item.ends_at(edition.zone)
    if begin is None:
        return "time to be announced" if item.start_tba else ""
    return f"{begin:%H:%M}–{end:%H:%M}" if end else f"{begin:%H:%M}, end not announced"


def item_state(item: Item, edition: Edition, title: str) -> dict[str, str | tuple[str, ...]]:
    """`title`: as shown (a paper's comes from references.bib)."""
    return {
        "title": title,
        "kind": item.kind,
        "status": item.status,
        "day": when.day(item.date),
        "time": time_words(item, edition),
        "room": item.room or "",
        "where": item.where or "",
        "speakers": tuple(f"{p.name} ({p.affiliation})" for p in item.speakers),
        "paper": item.paper or "",
        "recording": item.recording or "",
        "slides": item.slides or "",
        "preprint": item.preprint or "",
    }


def date_state(key_date: KeyDate) -> dict[str, str]:
    return {
        "title": key_date.title,
        "kind": key_date.kind,
        "when": timeline.words(key_date.moment),
        "note": key_date.note or "",
    }


# --- the next version ------------------------------------------------------------------


def kept(state: dict) -> tuple:
    """As the lock file keeps it: what is empty left out."""
    return tuple((name, value) for name, value in state.items() if value)


def minutes_since_epoch(moment: dt.datetime) -> int:
    return int((moment - EPOCH).total_seconds() // 60)


def first_mark_of_item(item: Item, state: dict, now: dt.datetime) -> Mark:
    """Its first record keeps what was published before records were kept:
    SEQUENCE from `updated:` (whole minutes since 2020), LAST-MODIFIED that time."""
    if item.updated:
        return Mark(minutes_since_epoch(item.updated), item.updated.astimezone(dt.UTC), kept(state))
    return Mark(minutes_since_epoch(now), now, kept(state))


def first_mark_of_date(key_date: KeyDate, state: dict, now: dt.datetime) -> Mark:
    """Before records were kept, a date's SEQUENCE counted its history's lines."""
    if key_date.history:
        changed = dt.datetime.combine(key_date.history[-1].changed, dt.time(), tzinfo=dt.UTC)
        return Mark(len(key_date.history), changed, kept(state))
    return Mark(0, None, kept(state))


def compare(subject: str, thing_id: str, old: Mark | None, state: dict) -> list[Change]:
    if old is None:
        return [Change(subject, thing_id, "", None, state["title"])]
    before = dict(old.state)
    # (The lock file leaves out what is empty: "" and () are the same as missing.)
    return [
        Change(subject, thing_id, name, before.get(name), now)
        for name, now in state.items()
        if (before.get(name) or "") != (now or "")
    ]


def next_mark(old: Mark, state: dict, now: dt.datetime) -> Mark:
    """Higher than the last, and than the clock's minutes (see EPOCH)."""
    return Mark(max(old.sequence + 1, minutes_since_epoch(now)), now, kept(state))


def version_name(now: dt.datetime, taken: set[str]) -> str:
    name = now.strftime("%Y-%m-%d %H:%M UTC")
    number = 2
    while name in taken:
        name, number = f"{now:%Y-%m-%d %H:%M} UTC ({number})", number + 1
    return name


def publish(edition: Edition, recorded: Published | None, titles: Callable[[Item], str], now: dt.datetime) -> Published:
    """The edition's versions: those recorded, and one more when its file
    differs from the last record. `recorded`: None where there is no lock file
    (the first version, then, keeps the numbers published before records were
    kept). Items and dates gone from the file keep their marks (rules.py
    refuses to drop a published item)."""
    now = now.astimezone(dt.UTC).replace(microsecond=0)
    old = recorded or Published()
    items, dates, changes = dict(old.items), dict(old.dates), []
    for item in edition.items:
        state = item_state(item, edition, titles(item))
        if recorded is None:
            items[item.id] = first_mark_of_item(item, state, now)
            continue
        found = compare("item", item.id, items.get(item.id), state)
        if found:
            changes += found
            previous = items.get(item.id)
            new = Mark(minutes_since_epoch(now), now, kept(state))
            items[item.id] = next_mark(previous, state, now) if previous else new
    for key_date in edition.dates:
        state = date_state(key_date)
        if recorded is None:
            dates[key_date.id] = first_mark_of_date(key_date, state, now)
            continue
        found = compare("date", key_date.id, dates.get(key_date.id), state)
        if found:
            changes += found
            previous = dates.get(key_date.id)
            dates[key_date.id] = next_mark(previous, state, now) if previous else Mark(0, now, kept(state))
    if recorded is None:
        if not edition.items and not edition.dates:
            return Published()
        first = max((i.updated for i in edition.items if i.updated), default=None)
        name = first.isoformat() if first else version_name(now, set())
        return Published((Version(name, first.astimezone(dt.UTC) if first else now),), tuple(items.items()),
                         tuple(dates.items()), unrecorded=1)  # fmt: skip
    if not changes:
        return old
    version = Version(version_name(now, {v.name for v in old.versions}), now, tuple(changes))
    return Published((*old.versions, version), tuple(items.items()), tuple(dates.items()), old.unrecorded + 1)


# --- in words --------------------------------------------------------------------------


def listed(values) -> str:
    return ", ".join(values)


def item_phrases(changes: list[Change]) -> Iterator[str]:
    """'moved from 14:00–14:15 to 14:10–14:25', 'cancelled', 'new speaker Ann Lee (X)'."""
    by_field = {c.field: c for c in changes}
    if "" in by_field:
        yield "added to the programme"
        return
    day, time = by_field.get("day"), by_field.get("time")
    if day or time:
        before = [part for part in ((day or time).was if day else None, time.was if time else None) if part]
        after = [part for part in (day.now if day else None, time.now if time else None) if part]
        yield f"moved from {', '.join(before) or 'its day'} to {', '.join(after) or 'its day'}"
    if status := by_field.get("status"):
        yield {"cancelled": "cancelled", "on-demand": "now on demand", "moved-online": "moved online"}.get(
            status.now, "no longer cancelled" if status.was == "cancelled" else f"now {status.now}"
        )
    if title := by_field.get("title"):
        yield f"renamed from “{title.was}”"
    if kind := by_field.get("kind"):
        yield f"now a {kind.now.replace('-', ' ')} (was a {kind.was.replace('-', ' ')})"
    for name, words in (("room", "room"), ("where", "online place")):
        if change := by_field.get(name):
            if not change.now:
                yield f"no {words} now (was {change.was})"
            else:
                yield f"{words} now {change.now}" + (f" (was {change.was})" if change.was else "")
    if speakers := by_field.get("speakers"):
        was, now = set(speakers.was or ()), set(speakers.now)
        added, gone = [s for s in speakers.now if s not in was], [s for s in speakers.was or () if s not in now]
        if added:
            yield ("new speaker " if len(added) == 1 else "new speakers ") + listed(added)
        if gone:
            yield listed(gone) + (" no longer speaks" if len(gone) == 1 else " no longer speak")
        if not added and not gone:
            yield "speakers in another order"
    if paper := by_field.get("paper"):
        yield f"now presents the paper {paper.now}" if paper.now else "presents no paper now"
    for name in ("recording", "slides", "preprint"):
        if change := by_field.get(name):
            yield f"{name} published" if not change.was else (f"{name} moved" if change.now else f"{name} withdrawn")


def date_phrases(changes: list[Change]) -> Iterator[str]:
    by_field = {c.field: c for c in changes}
    if "" in by_field:
        yield "added to the important dates"
        return
    if moved := by_field.get("when"):
        yield f"moved from {moved.was} to {moved.now}"
    if title := by_field.get("title"):
        yield f"renamed from “{title.was}”"
    if kind := by_field.get("kind"):
        yield f"now a {kind.now} (was a {kind.was})"
    if note := by_field.get("note"):
        yield f"note now “{note.now}”" if note.now else "note removed"


def sentences(version: Version, name_of: Callable[[str, str], str]) -> list[str]:
    """One sentence per item or date the version changed, in the version's order.
    `name_of(subject, id)`: what readers call it (its title now)."""
    grouped: dict[tuple[str, str], list[Change]] = {}
    for change in version.changes:
        grouped.setdefault((change.subject, change.id), []).append(change)
    out = []
    for (subject, thing_id), changes in grouped.items():
        phrases = list((item_phrases if subject == "item" else date_phrases)(changes))
        out.append(f"{name_of(subject, thing_id)}: {'; '.join(phrases)}.")
    return out


def recorded_words(version: Version) -> str:
    """'4 December 2026, 05:40 UTC'"""
    return f"{version.recorded.day} {version.recorded:%B %Y, %H:%M} UTC"


def namer(workshop: Workshop, edition: Edition) -> Callable[[str, str], str]:
    """What readers call an item or a date: its title now."""
    titles = {d.id: d.title for d in edition.dates}

    def name_of(subject: str, thing_id: str) -> str:
        if subject == "item":
            item = workshop.item(thing_id)
            return workshop.item_title(item) if item else thing_id
        return titles.get(thing_id, thing_id)

    return name_of


def changelog(workshop: Workshop, edition: Edition) -> list[tuple[Version, list[str]]]:
    """Each version that changed something, newest first, with its sentences."""
    name_of = namer(workshop, edition)
    return [(v, sentences(v, name_of)) for v in reversed(edition.published.versions) if v.changes]


def earlier_times(published: Published, item_id: str) -> list[str]:
    """An item's earlier days and times, oldest first, to strike through:
    '14:00–14:15', or 'Fri 2 July 2021, 14:00–14:15' where the day changed too."""
    out = []
    for version in published.versions:
        moved = {c.field: c for c in version.changes if c.subject == "item" and c.id == item_id}
        day, time = moved.get("day"), moved.get("time")
        if not (day or time) or "" in moved:
            continue
        was_time = time.was if time else dict(published.item(item_id).state).get("time")  # (unchanged: still its time)
        parts = [day.was if day else None, was_time] if day else [was_time]
        words = ", ".join(p for p in parts if p)
        if words:
            out.append(words)
    return out
