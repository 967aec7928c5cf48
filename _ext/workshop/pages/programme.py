"""Pages of the programme: its table, and a page per talk.

{talk} ID        a talk or session page, from its edition's file
{schedule}       the programme table of the page's edition (a list on phones)
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes

from ..data import places, timeline, versions, when
from ..data.editions import Edition
from ..data.programme import KIND_NAMES, NOT_HELD, Item
from . import descriptions, programme_print, search
from .book import kept_together, person_entries
from .directives import (
    STATUS_NAMES,
    WorkshopDirective,
    doc_link,
    flat,
    in_a_book,
    in_the_e_book,
    joined,
    logger,
    not_in_a_book,
    not_on_paper,
    on_paper,
    paragraph,
    print_widths,
)
from .inline_nodes import deleted_node
from .person_links import person_link


def clock_words(item: Item, edition: Edition) -> str:
    """An item's time in the printed programme, whose heading says the date
    and zone once: '14:15–15:00'; the day too where the edition has several."""
    begin, end = item.starts_at(edition.zone), item.ends_at(edition.zone)
    words, _ = when.describe(item, edition.zone, over=timeline.edition_over(edition))
    if begin is None:
        return words
    day = "" if edition.start == edition.end else f"{begin:%a} {begin.day} {begin:%B}, "
    return f"{day}{begin:%H:%M}" + (f"–{end:%H:%M}" if end else " (end not announced)")


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
        if item.status in NOT_HELD:  # struck through, still readable, and said in words
            title = page[0]
            words = title.children[:]
            title.clear()
            title += [deleted_node("", "", *words), nodes.Text(f" ({item.status})")]
        page += person_entries(self.spelled([p.name for p in item.speakers]), page["ids"][0])
        edition = self.workshop.edition(item.year)
        page += paragraph(nodes.Text(f"{KIND_NAMES[item.kind]} at "), self.edition_link(edition), classes=["ws-kind"])
        page += self.local_time_switch(item.start is not None)
        page += self.fact_list(item)
        page += search.person_entries([p.name for p in item.speakers])
        page += self.player(item, item.title)
        body = nodes.container(classes=["ws-description"])
        self.state.nested_parse(self.content, self.content_offset, body)
        for child in body.children:  # (named, so that the frab schedules can quote the page's own words)
            if isinstance(child, nodes.Element):
                child["classes"].append("ws-description")
        page += body.children
        about = descriptions.lead(KIND_NAMES[item.kind], descriptions.speakers(item), edition, item)
        page += descriptions.describe(self.env, descriptions.sentence(about, body.astext()))
        return [kept_together(page), page]


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
        # (longtable: in print it may break across pages)
        table = nodes.table(classes=["ws-schedule", "longtable"], ids=[f"programme-table-{edition.year}"])
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
        several_days = programme_print.several_days(edition)
        said_above = None  # (the time the row above gives)
        for previous, item in zip((None, *edition.items), edition.items, strict=False):
            title = self.workshop.item_title(item)
            page = self.workshop.page_of(item)
            what = KIND_NAMES[item.kind] + (f" ({STATUS_NAMES[item.status]})" if item.status in STATUS_NAMES else "")
            speakers = []
            for person in item.speakers:
                speakers += [nodes.Text("; ")] if speakers else []
                speakers += [person_link(self.env, person.name), nodes.Text(" (presenter)" if person.presenter else "")]
            if item.chairs:
                said = "chairs: " if len(item.chairs) > 1 else "chair: "
                speakers += [nodes.Text(f"; {said}" if speakers else said.capitalize())]
                speakers += flat(joined([person_link(self.env, p.name) for p in item.chairs], ", "))
            place = places.short(edition, item)
            new_day = previous is None or item.date != previous.date
            # (on paper a time said by the row above is not said again: the rows read as its group;
            # an e-book's reader may see each row alone, a list on a phone)
            words = clock_words(item, edition)
            time = [
                not_in_a_book(self.time_of(item)),
                on_paper(nodes.Text("" if words == said_above else words)),
                in_the_e_book(nodes.Text(words)),
                *self.moved_from(edition, item),
                programme_print.clock(edition, item, several_days and new_day),
            ]
            said_above = words
            body += self.row(
                [
                    [*time, nodes.Text(f" · {place}")] if place else time,
                    nodes.Text(what),
                    self.struck_if_cancelled(item, doc_link(page, title) if page else nodes.Text(title)),
                    speakers or nodes.Text(""),
                ],
                ids=[f"item-{item.id}"],
                classes=(["ws-cancelled"] if item.status in NOT_HELD else [])
                + ([programme_print.DAY_START] if new_day and previous else []),
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
                    if self.workshop.papers_of(edition)
                    else []
                )
            )
        )
        exports += nodes.Text(".")
        switch = self.local_time_switch(any(i.start for i in edition.items))
        head = programme_print.head(self.workshop, edition)  # (the sheet's top and foot, on paper only)
        foot = programme_print.address(self.workshop, self.env.docname)
        widths = print_widths(0.19, 0.16, 0.40, 0.25)
        return [
            head,
            self.zone_note(edition),
            *switch,
            widths,
            table,
            not_on_paper(exports),
            foot,
            *self.changes(edition),
        ]

    def changes(self, edition: Edition) -> list[nodes.Node]:
        """Each recorded version that changed something, newest first, in words
        (as the edition's feed lists them): nothing depends on an announcement."""
        changelog = versions.changelog(self.workshop, edition)
        if not changelog:
            return []
        heading = nodes.rubric("", "Changes to the programme", ids=["changes"])
        listing = nodes.bullet_list(classes=["ws-changes"])
        for version, said in changelog:
            when_recorded = nodes.strong("", versions.recorded_words(version))
            one_each = nodes.bullet_list()  # (one line per item or date: easier to scan than a paragraph)
            one_each.extend(nodes.list_item("", paragraph(nodes.Text(sentence))) for sentence in said)
            heading_line = paragraph(when_recorded, nodes.Text(f" (version {version.name}):"))
            listing += nodes.list_item("", heading_line, one_each)
        return [heading, listing]

    def zone_note(self, edition: Edition) -> nodes.paragraph:
        """Which time zone the table uses, worked out for the edition's first day."""
        first_day = dt.datetime.combine(edition.start, dt.time(12), tzinfo=edition.zone)
        text = f"Times are in the event's time zone, {edition.timezone} ({first_day:%Z}, {when.offset(first_day)})."
        # (a book says the date once here, and its rows give times only)
        dated = f"{when.days(edition)}. {text}"
        pages = " Each title is followed by the page of its talk or paper."
        return paragraph(
            not_in_a_book(nodes.Text(text)),
            in_a_book(nodes.Text(dated)),
            on_paper(nodes.Text(pages)),
            classes=["ws-zone"],
        )

    @staticmethod
    def moved_from(edition: Edition, item: Item) -> list[nodes.Node]:
        """' (was 14:00–14:15)', struck through and said in words, as a deadline's earlier value is."""
        earlier = versions.earlier_times(edition.published, item.id)
        if not earlier:
            return []
        out: list[nodes.Node] = [nodes.Text(" (was ")]
        for number, words in enumerate(reversed(earlier)):  # (the latest first)
            out += [nodes.Text(", ")] if number else []
            out.append(deleted_node(words, words))
        return [*out, nodes.Text(")")]

    @staticmethod
    def struck_if_cancelled(item: Item, title: nodes.Node) -> nodes.Node:
        return deleted_node("", "", title) if item.status in NOT_HELD else title

    @staticmethod
    def row(cells, ids=(), classes=()) -> nodes.row:
        row = nodes.row(ids=list(ids), classes=list(classes))
        for cell in cells:
            entry = nodes.entry()
            entry += paragraph(*cell) if isinstance(cell, list) else paragraph(cell)
            row += entry
        return row
