"""Which pages show which records, so that a change of the data re-reads only
the pages that show what changed.

A page's directives name the parts of the data they render (a paper, an
item, an edition's facts, a whole edition, everything). Each part has a
digest of its records; a build re-reads the pages whose parts' digests
differ from the last build's. Pages beside a re-read page in the navigation
(its parent, previous and next) are written again too: their links show its
title.
"""

from __future__ import annotations

import dataclasses
import hashlib

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..data import edition_status, timeline
from ..data.editions import Edition
from ..data.workshop import Workshop
from ..exports import books

#: ("paper"|"cited", key) | ("item", id) | ("all",) | ("announcements",) | ("spelling", family, given) |
#: ("edition-facts"|"committees"|"papers"|"timed"|"edition"|"dates"|"announcements"|"clock"|"top", year)
Part = tuple


def digest(*records) -> str:
    return hashlib.sha256(repr(records).encode()).hexdigest()[:16]


def settled_at_build(edition: Edition) -> tuple:
    """What pages state as settled, given the build's clock: the deadlines
    that have passed, and whether the edition is over. When one of them
    changes, the pages that show it are read again."""
    return [d.id for d in edition.dates if timeline.settled(d.moment)], timeline.edition_over(edition)


#: Parts that change with the build's clock or the books beside the site, not with the data.
CLOCK_PARTS = ("clock", "top", "book")


def clock_parts(workshop: Workshop, books: dict[int, str] | None = None) -> dict[Part, str]:
    parts: dict[Part, str] = {}
    for edition in workshop.editions:
        parts[("clock", edition.year)] = digest(settled_at_build(edition))
        # What the top of every page of the edition says (html-page-context writes it: every page).
        parts[("top", edition.year)] = digest(edition.notice, edition_status.notice(edition))
        parts[("book", edition.year)] = (books or {}).get(edition.year, "")
    return parts


def data_parts(workshop: Workshop) -> dict[Part, str]:
    parts: dict[Part, str] = {("all",): digest(workshop), ("editions",): digest([e.year for e in workshop.editions])}
    parts[("announcements",)] = digest(workshop.announcements, [e.acronym for e in workshop.editions])
    for edition in workshop.editions:
        parts[("dates", edition.year)] = digest(edition.dates, edition.folder)
        parts[("announcements", edition.year)] = digest(edition.announcements)
        edition = dataclasses.replace(edition, dates=(), announcements=())  # (parts of their own)
        facts = dataclasses.replace(edition, items=(), committees=None, published=None)  # (versions: the programme's)
        parts[("edition-facts", edition.year)] = digest(facts, workshop.series, workshop.volume_of(edition))
        titles = [workshop.item_title(i) for i in edition.items]
        parts[("committees", edition.year)] = digest(edition.committees, edition.acronym)
        parts[("timed", edition.year)] = digest([i.id for i in edition.items if i.start])
        presented = [(workshop.papers[i.paper], [p.name for p in i.presenters]) for i in edition.items if i.paper]
        parts[("papers", edition.year)] = digest(presented, workshop.paper_pages, workshop.volume_of(edition))
        parts[("edition", edition.year)] = digest(
            edition, titles, workshop.series, [workshop.papers.get(i.paper) for i in edition.items]
        )
        for item in edition.items:
            parts[("item", item.id)] = digest(item, workshop.item_title(item), workshop.page_of(item))
    for person, name in workshop.spellings.items():
        parts[("spelling", *person)] = digest(name)
    for key, paper in workshop.papers.items():
        parts[("paper", key)] = digest(paper)
        # A citation shows the authors and the year, and links to its edition's bibliography.
        parts[("cited", key)] = digest(paper.authors_bibtex, paper.year, workshop.edition_of_paper(key).folder)
    return parts


def uses(env: BuildEnvironment, *parts: Part) -> None:
    """Called by a directive: the page being read shows these parts."""
    env.workshop_uses.setdefault(env.docname, set()).update(parts)


def start(app: Sphinx) -> None:
    if not hasattr(app.env, "workshop_uses"):
        app.env.workshop_uses = {}


def pages_to_reread(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """At env-get-outdated: the pages that show a part whose records changed.
    The data's parts are digested again only when the data changed (its
    fingerprint, sources.py): a page's own words leave them as they were."""
    workshop = app.workshop_data
    previous = getattr(env, "workshop_digests", {})
    if getattr(env, "workshop_digests_of", None) == app.workshop_fingerprint:
        data = {part: value for part, value in previous.items() if part[0] not in CLOCK_PARTS}
    else:
        data = data_parts(workshop)
    current = {**data, **clock_parts(workshop, {e.year: books.digest(app, e) for e in workshop.editions})}
    env.workshop_digests, env.workshop_digests_of = current, app.workshop_fingerprint
    changed_parts = {p for p in current.keys() | previous.keys() if current.get(p) != previous.get(p)}
    tops = {f"{part[1]}/" for part in changed_parts if part[0] == "top"}
    every_page = {doc for doc in env.found_docs if any(doc.startswith(folder) for folder in tops)}
    shown = {doc for doc, parts in env.workshop_uses.items() if parts & changed_parts and doc in env.found_docs}
    return sorted(shown | every_page)


def note_pages_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """At env-before-read-docs: the pages about to be read, with their titles before."""
    app.workshop_titles_before = {doc: title(env, doc) for doc in docnames}


def title(env: BuildEnvironment, docname: str) -> str | None:
    node = env.titles.get(docname)
    return node.astext() if node is not None else None


def neighbours_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """At env-get-updated: parent, previous and next of every page read whose
    title is new or changed (their links show it); a page whose text alone
    changed leaves its neighbours as they are."""
    before = getattr(app, "workshop_titles_before", {})
    read = [doc for doc, old in before.items() if old is None or old != title(env, doc)]
    if not read:
        return []
    relations = env.collect_relations()
    return sorted({doc for page in read for doc in relations.get(page, ()) if doc and doc in env.found_docs})


def forget(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.workshop_uses.pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    """Parallel reading: each process's findings for its pages."""
    for docname in docnames:
        if docname in other.workshop_uses:
            env.workshop_uses[docname] = other.workshop_uses[docname]
