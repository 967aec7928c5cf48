"""Whether a build records the versions it publishes into the editions' lock files.

`workshop_versions` (set by scripts/build.py, never in conf.py):

- "show" (sphinx-build itself, the preview, the tests): a change the lock
  files do not hold is shown as the next version, and nothing is written;
- "record" (`make html` and the other targets on an organizer's machine): the
  same, and after a good build the lock files to write are left in
  `<doctrees>/versions-to-record/`, which scripts/build.py moves over the
  editions' files only once the build is published;
- "locked" (`make html` in CI and on Read the Docs, as `npm ci` is): a change
  the committed lock files do not hold stops the build at its line. A clean
  clone never records, so a change must never be published from one: the
  next clean clone, without that record, would publish a lower SEQUENCE.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .data import lock_file, versions
from .data.files import EDITION_FILE

logger = logging.getLogger(__name__)

MODES = ("show", "record", "locked")
#: Beside the doctrees; scripts/build.py moves what it holds into the project once published.
TO_RECORD = "versions-to-record"


def mode(app: Sphinx) -> str:
    return app.config.workshop_versions if app.config.workshop_versions in MODES else "show"


def to_record(app: Sphinx) -> Path:
    return Path(app.doctreedir) / TO_RECORD


def start(app: Sphinx) -> None:
    """At builder-inited: what an earlier build left, unpublished, is not this build's to record."""
    shutil.rmtree(to_record(app), ignore_errors=True)


def leave_for_recording(app: Sphinx, exception: Exception | None) -> None:
    """At build-finished, after a build that raised nothing: each edition's
    new lock file, for scripts/build.py to put in place once it publishes."""
    if exception is not None:
        return
    workshop = app.workshop_data
    for edition in workshop.editions:
        published = edition.published
        if not published.unrecorded:
            continue
        lock = Path(edition.folder) / lock_file.LOCK_FILE
        if mode(app) == "record":
            target = to_record(app) / lock
            target.parent.mkdir(parents=True, exist_ok=True)
            lock_file.write(target, edition.acronym, published)
        for version in published.pending:
            said = versions.sentences(version, versions.namer(workshop, edition))
            logger.info(
                "%s: version %s of %s%s: %s",
                lock.as_posix(),
                version.name,
                edition.acronym,
                " (recorded once the build is published)" if mode(app) == "record" else " (not recorded: a preview)",
                " ".join(said) or f"the first record of what {edition.folder}/{EDITION_FILE} holds",
            )
