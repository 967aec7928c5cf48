"""The whole series as one frozen record, and how pages find papers, items and addresses in it."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from .dates import Announcement
from .editions import Edition, Series
from .papers import Paper
from .programme import Item


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
    spellings: dict[tuple[str, str], str] = field(default_factory=dict)  # person -> fullest spelling (people.py)

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

    def published(self, edition: Edition) -> bool:
        """Its papers are published once its proceedings volume is named; until then they are accepted, to appear."""
        return self.volume_of(edition) is not None

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
