"""An edition still being written stays out of the build: its folder's pages
are left out (Sphinx's `exclude_patterns`), and the build says what to write
so that it is published (data/unpublished.py decides which)."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from .data import unpublished
from .data.read_series import edition_files

logger = logging.getLogger(__name__)


def leave_out(app: Sphinx, config: Config) -> None:
    """At config-inited, before Sphinx compares this configuration with the
    last build's: the same folders give the same patterns, so a build with an
    unpublished edition stays incremental."""
    for path in edition_files(Path(app.srcdir))[0]:
        if unpublished.is_unpublished(path):
            config.exclude_patterns = [*config.exclude_patterns, f"{path.parent.parent.name}/**"]
            logger.info(unpublished.note(path))
