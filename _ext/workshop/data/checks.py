"""Rules across files and editions: each yields `Problem`s naming the file and line.

They judge located records (pipeline.py reads them; no rule reads a file). Types and formats of
each programme file are the schema's job (schema.py); what is here needs more than one record to judge.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .bib import BibEntry
from .editions import Edition
from .problems import Problem
from .programme import AUTHORED_KINDS, PAGED_KINDS

ACCEPTED_TYPE = "inproceedings"  # an accepted paper is an @inproceedings entry
PAPER_FIELDS = ("author", "title", "booktitle", "year")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
YEAR = re.compile(r"^[12][0-9]{3}$")
PAGES = re.compile(r"^([0-9]+)(?:\s*(?:--|-|–)\s*([0-9]+))?$")


def bib_rules(entries: dict[str, BibEntry], where: str) -> Iterator[Problem]:
    for key, bib in entries.items():
        fields = bib.entry.fields
        if bib.entry.type.lower() == ACCEPTED_TYPE:
            present = set(fields) | set(bib.entry.persons)
            for name in PAPER_FIELDS:
                if name not in present:
                    yield Problem(where, bib.line, f"accepted paper '{key}' has no '{name}' field")
        doi = fields.get("doi")
        if doi is not None and not DOI.match(doi):
            yield Problem(where, bib.line, f"'{key}' has a malformed DOI '{doi}' (expected 10.NNNN/suffix, no URL)")
        year = fields.get("year")
        if year is not None and not YEAR.match(year.strip()):
            yield Problem(where, bib.line, f"'{key}' has year '{year}': write the four digits of one year, like 2021")
        pages = fields.get("pages")
        if pages is not None:
            match = PAGES.match(pages.strip())
            if not match:
                yield Problem(where, bib.line, f"'{key}' has pages '{pages}': write a range like 223--234")
            elif match.group(2) and int(match.group(2)) < int(match.group(1)):
                yield Problem(where, bib.line, f"'{key}' has pages '{pages}' that run backwards")


def edition_rules(edition: Edition, folder: str) -> Iterator[Problem]:
    where = edition.source
    if str(edition.year) != folder:
        yield Problem(
            where, edition.line("year"), f"the edition's year {edition.year} is not its folder's name, {folder}/"
        )
    try:
        ZoneInfo(edition.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        yield Problem(
            where, edition.line("timezone"), f"time zone '{edition.timezone}' is not an IANA name such as Europe/Berlin"
        )
        return
    if edition.end < edition.start:
        yield Problem(
            where, edition.line("end"), f"the edition ends ({edition.end}) before it starts ({edition.start})"
        )
    host = edition.host
    if host.start and host.end and host.end < host.start:
        yield Problem(
            where, edition.line("host.end"), f"{host.short} ends ({host.end}) before it starts ({host.start})"
        )
    for item in edition.items:
        if not edition.start <= item.date <= edition.end:
            yield Problem(
                where,
                item.line_of("date"),
                f"'{item.id}' is dated {item.date}, outside the edition's dates ({edition.start} to {edition.end})",
            )
    timed = sorted(
        (i for i in edition.items if i.start and i.duration and i.status != "cancelled"),
        key=lambda i: (i.starts_at(edition.zone), i.line),
    )
    for earlier, later in zip(timed, timed[1:], strict=False):
        if later.starts_at(edition.zone) < earlier.ends_at(edition.zone):
            yield Problem(where, later.line, f"'{later.id}' overlaps '{earlier.id}' (line {earlier.line})")


def moment(item) -> str:
    return f"{item.date} {item.start:%H:%M}" if item.start else str(item.date)


def order_rules(edition: Edition) -> Iterator[Problem]:
    """The file lists the programme in order of time, as every output shows it
    (the page, the calendars and the frab schedules keep the file's order, so
    the file reads like the programme). Nothing is announced to start after
    an item of the same day whose end was never announced: that end would be
    a guess, and the item would seem to overlap it."""
    where = edition.source
    timed = [i for i in edition.items if i.status != "cancelled" and i.start is not None]
    endless = {}  # the day's first item whose end was never announced
    for item in sorted((i for i in timed if i.duration is None), key=lambda i: (i.date, i.start)):
        endless.setdefault(item.date, item)
    after_endless = set()  # (one message for a move past such an item, not a second about the order it makes)
    for item in timed:
        open_ended = endless.get(item.date)
        if open_ended and item.start > open_ended.start:
            after_endless.add(item.id)
            yield Problem(
                where,
                item.line_of("start"),
                f"'{item.id}' starts at {item.start:%H:%M}, after '{open_ended.id}' (line {open_ended.line}, "
                f"{open_ended.start:%H:%M}), whose end was never announced: an item with no end is the day's last. "
                f"Move '{open_ended.id}' after it (a later start, listed last), give '{open_ended.id}' its "
                f"duration, or move '{item.id}' before it",
            )
    previous = None
    for item in edition.items:
        key = (item.date, item.start or dt.time())
        if previous and (item.start or not previous[1].start) and key < previous[0]:
            other = previous[1]
            if other.id not in after_endless and item.id not in after_endless:
                yield Problem(
                    where,
                    item.line_of("start" if item.start else "date"),
                    f"'{item.id}' ({moment(item)}) is listed after '{other.id}' (line {other.line}, {moment(other)}): "
                    "list the programme in order of time, as it is shown",
                )
        if item.start or not previous:
            previous = (key, item)


def series_item_rules(editions: list[Edition], papers, records, entries, bibfile: str) -> Iterator[Problem]:
    """Ids, papers and volumes across every edition (`records`: every entry as a record)."""
    first_id: dict[str, str] = {}
    first_paper: dict[str, str] = {}
    for edition in editions:
        volume = records.get(edition.proceedings)
        for item in edition.items:
            here = f"{edition.source}:{item.line}"
            if item.id in first_id:
                yield Problem(
                    edition.source,
                    item.line,
                    f"duplicate item id '{item.id}' (first used at {first_id[item.id]}): ids name calendar "
                    "entries across the series; add the year, like welcome-" + str(edition.year),
                )
            first_id.setdefault(item.id, here)
            if item.paper is None:
                continue
            if item.paper in first_paper:
                yield Problem(
                    edition.source,
                    item.line_of("paper"),
                    f"paper '{item.paper}' is already presented at {first_paper[item.paper]}: a paper has one item",
                )
            first_paper.setdefault(item.paper, f"{edition.source}:{item.line_of('paper')}")
            if entries and item.paper not in papers:
                known = "not an accepted paper" if item.paper in entries else "not in references.bib"
                yield Problem(edition.source, item.line_of("paper"), f"paper '{item.paper}' is {known}")
                continue
            paper = papers.get(item.paper)
            if paper is not None and volume is not None:
                if (paper.series, paper.volume) != (volume.series, volume.volume):
                    yield Problem(
                        edition.source,
                        item.line_of("paper"),
                        f"paper '{item.paper}' is in {paper.volume_name}, not in {edition.year}'s proceedings "
                        f"({volume.volume_name}, '{edition.proceedings}'): is it in the right edition?",
                    )
            if paper is not None and item.kind in AUTHORED_KINDS:
                authors = set(paper.authors)
                for person in item.speakers:
                    if person.name not in authors:
                        yield Problem(
                            edition.source,
                            person.line,
                            f"'{person.name}' is not an author of '{item.paper}' in references.bib "
                            f"(authors: {', '.join(paper.authors)})",
                        )
        if entries and edition.proceedings and edition.proceedings not in entries:
            yield Problem(
                edition.source, edition.line("proceedings"), f"proceedings '{edition.proceedings}' is not in {bibfile}"
            )


def paper_page_rules(papers, pages, entries, editions, bib_where, page_where) -> Iterator[Problem]:
    edition_of = {i.paper: e for e in editions for i in e.items if i.paper}
    for key, paper in papers.items():
        if key not in edition_of:
            yield Problem(bib_where, paper.line, f"accepted paper '{key}' has no programme item in any edition")
        elif key not in pages:
            folder = f"{edition_of[key].folder}/papers"
            yield Problem(
                bib_where,
                paper.line,
                f"accepted paper '{key}' has no page (a page in {folder}/ with ```{{paper}} {key}```)",
            )
    for key, (docname, line) in pages.items():
        if key not in papers:
            known = "not an accepted paper" if key in entries else "not in references.bib"
            yield Problem(page_where(docname), line, f"paper '{key}' is {known}")
        elif key in edition_of and not docname.startswith(f"{edition_of[key].folder}/"):
            yield Problem(
                page_where(docname),
                line,
                f"paper '{key}' is presented in {edition_of[key].year}: "
                f"its page belongs in {edition_of[key].folder}/papers/",
            )


def talk_page_rules(editions, talk_pages, page_where) -> Iterator[Problem]:
    items = {i.id: (e, i) for e in editions for i in e.items}
    for edition in editions:
        for item in edition.items:
            if item.kind in PAGED_KINDS and not item.paper and item.id not in talk_pages:
                yield Problem(
                    edition.source,
                    item.line,
                    f"{item.kind} '{item.id}' has no page (a page in {edition.folder}/program/ with "
                    f"```{{talk}} {item.id}```)",
                )
    for item_id, (docname, line) in talk_pages.items():
        found = items.get(item_id)
        if found is None or found[1].kind not in PAGED_KINDS or found[1].paper:
            yield Problem(page_where(docname), line, f"'{item_id}' is not a talk or session with a page of its own")
        elif not docname.startswith(f"{found[0].folder}/"):
            yield Problem(
                page_where(docname), line, f"'{item_id}' is in {found[0].year}'s programme, not this folder's"
            )
