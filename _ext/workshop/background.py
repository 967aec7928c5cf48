"""Work done by a second process while Sphinx goes on with the build.

Loading the data and writing the exports do not need Sphinx, and a build uses
one processor: a forked child does them at the same time and hands back its
result through a pipe. Where processes cannot be forked (Windows), the work is
done in this process, at once.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable
from typing import Any

from sphinx.errors import ExtensionError

CAN_FORK = "fork" in multiprocessing.get_all_start_methods()


class Background:
    def __init__(self, what: str, function: Callable[..., Any], *args: Any) -> None:
        self.what = what
        if not CAN_FORK:
            self.process, self.value = None, function(*args)
            return
        # Output not yet written would otherwise be written by the child too.
        sys.stdout.flush()
        sys.stderr.flush()
        context = multiprocessing.get_context("fork")
        self.receiving, sending = context.Pipe(duplex=False)
        self.process = context.Process(target=run, args=(sending, function, args), name=what, daemon=True)
        self.process.start()
        sending.close()

    def wait(self) -> None:
        """Waits for the child, and leaves its result."""
        if self.process is not None:
            self.process.join()

    def result(self) -> Any:
        """Waits for the child; its traceback, if it failed, is on stderr."""
        if self.process is None:
            return self.value
        try:
            value = self.receiving.recv()
        except EOFError:
            value = None
        self.process.join()
        if self.process.exitcode != 0 or value is None:
            raise ExtensionError(f"{self.what} failed in a second process (exit code {self.process.exitcode})")
        return value[0]


def run(sending, function: Callable[..., Any], args: tuple) -> None:
    sending.send((function(*args),))
