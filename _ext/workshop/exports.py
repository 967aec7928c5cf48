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


def bib_files(workshop: Workshop) -> dict[str, bytes]:
    """One .bib per paper, beside the paper's page; per edition, its volume
    and its papers (<year>/references.bib)."""
    files = {}
    for key, paper in workshop.papers.items():
        folder = Path(workshop.paper_pages[key]).parent
        files[(folder / f"{key}.bib").as_posix()] = (paper.source + "\n").encode("utf-8")
    for edition in workshop.editions:
        entries = [workshop.volumes[edition.proceedings], *workshop.papers_of(edition)]
        files[f"{edition.folder}/references.bib"] = "\n\n".join(e.source for e in entries).encode("utf-8") + b"\n"
    return files


def robots(workshop: Workshop) -> bytes:
    """Crawlers read robots.txt only at a host's root: copy it there when the
    site is published under a path."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {workshop.series.url}sitemap.xml\n".encode()


def all_files(workshop: Workshop, bibliography: bytes) -> dict[str, bytes]:
    from . import calendar, frab  # icalendar and lxml: imported only where files are written

    files = {"robots.txt": robots(workshop), "references.bib": bibliography, **bib_files(workshop)}
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
