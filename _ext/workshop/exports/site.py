"""What only the web site gets: whether a build makes it, and the addresses of files that pages and exports name.

Light on purpose (no export library): pages, the head metadata and the books ask it.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ..data.editions import Edition

#: The Atom feed's file name: the series' at the root, each edition's in its folder.
FEED_FILE = "atom.xml"


def builds_the_site(app: Sphinx) -> bool:
    """An HTML build of the web site (not the e-book, which carries none of
    the files beside the pages: its links lead to the site's)."""
    return app.builder.format == "html" and app.builder.name != "epub"


def feed_path(edition: Edition | None) -> str:
    return f"{edition.folder}/{FEED_FILE}" if edition else FEED_FILE


def event_calendar_path(edition: Edition) -> str:
    """The whole edition as one calendar entry (event_calendar.py)."""
    return f"{edition.folder}/event.ics"
