"""People across the series: who is who, and every role each one had.

A person is named in three places: as a speaker in a programme file, as an
author in references.bib, and in a committee. Two names are one person when
their family name (the last word) and first given name agree, ignoring
accents and capitals; middle names and initials may differ ("Emily J.
Herron" and "Emily Herron"), and the index shows the fullest spelling. Two
spellings of those two words that differ only in accents or capitals, or an
abbreviated first name ("J. Keuper"), are reported: write one spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from .editions import Edition
from .papers import Paper
from .problems import Problem
from .programme import AUTHORED_KINDS, Item
from .workshop import Workshop


def fold(word: str) -> str:
    """Without accents, capitals and punctuation: "Muraña" -> "murana"."""
    decomposed = unicodedata.normalize("NFKD", word)
    return re.sub(r"[^\w]", "", "".join(c for c in decomposed if not unicodedata.combining(c))).casefold()


def words(name: str) -> list[str]:
    return name.split()


def identity(name: str) -> tuple[str, str]:
    """(family name, first given name), folded."""
    parts = words(name)
    return fold(parts[-1]), fold(parts[0]) if len(parts) > 1 else ""


def short_form(name: str) -> str:
    """First given name and family name as written."""
    parts = words(name)
    return f"{parts[0]} {parts[-1]}" if len(parts) > 1 else name


def initial(name: str) -> str:
    """The letter the index files a person under: their family name's first, without accents ("Ä" -> "A")."""
    return (identity(name)[0][:1] or "?").upper()


def anchor(name: str) -> str:
    family, given = identity(name)
    return f"person-{given}-{family}".strip("-")


def persons_of(edition: Edition) -> Iterator:
    """Every Person record of an edition's file: committees and speakers."""
    yield from edition.committees.organizing
    yield from edition.committees.programme
    for item in edition.items:
        yield from item.speakers
        yield from item.chairs


# --- the rule -----------------------------------------------------------------------


def occurrences(editions: list[Edition], papers: dict[str, Paper], bib_where: str) -> Iterator[tuple[str, str, int]]:
    """(name, file, line) of every mention, in file order."""
    for edition in editions:
        committees = edition.committees
        for person in (*committees.organizing, *committees.programme):
            yield person.name, edition.source, person.line
        for item in edition.items:
            for person in item.speakers:
                yield person.name, edition.source, person.line
    presented = {i.paper for e in editions for i in e.items if i.paper}
    for key in sorted(presented & set(papers), key=lambda k: papers[k].line):
        for name in papers[key].authors:
            yield name, bib_where, papers[key].line


def spelling_rules(editions: list[Edition], papers: dict[str, Paper], bib_where: str) -> Iterator[Problem]:
    first: dict[tuple[str, str], tuple[str, str, int]] = {}
    full_given: dict[tuple[str, str], tuple[str, str, int]] = {}  # (family, first letter) -> a name in full
    mentions = sorted(occurrences(editions, papers, bib_where), key=lambda m: (m[1] != bib_where, m[1], m[2]))
    for name, where, line in mentions:
        key = identity(name)
        if len(key[1]) > 1:
            full_given.setdefault((key[0], key[1][0]), (name, where, line))
        seen = first.setdefault(key, (name, where, line))
        if short_form(seen[0]) != short_form(name):
            yield Problem(
                where,
                line,
                f"'{name}' is spelled '{seen[0]}' at {seen[1]}:{seen[2]}: one person, one spelling "
                "(accents and capitals included)",
            )
    for name, where, line in mentions:
        family, given = identity(name)
        if len(given) == 1 and (family, given) in full_given:
            other = full_given[(family, given)]
            yield Problem(
                where,
                line,
                f"'{name}' may be '{other[0]}' ({other[1]}:{other[2]}): write the given name in full, "
                "as it is written there (and in full for a different person, too)",
            )


