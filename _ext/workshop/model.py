"""The workshop's data as plain, frozen records.

Nothing here reads files or knows about Sphinx: `load` builds these records,
`checks` judges them, directives and exports render them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

PROGRAMME_PAGE = "program/index"
#: Where the calendar and schedule files are published, beside the programme page.
EXPORTS_DIR = "program"

#: Kinds of programme item, and the page that describes each kind.
KINDS = ("invited-talk", "paper-talk", "live-session", "release")
#: What happened to an item. "on-demand" = a recording published on `date`.
STATUSES = ("scheduled", "on-demand", "moved-online", "cancelled")


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
    """An accepted paper: one @inproceedings entry of references.bib."""

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

    @property
    def page_range(self) -> tuple[str, str] | None:
        if not self.pages:
            return None
        first, _, last = self.pages.replace("--", "-").partition("-")
        return first.strip(), (last or first).strip()


@dataclass(frozen=True)
class Person:
    name: str
    affiliation: str


@dataclass(frozen=True)
class Item:
    """One programme item of schedule.yaml."""

    id: str
    kind: str
    status: str
    date: dt.date
    line: int
    title: str | None = None  # invited talks, live sessions, releases
    paper: str | None = None  # BibTeX key of a paper talk
    speakers: tuple[Person, ...] = ()
    start: dt.time | None = None  # None: the day only (or, with start_tba, a time to come)
    start_tba: bool = False  # "start: TBA": a time will be announced
    duration: int | None = None  # minutes
    recording: str | None = None
    slides: str | None = None
    preprint: str | None = None
    where: str | None = None  # e.g. "Zoom"
    updated: dt.datetime | None = None  # last change, for calendar SEQUENCE/LAST-MODIFIED

    def starts_at(self, zone: ZoneInfo) -> dt.datetime | None:
        if self.start is None:
            return None
        return dt.datetime.combine(self.date, self.start, tzinfo=zone)

    def ends_at(self, zone: ZoneInfo) -> dt.datetime | None:
        begin = self.starts_at(zone)
        if begin is None or self.duration is None:
            return None
        return begin + dt.timedelta(minutes=self.duration)


@dataclass(frozen=True)
class Event:
    """The workshop itself, from conf.py's ``workshop_event``."""

    name: str
    acronym: str
    start: dt.date
    end: dt.date
    timezone: str
    status: str  # schema.org EventStatusType, e.g. "EventMovedOnline"
    url: str  # the published site's base URL, ending in "/"
    contact: str
    host_event: str
    host_url: str
    proceedings: str  # BibTeX key of the proceedings volume

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Workshop:
    """Everything the pages and exports are made from."""

    event: Event
    papers: dict[str, Paper]
    items: tuple[Item, ...]
    proceedings: Paper | None = None
    paper_pages: dict[str, str] = field(default_factory=dict)  # BibTeX key -> docname
    talk_pages: dict[str, str] = field(default_factory=dict)  # item id -> docname

    def page_of(self, item: Item) -> str | None:
        if item.paper:
            return self.paper_pages.get(item.paper)
        return self.talk_pages.get(item.id)

    def page_url(self, docname: str) -> str:
        return f"{self.event.url}{docname}.html"

    def item_url(self, item: Item) -> str:
        """The item's own page, or its row in the programme table."""
        page = self.page_of(item)
        return self.page_url(page) if page else f"{self.page_url(PROGRAMME_PAGE)}#item-{item.id}"

    def item_title(self, item: Item) -> str:
        return self.papers[item.paper].title if item.paper else item.title

    def item_for_paper(self, key: str) -> Item | None:
        return next((i for i in self.items if i.paper == key), None)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)
