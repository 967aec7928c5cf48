"""Files published beside the pages: BibTeX, calendars and schedules.

Written once the pages are, and only for a successful HTML build.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from . import calendar, frab
from .model import EXPORTS_DIR, Workshop


def bib_files(workshop: Workshop) -> dict[str, bytes]:
    """One .bib per paper, beside the paper's page."""
    files = {}
    for key, paper in workshop.papers.items():
        folder = Path(workshop.paper_pages[key]).parent
        files[(folder / f"{key}.bib").as_posix()] = (paper.source + "\n").encode("utf-8")
    return files


def all_files(workshop: Workshop, bibliography: bytes) -> dict[str, bytes]:
    return {
        "references.bib": bibliography,
        **bib_files(workshop),
        **calendar.files(workshop, EXPORTS_DIR),
        **frab.files(workshop, EXPORTS_DIR),
    }


def write_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    bibliography = (Path(app.srcdir) / app.config.bibtex_bibfiles[0]).read_bytes()
    for name, content in all_files(app.workshop_data, bibliography).items():
        target = Path(app.outdir) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
