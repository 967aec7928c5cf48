"""What every directive of the workshop shares: the data of the page's
edition, the parts of it a page shows, and the pieces pages are made of
(facts of a programme item, links, downloads, print widths).

The directives themselves live by what a page shows: papers.py,
programme.py, people.py, editions.py and timeline.py.

Every string from the data reaches the page as a docutils Text node (escaped
by the HTML writer) or through html.escape in the few raw HTML blocks.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..data import people, places, timeline, when
from ..data.editions import Edition, host_of
from ..data.programme import AUTHORED_KINDS, Item
from ..data.workshop import Workshop
from . import dependencies
from .build_data import workshop_of
from .inline_nodes import download_node, time_node
from .person_links import person_link, person_with_affiliation

logger = logging.getLogger(__name__)

STATUS_NAMES = {"cancelled": "Cancelled", "moved-online": "Moved online", "postponed": "Postponed"}


def print_widths(*shares: float) -> addnodes.tabular_col_spec:
    r"""The next table's column widths in print (what `tabularcolumns` gives),
    as shares of the line: LaTeX's own choice leaves words too long for
    their column. Each cell ragged right, words and names whole (the books'
    `\mlhpcscell`, in _latex/mlhpcsbook.sty)."""
    cell = r">{\mlhpcscell\arraybackslash}"
    return addnodes.tabular_col_spec(spec="".join(rf"{cell}\Y{{{share}}}" for share in shares))


#: The builders' tags that `only` nodes below are for (Sphinx adds the
#: builder's name and format: "latex", "epub", "html").
ON_PAPER, IN_BOOKS = "latex", "latex or epub"


def only_in(expr: str, *children: nodes.Node) -> addnodes.only:
    only = addnodes.only(expr=expr)
    only.extend(children)
    return only


def on_the_site(node: nodes.Node) -> addnodes.only:
    """Only on the web site: a switch or a player that needs a browser's
    scripts. An e-book and print have the recording's link and the times in
    the event's zone instead."""
    return only_in("html and not epub", node)


def not_on_paper(node: nodes.Node) -> addnodes.only:
    """Everywhere but in a PDF book: a calendar, a download, a feed, a copy of
    BibTeX; a book is read on paper, long after it was made."""
    return only_in(f"not {ON_PAPER}", node)


def in_a_book(*children: nodes.Node) -> addnodes.only:
    """Only in a PDF book or an e-book: what a book says once for a whole page,
    such as a programme's date and zone."""
    return only_in(IN_BOOKS, *children)


def not_in_a_book(*children: nodes.Node) -> addnodes.only:
    """Only on the site (and its plain-text and single-page forms)."""
    return only_in(f"not ({IN_BOOKS})", *children)


def in_the_e_book(*children: nodes.Node) -> addnodes.only:
    return only_in("epub", *children)


def on_paper(*children: nodes.Node) -> addnodes.only:
    """Only in a PDF book."""
    return only_in(ON_PAPER, *children)


def doc_link(target_doc: str, text: str) -> addnodes.pending_xref:
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="doc", reftarget=f"/{target_doc}", refexplicit=True, refwarn=True
    )
    ref += nodes.inline(text, text)
    return ref


def external(url: str, text: str) -> nodes.reference:
    return nodes.reference(text, text, refuri=url)


def paragraph(*children, classes=()) -> nodes.paragraph:
    para = nodes.paragraph(classes=list(classes))
    para.extend(children)
    return para


def joined(parts: list, separator=", ") -> list:
    out = []
    for i, part in enumerate(parts):
        if i:
            out.append(nodes.Text(separator))
        out.append(part)
    return out


def flat(parts: list) -> list:
    """Nodes and lists of nodes, as one list of nodes."""
    return [node for part in parts for node in (part if isinstance(part, list) else [part])]


