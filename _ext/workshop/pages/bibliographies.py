"""Citations through sphinxcontrib-bibtex: {cite:p} and {cite:t} in pages and
announcements, and each edition's {bibliography}.

sphinxcontrib-bibtex formats and resolves; this module adds what the site needs
around it, through Sphinx's and pybtex's own extension points:

- the series' style, as pybtex plugins: BibTeX's plain entries and order,
  alpha labels, and each entry formatted once and kept while it is unchanged;
- each entry of a bibliography links to its paper's page (a post-transform);
- the citation list is a list with list items, in HTML, for screen readers
  (docutils writes `role="list"` around entries with the deprecated
  `doc-biblioentry` role, which axe reports);
- a page is read again when an entry it cites or lists changes, and only then:
  sphinxcontrib-bibtex makes a {bibliography} depend on the whole .bib, so
  that any change of any entry would read every bibliography page again;
- a citation of a key that is no paper of the series, and a bibliography
  that does not list exactly its edition's papers, are mistakes at their line.
"""

from __future__ import annotations

from pathlib import Path

import pybtex
from docutils import nodes
from pybtex.database import Person
from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels.alpha import LabelStyle as AlphaLabels
from pybtex.style.names.plain import NameStyle as PlainNames
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitle
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinxcontrib.bibtex.nodes import bibliography as bibliography_node

from ..data.bib import plain
from ..data.citing import CITATION, citation_problem, cited_keys
from . import dependencies
from .build_data import workshop_of
from .directives import doc_link

logger = logging.getLogger(__name__)


class SeriesLabels(AlphaLabels):
    """alpha's labels ([HCKK21]), from names as printed: pybtex abbreviates
    "Mura{\\~n}a" to "Murana" where BibTeX's alpha.bst writes "M". The names'
    part of a label is kept from one build to the next, like the entries."""

    def format_lab_names(self, persons):
        names = tuple(str(person) for person in persons)
        label = LABELS_BEFORE.get((pybtex.__version__, names))
        if label is None:
            label = super().format_lab_names([Person(plain(name)) for name in names])
        LABELS_NOW[pybtex.__version__, names] = label
        return label


class SeriesStyle(PlainStyle):
    """The series' bibliography style: BibTeX's plain entries and order, alpha
    labels (numbers would repeat from one edition's bibliography to the next).

    sphinxcontrib-bibtex formats every entry of every bibliography on every
    build, also when nothing changed; pybtex's templates make that most of a
    one-page rebuild at conference scale. An entry formatted in the build
    before, with the same fields, names and label, is taken from then."""

    # Classes, not names: pybtex looks a name up in the installed packages'
    # entry points each time a style is made (once per bibliography).
    default_label_style = SeriesLabels
    default_name_style = PlainNames
    default_sorting_style = AuthorYearTitle

    def format_entry(self, label, entry, bib_data=None):
        source = entry_source(label, entry)
        formatted = FORMATTED_BEFORE.get(source)
        if formatted is None:
            formatted = super().format_entry(label, entry, bib_data=bib_data)
        FORMATTED_NOW[source] = formatted
        return formatted


def entry_source(label: str, entry) -> str:
    """Everything a formatted entry is made of, and pybtex's version (this
    code's version is the environment's: a change of it starts a new one)."""
    persons = {role: [str(person) for person in people] for role, people in entry.persons.items()}
    fields = sorted(entry.fields.items())
    return repr((pybtex.__version__, label, entry.key, entry.type, fields, sorted(persons.items())))


#: Of the build before (kept in the environment), and of this build: formatted
#: entries, and the names' part of labels.
FORMATTED_BEFORE: dict = {}
FORMATTED_NOW: dict = {}
LABELS_BEFORE: dict[tuple[str, tuple[str, ...]], str] = {}
LABELS_NOW: dict[tuple[str, tuple[str, ...]], str] = {}


def recall_formatted_entries(app: Sphinx) -> None:
    """At builder-inited: the entries and labels the last build formatted."""
    for before, now, kept in (
        (FORMATTED_BEFORE, FORMATTED_NOW, "workshop_formatted_entries"),
        (LABELS_BEFORE, LABELS_NOW, "workshop_label_names"),
    ):
        before.clear()
        before.update(getattr(app.env, kept, {}))
        now.clear()


