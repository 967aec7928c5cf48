"""Files published beside the pages: BibTeX, calendars, schedules and feeds.

They depend on the data alone and are written when the whole HTML build has
succeeded, so nothing is half-published. Stamps beside the doctrees remember
what each group was made from: a rebuild with the same data and code writes
nothing, and a page whose own words changed (frab carries them) writes its
edition's schedules only.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from ..data import timeline
from ..data.workshop import Workshop
from .site import builds_the_site

STAMP_PROBE = "references.bib"  # gone with the output folder: write again


def citation_files(workshop: Workshop, bibliography: bytes) -> dict[str, bytes]:
    """Per paper, beside its page: <key>.bib, .ris and .json (CSL-JSON). Per
    edition, its volume and papers (<year>/references.*); for the series,
    every entry (references.*)."""
    from . import citations  # rispy: imported only where files are written

    files = {}
    for key, paper in workshop.papers.items():
        stem = (Path(workshop.paper_pages[key]).parent / key).as_posix()
        files[f"{stem}.bib"] = (paper.source + "\n").encode("utf-8")
        files[f"{stem}.ris"] = citations.ris([paper])
        files[f"{stem}.json"] = citations.csl_json([paper])
    everything = [workshop.entry(key) for key in workshop.entries]
    collections = {"": (bibliography, [e for e in everything if e is not None])}
    for edition in workshop.editions:
        volume = workshop.volume_of(edition)
        entries = [*([volume] if volume else []), *workshop.papers_of(edition)]
        if not entries:
            continue
        source = "\n\n".join(e.source for e in entries).encode("utf-8") + b"\n"
        collections[f"{edition.folder}/"] = (source, entries)
    for prefix, (source, entries) in collections.items():
        files[f"{prefix}references.bib"] = source
        files[f"{prefix}references.ris"] = citations.ris(entries)
        files[f"{prefix}references.json"] = citations.csl_json(entries)
    return files


def robots(workshop: Workshop) -> bytes:
    """Crawlers read robots.txt only at a host's root: copy it there when the
    site is published under a path."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {workshop.series.url}sitemap.xml\n".encode()


def data_files(workshop: Workshop, bibliography: bytes) -> dict[str, bytes]:
    """The files made from the data alone."""
    from . import calendar, event_calendar, feeds  # icalendar, feedgen: only where files are written

    files = {"robots.txt": robots(workshop), **citation_files(workshop, bibliography), **feeds.files(workshop)}
    for edition in workshop.editions:
        files.update(calendar.files(workshop, edition))
        files.update(calendar.deadline_files(workshop, edition))
        files.update(event_calendar.files(workshop, edition))
    return files


def schedule_files(workshop: Workshop, edition, descriptions: dict[str, str]) -> dict[str, bytes]:
    """An edition's frab schedules, with its pages' words (`descriptions`: item id -> words)."""
    from . import frab  # lxml: only where files are written

    return frab.files(workshop, edition, descriptions)


def note_description(app: Sphinx, doctree: nodes.document) -> None:
    """At doctree-read: a page's description, as it shows it, in plain text: a
    talk page's own words (marked ws-description), a paper page's summary.
    Kept in the environment, so that a rebuild reads no page again for it."""
    summary = next((s for s in doctree.findall(nodes.section) if "summary" in s["ids"]), None)
    if summary is not None:
        parts = [c for c in summary.children if not isinstance(c, nodes.title)]
    else:
        parts = [n for n in doctree.findall(nodes.Element) if "ws-description" in n["classes"]]
    descriptions = app.env.__dict__.setdefault("workshop_descriptions", {})
    descriptions.pop(app.env.docname, None)
    if parts:
        descriptions[app.env.docname] = "\n\n".join(part.astext().strip() for part in parts)


def forget_description(app: Sphinx, env, docname: str) -> None:
    env.__dict__.setdefault("workshop_descriptions", {}).pop(docname, None)


def merge_descriptions(app: Sphinx, env, docnames, other) -> None:
    """Parallel reading: each process's pages."""
    mine = env.__dict__.setdefault("workshop_descriptions", {})
    theirs = getattr(other, "workshop_descriptions", {})
    mine.update({d: theirs[d] for d in docnames if d in theirs})


def page_descriptions(app: Sphinx, workshop: Workshop) -> dict[str, str]:
    """Item id -> the description its page shows."""
    kept = getattr(app.env, "workshop_descriptions", {})
    return {item.id: kept[page] for item in workshop.items if (page := workshop.page_of(item)) in kept}


def write(folder: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def stamp_file(app: Sphinx, group: str) -> Path:
    return Path(app.doctreedir) / f"workshop-exports-{group}.stamp"


def stamp(app: Sphinx, words: dict[str, str]) -> str:
    """Of the data, the code, the pages' `words` a group shows, and the editions
    over at build time (a time "to be announced" then reads "not announced")."""
    digest = hashlib.sha256(repr(sorted(words.items())).encode()).hexdigest()[:16]
    over = ",".join(str(e.year) for e in app.workshop_data.editions if timeline.edition_over(e))
    return f"{app.workshop_fingerprint} {app.registry.get_envversion(app)} {digest} over:{over}"


def publish(app: Sphinx, exception: Exception | None) -> None:
    """At build-finished, and only after a good build (nothing is
    half-published): each group of files, unless it is there and made from
    the same data, words and code."""
    if exception is not None or not builds_the_site(app):
        return
    outdir, workshop = Path(app.outdir), app.workshop_data
    descriptions = page_descriptions(app, workshop)
    groups = {"data": ({}, STAMP_PROBE, lambda: data_files(workshop, bibliography_of(app)))}
    for edition in workshop.editions:
        words = {i.id: descriptions[i.id] for i in edition.items if i.id in descriptions}
        groups[edition.folder] = (
            words,
            f"{edition.exports_dir}/schedule.xml",
            lambda edition=edition, words=words: schedule_files(workshop, edition, words),
        )
    for group, (words, probe, make) in groups.items():
        done, now = stamp_file(app, group), stamp(app, words)
        if done.is_file() and done.read_text() == now and (outdir / probe).is_file():
            continue
        write(outdir, make())
        done.write_text(now)


def bibliography_of(app: Sphinx) -> bytes:
    return (Path(app.srcdir) / app.config.bibtex_bibfiles[0]).read_bytes()
