"""Load and check the workshop data for a Sphinx build; stop it on mistakes."""

from __future__ import annotations

import functools
import hashlib
import pickle
from pathlib import Path

import pybtex
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from .data import held_news, lock_file, timeline
from .data.files import directive_pattern
from .data.page_lists import TOCTREE
from .data.read_series import edition_files
from .data.workshop import Workshop
from .pages import build_data

logger = logging.getLogger(__name__)


class DataError(SystemExit):
    """Stops the build. A SystemExit, because Sphinx prints a traceback with
    any Exception, and these are the organizer's data mistakes, not bugs."""


def load(app: Sphinx) -> None:
    """At builder-inited, before sphinxcontrib-bibtex parses the .bib, so its
    traceback on a broken file never shows: every problem is listed with file
    and line, and the build stops before anything is written. Data that passed
    its checks is kept beside the doctrees with a digest of everything it was
    read from, and reused while that is the same."""
    app.workshop_digest = inputs_digest(Path(app.srcdir), app.config)
    kept = kept_data(app)
    if kept is not None:
        publish_now(app, *kept)
        return
    workshop, problems = load_workshop_of(app, app.config)
    for problem in problems:
        logger.error(problem.message, location=f"{problem.path}:{problem.line}", type="workshop", subtype="data")
    if problems:
        logger.error("%d mistake(s) in the workshop data, listed above; nothing was built.", len(problems))
        raise DataError(2)
    # Everything pages and exports show, so a change of any of it is seen.
    fingerprint = hashlib.sha256(repr(workshop).encode()).hexdigest()
    if app.workshop_digest is not None:
        kept_data_file(app).parent.mkdir(parents=True, exist_ok=True)
        with kept_data_file(app).open("wb") as file:
            pickle.dump(app.workshop_digest, file)  # read first: the data only when it matches
            pickle.dump((workshop, fingerprint), file)
    publish_now(app, workshop, fingerprint)


def publish_now(app: Sphinx, workshop: Workshop, fingerprint: str) -> None:
    """The data as this build may publish it: announcements whose day has not come are held back
    (the kept data has them all, so that the next day's build publishes them), and said so."""
    now = timeline.build_time()
    for location, note in held_news.notes(workshop, now):
        logger.info("%s: %s", location, note)
    app.workshop_data = held_news.published_now(workshop, now)
    held = app.workshop_data is not workshop
    app.workshop_fingerprint = hashlib.sha256(repr(app.workshop_data).encode()).hexdigest() if held else fingerprint


def kept_data_file(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "workshop-data.pickle"


def kept_data(app: Sphinx) -> tuple[Workshop, str] | None:
    if app.workshop_digest is None or not kept_data_file(app).is_file():
        return None
    try:
        with kept_data_file(app).open("rb") as file:
            if pickle.load(file) != app.workshop_digest:
                return None
            return pickle.load(file)
    except Exception:  # (a file cut short, or from other code: load afresh)
        return None


def inputs_digest(srcdir: Path, config: Config) -> str | None:
    """Of what the data is read from: the series facts, the .bib, the editions'
    files, and of every page in an edition's folder its name and what the
    checks read in it; this code and pybtex. None when a file is missing (that
    is for the checks to report)."""
    settings = (sorted(config.workshop_series.items()), code_version(), pybtex.__version__, config.workshop_versions)
    digest = hashlib.sha256(repr(settings).encode())
    editions = edition_files(srcdir)[0]
    for path in [srcdir / config.bibtex_bibfiles[0], *editions]:
        if not path.is_file():
            return None
        digest.update(f"\0{path.relative_to(srcdir).as_posix()}\0".encode() + path.read_bytes())
    for lock in map(lock_file.lock_path, editions):  # (what each edition published: absent is a state too)
        digest.update(
            f"\0{lock.relative_to(srcdir).as_posix()}\0".encode() + (lock.read_bytes() if lock.is_file() else b"-")
        )
    folders = [path.parent.parent for path in editions]
    for page in sorted(page for folder in folders for page in folder.rglob("*.md")):
        digest.update(f"\0{page.relative_to(srcdir).as_posix()}\0".encode() + what_the_data_reads(page))
    return digest.hexdigest()


def what_the_data_reads(page: Path) -> bytes:
    """Of an edition's page, what the checks read: its {paper} and {talk}
    lines and its toctrees (the lists of pages), with where they are. The
    rest is the page's own text, which Sphinx reads: editing it does not read
    the whole data again."""
    raw = page.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw  # (for the checks to report)
    patterns = (directive_pattern("paper"), directive_pattern("talk"), TOCTREE)
    found = [(m.group(0), text.count("\n", 0, m.start())) for pattern in patterns for m in pattern.finditer(text)]
    return repr(found).encode()


def load_workshop_of(app: Sphinx, config: Config) -> tuple[Workshop | None, list]:
    from .data.pipeline import load_workshop  # (PyYAML, pybtex's parser and latexcodec: only when the data changed)

    return load_workshop(
        Path(app.srcdir),
        config.workshop_series,
        Path(app.confdir) / "conf.py",
        config.bibtex_bibfiles[0],
        locked=config.workshop_versions == "locked",
    )


def attach_to_env(app: Sphinx) -> None:
    """Directives and transforms find the data by the environment they are given."""
    build_data.attach(app.env, app.workshop_data)


@functools.cache
def code_version() -> int:
    """Changes with this extension's code, so that an update rebuilds every page."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return int(digest.hexdigest()[:12], 16)
