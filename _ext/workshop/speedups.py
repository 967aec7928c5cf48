"""Libraries that cost every build time for nothing; fixed here.

- pybtex and sphinxcontrib-bibtex find their styles and backends through
  importlib.metadata's entry_points(group=..., name=...), which reads the
  metadata of every installed package on each call: nine times a build, for
  different names. Installed entry points do not change while Sphinx runs, so
  they are read once and every lookup selects from that one list.
- sphinxcontrib-bibtex formats every bibliography again after each reading
  phase, even when no page was read, added or removed and the configuration
  is the same: then its result is the one kept in the environment from the
  build before, and the formatting (a twentieth of a rebuild) is skipped.
- Sphinx compiles the theme's Jinja templates in every build, the search
  page's at least (a tenth of a rebuild). Jinja can keep the compiled code:
  it is kept beside the doctrees and used while a template's source is the
  same (Jinja compares checksums).
- sphinx-sitemap collects page links in a multiprocessing Manager queue so
  that parallel writers can share it, and so starts a server process on every
  build (a tenth of a rebuild). When Sphinx writes pages in one process, a
  plain queue does the same job.
- Python collects young objects after every 700 allocations, and the whole
  heap after every hundred such collections: a Sphinx build, which keeps most
  of what it makes until the end, spends a tenth of its time there. During
  the build it collects after every 10,000 instead (mypy raises it to 200,000);
  garbage waits a little longer (a build of this site peaks at about 80 MB
  either way).
- When the build is over, Python's shutdown collects garbage across every
  object the build made (a sixth of a clean build), to free memory the system
  takes back anyway when the process ends. Objects frozen at exit are left
  out of that walk. Nothing waits on it: Sphinx and this extension close the
  files they write, and logging flushes in its own exit handler.
"""

from __future__ import annotations

import atexit
import functools
import gc
import importlib.metadata
import queue
from pathlib import Path

import pybtex.plugin
import sphinx_sitemap
import sphinxcontrib.bibtex
import sphinxcontrib.bibtex.plugin
from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx
from sphinx.environment import CONFIG_OK, BuildEnvironment


@functools.cache
def installed_entry_points() -> importlib.metadata.EntryPoints:
    return importlib.metadata.entry_points()


@functools.cache  # (pybtex asks for the same plugins again and again)
def entry_points(**selection: str) -> importlib.metadata.EntryPoints:
    """importlib.metadata.entry_points(group=..., name=...), from one reading."""
    return installed_entry_points().select(**selection)


def read_entry_points_once() -> None:
    pybtex.plugin.entry_points = entry_points
    sphinxcontrib.bibtex.plugin.entry_points = entry_points


YOUNG_OBJECTS_BETWEEN_COLLECTIONS = 10_000


def collect_garbage_less_often(app: Sphinx) -> None:
    """Until the build is finished; then Python's thresholds are restored."""
    thresholds = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS_BETWEEN_COLLECTIONS, *thresholds[1:])
    app.connect("build-finished", lambda app, exception: gc.set_threshold(*thresholds))


def skip_final_garbage_collection() -> None:
    atexit.unregister(gc.freeze)  # (once per process, however many builds it runs)
    atexit.register(gc.freeze)


def format_citations_only_after_changes(app: Sphinx) -> None:
    """Puts a guard in front of sphinxcontrib-bibtex's env-updated handler."""
    for listener in list(app.events.listeners["env-updated"]):
        if listener.handler is sphinxcontrib.bibtex.env_updated:
            app.events.disconnect(listener.id)
            app.connect("env-updated", format_citations_when_pages_changed, priority=listener.priority)
    app.connect("env-get-outdated", note_removed_pages)
    app.connect("env-before-read-docs", note_pages_to_read)


def note_removed_pages(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    app.workshop_pages_removed = bool(removed)
    return []


def note_pages_to_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    app.workshop_pages_read = bool(docnames)


def format_citations_when_pages_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    unchanged = env.config_status == CONFIG_OK and not app.workshop_pages_read and not app.workshop_pages_removed
    if unchanged and env.get_domain("cite").citations:
        return []
    return sphinxcontrib.bibtex.env_updated(app, env)


def keep_compiled_templates(app: Sphinx) -> None:
    environment = getattr(app.builder.templates, "environment", None)  # (a builder with Jinja templates)
    if environment is not None:
        folder = Path(app.doctreedir) / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


class InProcessManager:
    """multiprocessing.Manager's Queue, for a build that writes in one process."""

    Queue = queue.Queue


def serial_sitemap_queue(app: Sphinx) -> None:
    """Runs before sphinx-sitemap's own builder-inited handler creates its queue."""
    if app.parallel <= 1:
        sphinx_sitemap.Manager = InProcessManager
