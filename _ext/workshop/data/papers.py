"""A paper or proceedings volume of references.bib, as a frozen record (read by bib.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    """A BibTeX entry: an accepted paper (@inproceedings) or a proceedings volume."""

    key: str
    title: str  # plain text, LaTeX braces and accents resolved
    authors: tuple[str, ...]  # "First Last", in the entry's order
    authors_bibtex: tuple[str, ...]  # "Last, First", as citation_author wants
    booktitle: str
    series: str | None
    volume: str | None
    year: str
    publisher: str | None
    isbn: str | None
    pages: str | None  # "223--234" as in the .bib; None where not verified
    doi: str | None  # None where not verified
    source: str  # the entry's text exactly as written in references.bib
    line: int
    fields: tuple[tuple[str, str], ...] = ()  # every field, plain text, in the entry's order
    editors: tuple[str, ...] = ()  # "Last, First"
    address: str | None = None
    entry_type: str = "inproceedings"

    @property
    def page_range(self) -> tuple[str, str] | None:
        if not self.pages:
            return None
        first, _, last = self.pages.replace("--", "-").partition("-")
        return first.strip(), (last or first).strip()

    @property
    def volume_name(self) -> str:
        """ "LNCS 12321"-like: the series' initials and the volume."""
        initials = "".join(w[0] for w in (self.series or "").split() if w[0].isupper())
        return f"{initials} {self.volume}".strip() if self.volume else self.title
