"""Files published beside the pages: BibTeX, calendars and schedules.

They depend on the data alone, so a second process writes them while Sphinx
reads and writes the pages (building them takes a twentieth of a clean build,
most of it importing icalendar). They go to a folder beside the doctrees and
are moved into the output only when the whole HTML build succeeded, so nothing
is half-published. A stamp beside the doctrees remembers what they were made
from: a rebuild with the same data, pages and code writes nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

from .background import Background
from .model import Workshop

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
        entries = [workshop.volumes[edition.proceedings], *workshop.papers_of(edition)]
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
    from . import calendar, frab  # icalendar and lxml: imported only where files are written

    files = {"robots.txt": robots(workshop), **citation_files(workshop, bibliography)}
    for edition in workshop.editions:
        files.update(calendar.files(workshop, edition))
        files.update(frab.files(workshop, edition))
    return files


def write_all(folder: Path, workshop: Workshop, bibliography: bytes) -> None:
    for name, content in all_files(workshop, bibliography).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def staging(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "exports"


def stamp_file(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "workshop-exports.stamp"


def stamp(app: Sphinx) -> str:
    return f"{app.workshop_fingerprint} {app.registry.get_envversion(app)}"


def start_writing(app: Sphinx) -> None:
    """At builder-inited, when the exports are missing or out of date."""
    app.workshop_exports = None
    if app.builder.format != "html":
        return
    done = stamp_file(app)
    if done.is_file() and done.read_text() == stamp(app) and (Path(app.outdir) / STAMP_PROBE).is_file():
        return
    shutil.rmtree(staging(app), ignore_errors=True)
    bibliography = (Path(app.srcdir) / app.config.bibtex_bibfiles[0]).read_bytes()
    app.workshop_exports = Background(
        "writing the calendars, schedules and BibTeX files", write_all, staging(app), app.workshop_data, bibliography
    )


def publish(app: Sphinx, exception: Exception | None) -> None:
    """At build-finished: wait for the writer; publish only after a good build."""
    writer = app.workshop_exports
    if writer is None:
        return
    if exception is not None:
        writer.wait()
        return
    writer.result()
    outdir = Path(app.outdir)
    for path in sorted(p for p in staging(app).rglob("*") if p.is_file()):
        target = outdir / path.relative_to(staging(app))
        target.parent.mkdir(parents=True, exist_ok=True)
        path.replace(target)
    shutil.rmtree(staging(app))
    stamp_file(app).write_text(stamp(app))
