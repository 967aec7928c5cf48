"""Directives that render pages from the series' data.

{paper} KEY      a paper page: header from references.bib, programme facts from
                 its edition's file, the page's own summary, and "Cite this paper"
{talk} ID        a talk or session page, from its edition's file
{schedule}       the programme table of the page's edition
{paper-list}     the page's edition's papers; outside an edition, every edition's
{references}     the page's edition's papers as formatted references (a bibliography)
{committees}     the page's edition's committees; outside an edition, every edition's
{people}         everyone the series names, with every role in every edition

(Editions as a whole: editions_pages.py; important dates and announcements:
timeline_pages.py.)

Every string from the data reaches the page as a docutils Text node (escaped
by the HTML writer) or through html.escape in the few raw HTML blocks.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from html import escape

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import dependencies, people, places, when
from .inline_nodes import deleted_node, download_node, time_node
from .model import Edition, Item, Paper, Person, Workshop, host_of

logger = logging.getLogger(__name__)

KIND_NAMES = {
    "keynote": "Keynote",
    "invited-talk": "Invited talk",
    "contributed-talk": "Contributed talk",
    "paper-talk": "Paper",
    "session": "Session",
    "live-session": "Live session",
    "release": "Release",
}
STATUS_NAMES = {"cancelled": "Cancelled", "moved-online": "Moved online"}


def print_widths(*shares: float) -> addnodes.tabular_col_spec:
    """The next table's column widths in print (what `tabularcolumns` gives),
    as shares of the line: LaTeX's own choice leaves words too long for
    their column."""
    return addnodes.tabular_col_spec(spec="".join(rf"\Y{{{share}}}" for share in shares))


def on_the_site(node: nodes.Node) -> addnodes.only:
    """Only on the web site: a switch or a player that needs a browser's
    scripts. An e-book and print have the recording's link and the times in
    the event's zone instead."""
    only = addnodes.only(expr="html and not epub")
    only += node
    return only


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


def person_text(person: Person, mark_presenter: bool) -> str:
    mark = ", presenter" if mark_presenter and person.presenter else ""
    return f"{person.name} ({person.affiliation}{mark})"


class AnchorLinks(SphinxPostTransform):
    """Addresses of links to a place on another page, as the builder writes
    pages (2021/committee.html, 2021/committee/ or 2021/committee.xhtml)."""

    default_priority = 5

    def run(self) -> None:
        for ref in self.document.findall(nodes.reference):
            if "ws_target" in ref:
                uri = self.app.builder.get_relative_uri(self.env.docname, ref["ws_target"])
                ref["refuri"] = f"{uri}#{ref['ws_anchor']}"
                del ref["ws_target"], ref["ws_anchor"]


