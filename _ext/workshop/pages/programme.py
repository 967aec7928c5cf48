"""Pages of the programme: its table, and a page per talk.

{talk} ID        a talk or session page, from its edition's file
{schedule}       the programme table of the page's edition (a list on phones)
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes

from ..data import places, when
from ..data.editions import Edition
from ..data.programme import Item
from . import descriptions
from .directives import KIND_NAMES, STATUS_NAMES, WorkshopDirective, doc_link, joined, logger, paragraph, print_widths
from .inline_nodes import deleted_node
from .person_links import person_link


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
        edition = self.workshop.edition(item.year)
        page += paragraph(nodes.Text(f"{KIND_NAMES[item.kind]} at "), self.edition_link(edition), classes=["ws-kind"])
        page += self.local_time_switch(item.start is not None)
        page += self.fact_list(item)
        page += self.player(item, item.title)
        body = nodes.container(classes=["ws-description"])
        self.state.nested_parse(self.content, self.content_offset, body)
        page += body.children
        about = descriptions.lead(KIND_NAMES[item.kind], descriptions.speakers(item), edition, item)
        page += descriptions.describe(self.env, descriptions.sentence(about, body.astext()))
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
        table = nodes.table(classes=["ws-schedule"], ids=[f"programme-table-{edition.year}"])
        # A caption names the table for screen readers' table lists; each
        # row's time is its header (a "stub" column: <th> in the body).
        caption = f"Programme of {edition.acronym}, {when.span(edition.start, edition.end)}"
        table += nodes.title(caption, caption)
        group = nodes.tgroup(cols=len(headers))
        table += group
        widths = (24, 12, 34, 22)  # (characters, in plain text)
        group.extend(nodes.colspec(colwidth=w, **({"stub": 1} if i == 0 else {})) for i, w in enumerate(widths))
        head = nodes.thead()
        head += self.row([nodes.Text(h) for h in headers])
        group += head
        body = nodes.tbody()
        for item in edition.items:
            title = self.workshop.item_title(item)
            page = self.workshop.page_of(item)
            what = KIND_NAMES[item.kind] + (f" ({STATUS_NAMES[item.status]})" if item.status in STATUS_NAMES else "")
            speakers = []
            for person in item.speakers:
                speakers += [nodes.Text("; ")] if speakers else []
                speakers += [person_link(self.env, person.name), nodes.Text(" (presenter)" if person.presenter else "")]
            place = places.short(edition, item)
            body += self.row(
                [
                    [self.time_of(item), nodes.Text(f" · {place}")] if place else self.time_of(item),
                    nodes.Text(what),
                    self.struck_if_cancelled(item, doc_link(page, title) if page else nodes.Text(title)),
                    speakers or nodes.Text(""),
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
