"""Editions still being written: a folder whose facts hold only the year and
the acronym (as `python -m workshop new-edition` writes it) is not published.

Nothing of it reaches a page, a calendar or a feed until its start, end,
timezone, status, format and host are written: the site never shows dates or
places that were not announced, and the build says what is still to write.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .files import shown

#: The facts an edition is published with (the schema asks for all of them once one is given).
FACTS = ("start", "end", "timezone", "status", "format", "host")


def is_unpublished(path: Path) -> bool:
    """The edition file's facts name none of FACTS. A file that cannot be read
    is not judged here: its edition is read, and the mistake reported, as any other."""
    try:
        # (libyaml's loader where PyYAML has it: the whole file is read on every build, only its facts matter)
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
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
