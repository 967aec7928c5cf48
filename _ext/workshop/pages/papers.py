"""Pages of papers: each paper's page, the lists of papers, the bibliographies.

{paper} KEY      a paper page: header from references.bib, programme facts from
                 its edition's file, the page's own summary, and "Cite this paper"
{paper-list}     the page's edition's papers; outside an edition, every edition's
"""

from __future__ import annotations

import functools
import posixpath

from docutils import nodes

from ..data import people
from ..data.editions import Edition
from ..data.papers import Paper
from . import descriptions, search
from .bibliographies import BOOK_REFERENCE
from .book import kept_together, person_entries
from .directives import WorkshopDirective, doc_link, external, logger, not_on_paper, on_paper, paragraph
from .person_links import person_link


class PaperDirective(WorkshopDirective):
    """A paper page; its body (the directive's content) is the own-words summary."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0]
        paper = self.workshop.papers.get(key)
        if paper is None:  # `python -m workshop check` reports it with its line
            self.uses(("all",))
            logger.warning(
                "paper '%s' is not an accepted paper in references.bib",
                key,
                location=self.get_location(),
                type="workshop",
                subtype="paper",
            )
            return []
        item = self.workshop.item_for_paper(key)
        self.uses(("paper", key), ("item", item.id), ("edition-facts", item.year))
        page = self.section(paper.title, key)
        page += person_entries(self.spelled([*paper.authors, *(p.name for p in item.speakers)]), page["ids"][0])
        # The authors once, as references.bib spells them, each with the
        # affiliation the programme gives (the facts below name the presenter).
        page += paragraph(*self.authors(paper, item), classes=["ws-authors"])
        edition = self.workshop.edition(item.year)
        page += paragraph(nodes.Text("Paper presented at "), self.edition_link(edition), classes=["ws-kind"])
        page += search.person_entries(paper.authors)
        page += self.publication(paper)
        page += self.local_time_switch(item.start is not None)
        page += self.fact_list(item, authors_above=True)
        page += self.player(item, paper.title)
        summary = self.section("Summary", "summary")
        self.state.nested_parse(self.content, self.content_offset, summary)
        page += summary
        page += not_on_paper(self.citation(paper))  # (on paper the reference above is the one)
        about = descriptions.lead("Paper", paper.authors, edition, item)
        page += descriptions.describe(self.env, descriptions.sentence(about, summary.astext().removeprefix("Summary")))
        return [kept_together(page), page]

    def authors(self, paper: Paper, item) -> list[nodes.Node]:
        affiliations = {people.identity(p.name): p.affiliation for p in item.speakers}
        out: list[nodes.Node] = []
        for i, name in enumerate(paper.authors):
            out += [nodes.Text(", ")] if i else []
            out.append(person_link(self.env, name))
            affiliation = affiliations.get(people.identity(name))
            if affiliation:
                out.append(nodes.inline("", f" ({affiliation})", classes=["ws-affiliation"]))
        return out

    def publication(self, paper: Paper) -> list[nodes.Node]:
        """Where the paper is published. On the site: the volume, and the DOI.
        In a book: its entry in the references at the book's end, where the
        reference is given once (bibliographies.PaperPageLinksInBook puts the
        label in; without an entry, the volume's words stay), and the DOI as
        the address to type (no footnote repeating it)."""
        if self.workshop.published(self.workshop.edition_of_paper(paper.key)):
            text = f"In: {publication_words(paper)}."
        else:
            text = f"Accepted paper, to appear in: {publication_words(paper)}."
        on_site = paragraph(nodes.Text(text), classes=["ws-publication"])
        entry = nodes.inline("", "", nodes.Text(text), classes=[BOOK_REFERENCE], ws_key=paper.key)
        in_book = paragraph(entry, classes=["ws-publication"])
        if paper.doi:
            url = f"https://doi.org/{paper.doi}"
            on_site += [nodes.Text(" DOI: "), external(url, paper.doi)]
            in_book += [nodes.Text(" DOI: "), external(url, url)]
        return [not_on_paper(on_site), on_paper(in_book)]

    def citation(self, paper: Paper) -> nodes.section:
        cite = self.section("Cite this paper", "cite-this-paper")
        cite += formatted_reference(paper)
        block = nodes.literal_block(paper.source, paper.source, language="bibtex", classes=["ws-bibtex"])
        cite += block
        stem = posixpath.join(posixpath.dirname(self.env.docname), paper.key)
        cite += self.formats(stem, paper.key)
        return cite


def publication_words(paper: Paper) -> str:
    """ "High Performance Computing. Lecture Notes in Computer Science, vol. 12761, pp. 1–12. Springer, 2021":
    what the entry gives, and nothing for a field it leaves out."""
    volume = ", ".join(
        part
        for part in (
            paper.series,
            paper.volume and f"vol. {paper.volume}",
            paper.pages and f"pp. {paper.pages.replace('--', '–')}",
        )
        if part
    )
    return ". ".join(
        part for part in (paper.booktitle, volume, ", ".join(filter(None, (paper.publisher, paper.year)))) if part
    )


@functools.cache
def plain_style():
    """BibTeX's plain style, looked up once (pybtex reads the installed entry points on each lookup)."""
    from pybtex.plugin import find_plugin  # (pybtex's styles: only where a paper page is read)

    return find_plugin("pybtex.style.formatting", "plain")()


def formatted_reference(paper: Paper) -> nodes.paragraph:
    """The entry as BibTeX's plain style writes it, with pybtex and
    pybtex-docutils (what sphinxcontrib-bibtex formats with), for "Cite this
    paper" on the paper's page."""
    from pybtex.database.input.bibtex import Parser  # (pybtex's parser: only where a paper page is read)
    from pybtex_docutils import Backend  # (and its docutils backend)

    entries = Parser().parse_string(paper.source).entries
    (entry,) = plain_style().format_entries(entries.values())
    para = Backend().paragraph(entry)
    para["classes"].append("ws-reference")
    return para


class PaperListDirective(WorkshopDirective):
    """Accepted papers in programme order: title, authors, presenter, DOI;
    on a series page grouped by edition and proceedings volume."""

    def run(self) -> list[nodes.Node]:
        self.uses(*(("papers", e.year) for e in self.editions_here()), ("editions",))
        if self.edition and not self.workshop.papers_of(self.edition):
            return [paragraph(nodes.Text("No papers yet: they are listed here once they are accepted."))]
        if self.edition:  # (in a book, the contents list the papers, each with its reference once)
            downloads = self.all_at_once(f"{self.edition.folder}/references")
            listing = [not_on_paper(self.listing(self.edition)), not_on_paper(downloads)]
            if not self.workshop.published(self.edition):
                listing.insert(0, paragraph(nodes.Text("Accepted papers, to appear in the proceedings.")))
            return listing
        out = [self.all_at_once("references")]
        for edition in self.editions_here():
            if not self.workshop.papers_of(edition):
                continue
            volume = self.workshop.volume_of(edition)
            if volume is None:  # accepted, to appear
                group = self.section(f"{edition.year}: accepted papers", f"papers-{edition.year}")
                group += paragraph(nodes.Text(f"{edition.acronym}: accepted papers, to appear in the proceedings."))
            else:
                group = self.section(f"{edition.year}: {volume.volume_name}", f"papers-{edition.year}")
                where = ", ".join(
                    filter(None, (volume.series or volume.title, volume.volume and f"volume {volume.volume}"))
                )
                group += paragraph(nodes.Text(f"{edition.acronym}, published in {where}. "))
            group += self.listing(edition)
            out.append(group)
        return out

    def all_at_once(self, stem: str) -> nodes.paragraph:
        return self.formats(stem, "references", "All of them at once, with the proceedings volume: ")

    def listing(self, edition: Edition) -> nodes.bullet_list:
        listing = nodes.bullet_list(classes=["ws-papers"])
        for paper in self.workshop.papers_of(edition):
            item = self.workshop.item_for_paper(paper.key)
            entry = nodes.list_item()
            entry += paragraph(nodes.strong("", "", doc_link(self.workshop.paper_pages[paper.key], paper.title)))
            entry += paragraph(nodes.Text(", ".join(paper.authors)), classes=["ws-authors"])
            presenter = "; ".join(p.name for p in item.presenters)
            details = paragraph(nodes.Text(f"Presented by {presenter}." if presenter else ""), classes=["ws-presenter"])
            if paper.doi:
                details += nodes.Text(" DOI: ")
                details += external(f"https://doi.org/{paper.doi}", paper.doi)
            entry += details
            listing += entry
        return listing
