"""Garbage collected less often during a build.

Python collects young objects after every 700 allocations, and the whole heap
after every hundred such collections: a Sphinx build, which keeps most of
what it makes until the end, spends a large share of its time there (15% of
a clean build of a 200-paper site, measured with bench/audit.py). During the
build it collects after every 10,000 instead (mypy raises it to 200,000);
garbage waits a little longer, and Python's thresholds are restored when the
build is finished.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx

YOUNG_OBJECTS_BETWEEN_COLLECTIONS = 10_000


def collect_garbage_less_often(app: Sphinx) -> None:
    """Until the build is finished; then Python's thresholds are restored, after
    every other step of build-finished (restored before them, a collection of the
    whole heap fell in the middle of those steps: 0.3 s of a one-page edit at
    1,000 papers)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS_BETWEEN_COLLECTIONS, *thresholds[1:])
    app.connect("build-finished", lambda app, exception: gc.set_threshold(*thresholds), priority=1000)
