"""What only an edition's PDF book has: its cover, colophon and contents, and
the entries of its index of people. A book's start page (<year>/book/index.md, a source
only when `make latexpdf` builds) places them around the edition's own pages.

{book-cover}      the cover: the edition, its dates, place and host, the site's
                  address; then the contents; the colophon (the site's
                  address, the build's date, the copyright line, the
                  proceedings, the version), kept for the book's last page;
                  and the PDF's metadata

The index of people and then the colophon close the book (conf.py's
`printindex`), after the references; a part left empty in a book (its
bibliography moved to the references) is left out.

Every string from the data reaches the book as a docutils Text node (escaped
by Sphinx's LaTeX writer), or through Sphinx's own TeX escaping in the
metadata. Index entries come from the talk, paper and committee directives
(`person_entries`), on every builder: only a book prints an index.
"""

from __future__ import annotations

import math
import posixpath
import tomllib
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape

from ..data import people, places, timeline, when
from ..data.editions import Edition
from .directives import IN_BOOKS, ON_PAPER, WorkshopDirective, paragraph


def person_entries(names: list[str], target: str) -> addnodes.index:
    """Index entries 'Muraña, Jonathan' for the people a part of the book
    names (the family name is the last word, as in the people index). Give
    the names as WorkshopDirective.spelled returns them: one entry a person."""
    entries = []
    for name in dict.fromkeys(names):
        parts = people.words(name)
        shown = f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else name
        entries.append(("single", shown, target, "", None))
    return addnodes.index(entries=entries, inline=False)


class EmptyPartsLeftOut(SphinxPostTransform):
    """A part of the site whose content a book prints elsewhere (a bibliography:
    LaTeX lists the references at the book's end) would be a heading over
    nothing, with a line in the contents: a book leaves it out."""

    default_priority = 760  # after Sphinx's BibliographyTransform (750) moved the entries
    formats = ("latex",)

    def run(self) -> None:
        for section in list(self.document.findall(nodes.section)):
            if all(prints_nothing(child) for child in section.children[1:]):
                section.parent.remove(section)


def prints_nothing(node: nodes.Node) -> bool:
    """A comment, a target, an index entry, or a wrapper left with no text and no picture."""
    if isinstance(node, (nodes.comment, nodes.target, addnodes.index)):
        return True
    return not node.astext().strip() and not any(node.findall(lambda n: isinstance(n, (nodes.image, nodes.raw))))


#: What a line of the book's text holds (11 pt TeX Gyre Pagella on A4 with
#: Sphinx's margins), in characters; a heading's line holds fewer.
LINE_CHARACTERS = 90
HEADING_CHARACTERS = 55
#: The `only` expressions whose content a PDF book prints.
PRINTED = {ON_PAPER, IN_BOOKS}
BLOCKS = (nodes.paragraph, nodes.field_name, nodes.term, nodes.rubric)


def printed(node: nodes.Node) -> bool:
    return not any(isinstance(a, addnodes.only) and a["expr"] not in PRINTED for a in ancestors(node))


def ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def kept_together(part: nodes.section) -> nodes.raw:
    """A talk's or a paper's part in a book starts on a new page unless what is
    left of the page holds it: LaTeX's `needspace` for the lines its printed text will
    take (its heading, each paragraph and field, a footnote for each web address),
    with a margin. A long part still breaks, under its heading."""
    heading = part[0].astext()
    lines = 1.8 * math.ceil(len(heading) / HEADING_CHARACTERS) + 2
    for block in part.findall(lambda n: isinstance(n, BLOCKS) and printed(n)):
        lines += math.ceil(len(block.astext()) / LINE_CHARACTERS) + 0.5
    for link in part.findall(nodes.reference):
        if link.get("refuri", "").startswith("http") and printed(link) and link.astext() != link["refuri"]:
            lines += math.ceil(len(link["refuri"]) / LINE_CHARACTERS) * 0.9 + 0.3
    return latex(rf"\needspace{{{math.ceil(lines * 1.1)}\baselineskip}}")


def latex(text: str) -> nodes.raw:
    return nodes.raw("", text, format="latex")


def short_address(url: str) -> str:
    """What a reader types: 'mlhpcs.org/2021/', no scheme."""
    return url.split("://", 1)[-1]


