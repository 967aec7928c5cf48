"""Every page of an edition is in its list: the toctree of the index page
beside it (`program/index.md` for a talk, `papers/index.md` for a paper, the
edition's `index.md` for its other pages).

Sphinx says only "document isn't included in any toctree" for a page left
out, and only while it builds; this says which list to add it to, and `make
check-data` finds it too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .editions import Edition
from .problems import Problem

TOCTREE = re.compile(r"^[ \t]*(`{3,}|:{3,})[ \t]*\{toctree\}[^\n]*\n(.*?)^[ \t]*\1[ \t]*$", re.M | re.S)


@dataclass(frozen=True)
class PageList:
    """A folder's pages, and those its index page lists in its toctrees."""

    index: str  # the index page, as messages name it
    line: int  # of its first toctree (or 1)
    entries: frozenset[str]  # relative to the index's folder, without .md
    pages: tuple[tuple[str, str], ...]  # (name without .md, path as messages name it), index.md left out
    unknown: tuple[tuple[str, int], ...] = ()  # (entry, its line): entries that name no page


def read_list(folder: Path, shown) -> PageList:
    """`shown`: a path as messages name it (from the project's root)."""
    index = folder / "index.md"
    text = index.read_text(encoding="utf-8") if index.is_file() else ""
    entries, unknown, first = set(), [], None
    for match in TOCTREE.finditer(text):
        first = first or text.count("\n", 0, match.start()) + 1
        body_line = text.count("\n", 0, match.start(2)) + 1
        for number, line in enumerate(match.group(2).splitlines(), start=body_line):
            entry = line.strip()
            if entry and not entry.startswith(":"):
                target = entry.removesuffix(".md").split("<")[-1].rstrip(">").strip().removesuffix(".md")
                entries.add(target)
                special = target == "self" or "://" in target or target.startswith("/") or "*" in target
                if not special and not (folder / f"{target}.md").is_file():
                    unknown.append((target, number))
    pages = tuple((p.stem, shown(p)) for p in sorted(folder.glob("*.md")) if p.name != "index.md")
    return PageList(shown(index), first or 1, frozenset(entries), pages, tuple(unknown))


def lists_of(folder: Path, shown) -> list[PageList]:
    """Each folder of an edition, with the list that must name its pages."""
    return [read_list(sub, shown) for sub in (folder, folder / "program", folder / "papers") if sub.is_dir()]


def list_rules(edition: Edition, lists: list[PageList]) -> Iterator[Problem]:
    for page_list in lists:
        left_out = [name for name, _ in page_list.pages if name not in page_list.entries]
        meant = {}  # a left-out page an entry was meant to name: said once, at the entry
        for entry, line in page_list.unknown:
            close = difflib.get_close_matches(entry, left_out, n=1)
            folder = page_list.index.rpartition("/")[0] or "."
            if close:
                meant[close[0]] = entry
                hint = f"did you mean '{close[0]}' ({close[0]}.md is in no list)?"
            else:
                hint = "remove it, or add the page"
            yield Problem(page_list.index, line, f"the toctree names '{entry}', which is no page in {folder}/: {hint}")
        for name, where in page_list.pages:
            if name not in page_list.entries and name not in meant:
                yield Problem(
                    where,
                    1,
                    f"this page of {edition.acronym} is in no list of pages: add '{name}' to the toctree of "
                    f"{page_list.index} (line {page_list.line})",
                )
