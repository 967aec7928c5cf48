"""The series' data as plain, frozen records.

Nothing here reads files or knows about Sphinx: `load` builds these records,
`checks` judges them, directives, metadata and exports render them. Strings
are plain text: every output escapes them for its own context.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from urllib.parse import urlsplit
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
)
#: Kinds whose item has a page of its own in the edition's program/ folder
#: (an item with a `paper` is shown on its paper's page instead).
PAGED_KINDS = ("keynote", "invited-talk", "contributed-talk", "live-session")
#: What happened to an item. "on-demand" = a recording published on `date`.
STATUSES = ("scheduled", "on-demand", "moved-online", "cancelled")
#: `duration: unannounced`: a start time whose end was never announced.
UNANNOUNCED = "unannounced"


def host_of(url: str) -> str:
    """ "video.hs-offenburg.de" of an http(s) URL."""
    return urlsplit(url).netloc


@dataclass(frozen=True)
class Problem:
    """One mistake in the data, reported as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Paper:
    """A BibTeX entry: an accepted paper (@inproceedings) or a proceedings volume."""

    key: str
    title: str  # plain text, LaTeX braces and accents resolved
    authors: tuple[str, ...]  # "First Last", in the entry's order
    authors_bibtex: tuple[str, ...]  # "Last, First", as citation_author wants
    booktitle: str
    series: str | None
    volume: str | None
    year: str
    publisher: str | None
    isbn: str | None
    pages: str | None  # "223--234" as in the .bib; None where not verified
    doi: str | None  # None where not verified
    source: str  # the entry's text exactly as written in references.bib
    line: int
    fields: tuple[tuple[str, str], ...] = ()  # every field, plain text, in the entry's order
    editors: tuple[str, ...] = ()  # "Last, First"
    address: str | None = None
    entry_type: str = "inproceedings"

    @property
    def page_range(self) -> tuple[str, str] | None:
        if not self.pages:
            return None
        first, _, last = self.pages.replace("--", "-").partition("-")
        return first.strip(), (last or first).strip()

    @property
    def volume_name(self) -> str:
        """ "LNCS 12321"-like: the series' initials and the volume."""
        initials = "".join(w[0] for w in (self.series or "").split() if w[0].isupper())
        return f"{initials} {self.volume}".strip() if self.volume else self.title


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
    def presenters(self) -> tuple[Person, ...]:
        marked = tuple(p for p in self.speakers if p.presenter)
        return marked or (self.speakers if self.kind == "paper-talk" else ())


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
class Edition:
    """One year of the series: its facts, committees and programme."""

    year: int
    acronym: str  # "MLHPCS 2021"
    start: dt.date
    end: dt.date
    timezone: str
    status: str  # schema.org EventStatusType, e.g. "EventMovedOnline"
    format: str  # how readers take part: "online", "in person" or "hybrid"
    host: Host
    proceedings: str | None  # BibTeX key of the proceedings volume; None until there is one
    source: str  # the programme file, as shown in messages
    notice: str | None = None  # shown on every page of this edition
    venue: Venue | None = None  # in person or hybrid
    online: OnlinePlace | None = None  # online or hybrid, where there is one
    committees: Committees = field(default_factory=Committees)
    items: tuple[Item, ...] = ()  # empty while the programme is to be announced
    dates: tuple[KeyDate, ...] = ()  # deadlines and milestones, in the file's order
    announcements: tuple[Announcement, ...] = ()  # in the file's order
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


@dataclass(frozen=True)
class Workshop:
    """Everything the pages and exports are made from."""

    series: Series
    editions: tuple[Edition, ...]  # oldest first
    papers: dict[str, Paper]  # every accepted paper of every edition
    volumes: dict[str, Paper]  # proceedings key -> its entry
    entries: tuple[str, ...] = ()  # every key of references.bib, in file order
    paper_pages: dict[str, str] = field(default_factory=dict)  # BibTeX key -> docname
    talk_pages: dict[str, str] = field(default_factory=dict)  # item id -> docname

    # -- finding things ----------------------------------------------------------

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for e in self.editions for i in e.items)

    def edition(self, year: int) -> Edition:
        return next(e for e in self.editions if e.year == year)

    def edition_of_doc(self, docname: str) -> Edition | None:
        first = docname.split("/", 1)[0]
        return next((e for e in self.editions if e.folder == first), None)

    def edition_of_paper(self, key: str) -> Edition:
        return self.edition(self.item_for_paper(key).year)

    def volume_of(self, edition: Edition) -> Paper | None:
        """The edition's proceedings volume, once there is one."""
        return self.volumes.get(edition.proceedings) if edition.proceedings else None

    @property
    def announcements(self) -> list[Announcement]:
        """Of every edition, newest first."""
        every = [a for e in self.editions for a in e.announcements]
        return sorted(every, key=lambda a: (a.date, a.year, a.line), reverse=True)

    def papers_of(self, edition: Edition) -> list[Paper]:
        """In programme order."""
        return [self.papers[i.paper] for i in edition.items if i.paper]

    def entry(self, key: str) -> Paper | None:
        """A paper or a proceedings volume of references.bib."""
        return self.papers.get(key) or self.volumes.get(key)

    def item_for_paper(self, key: str) -> Item | None:
        return self.items_by_paper.get(key)

    def item(self, item_id: str) -> Item | None:
        return self.items_by_id.get(item_id)

    # (Looked up for every paper and item on every build: a search through
    # all items each time grows with the square of a large edition.)
    @functools.cached_property
    def items_by_paper(self) -> dict[str, Item]:
        return {i.paper: i for i in reversed(self.items) if i.paper}  # (the first, as a search would find)

    @functools.cached_property
    def items_by_id(self) -> dict[str, Item]:
        return {i.id: i for i in reversed(self.items)}

    def page_of(self, item: Item) -> str | None:
        if item.paper:
            return self.paper_pages.get(item.paper)
        return self.talk_pages.get(item.id)

    # -- addresses -----------------------------------------------------------------

    def page_url(self, docname: str) -> str:
        return f"{self.series.url}{docname}.html"

    def item_url(self, item: Item) -> str:
        """The item's own page, or its row in its edition's programme table."""
        page = self.page_of(item)
        if page:
            return self.page_url(page)
        return f"{self.page_url(self.edition(item.year).programme_page)}#item-{item.id}"

    def item_title(self, item: Item) -> str:
        return self.papers[item.paper].title if item.paper else item.title
