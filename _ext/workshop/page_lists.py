"""Every page of an edition is in its list: the toctree of the index page
beside it (`program/index.md` for a talk, `papers/index.md` for a paper, the
edition's `index.md` for its other pages).

Sphinx says only "document isn't included in any toctree" for a page left
out, and only while it builds; this says which list to add it to, and `make
check-data` finds it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .model import Edition, Problem

TOCTREE = re.compile(r"^[ \t]*(`{3,}|:{3,})[ \t]*\{toctree\}[^\n]*\n(.*?)^[ \t]*\1[ \t]*$", re.M | re.S)


@dataclass(frozen=True)
class PageList:
    """The pages an index page lists, as written in its toctrees."""

    index: Path
    line: int  # of its first toctree (or 1)
    entries: frozenset[str]  # relative to the index's folder, without .md


def read_list(index: Path) -> PageList:
    text = index.read_text(encoding="utf-8") if index.is_file() else ""
    entries, first = set(), None
    for match in TOCTREE.finditer(text):
        first = first or text.count("\n", 0, match.start()) + 1
        for line in match.group(2).splitlines():
            entry = line.strip()
            if entry and not entry.startswith(":"):
                entries.add(entry.removesuffix(".md").split("<")[-1].rstrip(">").strip())
    return PageList(index, first or 1, frozenset(entries))


def lists_of(folder: Path) -> dict[Path, PageList]:
    """Each folder of an edition with the list that must name its pages."""
    return {sub: read_list(sub / "index.md") for sub in (folder, folder / "program", folder / "papers") if sub.is_dir()}


def list_rules(edition: Edition, folder: Path, lists: dict[Path, PageList], shown) -> Iterator[Problem]:
    """`shown`: a path as messages name it (from the project's root)."""
    for sub, page_list in lists.items():
        for page in sorted(sub.glob("*.md")):
            if page.name == "index.md" or page.stem in page_list.entries:
                continue
            yield Problem(
                shown(page),
                1,
                f"this page of {edition.acronym} is in no list of pages: add '{page.stem}' to the toctree of "
                f"{shown(page_list.index)} (line {page_list.line})",
            )
