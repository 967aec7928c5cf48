"""Load and check the workshop data for a Sphinx build; stop it on mistakes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from .checks import load_workshop

logger = logging.getLogger(__name__)


class DataError(SystemExit):
    """Stops the build. A SystemExit, because Sphinx prints a traceback with
    any Exception, and these are the organizer's data mistakes, not bugs."""


def data_files(config: Config) -> list[str]:
    """The files every generated page depends on, relative to the source folder."""
    return [config.bibtex_bibfiles[0], config.workshop_schedule]


def load_and_check(app: Sphinx, config: Config) -> None:
    """Runs before sphinxcontrib-bibtex parses the .bib, so its traceback on a
    broken file never shows: every problem is listed with file and line, and
    the build stops before anything is written."""
    conf_path = Path(app.confdir) / "conf.py"
    srcdir = Path(app.srcdir)
    workshop, problems = load_workshop(
        srcdir,
        config.workshop_event,
        conf_path,
        config.bibtex_bibfiles[0],
        config.workshop_schedule,
        config.workshop_papers_dir,
        config.workshop_program_dir,
    )
    for problem in problems:
        logger.error(problem.message, location=f"{problem.path}:{problem.line}", type="workshop", subtype="data")
    if problems:
        logger.error("%d mistake(s) in the workshop data, listed above; nothing was built.", len(problems))
        raise DataError(2)
    app.workshop_data = workshop
    # Everything pages and exports show, so a change of any of it is seen.
    app.workshop_fingerprint = hashlib.sha256(repr(workshop).encode()).hexdigest()


def attach_to_env(app: Sphinx) -> None:
    """Directives read the data from the environment."""
    app.env.workshop_data = app.workshop_data


def pages_to_rewrite(app: Sphinx, env) -> list[str]:
    """Every page's navigation shows paper and talk titles: when the data
    changed, rewrite all pages (re-reading only those that use the data)."""
    previous = getattr(env, "workshop_fingerprint", None)
    env.workshop_fingerprint = app.workshop_fingerprint
    return sorted(env.found_docs) if previous != app.workshop_fingerprint else []