class WorkshopDirective(SphinxDirective):
    @property
    def workshop(self) -> Workshop:
        return self.env.workshop_data

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

    def anchor_link(self, target_doc: str, anchor: str, text: str) -> nodes.reference:
        """A link to a place on another page (a :doc: reference cannot name one);
        its address is the builder's (AnchorLinks); the link crawl in the tests
        finds every such target."""
        return nodes.reference(text, text, internal=True, ws_target=target_doc, ws_anchor=anchor)

    def section(self, title: str, section_id: str) -> nodes.section:
        section = nodes.section(ids=[nodes.make_id(section_id)])
        section += nodes.title(title, title)
        self.state.document.note_implicit_target(section, section)
        return section

    def time_of(self, item: Item) -> time_node:
        zone = self.workshop.edition(item.year).zone
        words, value = when.describe(item, zone)
        end = item.ends_at(zone)
        return time_node(words, words, datetime=value, end=end.isoformat(timespec="minutes") if end else "")

    def fact_list(self, item: Item) -> nodes.field_list:
        """Speakers, time, status and the links of one programme item."""
        facts = nodes.field_list(classes=["ws-facts"])

        def fact(name: str, *body) -> None:
            field = nodes.field()
            field += nodes.field_name(name, name)
            field += nodes.field_body("", paragraph(*body))
            facts.append(field)

        if item.kind == "contributed-talk":
            names = [nodes.Text(person_text(p, True)) for p in item.speakers]
            fact("Authors" if len(names) > 1 else "Author", *joined(names, "; "))
        elif item.speakers:
            people_named = [nodes.Text(person_text(p, False)) for p in item.speakers]
            name = "Presenter" if item.kind == "paper-talk" else "Speaker"
            fact(name + ("s" if len(people_named) > 1 else ""), *joined(people_named, "; "))
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
        exports = self.workshop.edition(item.year).exports_dir
        fact("Calendar", self.download(f"{exports}/{item.id}.ics", "Add to calendar (.ics)"))
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
        page += paragraph(nodes.Text(", ".join(paper.authors)), classes=["ws-authors"])
        page += self.publication(paper)
        page += self.local_time_switch(item.start is not None)
        page += self.fact_list(item)
        page += self.player(item, paper.title)
        summary = self.section("Summary", "summary")
        self.state.nested_parse(self.content, self.content_offset, summary)
        page += summary
        page += self.citation(paper)
        return [page]

    def publication(self, paper: Paper) -> nodes.paragraph:
        volume = f", vol. {paper.volume}" if paper.volume else ""
        pages = f", pp. {paper.pages.replace('--', '–')}" if paper.pages else ""
        text = f"In: {paper.booktitle}. {paper.series or ''}{volume}{pages}. {paper.publisher}, {paper.year}."
        para = paragraph(nodes.Text(text), classes=["ws-publication"])
        if paper.doi:
            para += nodes.Text(" DOI: ")
            para += external(f"https://doi.org/{paper.doi}", paper.doi)
        return para

    def citation(self, paper: Paper) -> nodes.section:
        cite = self.section("Cite this paper", "cite-this-paper")
        cite += formatted_reference(paper)
        block = nodes.literal_block(paper.source, paper.source, language="bibtex", classes=["ws-bibtex"])
        cite += block
        stem = posixpath.join(posixpath.dirname(self.env.docname), paper.key)
        cite += self.formats(stem, paper.key)
        return cite


@functools.cache
def plain_style():
    """BibTeX's plain style, looked up once (pybtex reads the installed entry points on each lookup)."""
    from pybtex.plugin import find_plugin

    return find_plugin("pybtex.style.formatting", "plain")()


def formatted_references(papers: list[Paper]) -> list[tuple[str, nodes.paragraph]]:
    """Keys and entries as BibTeX's plain style writes and sorts them, with
    pybtex and pybtex-docutils (what sphinxcontrib-bibtex formats with).
    Formatted here, from the entries alone: sphinxcontrib-bibtex's
    {bibliography} would make the page depend on the whole .bib, and be read
    again after any change of any entry."""
    from pybtex.database.input.bibtex import Parser
    from pybtex_docutils import Backend

    entries = Parser().parse_string("\n".join(paper.source for paper in papers)).entries
    backend = Backend()
    formatted = []
    for entry in plain_style().format_entries(entries.values()):
        para = backend.paragraph(entry)
        para["classes"].append("ws-reference")
        formatted.append((entry.key, para))
    return formatted


def formatted_reference(paper: Paper) -> nodes.paragraph:
    ((_, para),) = formatted_references([paper])
    return para


