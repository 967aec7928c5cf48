"""Garbage collected less often during a build, and never walking what the
build keeps.

Python collects young objects after every 700 allocations, and the whole heap
after every hundred such collections: a Sphinx build, which keeps most of
what it makes until the end, spends a large share of its time there (15% of
a clean build of a 200-paper site, measured with bench/audit.py). During the
build it collects after every 10,000 instead (mypy raises it to 200,000);
garbage waits a little longer, and Python's thresholds are restored when the
build is finished.

A collection of the whole heap walks every object in it, also those that live
until the process ends: the environment, which Sphinx's logging keeps with
the application, and what the extensions loaded. Those are frozen
(`gc.freeze`, which moves them out of every generation) at three points:
- once the builder is ready: the environment of the last build, loaded;
- once the pages are read (write-started): the environment, complete;
- once the build is finished: Python collects the whole heap two or three
  times when the process ends, before it frees it.
At 1,000 papers this took a one-page edit from 3.7 s to 2.3 s (collections
0.5 s, the end of the process 0.8 s), and a build that reads every page from
253 s to 195 s (bench/README.md). Garbage that was frozen is freed when the
process ends; a later build in the same process (the tests) unfreezes and
collects it before it freezes anything.
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
    if gc.get_freeze_count():  # (a process that builds again: what the earlier build let go of is freed)
        gc.unfreeze()
        gc.collect()
    thresholds = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS_BETWEEN_COLLECTIONS, *thresholds[1:])
    app.connect("builder-inited", lambda app: gc.freeze(), priority=1000)
    app.connect("write-started", lambda app, builder: gc.freeze())
    app.connect("build-finished", lambda app, exception: finished(thresholds), priority=1000)


def finished(thresholds: tuple[int, int, int]) -> None:
    gc.set_threshold(*thresholds)
    gc.freeze()
