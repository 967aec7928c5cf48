"""Important dates (deadlines, milestones) with their history, and announcements, as frozen records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

#: "Anywhere on earth": the last zone where a day ends, UTC-12.
AOE = "AoE"
#: `time: end-of-day`: the last second of the date in the deadline's zone.
END_OF_DAY = "end-of-day"


@dataclass(frozen=True)
class Moment:
    """When a deadline or milestone falls, as it was announced: a date, and
    where a time was announced, that time and its zone (AoE or an IANA name)."""

    date: dt.date
    time: dt.time | None = None  # None: the date alone (no time was announced)
    zone: str | None = None  # "AoE" or an IANA name; None with no time
    end_of_day: bool = False  # the time was announced as "end of day"


@dataclass(frozen=True)
class Change:
    """An earlier value of a date, and the day its replacement was announced."""

    was: Moment
    changed: dt.date
    line: int


@dataclass(frozen=True)
class KeyDate:
    """A deadline or milestone of an edition, with its history (oldest first)."""

    id: str
    title: str
    kind: str  # "deadline" | "milestone"
    moment: Moment
    line: int
    year: int = 0
    note: str | None = None  # e.g. "no extensions"
    history: tuple[Change, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


@dataclass(frozen=True)
class Announcement:
    """A dated piece of news of an edition, in the organizers' words."""

    id: str
    date: dt.date
    title: str
    text: str
    line: int
    year: int = 0
    page: str | None = None  # docname of the page it concerns, e.g. "2021/cfp"
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)
