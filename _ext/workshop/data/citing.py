"""What a citation names, whether it may name it, and its words: read by the rules (an
announcement's text, at its line in the edition's file), by the pages' check (a {cite} role,
at its line in the page) and by the feeds (a citation as authors and year)."""

from __future__ import annotations

import re

from .papers import Paper

#: A citation in an announcement's text: {cite}`key`, {cite:p}`key` or {cite:t}`key1,key2`.
CITATION = re.compile(r"\{cite(?::([pt]))?\}`([^`]+)`")


def cited_keys(target: str) -> list[str]:
    """The keys of one citation, read as sphinxcontrib-bibtex reads them
    (with its {pre} and {post} text). A malformed one raises ValueError."""
    from sphinxcontrib.bibtex.citation_target import parse_citation_targets  # (with Sphinx: only when citing)

    return [target.key for target in parse_citation_targets(target)]


def citation_problem(key: str, papers: dict[str, Paper], entries: dict[str, Paper]) -> str | None:
    """Why a key cannot be cited, or None. The bibliographies list the
    papers: a proceedings volume is named in words and linked, as the papers
    pages do."""
    if key in papers:
        return None
    entry = entries.get(key)
    if entry is not None and entry.entry_type == "proceedings":
        of_it = ", ".join(sorted(k for k, p in papers.items() if p.volume == entry.volume))
        return (
            f"'{key}' is a proceedings volume, not a paper: the bibliographies list papers. "
            f"Cite one of its papers ({of_it or 'none yet'}), or link to the edition's papers page"
        )
    return f"'{key}' is not a paper in references.bib: cite the key of an accepted paper"


def text_problems(text: str, papers: dict[str, Paper], entries: dict[str, Paper]) -> list[str]:
    """Of the citations in a text."""
    problems = []
    for match in CITATION.finditer(text):
        try:
            keys = cited_keys(match.group(2))
        except ValueError:
            problems.append(f"{match.group(0)} is no citation: write {{cite:t}}`key` or {{cite:p}}`key1,key2`")
            continue
        problems += [p for key in keys if (p := citation_problem(key, papers, entries))]
    return problems


def citation_words(text: str, papers: dict[str, Paper]) -> str:
    """An announcement's text for a feed: each citation as authors and year,
    as the pages write it ("Rombach and Keuper [2020]"); {cite:p} in
    brackets."""

    def words(match: re.Match) -> str:
        named = [papers[key] for key in cited_keys(match.group(2)) if key in papers]
        if match.group(1) == "t":
            return ", ".join(f"{author_names(p)} [{p.year}]" for p in named)
        return "[" + "; ".join(f"{author_names(p)}, {p.year}" for p in named) + "]"

    return CITATION.sub(words, text)


def author_names(paper: Paper) -> str:
    families = [name.partition(",")[0] for name in paper.authors_bibtex]
    if len(families) > 2:
        return f"{families[0]} et al."
    return " and ".join(families)
