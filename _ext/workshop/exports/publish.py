"""Files published beside the pages: BibTeX, calendars, schedules and feeds.

They depend on the data alone and are written when the whole HTML build has
succeeded, so nothing is half-published. A stamp beside the doctrees
remembers what they were made from: a rebuild with the same data, pages and
code writes nothing.
"""

from __future__ import annotations

from pathlib import Path

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


def all_files(workshop: Workshop, bibliography: bytes) -> dict[str, bytes]:
    from . import calendar, feeds, frab  # icalendar, feedgen and lxml: imported only where files are written

    files = {"robots.txt": robots(workshop), **citation_files(workshop, bibliography), **feeds.files(workshop)}
    for edition in workshop.editions:
        files.update(calendar.files(workshop, edition))
        files.update(calendar.deadline_files(workshop, edition))
        files.update(frab.files(workshop, edition))
    return files


def write_all(folder: Path, workshop: Workshop, bibliography: bytes) -> None:
    for name, content in all_files(workshop, bibliography).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def stamp_file(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "workshop-exports.stamp"


def stamp(app: Sphinx) -> str:
    # (and the editions over at build time: a time "to be announced" then reads "not announced")
    over = ",".join(str(e.year) for e in app.workshop_data.editions if timeline.edition_over(e))
    return f"{app.workshop_fingerprint} {app.registry.get_envversion(app)} over:{over}"


def publish(app: Sphinx, exception: Exception | None) -> None:
    """At build-finished, and only after a good build (nothing is
    half-published): the files, unless they are there and made from the same
    data and code."""
    if exception is not None or not builds_the_site(app):
        return
    done = stamp_file(app)
    if done.is_file() and done.read_text() == stamp(app) and (Path(app.outdir) / STAMP_PROBE).is_file():
        return
    bibliography = (Path(app.srcdir) / app.config.bibtex_bibfiles[0]).read_bytes()
    write_all(Path(app.outdir), app.workshop_data, bibliography)
    done.write_text(stamp(app))
