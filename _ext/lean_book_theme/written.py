"""Which pages of the output folder this build wrote: their time or size differs from what the last build left.

The steps that run after Sphinx (the CSS reduction, the pages' policies) need
to look again only at the pages a build wrote; at a thousand pages, reading
every page on every build costs more than the edit itself. What the last
build left is kept beside the doctrees, written once every step after the
build is done (a build that fails leaves the record as it was, so that its
pages count as written by the next one).
"""

from __future__ import annotations

import json
import weakref
from pathlib import Path

from sphinx.application import Sphinx

RECORD = "pages-as-left.json"


def pages(outdir: Path) -> list[Path]:
    """Every page of the output folder (the theme's static files and the sources are not pages)."""
    return sorted(p for p in outdir.rglob("*.html") if p.relative_to(outdir).parts[0] not in ("_static", "_sources"))


def as_found(path: Path) -> list[int]:
    found = path.stat()
    return [found.st_mtime_ns, found.st_size]


def record(app: Sphinx) -> Path:
    return Path(app.doctreedir) / RECORD


#: What written_pages found at the end of a build, until remember() (the
#: steps after the build ask in turn, and the pages they rewrite had been written before).
FOUND: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def written_pages(app: Sphinx) -> tuple[list[Path], set[Path]]:
    """Every page of the output folder, and those this build wrote (or another
    step changed since the last build ended)."""
    if app in FOUND:
        return FOUND[app]
    outdir = Path(app.outdir)
    every = pages(outdir)
    try:
        left = json.loads(record(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        left = {}
    FOUND[app] = every, {page for page in every if left.get(page.relative_to(outdir).as_posix()) != as_found(page)}
    return FOUND[app]


def remember(app: Sphinx, exception: Exception | None) -> None:
    """At build-finished, after every step that writes pages."""
    found = FOUND.pop(app, None)
    if exception is not None or app.builder.format != "html" or app.builder.name == "epub":
        return
    outdir = Path(app.outdir)
    every = found[0] if found else pages(outdir)  # (the steps after the build write no new page)
    left = {page.relative_to(outdir).as_posix(): as_found(page) for page in every}
    record(app).write_text(json.dumps(left), encoding="utf-8")
