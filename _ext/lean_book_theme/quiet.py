"""A build that prints only its progress and its result.

myst-parser logs its whole configuration (a `MdParserConfig(...)` dump of
some 1,500 characters) at every build, at the level of progress messages.
A standard `logging.Filter` on its logger drops that one record; every
warning and error still passes.
"""

from __future__ import annotations

import logging


class DropConfigurationDump(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno == logging.INFO and "MdParserConfig(" in record.getMessage())


def drop_myst_configuration_dump() -> None:
    logger = logging.getLogger("sphinx.myst_parser.sphinx_ext.main")
    if not any(isinstance(f, DropConfigurationDump) for f in logger.filters):
        logger.addFilter(DropConfigurationDump())