class BookDirective(WorkshopDirective):
    def book_edition(self) -> Edition | None:
        edition = self.page_edition()
        if edition is not None:
            self.uses(("edition-facts", edition.year), ("papers", edition.year))
        return edition

    def site_address(self, edition: Edition) -> str:
        return f"{self.workshop.series.url}{edition.folder}/"


class BookCoverDirective(BookDirective):
    """A cover with the facts a library records, then the contents."""

    def run(self) -> list[nodes.Node]:
        edition = self.book_edition()
        if edition is None:
            return []
        series = self.workshop.series
        place = edition.venue.words if places.meets_in_person(edition) and edition.venue else "Online"
        subject = (
            f"{edition.acronym}, {series.name}: {when.days(edition)}, {edition.format}, held with {edition.host.name}"
        )
        keywords = ", ".join([series.name, series.acronym, edition.acronym, edition.host.name, "workshop", "programme"])
        logo = posixpath.basename(self.config.latex_logo or "")

        def line(size: str, text: str, bold: bool = False) -> list[nodes.Node]:
            font = r"\sffamily\bfseries\color{TitleColor}" if bold else ""
            return [latex(rf"{{{size}{font}"), paragraph(nodes.Text(text)), latex(r"\par}\vspace{0.8em}")]

        title, author = next((d[2], d[3]) for d in self.config.latex_documents if d[0] == self.env.docname)
        metadata = {"title": title, "author": author, "subject": subject, "keywords": keywords}
        cover = [
            latex(
                rf"\hypersetup{{pdflang={{{self.config.language}}}, "
                + ", ".join(f"pdf{key}={{{escape(value, 'lualatex')}}}" for key, value in metadata.items())
                + "}"
            ),
            latex(r"\begin{titlepage}\centering\hyphenpenalty=10000"),
        ]
        if logo:
            cover.append(latex(rf"\includegraphics[width=6cm]{{{logo}}}\par\vspace{{2em}}"))
        cover += line(r"\Huge", edition.acronym, bold=True)
        cover += line(r"\LARGE", series.name, bold=True)
        cover += line(r"\Large", "Programme, talks and papers")
        cover.append(latex(r"\vspace{2em}"))
        cover += line(r"\large", when.days(edition))
        cover += line(r"\large", place)
        cover += line(r"\large", f"Held with {edition.host.name}")
        cover.append(latex(r"\vfill"))
        cover += line(r"\large", short_address(self.site_address(edition)))
        # (its back left blank: the contents and each chapter open on a right-hand page)
        cover.append(latex(r"\end{titlepage}\null\thispagestyle{empty}\clearpage"))
        # (a title in the contents is never hyphenated either)
        cover.append(latex(r"{\hyphenpenalty=10000\exhyphenpenalty=10000\sphinxtableofcontents}"))
        cover += self.colophon(edition)
        return [addnodes.only("", *cover, expr="latex")]

    def colophon(self, edition: Edition) -> list[nodes.Node]:
        """Kept as the macro that conf.py's `printindex` ends the book with
        (Sphinx writes the text here, escaped as every paragraph is)."""
        self.uses(("clock", edition.year))  # (the build's date)
        pyproject = Path(self.env.srcdir) / "pyproject.toml"
        self.env.note_dependency(str(pyproject))
        version = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
        series = self.workshop.series
        made = timeline.day_words(timeline.build_time().date())
        back = [
            latex(
                r"\long\gdef\mlhpcscolophon{\clearpage\thispagestyle{empty}\begingroup\raggedright\small"
                r"\vspace*{\fill}{\sffamily\bfseries Colophon\par}\medskip"
            ),
            paragraph(nodes.Text(f"{edition.acronym}: {series.name}. Programme, talks and papers.")),
            paragraph(
                nodes.Text(
                    f"Made from the site {short_address(self.site_address(edition))} on {made}, "
                    f"from version {version} of its sources. Contact: {series.contact}."
                )
            ),
            paragraph(nodes.Text(f"Copyright © {self.config.copyright}.")),
        ]
        volume = self.workshop.volume_of(edition)
        if volume is not None:
            facts = [f"{volume.title}", f"{volume.series} {volume.volume}" if volume.series else ""]
            facts += [volume.publisher or "", volume.year]
            text = "The papers are published in " + ", ".join(f for f in facts if f) + "."
            if volume.isbn:
                text += f" ISBN {volume.isbn}."
            if volume.doi:
                text += f" DOI {volume.doi}."
            back.append(paragraph(nodes.Text(text)))
        back.append(latex(r"\par\endgroup}"))
        return back
