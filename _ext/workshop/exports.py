"""Files published beside the pages, made from the workshop data."""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

from .model import Workshop


def bib_files(workshop: Workshop) -> dict[str, str]:
    """Relative output path -> text of each BibTeX download."""
    files = {}
    for key, paper in workshop.papers.items():
        folder = Path(workshop.paper_pages[key]).parent
        files[(folder / f"{key}.bib").as_posix()] = paper.source + "\n"
    return files


def write_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for name, text in bib_files(app.workshop_data).items():
        (outdir / name).write_text(text, encoding="utf-8")
    shutil.copyfile(Path(app.srcdir) / app.config.bibtex_bibfiles[0], outdir / "references.bib")
