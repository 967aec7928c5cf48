"""Load and check the workshop data for a Sphinx build; stop it on mistakes."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pybtex
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from .model import Workshop

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
    the build stops before anything is written.

    Data that passed its checks is kept beside the doctrees with a digest of
    everything it was read from; a rebuild with the same inputs reuses it."""
    cache = Path(app.doctreedir) / "workshop-data.pickle"
    digest = inputs_digest(Path(app.srcdir), config)
    if digest is not None and cache.is_file():
        with cache.open("rb") as file:
            kept_digest, workshop, fingerprint = pickle.load(file)
        if kept_digest == digest:
            app.workshop_data, app.workshop_fingerprint = workshop, fingerprint
            return
    app.workshop_data = load_checked(app, config)
    # Everything pages and exports show, so a change of any of it is seen.
    app.workshop_fingerprint = hashlib.sha256(repr(app.workshop_data).encode()).hexdigest()
    if digest is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("wb") as file:
            pickle.dump((digest, app.workshop_data, app.workshop_fingerprint), file)


def inputs_digest(srcdir: Path, config: Config) -> str | None:
    """Of what the data is read from: the event facts, the .bib, the schedule,
    the paper and talk pages, this code and pybtex. None when a file is missing
    (that is for the checks to report)."""
    from . import code_version

    digest = hashlib.sha256(repr((sorted(config.workshop_event.items()), code_version(), pybtex.__version__)).encode())
    pages = [*(srcdir / config.workshop_papers_dir).glob("*.md"), *(srcdir / config.workshop_program_dir).glob("*.md")]
    for path in [srcdir / name for name in data_files(config)] + sorted(pages):
        if not path.is_file():
            return None
        digest.update(f"\0{path.relative_to(srcdir).as_posix()}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def load_checked(app: Sphinx, config: Config) -> Workshop:
    from .checks import load_workshop  # (PyYAML, pybtex's parser and latexcodec: only when the data changed)

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
    return workshop


def attach_to_env(app: Sphinx) -> None:
    """Directives read the data from the environment."""
    app.env.workshop_data = app.workshop_data


def pages_to_rewrite(app: Sphinx, env) -> list[str]:
    """Every page's navigation shows paper and talk titles: when the data
    changed, rewrite all pages (re-reading only those that use the data)."""
    previous = getattr(env, "workshop_fingerprint", None)
    env.workshop_fingerprint = app.workshop_fingerprint
    return sorted(env.found_docs) if previous != app.workshop_fingerprint else []