class TalkDirective(WorkshopDirective):
    """A talk or session page; its body is the own-words description."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        item = self.workshop.item(self.arguments[0])
        if item is None:
            self.uses(("all",))
            logger.warning(
                "'%s' is not an item of the programme",
                self.arguments[0],
                location=self.get_location(),
                type="workshop",
                subtype="talk",
            )
            return []
        self.uses(("item", item.id), ("edition-facts", item.year))
        page = self.section(item.title, item.id)
        if item.status == "cancelled":  # struck through, still readable, and said in words
            title = page[0]
            words = title.children[:]
            title.clear()
            title += [deleted_node("", "", *words), nodes.Text(" (cancelled)")]
        page += paragraph(nodes.Text(KIND_NAMES[item.kind]), classes=["ws-kind"])
        page += self.local_time_switch(item.start is not None)
        page += self.fact_list(item)
        page += self.player(item, item.title)
        body = nodes.container(classes=["ws-description"])
        self.state.nested_parse(self.content, self.content_offset, body)
        page += body.children
        return [page]


class ScheduleDirective(WorkshopDirective):
    """The programme of the page's edition as a table, in the file's order
    (on phones, a list: see workshop.css)."""

    def run(self) -> list[nodes.Node]:
        edition = self.page_edition()
        if edition is None:
            return []
        self.uses(("edition", edition.year))
        if not edition.items:
            return [
                paragraph(nodes.Text("The programme will be announced here; the edition's announcements say when."))
            ]
        headers = ("When", "What", "Title", "Speakers")
        table = nodes.table(classes=["ws-schedule"])
        group = nodes.tgroup(cols=len(headers))
        table += group
        group.extend(nodes.colspec(colwidth=w) for w in (24, 12, 34, 22))  # (characters, in plain text)
        head = nodes.thead()
        head += self.row([nodes.Text(h) for h in headers])
        group += head
        body = nodes.tbody()
        for item in edition.items:
            title = self.workshop.item_title(item)
            page = self.workshop.page_of(item)
            what = KIND_NAMES[item.kind] + (f" ({STATUS_NAMES[item.status]})" if item.status in STATUS_NAMES else "")
            speakers = [p.name + (" (presenter)" if p.presenter else "") for p in item.speakers]
            place = places.short(edition, item)
            body += self.row(
                [
                    [self.time_of(item), nodes.Text(f" · {place}")] if place else self.time_of(item),
                    nodes.Text(what),
                    self.struck_if_cancelled(item, doc_link(page, title) if page else nodes.Text(title)),
                    nodes.Text("; ".join(speakers)),
                ],
                ids=[f"item-{item.id}"],
                classes=["ws-cancelled"] if item.status == "cancelled" else [],
            )
        group += body
        exports = paragraph(nodes.Text("Take the programme with you: "), classes=["ws-exports"])
        folder = edition.exports_dir
        exports.extend(
            joined(
                [
                    self.download(f"{folder}/program.ics", "program.ics (calendar)"),
                    self.download(f"{folder}/schedule.xml", "schedule.xml"),
                    self.download(f"{folder}/schedule.json", "schedule.json (conference apps, frab format)"),
                ]
                + (
                    [self.download(f"{edition.folder}/references.bib", "references.bib (this edition's papers)")]
                    if self.workshop.volume_of(edition)
                    else []
                )
            )
        )
        exports += nodes.Text(".")
        switch = self.local_time_switch(any(i.start for i in edition.items))
        return [self.zone_note(edition), *switch, print_widths(0.23, 0.15, 0.37, 0.25), table, exports]

    def zone_note(self, edition: Edition) -> nodes.paragraph:
        """Which time zone the table uses, worked out for the edition's first day."""
        first_day = dt.datetime.combine(edition.start, dt.time(12), tzinfo=edition.zone)
        text = f"Times are in the event's time zone, {edition.timezone} ({first_day:%Z}, {when.offset(first_day)})."
        return paragraph(nodes.Text(text), classes=["ws-zone"])

    @staticmethod
    def struck_if_cancelled(item: Item, title: nodes.Node) -> nodes.Node:
        return deleted_node("", "", title) if item.status == "cancelled" else title

    @staticmethod
    def row(cells, ids=(), classes=()) -> nodes.row:
        row = nodes.row(ids=list(ids), classes=list(classes))
        for cell in cells:
            entry = nodes.entry()
            entry += paragraph(*cell) if isinstance(cell, list) else paragraph(cell)
            row += entry
        return row


