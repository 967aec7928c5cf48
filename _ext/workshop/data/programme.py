"""A programme item and its speakers, as frozen records; the kinds and statuses an item may have."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

#: Kinds of programme item, as written in an edition's programme file.
KINDS = (
    "keynote",
    "invited-talk",
    "contributed-talk",  # an accepted submission; with `paper` when it was published
    "paper-talk",  # a paper presentation, presenter only (2020's form)
    "session",  # welcome, closing discussion: no page of its own
    "live-session",
    "release",
    "poster",  # presented at a poster session: authors as speakers, with `paper` when it was published
    "break",  # coffee, lunch: no speakers, no page
)
#: How each kind reads on the pages and in the calendars.
KIND_NAMES = {
    "keynote": "Keynote",
    "invited-talk": "Invited talk",
    "contributed-talk": "Contributed talk",
    "paper-talk": "Paper",
    "session": "Session",
    "live-session": "Live session",
    "release": "Release",
    "poster": "Poster",
    "break": "Break",
}
#: Kinds whose authors are its speakers (every author listed, the presenter marked).
AUTHORED_KINDS = ("contributed-talk", "poster")
#: Kinds whose item has a page of its own in the edition's program/ folder
#: (an item with a `paper` is shown on its paper's page instead).
PAGED_KINDS = ("keynote", "invited-talk", "contributed-talk", "live-session")
#: What happened to an item. "on-demand" = a recording published on `date`.
STATUSES = ("scheduled", "on-demand", "moved-online", "cancelled")
#: Not held at its time: cancelled, or (only as its edition is: edition_status.py) postponed.
NOT_HELD = ("cancelled", "postponed")
#: `duration: unannounced`: a start time whose end was never announced.
UNANNOUNCED = "unannounced"


@dataclass(frozen=True)
class Person:
    name: str
    affiliation: str
    presenter: bool = False
    line: int = 0
    distinct_from: tuple[str, ...] = ()  # names one letter away that are other people


@dataclass(frozen=True)
class Item:
    """One programme item of an edition's programme file."""

    id: str
    kind: str
    status: str
    date: dt.date
    line: int
    year: int = 0  # the edition's
    title: str | None = None  # given for all but paper talks (theirs is the paper's)
    paper: str | None = None  # BibTeX key of the paper presented
    speakers: tuple[Person, ...] = ()
    start: dt.time | None = None  # None: the day only (or, with start_tba, a time to come)
    start_tba: bool = False  # "start: TBA": a time will be announced
    duration: int | None = None  # minutes; None with a start: no end was announced
    recording: str | None = None
    slides: str | None = None
    preprint: str | None = None
    where: str | None = None  # its online place, e.g. "Zoom"
    room: str | None = None  # its room at the venue, e.g. "Hall Y5"
    chairs: tuple[Person, ...] = ()  # who chairs it
    updated: dt.datetime | None = None  # last change, for calendar SEQUENCE/LAST-MODIFIED
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # field -> its line

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)

    def starts_at(self, zone: ZoneInfo) -> dt.datetime | None:
        if self.start is None:
            return None
        return dt.datetime.combine(self.date, self.start, tzinfo=zone)

    def ends_at(self, zone: ZoneInfo) -> dt.datetime | None:
        begin = self.starts_at(zone)
        if begin is None or self.duration is None:
            return None
        return begin + dt.timedelta(minutes=self.duration)

    @property
    def chairs_words(self) -> str:
        """'Chair: Ada Lovelace (Example University)', or '' without chairs."""
        if not self.chairs:
            return ""
        names = "; ".join(f"{p.name} ({p.affiliation})" for p in self.chairs)
        return ("Chairs: " if len(self.chairs) > 1 else "Chair: ") + names

    @property
    def presenters(self) -> tuple[Person, ...]:
        marked = tuple(p for p in self.speakers if p.presenter)
        return marked or (self.speakers if self.kind == "paper-talk" else ())
