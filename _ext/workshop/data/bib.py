"""Read references.bib: every entry with its line and its text as written.

pybtex parses (strictly: a syntax error is reported with its line); a key
given twice is found first, as pybtex would stop at it without a line.
Field values reach the records as plain text, braces and accents resolved.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pybtex.errors
from pybtex.backends.plaintext import Backend as PlainText
from pybtex.database import BibliographyDataError, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError

from .files import line_of, read_text, shown
from .papers import Paper
from .problems import Problem

ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*\{[ \t]*([^,\s]+)[ \t]*,", re.M)


class BibEntry:
    """A parsed entry with where it stands in the file."""

    def __init__(self, entry: Entry, line: int, source: str):
        self.entry, self.line, self.source = entry, line, source


def entry_source(text: str, start: int) -> str:
    """The entry beginning at `start`, up to its matching closing brace."""
    depth = 0
    for pos in range(start, len(text)):
        char = text[pos]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start : pos + 1]
    return text[start:]


def load_bib(path: Path) -> tuple[dict[str, BibEntry], list[Problem]]:
    where = shown(path)
    text, problem = read_text(path, "bibliography")
    if problem:
        return {}, [problem]

    problems: list[Problem] = []
    starts: dict[str, tuple[int, int]] = {}  # key -> (line, offset) of its first entry
    for match in ENTRY_START.finditer(text):
        if match.group(1).lower() in ("comment", "preamble", "string"):
            continue
        key, line = match.group(2), line_of(text, match.start())
        if key in starts:
            first = starts[key][0]
            problems.append(Problem(where, line, f"duplicate BibTeX key '{key}' (first used on line {first})"))
        else:
            starts[key] = (line, match.start())
    if problems:  # pybtex would stop at the first duplicate without a line
        return {}, problems

    strict = pybtex.errors.strict
    pybtex.errors.set_strict_mode(True)
    try:
        data = Parser().parse_string(text)
    except PybtexSyntaxError as error:
        message = re.sub(r"^syntax error in line \d+: ", "", str(error))
        return {}, [Problem(where, error.lineno, f"BibTeX syntax error: {message}")]
    except BibliographyDataError as error:
        return {}, [Problem(where, 1, f"BibTeX data error: {error}")]
    finally:
        pybtex.errors.set_strict_mode(strict)

    entries = {}
    for key, entry in data.entries.items():
        line, offset = starts.get(key, (1, 0))
        entries[key] = BibEntry(entry, line, entry_source(text, offset))
    return entries, problems


PLAIN_TEXT = PlainText()  # (render_as("text") looks the backend up in entry points, slowly, on every call)


#: Text that LaTeX decoding leaves as it is: words of letters, digits and
#: plain punctuation, single spaces (no braces, backslashes, dashes, quotes).
AS_TYPED = re.compile(r"[A-Za-z0-9.,:;()/?!]+(?: [A-Za-z0-9.,:;()/?!]+)*")


@functools.cache
def plain(latex: str) -> str:
    """BibTeX field text as a reader sees it: no braces, accents resolved.
    Most fields are plain words, and decoding LaTeX is what reading a large
    .bib spends its time on (latexcodec): those are returned as they are,
    and the rest decoded once (names, booktitles and series repeat)."""
    if AS_TYPED.fullmatch(latex):
        return latex
    return latex_to_text(latex)


def latex_to_text(latex: str) -> str:
    return Text.from_latex(latex).render(PLAIN_TEXT)


def given_first(person) -> str:
    return plain(" ".join(person.first_names + person.middle_names + person.prelast_names + person.last_names))


def family_first(person) -> str:
    given = " ".join(person.first_names + person.middle_names)
    family = " ".join(person.prelast_names + person.last_names)
    return plain(f"{family}, {given}" if given else family)


def paper_from(key: str, bib: BibEntry) -> Paper:
    fields, persons = bib.entry.fields, bib.entry.persons

    def field(name: str) -> str | None:
        return plain(fields[name]) if name in fields else None

    authors = persons.get("author", [])
    return Paper(
        key=key,
        title=field("title") or "",
        authors=tuple(given_first(p) for p in authors),
        authors_bibtex=tuple(family_first(p) for p in authors),
        booktitle=field("booktitle") or "",
        series=field("series"),
        volume=field("volume"),
        year=field("year") or "",
        publisher=field("publisher"),
        isbn=field("isbn"),
        pages=fields.get("pages"),
        doi=fields.get("doi"),
        source=bib.source,
        line=bib.line,
        fields=tuple((name.lower(), plain(value)) for name, value in fields.items()),
        editors=tuple(family_first(p) for p in persons.get("editor", [])),
        address=field("address"),
        entry_type=bib.entry.type.lower(),
    )
