"""The workshop data a build's pages are made from, found by the build's environment.

Beside the environment, not in it: Sphinx pickles the environment after
reading and loads it on the next build, and the data is kept in a file of
its own already (sources.py). Directives and transforms are handed the
environment; sources.py attaches the data to it when the builder starts.
"""

from __future__ import annotations

import weakref

from sphinx.environment import BuildEnvironment

from ..data.workshop import Workshop

DATA_OF: weakref.WeakKeyDictionary[BuildEnvironment, Workshop] = weakref.WeakKeyDictionary()


def attach(env: BuildEnvironment, workshop: Workshop) -> None:
    DATA_OF[env] = workshop


def workshop_of(env: BuildEnvironment) -> Workshop:
    return DATA_OF[env]