class AnchorLinks(SphinxPostTransform):
    """Addresses of links to a place on another page, as the builder writes
    pages (2021/committee.html, 2021/committee/ or 2021/committee.xhtml)."""

    default_priority = 5

    def run(self) -> None:
        for ref in list(self.document.findall(nodes.reference)):
            if "ws_target" in ref:
                try:
                    uri = self.app.builder.get_relative_uri(self.env.docname, ref["ws_target"])
                except NoUri:  # a page this output leaves out (an edition's book has no people index): the text
                    ref.parent.replace(ref, nodes.Text(ref.astext()))
                    continue
                ref["refuri"] = f"{uri}#{ref['ws_anchor']}"
                del ref["ws_target"], ref["ws_anchor"]


class WorkshopDirective(SphinxDirective):
    @property
    def workshop(self) -> Workshop:
        return workshop_of(self.env)

    @property
    def edition(self) -> Edition | None:
        """The edition whose folder holds this page."""
        return self.workshop.edition_of_doc(self.env.docname)

    def page_edition(self) -> Edition | None:
        """The edition of a directive that shows one edition's data; on a page
        outside every edition's folder, an error at the directive."""
        edition = self.edition
        if edition is None:
            self.uses(("editions",))
            logger.warning(
                "{%s} shows one edition's data: put it on a page inside an edition's folder (such as %s/)",
                self.name,
                max(self.workshop.editions, key=lambda e: e.year).folder,
                location=self.get_location(),
                type="workshop",
                subtype="edition",
            )
        return edition

    def uses(self, *parts) -> None:
        """The page shows these parts of the data: it is read again when they change."""
        dependencies.uses(self.env, *parts)

    def spelled(self, names: list[str]) -> list[str]:
        """Each name as the person's fullest spelling in the series ('Emily J.
        Herron' for 'Emily Herron'): one person, one entry in a book's index."""
        spelled = []
        for name in names:
            person = people.identity(name)
            self.uses(("spelling", *person))
            spelled.append(self.workshop.spellings.get(person, name))
        return spelled

    def anchor_link(self, target_doc: str, anchor: str, text: str) -> nodes.reference:
        """A link to a place on another page (a :doc: reference cannot name one);
        its address is the builder's (AnchorLinks); the link crawl in the tests
        finds every such target."""
        return nodes.reference(text, text, internal=True, ws_target=target_doc, ws_anchor=anchor)

    def edition_link(self, edition: Edition) -> nodes.Node:
        """The edition's name, linked to its home page where the site has one."""
        if edition.home not in self.env.found_docs:
            return nodes.Text(edition.acronym)
        return doc_link(edition.home, edition.acronym)

    def section(self, title: str, section_id: str) -> nodes.section:
        section = nodes.section(ids=[nodes.make_id(section_id)])
        section += nodes.title(title, title)
        self.state.document.note_implicit_target(section, section)
        return section

    def time_of(self, item: Item) -> time_node:
        edition = self.workshop.edition(item.year)
        if item.start_tba:  # "to be announced" until the edition is over, then "not announced"
            self.uses(("clock", item.year))
        zone = edition.zone
        words, value = when.describe(item, zone, over=timeline.edition_over(edition))
        end = item.ends_at(zone)
        return time_node(words, words, datetime=value, end=end.isoformat(timespec="minutes") if end else "")

    def fact_list(self, item: Item, authors_above: bool = False) -> nodes.field_list:
        """Speakers, time, status and the links of one programme item. A paper's
        page names its authors above the facts (`authors_above`): the facts then
        name only who presented it."""
        facts = nodes.field_list(classes=["ws-facts"])

        def fact(name: str, *body) -> None:
            field = nodes.field()
            field += nodes.field_name(name, name)
            field += nodes.field_body("", paragraph(*body))
            facts.append(field)

        if item.kind in AUTHORED_KINDS and not authors_above:
            names = [person_with_affiliation(self.env, p, True) for p in item.speakers]
            fact("Authors" if len(names) > 1 else "Author", *flat(joined(names, "; ")))
        elif item.speakers and (item.presenters or not authors_above):
            if authors_above:  # (their affiliations are above, with the authors)
                people_named = [person_link(self.env, p.name) for p in item.presenters]
            else:
                people_named = [person_with_affiliation(self.env, p, False) for p in item.speakers]
            name = "Presenter" if item.kind == "paper-talk" or authors_above else "Speaker"
            fact(name + ("s" if len(people_named) > 1 else ""), *flat(joined(people_named, "; ")))
        if item.chairs:
            chairs = [person_with_affiliation(self.env, p, False) for p in item.chairs]
            fact("Chair" + ("s" if len(chairs) > 1 else ""), *flat(joined(chairs, "; ")))
        fact("When", self.time_of(item))
        edition = self.workshop.edition(item.year)
        for place in (places.physical(edition, item), places.virtual(edition, item)):
            if place:
                fact("Where", nodes.Text(place))
        if item.status in STATUS_NAMES:
            fact("Status", nodes.strong(text=STATUS_NAMES[item.status]))
        for name, url in (("Recording", item.recording), ("Slides", item.slides), ("Preprint", item.preprint)):
            if url:
                fact(name, external(url, f"{name} on {host_of(url)}"))
        if item.status != "cancelled":  # (its .ics stays published, cancelled, for calendars that hold it)
            exports = self.workshop.edition(item.year).exports_dir
            fact("Calendar", self.download(f"{exports}/{item.id}.ics", "Add to calendar (.ics)"))
            facts[-1] = not_on_paper(facts[-1])
        return facts

    def download(self, target: str, text: str) -> download_node:
        """A link to a file written beside the pages (`target` from the site's root)."""
        return download_node(text, text, target=target)

    def player(self, item: Item, title: str) -> list[nodes.Node]:
        """A recording player that loads nothing from the video host until clicked."""
        if not item.recording:
            return []
        host = host_of(item.recording)
        label = escape(f"Recording: {title}")
        html = (
            f'<figure class="ws-player" data-src="{escape(item.recording)}" data-title="{label}">'
            f'<button type="button" class="ws-player-load">Play the recording here'
            f'<span class="ws-player-note"> (loads the player from {escape(host)})</span></button>'
            f'<figcaption><a class="reference external" href="{escape(item.recording)}">'
            f"Open the recording on {escape(host)}</a></figcaption></figure>"
        )
        return [on_the_site(nodes.raw("", html, format="html"))]

    def local_time_switch(self, timed: bool) -> list[nodes.Node]:
        """Where something on the page has a time (not just a day). Laid out from the
        first paint, so that it moves nothing when workshop.js wires it; the
        theme's class pst-js-only hides it when JavaScript is off."""
        if not timed:
            return []
        switch = nodes.raw(
            "",
            '<p class="ws-local-switch pst-js-only"><label><input type="checkbox" /> '
            "Also show times in my time zone</label></p>",
            format="html",
        )
        return [on_the_site(switch)]

    def formats(self, stem: str, name: str, lead: str = "Download ") -> nodes.paragraph:
        """Downloads of one entry or a collection in every citation format."""
        para = paragraph(nodes.Text(lead), classes=["ws-formats"])
        para.extend(
            joined(
                [
                    self.download(f"{stem}.bib", f"{name}.bib (BibTeX)"),
                    self.download(f"{stem}.ris", f"{name}.ris (RIS: EndNote, Mendeley, Zotero)"),
                    self.download(f"{stem}.json", f"{name}.json (CSL-JSON: citeproc, Pandoc)"),
                ]
            )
        )
        return para

    def editions_here(self) -> list[Edition]:
        """This page's edition, or every edition (newest first) on a series page."""
        return [self.edition] if self.edition else sorted(self.workshop.editions, key=lambda e: -e.year)
