"""Editions still being written: a folder whose facts hold only the year and
the acronym (as `python -m workshop new-edition` writes it) is not published.

Nothing of it reaches a page, a calendar or a feed until its start, end,
timezone, status, format and host are written: the site never shows dates or
places that were not announced, and the build says what is still to write.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from .files import shown

#: The facts an edition is published with (the schema asks for all of them once one is given).
FACTS = ("start", "end", "timezone", "status", "format", "host")


def is_unpublished(path: Path) -> bool:
    """The edition file's facts name none of FACTS. A file that cannot be read
    is not judged here: its edition is read, and the mistake reported, as any other."""
    try:
        return judged(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return False


#: The `edition:` mapping, from its line to the next key at the top of the file.
EDITION_BLOCK = re.compile(r"^edition:.*?(?=^[^\s#-]|\Z)", re.M | re.S)


@functools.lru_cache(maxsize=16)
def judged(text: str) -> bool:
    """is_unpublished of an edition file's text: conf.py and the extension both
    ask, and a file of a thousand talks takes a while to parse whole."""
    block = EDITION_BLOCK.search(text)
    try:
        # (only the facts are parsed; libyaml's loader where PyYAML has it)
        document = yaml.load(block[0] if block else text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return False
    facts = document.get("edition") if isinstance(document, dict) else None
    return isinstance(facts, dict) and not any(name in facts for name in FACTS)


def note(path: Path) -> str:
    """What the build says of an unpublished edition."""
    folder = path.parent.parent.name
    return (
        f"{shown(path)}: {folder}/ is not published yet: write its {', '.join(FACTS[:-1])} and {FACTS[-1]} "
        "under 'edition:' (ORGANIZERS.md, 'Start a new edition'), then build again"
    )
