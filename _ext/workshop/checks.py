"""Rules across files: each yields `Problem`s naming the file and line.

`load_workshop` runs every loader and rule; the build and
`python -m workshop check` both call it, so they always agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

from .load import BibEntry, event_lines, find_pages, load_bib, load_event, load_schedule, paper_from, shown
from .model import Item, Problem, Workshop

ACCEPTED_TYPE = "inproceedings"  # an accepted paper is an @inproceedings entry
PAPER_FIELDS = ("author", "title", "booktitle", "year")
PAGED_KINDS = ("invited-talk", "live-session")  # paper talks live on their paper's page
DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def bib_rules(entries: dict[str, BibEntry], where: str) -> Iterator[Problem]:
    for key, bib in entries.items():
        if bib.entry.type.lower() == ACCEPTED_TYPE:
            present = set(bib.entry.fields) | set(bib.entry.persons)
            for name in PAPER_FIELDS:
                if name not in present:
                    yield Problem(where, bib.line, f"accepted paper '{key}' has no '{name}' field")
        doi = bib.entry.fields.get("doi")
        if doi is not None and not DOI.match(doi):
            yield Problem(where, bib.line, f"'{key}' has a malformed DOI '{doi}' (expected 10.NNNN/suffix, no URL)")


def schedule_rules(items: list[Item], papers: set[str], bib_keys: set[str], where: str, zone) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for item in items:
        if item.id in seen:
            yield Problem(where, item.line, f"duplicate item id '{item.id}' (first used on line {seen[item.id]})")
        seen.setdefault(item.id, item.line)
        if item.paper is not None and bib_keys and item.paper not in papers:
            known = "not an accepted paper" if item.paper in bib_keys else "not in references.bib"
            yield Problem(where, item.line, f"paper '{item.paper}' is {known}")
    timed = sorted(
        (i for i in items if i.start and i.duration and i.status != "cancelled"),
        key=lambda i: (i.starts_at(zone), i.line),
    )
    for earlier, later in zip(timed, timed[1:], strict=False):
        if later.starts_at(zone) < earlier.ends_at(zone):
            yield Problem(where, later.line, f"'{later.id}' overlaps '{earlier.id}' (line {earlier.line})")


def paper_page_rules(papers, pages, bib_keys, bib_where, page_where) -> Iterator[Problem]:
    for key, paper in papers.items():
        if key not in pages:
            yield Problem(
                bib_where, paper.line, f"accepted paper '{key}' has no page (a page with ```{{paper}} {key}```)"
            )
    for key, (docname, line) in pages.items():
        if key not in papers:
            known = "not an accepted paper" if key in bib_keys else "not in references.bib"
            yield Problem(page_where(docname), line, f"paper '{key}' is {known}")


def programme_rules(papers, items, named, talk_pages, schedule_where, bib_where, page_where) -> Iterator[Problem]:
    for key, paper in papers.items():
        if key not in named:
            yield Problem(bib_where, paper.line, f"accepted paper '{key}' has no programme item in the schedule")
    for item in items:
        if item.kind in PAGED_KINDS and item.id not in talk_pages:
            yield Problem(
                schedule_where, item.line, f"{item.kind} '{item.id}' has no page (a page with ```{{talk}} {item.id}```)"
            )
    ids = {i.id: i for i in items}
    for item_id, (docname, line) in talk_pages.items():
        if item_id not in named or (item_id in ids and ids[item_id].kind not in PAGED_KINDS):
            yield Problem(
                page_where(docname), line, f"'{item_id}' is not an invited talk or live session in the schedule"
            )


def load_workshop(
    srcdir: Path, event_values: dict, conf_path: Path, bibfile: str, schedule: str, papers_dir: str, program_dir: str
) -> tuple[Workshop | None, list[Problem]]:
    event, problems = load_event(event_values, conf_path)
    entries, found = load_bib(srcdir / bibfile)
    problems += found
    zone = event.zone if event else ZoneInfo("UTC")  # (a wrong zone is reported; overlaps are still found)
    items, found, named = load_schedule(srcdir / schedule, zone)
    problems += found
    pages, found = find_pages(srcdir, papers_dir, "paper")
    problems += found
    talk_pages, found = find_pages(srcdir, program_dir, "talk")
    problems += found
    page_where = lambda docname: shown(srcdir / f"{docname}.md")  # noqa: E731

    bib_where = shown(srcdir / bibfile)
    bib_keys = set(entries)
    papers = {k: paper_from(k, b) for k, b in entries.items() if b.entry.type.lower() == ACCEPTED_TYPE}
    problems += bib_rules(entries, bib_where)
    # (an empty bib_keys means a broken .bib: keys are not judged)
    problems += schedule_rules(items, set(papers), bib_keys, shown(srcdir / schedule), zone)
    if event is not None and entries and event.proceedings not in entries:
        line = event_lines(conf_path)[1].get("proceedings", 1)
        problems.append(
            Problem(shown(conf_path), line, f"workshop_event: proceedings '{event.proceedings}' is not in {bibfile}")
        )
    if entries:  # with a broken .bib every paper would look missing
        problems += paper_page_rules(papers, pages, bib_keys, bib_where, page_where)
        problems += programme_rules(papers, items, named, talk_pages, shown(srcdir / schedule), bib_where, page_where)

    problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.message))
    if problems:
        return None, problems
    proceedings = paper_from(event.proceedings, entries[event.proceedings])
    return Workshop(
        event=event,
        papers=papers,
        items=tuple(items),
        proceedings=proceedings,
        paper_pages={k: d for k, (d, _) in pages.items()},
        talk_pages={k: d for k, (d, _) in talk_pages.items()},
    ), []
