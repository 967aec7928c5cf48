"""Files published beside the pages: BibTeX, calendars and schedules.

Written once the pages are, only for a successful HTML build, and only when
the data, the pages that show it or this code changed (a stamp beside the
doctrees remembers), so that a rebuild with nothing changed stays quick.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from .model import EXPORTS_DIR, Workshop

STAMP_PROBE = f"{EXPORTS_DIR}/program.ics"  # gone with the output folder: write again


def bib_files(workshop: Workshop) -> dict[str, bytes]:
    """One .bib per paper, beside the paper's page."""
    files = {}
    for key, paper in workshop.papers.items():
        folder = Path(workshop.paper_pages[key]).parent
        files[(folder / f"{key}.bib").as_posix()] = (paper.source + "\n").encode("utf-8")
    return files


def robots(workshop: Workshop) -> bytes:
    """Crawlers read robots.txt only at a host's root: copy it there when the
    site is published under a path."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {workshop.event.url}sitemap.xml\n".encode()


def all_files(workshop: Workshop, bibliography: bytes) -> dict[str, bytes]:
    from . import calendar, frab  # icalendar and lxml: imported only when files are written

    return {
        "robots.txt": robots(workshop),
        "references.bib": bibliography,
        **bib_files(workshop),
        **calendar.files(workshop, EXPORTS_DIR),
        **frab.files(workshop, EXPORTS_DIR),
    }


def write_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir, workshop = Path(app.outdir), app.workshop_data
    stamp_file = Path(app.doctreedir) / "workshop-exports.stamp"
    stamp = f"{app.workshop_fingerprint} {app.registry.get_envversion(app)}"
    if stamp_file.is_file() and stamp_file.read_text() == stamp and (outdir / STAMP_PROBE).is_file():
        return
    bibliography = (Path(app.srcdir) / app.config.bibtex_bibfiles[0]).read_bytes()
    for name, content in all_files(workshop, bibliography).items():
        target = outdir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    stamp_file.write_text(stamp)
