"""Each edition's PDF book on the site, once `make latexpdf` has made it.

`make latexpdf` writes _build/latexpdf/mlhpcs-<year>.pdf (conf.py's
`workshop_books` names the folder). `make html` then copies each book beside
its edition's pages (<year>/mlhpcs-<year>.pdf) and links it from the
edition's home. Where no book was made (a machine without TeX), the page
links none: it says less, never something that is not there.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sphinx.application import Sphinx

from ..data.editions import Edition
from .site import builds_the_site


def book_name(edition: Edition) -> str:
    return f"mlhpcs-{edition.year}.pdf"


def published_path(edition: Edition) -> str:
    """Where the book is on the site."""
    return f"{edition.folder}/{book_name(edition)}"


def made_book(config, srcdir: Path, edition: Edition) -> Path | None:
    """The book `make latexpdf` made, if it did (`workshop_books`: from the source folder)."""
    if not config.workshop_books:
        return None
    path = Path(srcdir) / config.workshop_books / book_name(edition)
    return path if path.is_file() else None


def digest(app: Sphinx, edition: Edition) -> str:
    """Changes when a book appears, disappears or is made again."""
    path = made_book(app.config, app.srcdir, edition)
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path else ""


def copy_books(app: Sphinx, exception: Exception | None) -> None:
    """At build-finished, after a good build of the site (not the e-book)."""
    if exception is not None or not builds_the_site(app):
        return
    for edition in app.workshop_data.editions:
        target = Path(app.outdir) / published_path(edition)
        book = made_book(app.config, app.srcdir, edition)
        if book is None:
            target.unlink(missing_ok=True)
        elif not target.is_file() or target.read_bytes() != book.read_bytes():
            shutil.copyfile(book, target)