def edit_distance(first: str, second: str) -> int:
    """Levenshtein: the fewest letters inserted, removed or replaced."""
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i]
        for j, b in enumerate(second, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


def close(first: str, second: str) -> bool:
    """One letter apart (two in words of eight letters or more); short words
    ("Li", "Lu") must match exactly."""
    if first == second or min(len(first), len(second)) < 4:
        return False
    return edit_distance(first, second) <= (2 if min(len(first), len(second)) >= 8 else 1)


def deletions(word: str, depth: int) -> set[str]:
    """The word with up to `depth` letters left out."""
    found, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def candidate_pairs(keys: list, position: int) -> set[tuple]:
    """Pairs whose words at `position` share a spelling with letters left out:
    every pair within two letters does (as a symmetric-delete spelling checker
    finds them), without comparing every name with every other."""
    by_variant: dict[str, list] = {}
    for key in keys:
        word = key[position]
        for variant in deletions(word, 2 if len(word) >= 8 else 1):
            by_variant.setdefault(variant, []).append(key)
    return {(a, b) for group in by_variant.values() for a in group for b in group if a < b}


def near_miss_rules(
    editions: list[Edition], papers: dict[str, Paper], bib_where: str, distinct: dict[str, set[str]]
) -> Iterator[Problem]:
    """A name one letter away from a person the series already names ("Janis
    Keupper" beside "Janis Keuper") is reported at each mention of the rarer
    spelling, naming the other; `distinct_from` in the data says they are two
    people. Compared within the same given name, and within the same family name."""
    mentions = list(occurrences(editions, papers, bib_where))
    count: dict[tuple[str, str], int] = {}
    spelled: dict[tuple[str, str], tuple[str, str, int]] = {}
    for name, where, line in mentions:
        count[identity(name)] = count.get(identity(name), 0) + 1
        spelled.setdefault(identity(name), (name, where, line))
    by_given: dict[str, list[tuple[str, str]]] = {}
    by_family: dict[str, list[tuple[str, str]]] = {}
    for key in count:
        by_given.setdefault(key[1], []).append(key)
        by_family.setdefault(key[0], []).append(key)
    known: dict[tuple[str, str], tuple[str, str]] = {}  # rarer spelling -> the more frequent
    for group, position in ((by_given, 0), (by_family, 1)):
        for keys in group.values():
            for a, b in candidate_pairs(keys, position):
                if close(a[position], b[position]):
                    rare, common = sorted((a, b), key=lambda k: (count[k], -spelled[k][2]))
                    known.setdefault(rare, common)
    for name, where, line in mentions:
        common = known.get(identity(name))
        if common is None or fold(spelled[common][0]) in {fold(d) for d in distinct.get(name, ())}:
            continue
        other = spelled[common]
        yield Problem(
            where,
            line,
            f"'{name}' is one letter from '{other[0]}' ({other[1]}:{other[2]}): write that spelling if it is the "
            f"same person; if not, add distinct_from: {other[0]} to this person",
        )


# --- the index ----------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    year: int
    what: str  # "organizing committee", "keynote", "co-author and presenter", ...
    title: str | None  # of the talk or paper
    target: str  # docname, with "#anchor" for a programme row or committee
    affiliation: str | None


@dataclass(frozen=True)
class Entry:
    name: str
    anchor: str
    roles: tuple[Role, ...]


TALK_ROLES = {"keynote": "keynote", "invited-talk": "invited talk"}


def item_roles(workshop: Workshop, edition: Edition, item: Item) -> Iterator[tuple[str, Role]]:
    """(name, role) for everyone an item names."""
    paper = workshop.papers.get(item.paper) if item.paper else None
    title = workshop.item_title(item)
    page = workshop.page_of(item) or f"{edition.programme_page}#item-{item.id}"
    affiliations = {identity(p.name): p.affiliation for p in item.speakers}
    presenters = {identity(p.name) for p in item.presenters}
    cancelled = " (cancelled)" if item.status == "cancelled" else ""  # credited, but not as given
    for person in item.chairs:
        yield person.name, Role(edition.year, "chair" + cancelled, title, page, person.affiliation)
    if item.kind in TALK_ROLES:
        for person in item.speakers:
            yield person.name, Role(edition.year, TALK_ROLES[item.kind] + cancelled, title, page, person.affiliation)
        return
    authors = list(paper.authors) if paper else [p.name for p in item.speakers if item.kind in AUTHORED_KINDS]
    named = {identity(n): n for n in authors}
    for person in item.speakers:
        named.setdefault(identity(person.name), person.name)
    for key, name in named.items():
        is_author, presents = key in {identity(a) for a in authors}, key in presenters
        what = " and ".join(w for w, on in (("co-author", is_author), ("presenter", presents)) if on) or "speaker"
        yield name, Role(edition.year, what + cancelled, title, page, affiliations.get(key))


def committee_roles(edition: Edition) -> Iterator[tuple[str, Role]]:
    committees = edition.committees
    for person in committees.organizing:
        target = f"{edition.committee_page}#organizing-committee"
        yield person.name, Role(edition.year, "organizing committee", None, target, person.affiliation)
        if committees.programme_includes_organizing:
            target = f"{edition.committee_page}#programme-committee"
            yield person.name, Role(edition.year, "programme committee", None, target, person.affiliation)
    for person in committees.programme:
        target = f"{edition.committee_page}#programme-committee"
        yield person.name, Role(edition.year, "programme committee", None, target, person.affiliation)


def everyone_named(workshop: Workshop) -> Iterator[tuple[str, Role]]:
    """(name as written, role) for every role in every edition."""
    for edition in workshop.editions:
        yield from committee_roles(edition)
        for item in edition.items:
            yield from item_roles(workshop, edition, item)


def fullest_spellings(workshop: Workshop) -> dict[tuple[str, str], str]:
    """Each person's fullest spelling in the series, by identity: 'Emily J. Herron'
    where a programme wrote 'Emily Herron' and the paper the full name."""
    names: dict[tuple[str, str], str] = {}
    for name, _ in everyone_named(workshop):
        key = identity(name)
        if len(name) > len(names.get(key, "")):
            names[key] = name
    return names


def index(workshop: Workshop) -> list[Entry]:
    """Everyone the series names, once each, by family name; roles newest edition first."""
    roles: dict[tuple[str, str], list[Role]] = {}
    for name, role in everyone_named(workshop):
        roles.setdefault(identity(name), []).append(role)
    names = workshop.spellings or fullest_spellings(workshop)
    entries = [
        Entry(names[key], anchor(names[key]), tuple(sorted(found, key=lambda r: -r.year)))
        for key, found in roles.items()
    ]
    return sorted(entries, key=lambda e: (identity(e.name), e.name))
