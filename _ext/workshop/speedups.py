"""Two libraries that cost every build time for nothing; fixed here.

- pybtex finds its styles and backends through importlib.metadata's
  entry_points(), which reads the metadata of every installed package on each
  call; sphinxcontrib-bibtex asks again for every bibliography (a tenth of a
  clean build). Installed entry points do not change while Sphinx runs, so the
  answers are kept.
- sphinx-sitemap collects page links in a multiprocessing Manager queue so
  that parallel writers can share it, and so starts a server process on every
  build (a tenth of a rebuild). When Sphinx writes pages in one process, a
  plain queue does the same job.
"""

from __future__ import annotations

import functools
import queue

import pybtex.plugin
import sphinx_sitemap
from sphinx.application import Sphinx


def cache_pybtex_plugin_lookups() -> None:
    lookup = pybtex.plugin.entry_points
    if not hasattr(lookup, "cache_info"):
        pybtex.plugin.entry_points = functools.cache(lookup)


class InProcessManager:
    """multiprocessing.Manager's Queue, for a build that writes in one process."""

    Queue = queue.Queue


def serial_sitemap_queue(app: Sphinx) -> None:
    """Runs before sphinx-sitemap's own builder-inited handler creates its queue."""
    if app.parallel <= 1:
        sphinx_sitemap.Manager = InProcessManager
