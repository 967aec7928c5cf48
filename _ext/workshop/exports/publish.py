"""Files published beside the pages: BibTeX, calendars, schedules and feeds.

They depend on the data alone and are written when the whole HTML build has
succeeded, so nothing is half-published. A stamp beside the doctrees
remembers what they were made from: a rebuild with the same data, pages and
code writes nothing.
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


def all_files(workshop: Workshop, bibliography: bytes, descriptions: dict[str, str] | None = None) -> dict[str, bytes]:
    """`descriptions`: item id -> its page's own words, for the frab schedules."""
    from . import calendar, event_calendar, feeds, frab  # icalendar, feedgen, lxml: only where files are written

    files = {"robots.txt": robots(workshop), **citation_files(workshop, bibliography), **feeds.files(workshop)}
    for edition in workshop.editions:
        files.update(calendar.files(workshop, edition))
        files.update(calendar.deadline_files(workshop, edition))
        files.update(event_calendar.files(workshop, edition))
        files.update(frab.files(workshop, edition, descriptions))
    return files


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


def write_all(folder: Path, workshop: Workshop, bibliography: bytes, descriptions: dict | None = None) -> None:
    for name, content in all_files(workshop, bibliography, descriptions).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def stamp_file(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "workshop-exports.stamp"


def stamp(app: Sphinx, descriptions: dict[str, str]) -> str:
    """Of the data, the code, the pages' descriptions (edited prose changes the frab schedules),
    and the editions over at build time (a time "to be announced" then reads "not announced")."""
    words = hashlib.sha256(repr(sorted(descriptions.items())).encode()).hexdigest()[:16]
    over = ",".join(str(e.year) for e in app.workshop_data.editions if timeline.edition_over(e))
    return f"{app.workshop_fingerprint} {app.registry.get_envversion(app)} {words} over:{over}"


def publish(app: Sphinx, exception: Exception | None) -> None:
    """At build-finished, and only after a good build (nothing is
    half-published): the files, unless they are there and made from the same
    data and code."""
    if exception is not None or not builds_the_site(app):
        return
    done = stamp_file(app)
    descriptions = page_descriptions(app, app.workshop_data)
    if done.is_file() and done.read_text() == stamp(app, descriptions) and (Path(app.outdir) / STAMP_PROBE).is_file():
        return
    bibliography = (Path(app.srcdir) / app.config.bibtex_bibfiles[0]).read_bytes()
    write_all(Path(app.outdir), app.workshop_data, bibliography, descriptions)
    done.write_text(stamp(app, descriptions))
