"""The data's one way: every file read into located records, every rule judged, then the model made.

`read_all` reads (the loaders: read_series.py, read_edition.py, bib.py, page_lists.py), `rules` judges
those records (no rule reads a file), and only then is the model made. The build and `python -m
workshop check` both call `load_workshop`, so they always agree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    edition_status,
    history_rules,
    lock_file,
    page_lists,
    people,
    places,
    timeline,
    unpublished,
    version_rules,
    versions,
)
from .bib import BibEntry, load_bib, paper_from
from .checks import (
    ACCEPTED_TYPE,
    bib_rules,
    edition_rules,
    order_rules,
    paper_page_rules,
    series_item_rules,
    talk_page_rules,
)
from .editions import Edition
from .files import shown
from .problems import Problem
from .read_edition import load_edition
from .read_series import edition_files, find_pages, load_series
from .workshop import Workshop


@dataclass
class Sources:
    """Everything read from the files, located; the rules judge only this."""

    series: object
    entries: dict[str, BibEntry]
    bib_where: str
    conf_where: str
    editions: list[tuple[str, Edition]]  # (its folder's name, the edition read from it)
    edition_paths: int  # how many edition files there are (some may not have been read)
    pages: dict  # BibTeX key -> (docname, line)
    talk_pages: dict  # item id -> (docname, line)
    page_where: dict  # docname -> the page's path as messages name it
    lists: dict  # edition year -> {folder: PageList}
    documents: set[str]  # the docname of every page in an edition's folder
    problems: list[Problem]  # of reading
    locks: dict = field(default_factory=dict)  # edition year -> (its recorded versions or None, the lock's path)


def read_all(srcdir: Path, series_values: dict, conf_path: Path, bibfile: str) -> Sources:
    """Every file into located records (and the problems of reading them)."""
    series, problems = load_series(series_values, conf_path)
    entries, found = load_bib(srcdir / bibfile)
    problems += found
    paths, found = edition_files(srcdir)
    problems += found
    paths = [path for path in paths if not unpublished.is_unpublished(path)]  # (not read: nothing of them is shown)
    if not paths and not found:
        problems.append(
            Problem(shown(conf_path), 1, "no edition: add a folder named after its year with program/schedule.yaml")
        )
    editions, lists, locks = [], {}, {}
    for path in paths:
        edition, found, _ = load_edition(path)
        problems += found
        if edition is not None:
            folder = path.parent.parent
            editions.append((folder.name, edition))
            lists[edition.year] = page_lists.lists_of(folder, shown)
            locks[edition.year] = lock_of(path, problems)
    pages, found = find_pages(srcdir, [f"{p.parent.parent.name}/papers" for p in paths], "paper")
    problems += found
    talk_pages, found = find_pages(srcdir, [f"{p.parent.parent.name}/program" for p in paths], "talk")
    problems += found
    # The editions' pages (announcements name a page of their own edition's folder).
    documents = {p.relative_to(srcdir).with_suffix("").as_posix() for f in paths for p in f.parent.parent.rglob("*.md")}
    page_where = {d: shown(srcdir / f"{d}.md") for d, _ in (*pages.values(), *talk_pages.values())}
    return Sources(
        series, entries, shown(srcdir / bibfile), shown(conf_path), editions, len(paths),
        pages, talk_pages, page_where, lists, documents, problems, locks,
    )  # fmt: skip


def lock_of(edition_file: Path, problems: list[Problem]) -> tuple:
    """The edition's recorded versions (None before the first), and its lock file's path."""
    path = lock_file.lock_path(edition_file)
    recorded, found = lock_file.read(path)
    problems += found
    return recorded, path


def rules(sources: Sources, papers: dict, volumes: dict, bibfile: str) -> Iterator[Problem]:
    """Every rule over the records: none reads a file."""
    yield from bib_rules(sources.entries, sources.bib_where)
    editions = [edition for _, edition in sources.editions]
    for folder, edition in sources.editions:
        yield from edition_rules(edition, folder)
        yield from places.place_rules(edition)
        yield from order_rules(edition)
        yield from page_lists.list_rules(edition, sources.lists[edition.year])
        yield from timeline.date_rules(edition)
        yield from timeline.announcement_rules(edition, sources.documents)
        yield from timeline.programme_version_rules(edition)
        yield from edition_status.status_rules(edition)
        yield from history_rules.date_history_rules(edition)
        yield from history_rules.future_change_rules(edition, timeline.build_time())
        recorded, lock = sources.locks.get(edition.year, (None, None))
        if lock is not None:
            yield from version_rules.kept_rules(edition, recorded, shown(lock))
    yield from series_item_rules(editions, papers, volumes, sources.entries, bibfile)
    yield from timeline.series_id_rules(editions)
    complete = len(editions) == sources.edition_paths  # with a broken file, its papers and pages would look orphaned
    page_where = sources.page_where.get
    if sources.entries:  # with a broken .bib every cited paper would look missing
        for edition in editions:
            yield from timeline.citation_rules(edition, papers, volumes)
    if sources.entries and complete:  # with a broken .bib every paper would look missing
        yield from paper_page_rules(papers, sources.pages, sources.entries, editions, sources.bib_where, page_where)
        yield from talk_page_rules(editions, sources.talk_pages, page_where)
    if complete:
        yield from people.spelling_rules(editions, papers, sources.bib_where)
        distinct = {p.name: set(p.distinct_from) for e in editions for p in people.persons_of(e) if p.distinct_from}
        yield from people.near_miss_rules(editions, papers, sources.bib_where, distinct)


def load_workshop(
    srcdir: Path, series_values: dict, conf_path: Path, bibfile: str, locked: bool = False
) -> tuple[Workshop | None, list]:
    """Read, judge, then make the model: one way, each step from the one before.
    Each edition's versions come last, from its lock file and the model's titles;
    `locked`: a change the lock files do not record is a mistake (CI)."""
    sources = read_all(srcdir, series_values, conf_path, bibfile)
    records = {k: paper_from(k, b) for k, b in sources.entries.items()}
    papers = {k: p for k, p in records.items() if p.entry_type == ACCEPTED_TYPE}
    problems = sources.problems + list(rules(sources, papers, records, bibfile))
    problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.message))
    if problems:
        return None, problems
    # (As every output shows them: the items of a cancelled or postponed edition are not held.)
    editions = [edition_status.as_published(edition) for _, edition in sources.editions]
    titles = {i.id: papers[i.paper].title if i.paper else i.title for e in editions for i in e.items}
    now = timeline.build_time()
    for number, edition in enumerate(editions):
        recorded, lock = sources.locks[edition.year]
        published = versions.publish(edition, recorded, lambda item: titles[item.id], now)
        editions[number] = dataclasses.replace(edition, published=published)
        if locked:
            problems += version_rules.unrecorded_rules(edition, published, shown(lock))
    if problems:
        return None, problems
    workshop = Workshop(
        series=sources.series,
        editions=tuple(editions),
        papers=papers,
        volumes={e.proceedings: records[e.proceedings] for e in editions if e.proceedings},
        entries=tuple(sources.entries),
        paper_pages={k: d for k, (d, _) in sources.pages.items()},
        talk_pages={k: d for k, (d, _) in sources.talk_pages.items()},
    )
    return dataclasses.replace(workshop, spellings=people.fullest_spellings(workshop)), []