class PaperListDirective(WorkshopDirective):
    """Accepted papers in programme order: title, authors, presenter, DOI;
    on a series page grouped by edition and proceedings volume."""

    def run(self) -> list[nodes.Node]:
        self.uses(*(("papers", e.year) for e in self.editions_here()), ("editions",))
        if self.edition and not self.workshop.volume_of(self.edition):
            return [paragraph(nodes.Text("No papers yet: they are listed here once they are published."))]
        if self.edition:
            return [self.listing(self.edition), self.all_at_once(f"{self.edition.folder}/references")]
        out = [self.all_at_once("references")]
        for edition in self.editions_here():
            volume = self.workshop.volume_of(edition)
            if volume is None:  # (no proceedings yet: no papers either, see the checks)
                continue
            group = self.section(f"{edition.year}: {volume.volume_name}", f"papers-{edition.year}")
            group += paragraph(
                nodes.Text(f"{edition.acronym}, published in {volume.series or volume.title}, volume {volume.volume}. ")
            )
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


class ReferencesDirective(WorkshopDirective):
    """The page's edition's papers as a bibliography: each formatted as on its
    paper page, sorted as the style sorts, with a link to that page."""

    def run(self) -> list[nodes.Node]:
        edition = self.page_edition()
        if edition is None:
            return []
        self.uses(("papers", edition.year))
        listing = nodes.bullet_list(classes=["ws-references"])
        for key, reference in formatted_references(self.workshop.papers_of(edition)):
            entry = nodes.list_item(ids=[nodes.make_id(key)])
            reference += nodes.Text(" ")
            reference += doc_link(self.workshop.paper_pages[key], "Paper page")
            entry += reference
            listing += entry
        return [listing]


class CommitteesDirective(WorkshopDirective):
    """The committees, from the editions' files."""

    def run(self) -> list[nodes.Node]:
        self.uses(*(("committees", e.year) for e in self.editions_here()), ("editions",))
        out = []
        for edition in self.editions_here():
            parent = self.section(edition.acronym, f"committees-{edition.year}") if not self.edition else None
            sections = [self.committee(edition, "Organizing committee", edition.committees.organizing, "")]
            committees = edition.committees
            if committees.programme or committees.programme_includes_organizing:
                intro = (
                    "All members of the organizing committee, and:" if committees.programme_includes_organizing else ""
                )
                sections.append(self.committee(edition, "Programme committee", committees.programme, intro))
            else:
                none = self.section("Programme committee", self.anchor(edition, "programme-committee"))
                none += paragraph(nodes.Text(f"No programme committee was published for {edition.acronym}."))
                sections.append(none)
            if parent is None:
                out += sections
            else:
                parent.extend(sections)
                out.append(parent)
        return out

    def anchor(self, edition: Edition, name: str) -> str:
        return name if self.edition else f"{name}-{edition.year}"

    def committee(self, edition: Edition, title: str, members, intro: str) -> nodes.section:
        section = self.section(title, self.anchor(edition, nodes.make_id(title)))
        if intro:
            section += paragraph(nodes.Text(intro))
        listing = nodes.bullet_list()
        for person in members:
            entry = nodes.list_item()
            entry += paragraph(nodes.Text(f"{person.name} ({person.affiliation})"))
            listing += entry
        if members:
            section += listing
        return section


class PeopleDirective(WorkshopDirective):
    """Everyone the series names, once each, with every role per edition."""

    def run(self) -> list[nodes.Node]:
        self.uses(("all",))
        listing = nodes.bullet_list(classes=["ws-people"])
        for entry in people.index(self.workshop):
            item = nodes.list_item(ids=[entry.anchor])
            item += paragraph(nodes.strong(text=entry.name))
            roles = nodes.bullet_list()
            for role in entry.roles:
                line = nodes.list_item()
                page, _, anchor = role.target.partition("#")
                text = role.title or f"{self.workshop.edition(role.year).acronym} committees"
                body = [
                    nodes.Text(f"{role.year}: {role.what}" + (f" ({role.affiliation})" if role.affiliation else ""))
                ]
                body += [nodes.Text(", "), self.anchor_link(page, anchor, text) if anchor else doc_link(page, text)]
                line += paragraph(*body)
                roles += line
            item += roles
            listing += item
        return [listing]