def keep_formatted_entries(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """At env-updated, after sphinxcontrib-bibtex formatted: kept with the environment."""
    env.workshop_formatted_entries = dict(FORMATTED_NOW)
    env.workshop_label_names = dict(LABELS_NOW)
    return []


def register_styles() -> None:
    """As sphinxcontrib-bibtex's docs say: pybtex plugins, named in conf.py."""
    register_plugin("pybtex.style.labels", "mlhpcs", SeriesLabels)
    register_plugin("pybtex.style.formatting", "mlhpcs", SeriesStyle)


def text_with_citations(text: str, role_for, lineno: int, inliner) -> list[nodes.Node]:
    """An announcement's text as Text nodes, with its citations made by
    sphinxcontrib-bibtex's own roles. Nothing else in the text is markup."""
    out: list[nodes.Node] = []
    position = 0
    for match in CITATION.finditer(text):
        out.append(nodes.Text(text[position : match.start()]))
        kind = match.group(1) or "p"
        role = role_for(kind)
        made, messages = role(f"cite:{kind}", match.group(0), match.group(2), lineno, inliner)
        out += made + messages
        position = match.end()
    out.append(nodes.Text(text[position:]))
    return [node for node in out if not (isinstance(node, nodes.Text) and not node)]


def note_citations(app: Sphinx, doctree: nodes.document) -> None:
    """At doctree-read: the page depends on what it cites and lists; a cited
    key that is no paper is an error at its line."""
    env = app.env
    workshop = workshop_of(env)
    for xref in doctree.findall(addnodes.pending_xref):
        if xref["refdomain"] != "cite":
            continue
        try:
            keys = cited_keys(xref["reftarget"])
        except ValueError:  # (sphinxcontrib-bibtex reports it)
            continue
        for key in keys:
            problem = citation_problem(key, workshop.papers, workshop.volumes)
            if problem:
                logger.warning(problem, location=xref, type="workshop", subtype="cite")
            else:
                dependencies.uses(env, ("cited", key))
    edition = workshop.edition_of_doc(env.docname)
    if edition is not None and any(doctree.findall(bibliography_node)):
        # (Outside an edition, sphinxcontrib-bibtex's dependency on the whole .bib stays.)
        dependencies.uses(env, ("papers", edition.year))
        bibfiles = {(Path(app.confdir) / bibfile).resolve() for bibfile in app.config.bibtex_bibfiles}
        kept = env.dependencies.get(env.docname, set())
        env.dependencies[env.docname] = {path for path in kept if Path(path).resolve() not in bibfiles}


def check_bibliographies(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """At env-updated, once sphinxcontrib-bibtex has chosen each
    bibliography's entries: an edition's bibliography lists its papers, all
    of them and no others."""
    workshop = workshop_of(env)
    domain = env.get_domain("cite")
    for key, bibliography in domain.bibliographies.items():
        edition = workshop.edition_of_doc(key.docname)
        if edition is None:
            continue
        listed = {c.key for c in domain.citations if c.bibliography_key == key}
        papers = {p.key for p in workshop.papers_of(edition)}
        if listed == papers:
            continue
        missing, others = sorted(papers - listed), sorted(listed - papers)
        said = [f"it leaves out {', '.join(missing)}"] if missing else []
        said += [f"it lists {', '.join(others)}"] if others else []
        logger.warning(
            "this bibliography is %s's: it lists that edition's papers and no others, but %s. Change its :filter:",
            edition.acronym,
            " and ".join(said),
            location=(key.docname, bibliography.line),
            type="workshop",
            subtype="bibliography",
        )
    return []


#: A paper's reference in a book, filled in by PaperPageLinksInBook.
BOOK_REFERENCE = "ws-book-reference"


class PaperPageLinks(SphinxPostTransform):
    """After sphinxcontrib-bibtex has filled a bibliography (priority 5):
    each paper's entry links to the paper's page."""

    default_priority = 7
    words = "Paper page"

    def run(self) -> None:
        pages = workshop_of(self.env).paper_pages
        for entry in self.document.findall(nodes.citation):
            key = next((i for i in entry["ids"] if i in pages), None)
            linked = any("ws-paper-page" in n["classes"] for n in entry.findall(nodes.inline))
            if key is None or not entry.children or linked:  # (an entry written twice gets one link)
                continue
            text = entry.children[-1]
            text += nodes.Text(" ")
            text += nodes.inline("", "", doc_link(pages[key], self.words), classes=["ws-paper-page"])


class PaperPageLinksInBook(PaperPageLinks):
    """In a book the link reads with its page: "In this book (page 9)". It runs
    first, so the entries it links are left alone by the transform above. A
    DOI is printed as its address, which a reader of paper can type, and
    which Sphinx therefore does not repeat in a footnote (`latex_show_urls`)."""

    default_priority = 6
    formats = ("latex",)
    words = "In this book"

    def run(self) -> None:
        super().run()
        entries = {}
        for entry in self.document.findall(nodes.citation):
            entries.update(dict.fromkeys(entry["ids"], entry))
            for link in entry.findall(nodes.reference):
                if link.get("refuri", "").startswith("https://doi.org/"):
                    link[:] = [nodes.Text(link["refuri"])]
        # A paper's part names its entry by label, as the text cites it: "Reference: [RK20]."
        for placeholder in list(self.document.findall(nodes.inline)):
            entry = entries.get(placeholder.get("ws_key")) if BOOK_REFERENCE in placeholder["classes"] else None
            if entry is not None:
                label = entry[0].astext()
                cite = nodes.citation_reference("", label, refname=entry["ids"][0], docname=entry["docname"])
                placeholder[:] = [nodes.Text("Reference: "), cite, nodes.Text(".")]


def visit_citation(translator, node: nodes.citation) -> None:
    """A list of entries with list items (docutils: `role="doc-biblioentry"`)."""
    if not isinstance(node.previous_sibling(), nodes.citation):
        translator.body.append('<div role="list" class="citation-list">\n')
    translator.body.append(translator.starttag(node, "div", classes=["citation"], role="listitem"))


def depart_citation(translator, node: nodes.citation) -> None:
    translator.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        translator.body.append("</div>\n")
