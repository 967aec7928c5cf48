"""Directives that render pages from the workshop data.

{paper} KEY   a paper page: header from references.bib, programme facts from
              schedule.yaml, the page's own summary, and "Cite this paper"
{talk} ID     a talk or live-session page, from schedule.yaml
{schedule}    the programme table
{paper-list}  the accepted papers
"""

from __future__ import annotations

import datetime as dt
import posixpath
from html import escape

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import when
from .model import EXPORTS_DIR, Item, Paper, Workshop
from .sources import data_files

logger = logging.getLogger(__name__)

KIND_NAMES = {
    "invited-talk": "Invited talk",
    "paper-talk": "Paper",
    "live-session": "Live session",
    "release": "Release",
}
STATUS_NAMES = {"cancelled": "Cancelled", "moved-online": "Moved online"}


class time_node(nodes.Inline, nodes.TextElement):
    """<time datetime="..."> around the words of a date or time."""


def visit_time(self, node):
    attributes = {"datetime": node["datetime"], "class": "ws-time"}
    self.body.append(self.starttag(node, "time", "", **attributes))


def depart_time(self, node):
    self.body.append("</time>")


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


class WorkshopDirective(SphinxDirective):
    @property
    def workshop(self) -> Workshop:
        return self.env.workshop_data

    def note_data_dependencies(self) -> None:
        for path in data_files(self.config):
            self.env.note_dependency(self.env.srcdir / path)

    def section(self, title: str, section_id: str) -> nodes.section:
        section = nodes.section(ids=[nodes.make_id(section_id)])
        section += nodes.title(title, title)
        self.state.document.note_implicit_target(section, section)
        return section

    def time_of(self, item: Item) -> time_node:
        words, value = when.describe(item, self.workshop.event.zone)
        return time_node(words, words, datetime=value)

    def fact_list(self, item: Item) -> nodes.field_list:
        """Speakers, time, status and the links of one programme item."""
        facts = nodes.field_list(classes=["ws-facts"])

        def fact(name: str, *body) -> None:
            field = nodes.field()
            field += nodes.field_name(name, name)
            field += nodes.field_body("", paragraph(*body))
            facts.append(field)

        if item.speakers:
            people = [nodes.Text(f"{p.name} ({p.affiliation})") for p in item.speakers]
            name = "Presenter" if item.kind == "paper-talk" else "Speaker"
            fact(name + ("s" if len(people) > 1 else ""), *joined(people, "; "))
        fact("When", self.time_of(item))
        if item.where:
            fact("Where", nodes.Text(item.where))
        if item.status in STATUS_NAMES:
            fact("Status", nodes.strong(text=STATUS_NAMES[item.status]))
        for name, url in (("Recording", item.recording), ("Slides", item.slides), ("Preprint", item.preprint)):
            if url:
                fact(name, external(url, f"{name} on {url.split('//', 1)[1].split('/', 1)[0]}"))
        fact("Calendar", self.download(f"{EXPORTS_DIR}/{item.id}.ics", "Add to calendar (.ics)"))
        return facts

    def download(self, target: str, text: str) -> nodes.raw:
        """A link to a file written beside the pages, relative to this page."""
        href = posixpath.relpath(target, posixpath.dirname(self.env.docname) or ".")
        return nodes.raw(
            "", f'<a class="reference download" href="{escape(href)}" download>{escape(text)}</a>', format="html"
        )

    def player(self, item: Item, title: str) -> list[nodes.Node]:
        """A recording player that loads nothing from the video host until clicked."""
        if not item.recording:
            return []
        host = item.recording.split("//", 1)[1].split("/", 1)[0]
        label = escape(f"Recording: {title}")
        html = (
            f'<figure class="ws-player" data-src="{escape(item.recording)}" data-title="{label}">'
            f'<button type="button" class="ws-player-load">Play the recording here'
            f'<span class="ws-player-note"> (loads the player from {escape(host)})</span></button>'
            f'<figcaption><a class="reference external" href="{escape(item.recording)}">'
            f"Open the recording on {escape(host)}</a></figcaption></figure>"
        )
        return [nodes.raw("", html, format="html")]

    def local_time_switch(self) -> list[nodes.Node]:
        """Shown by workshop.js only where a time is given (not just a day)."""
        return [
            nodes.raw(
                "",
                '<p class="ws-local-switch" hidden><label><input type="checkbox"> '
                "Also show times in my time zone</label></p>",
                format="html",
            )
        ]


