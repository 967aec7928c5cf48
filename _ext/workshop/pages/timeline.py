"""Pages of an edition's timeline: its important dates and its announcements.

{important-dates}  the page's edition's deadlines and milestones: the date in
                   force, earlier values struck through with the day they
                   changed, and how long is left
{announcements}    the page's edition's news, newest first; outside an
                   edition, the latest of every edition (`:latest: N`)

What a page says without JavaScript stays true however late it is read:
absolute dates, and "closed" or "over" only where that was so when the page
was built. The relative states ("3 days left", "today") are worked out by
workshop.js from the reader's clock, in the empty `ws-state` spans.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives as options
from sphinx import addnodes

from ..data import edition_status, timeline
from ..data.dates import KeyDate, Moment
from ..data.editions import Edition
from .bibliographies import text_with_citations
from .call import call_nodes
from .directives import WorkshopDirective, not_on_paper, paragraph, print_widths
from .inline_nodes import deleted_node, state_node, time_node


def moment_time(moment: Moment) -> time_node:
    text = timeline.words(moment)
    return time_node(text, text, datetime=timeline.machine_value(moment))


def deadline_state(key_date: KeyDate, edition: Edition) -> state_node:
    """'closed' when it was over at build time; else empty for the reader's clock. A cancelled
    edition's dates count down to nothing: they say so, whatever the clock."""
    if edition.status == edition_status.CANCELLED:
        return state_node("cancelled", "cancelled", data={})
    over = "closed" if key_date.kind == "deadline" else "passed"
    text = over if timeline.settled(key_date.moment) else ""
    data = {"until": timeline.over_everywhere(key_date.moment).isoformat(), "kind": key_date.kind}
    return state_node(text, text, data=data)


def edition_state(edition: Edition) -> state_node:
    """'over' when the edition had ended at build time; else for the reader's clock. No
    countdown to an edition that will not be held on its dates: 'cancelled', 'postponed'."""
    if not edition_status.counts_down(edition):
        words = edition_status.WORDS[edition.status]
        return state_node(words, words, data={})
    begin, end = timeline.edition_bounds(edition)
    text = "over" if timeline.edition_over(edition) else ""
    return state_node(text, text, data={"start": begin.isoformat(), "end": end.isoformat()})


class ImportantDatesDirective(WorkshopDirective):
    """The page's edition's dates as a table: what, when, and what changed."""

    def run(self) -> list[nodes.Node]:
        edition = self.page_edition()
        if edition is None:
            return []
        # (the edition's facts: the call's submission link; top: its status)
        self.uses(
            ("dates", edition.year), ("clock", edition.year), ("edition-facts", edition.year), ("top", edition.year)
        )
        if not edition.dates:
            return [paragraph(nodes.Text("The important dates will be announced here."))]
        headers = ("What", "When", "Changes")
        table = nodes.table(classes=["ws-dates"])
        group = nodes.tgroup(cols=len(headers))
        table += group
        group.extend(nodes.colspec(colwidth=w) for w in (18, 30, 24))  # (characters, in plain text)
        head = nodes.thead()
        head += self.row([[nodes.Text(h)] for h in headers])
        group += head
        body = nodes.tbody()
        for key_date in edition.dates:
            when = [moment_time(key_date.moment)]
            if key_date.note:
                when.append(nodes.Text(f" ({key_date.note})"))
            when += [nodes.Text(" "), deadline_state(key_date, edition)]
            body += self.row([[nodes.Text(key_date.title)], when, self.changes(key_date)], ids=[key_date.id])
        group += body
        call = call_nodes(edition)
        submit = [paragraph(nodes.Text("The call is "), *call, nodes.Text("."))] if call else []
        calendar = paragraph(nodes.Text("Add them to your calendar: "), classes=["ws-exports"])
        calendar += self.download(f"{edition.folder}/deadlines.ics", "deadlines.ics")
        calendar += nodes.Text(" (updated when a date changes).")
        timed = any(timeline.instant(d.moment) for d in edition.dates)
        return [*submit, *self.local_time_switch(timed), print_widths(0.25, 0.42, 0.33), table, not_on_paper(calendar)]

    @staticmethod
    def changes(key_date: KeyDate) -> list[nodes.Node]:
        """Earlier values, struck through, each with the day it changed: "was
        Wed 15 April 2020, changed on 14 April 2020" (read aloud or printed
        without its stroke, it still says which date no longer holds)."""
        if not key_date.history:
            return [nodes.Text("none")]
        out: list[nodes.Node] = []
        for number, change in enumerate(key_date.history):
            if number:
                out.append(nodes.Text("; "))
            was = deleted_node("", "", moment_time(change.was))
            out += [nodes.Text("was "), was, nodes.Text(f", changed on {timeline.day_words(change.changed)}")]
        return out

    @staticmethod
    def row(cells, ids=()) -> nodes.row:
        row = nodes.row(ids=list(ids))
        for cell in cells:
            entry = nodes.entry()
            entry += paragraph(*cell)
            row += entry
        return row


class AnnouncementsDirective(WorkshopDirective):
    """News, newest first: on an edition's page its own, elsewhere the series'."""

    option_spec = {"latest": options.positive_int}

    def run(self) -> list[nodes.Node]:
        edition = self.edition
        if edition is not None:
            self.uses(("announcements", edition.year))
            news, feed = sorted(edition.announcements, key=lambda a: (a.date, a.line), reverse=True), edition.folder
        else:
            self.uses(("announcements",))
            news, feed = self.workshop.announcements, ""
        news = news[: self.options.get("latest", len(news))]
        listing = nodes.bullet_list(classes=["ws-news"])
        for entry in news:
            item = nodes.list_item(ids=[f"news-{entry.id}"])
            date = timeline.day_words(entry.date)
            heading = paragraph(time_node(date, date, datetime=entry.date.isoformat()), nodes.Text(": "))
            heading += nodes.strong(entry.title, entry.title)
            if edition is None:
                heading += nodes.Text(f" ({self.workshop.edition(entry.year).acronym})")
            item += heading
            text = paragraph(*self.text_of(entry.text))
            if entry.page:  # (the link reads as the page's title)
                text += nodes.Text(" See: ")
                see = addnodes.pending_xref(
                    "", refdomain="std", reftype="doc", reftarget=f"/{entry.page}", refexplicit=False, refwarn=True
                )
                see += nodes.inline("", "")
                text += see
                text += nodes.Text(".")
            item += text
            listing += item
        if not news:
            listing = paragraph(nodes.Text("No announcements yet."))
        follow = paragraph(nodes.Text("Follow them in a feed reader: "), classes=["ws-exports"])
        follow += self.download(f"{feed}/atom.xml".lstrip("/"), "atom.xml (Atom feed)")
        return [listing, not_on_paper(follow)]

    def text_of(self, text: str) -> list[nodes.Node]:
        """Text, with its citations made by sphinxcontrib-bibtex's roles."""
        domain = self.env.get_domain("cite")
        return text_with_citations(text, domain.role, self.lineno, self.state.inliner)
