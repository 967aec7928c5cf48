"""Look each pybtex plugin up once per build instead of on every use.

pybtex finds its styles and backends through importlib.metadata's
entry_points(), which reads the metadata of every installed package on each
call; sphinxcontrib-bibtex asks for them again for every bibliography, which
made up a tenth of a clean build. Installed entry points do not change while
Sphinx runs, so the answers are kept.
"""

from __future__ import annotations

import functools

import pybtex.plugin


def install() -> None:
    lookup = pybtex.plugin.entry_points
    if not hasattr(lookup, "cache_info"):
        pybtex.plugin.entry_points = functools.cache(lookup)