class PaperDirective(WorkshopDirective):
    """A paper page; its body (the directive's content) is the own-words summary."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        self.note_data_dependencies()
        key = self.arguments[0]
        paper = self.workshop.papers.get(key)
        if paper is None:  # `python -m workshop check` reports it with its line
            logger.warning(
                "paper '%s' is not an accepted paper in references.bib",
                key,
                location=self.get_location(),
                type="workshop",
                subtype="paper",
            )
            return []
        item = self.workshop.item_for_paper(key)
        page = self.section(paper.title, key)
        page += paragraph(nodes.Text(", ".join(paper.authors)), classes=["ws-authors"])
        page += self.publication(paper)
        page += self.local_time_switch()
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
        formatted = StringList(
            [
                "```{bibliography}",
                ":list: bullet",
                f':filter: key == "{paper.key}"',
                f":keyprefix: {paper.key}-",
                "```",
            ],
            source=self.get_source_info()[0],
        )
        self.state.nested_parse(formatted, self.content_offset, cite)
        block = nodes.literal_block(paper.source, paper.source, language="bibtex", classes=["ws-bibtex"])
        cite += block
        folder = posixpath.dirname(self.env.docname)
        cite += paragraph(self.download(posixpath.join(folder, f"{paper.key}.bib"), f"Download {paper.key}.bib"))
        return cite


class TalkDirective(WorkshopDirective):
    """A talk or live-session page; its body is the own-words description."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        self.note_data_dependencies()
        item = self.workshop.item(self.arguments[0])
        if item is None:
            logger.warning(
                "'%s' is not an item of the schedule",
                self.arguments[0],
                location=self.get_location(),
                type="workshop",
                subtype="talk",
            )
            return []
        page = self.section(item.title, item.id)
        page += paragraph(nodes.Text(KIND_NAMES[item.kind]), classes=["ws-kind"])
        page += self.local_time_switch()
        page += self.fact_list(item)
        page += self.player(item, item.title)
        body = nodes.container(classes=["ws-description"])
        self.state.nested_parse(self.content, self.content_offset, body)
        page += body.children
        return [page]


class ScheduleDirective(WorkshopDirective):
    """The programme as a table, in the schedule's order."""

    def run(self) -> list[nodes.Node]:
        self.note_data_dependencies()
        headers = ("When", "What", "Title", "Speakers")
        table = nodes.table(classes=["ws-schedule"])
        group = nodes.tgroup(cols=len(headers))
        table += group
        group.extend(nodes.colspec(colwidth=w) for w in (3, 1, 5, 3))
        head = nodes.thead()
        head += self.row([nodes.Text(h) for h in headers])
        group += head
        body = nodes.tbody()
        for item in self.workshop.items:
            title = self.workshop.item_title(item)
            page = self.workshop.page_of(item)
            what = KIND_NAMES[item.kind] + (f" ({STATUS_NAMES[item.status]})" if item.status in STATUS_NAMES else "")
            body += self.row(
                [
                    self.time_of(item),
                    nodes.Text(what),
                    doc_link(page, title) if page else nodes.Text(title),
                    nodes.Text("; ".join(p.name for p in item.speakers)),
                ],
                ids=[f"item-{item.id}"],
            )
        group += body
        exports = paragraph(nodes.Text("Take the programme with you: "), classes=["ws-exports"])
        exports.extend(
            joined(
                [
                    self.download(f"{EXPORTS_DIR}/program.ics", "program.ics (calendar)"),
                    self.download(f"{EXPORTS_DIR}/schedule.xml", "schedule.xml"),
                    self.download(f"{EXPORTS_DIR}/schedule.json", "schedule.json (conference apps, frab format)"),
                    self.download("references.bib", "references.bib (all papers)"),
                ]
            )
        )
        exports += nodes.Text(".")
        return [self.zone_note(), *self.local_time_switch(), table, exports]

    def zone_note(self) -> nodes.paragraph:
        """Which time zone the table uses, worked out for the event's first day."""
        event = self.workshop.event
        first_day = dt.datetime.combine(event.start, dt.time(12), tzinfo=event.zone)
        text = f"Times are in the event's time zone, {event.timezone} ({first_day:%Z}, {when.offset(first_day)})."
        return paragraph(nodes.Text(text), classes=["ws-zone"])

    @staticmethod
    def row(cells, ids=()) -> nodes.row:
        row = nodes.row(ids=list(ids))
        for cell in cells:
            entry = nodes.entry()
            entry += paragraph(cell)
            row += entry
        return row


class PaperListDirective(WorkshopDirective):
    """The accepted papers in programme order: title, authors, presenter, DOI."""

    def run(self) -> list[nodes.Node]:
        self.note_data_dependencies()
        listing = nodes.bullet_list(classes=["ws-papers"])
        for item in self.workshop.items:
            if not item.paper:
                continue
            paper = self.workshop.papers[item.paper]
            entry = nodes.list_item()
            entry += paragraph(nodes.strong("", "", doc_link(self.workshop.paper_pages[paper.key], paper.title)))
            entry += paragraph(nodes.Text(", ".join(paper.authors)), classes=["ws-authors"])
            presenter = "; ".join(p.name for p in item.speakers)
            details = paragraph(nodes.Text(f"Presented by {presenter}."), classes=["ws-presenter"])
            if paper.doi:
                details += nodes.Text(" DOI: ")
                details += external(f"https://doi.org/{paper.doi}", paper.doi)
            entry += details
            listing += entry
        return [listing]
