"""An edition's facts (host, venue, online place, committees) and the series', as frozen records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .dates import Announcement, KeyDate
from .programme import Item, Person
from .published import Published


def host_of(url: str) -> str:
    """ "video.hs-offenburg.de" of an http(s) URL."""
    return urlsplit(url).netloc


@dataclass(frozen=True)
class Host:
    """The conference an edition is held with."""

    name: str  # "ISC High Performance 2021"
    short: str  # "ISC 2021"
    url: str
    start: dt.date | None = None
    end: dt.date | None = None
    note: str | None = None  # e.g. "held online"


#: How readers take part in an edition.
FORMATS = ("online", "in person", "hybrid")


@dataclass(frozen=True)
class Venue:
    """Where an in-person or hybrid edition meets."""

    name: str
    address: str | None = None
    city: str | None = None
    country: str | None = None
    url: str | None = None  # a map, or the venue's own page

    @property
    def words(self) -> str:
        """'CCH Congress Center Hamburg, Congressplatz 1, Hamburg, Germany'"""
        return ", ".join(part for part in (self.name, self.address, self.city, self.country) if part)


@dataclass(frozen=True)
class OnlinePlace:
    """Where an online or hybrid edition meets on the internet."""

    platform: str | None = None  # e.g. "Zoom"
    url: str | None = None

    @property
    def words(self) -> str:
        return " ".join(part for part in (self.platform, self.url and f"<{self.url}>") if part)


@dataclass(frozen=True)
class Committees:
    organizing: tuple[Person, ...] = ()
    programme: tuple[Person, ...] = ()  # its other members
    programme_includes_organizing: bool = False


@dataclass(frozen=True)
class EditionChange:
    """An earlier status and dates of an edition, and the day their replacement was announced
    (edition_status.py reads them: a value left out was the same as the next)."""

    status: str
    start: dt.date | None  # None: to be announced
    end: dt.date | None
    changed: dt.date
    line: int


@dataclass(frozen=True)
class Edition:
    """One year of the series: its facts, committees and programme."""

    year: int
    acronym: str  # "MLHPCS 2021"
    start: dt.date  # while new dates are to be announced (dates_announced False): the dates it had
    end: dt.date
    timezone: str
    status: str  # schema.org EventStatusType, e.g. "EventMovedOnline"
    format: str  # how readers take part: "online", "in person" or "hybrid"
    host: Host
    proceedings: str | None  # BibTeX key of the proceedings volume; None until there is one
    source: str  # the programme file, as shown in messages
    notice: str | None = None  # shown on every page of this edition
    notice_date: dt.date | None = None  # the day it was first shown (once the edition is over, "announced on")
    venue: Venue | None = None  # in person or hybrid
    online: OnlinePlace | None = None  # online or hybrid, where there is one
    submission: str | None = None  # where authors submit: a link while a deadline is open
    registration: str | None = None  # where readers register: a link until the edition is over
    committees: Committees = field(default_factory=Committees)
    items: tuple[Item, ...] = ()  # empty while the programme is to be announced
    dates: tuple[KeyDate, ...] = ()  # deadlines and milestones, in the file's order
    announcements: tuple[Announcement, ...] = ()  # in the file's order
    history: tuple[EditionChange, ...] = ()  # earlier statuses and dates, oldest first
    dates_announced: bool = True  # False: a postponed edition whose new dates are to be announced
    published: Published = field(default_factory=Published)  # its versions, from its lock file
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # fact -> its line in `source`

    def line(self, fact: str) -> int:
        return self.lines.get(fact, 1)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def folder(self) -> str:
        return str(self.year)

    @property
    def home(self) -> str:
        return f"{self.folder}/index"

    @property
    def programme_page(self) -> str:
        return f"{self.folder}/program/index"

    @property
    def cfp_page(self) -> str:
        return f"{self.folder}/cfp"

    @property
    def committee_page(self) -> str:
        return f"{self.folder}/committee"

    @property
    def exports_dir(self) -> str:
        """Where its calendars and schedules are published, beside its programme page."""
        return f"{self.folder}/program"


@dataclass(frozen=True)
class Series:
    """The series itself, from conf.py's ``workshop_series``."""

    name: str
    acronym: str
    url: str  # the published site's base URL, ending in "/"
    contact: str
