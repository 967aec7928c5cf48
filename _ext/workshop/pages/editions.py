"""Pages about editions as a whole: the series' list of editions, and an
edition's facts at the top of its home page.

{editions}       the editions, newest first (the series home)
{edition-facts}  date, times, format, host and contact of the page's edition
"""

from __future__ import annotations

from docutils import nodes

from ..data import edition_status, places, timeline, when
from ..exports import books
from ..exports.site import event_calendar_path
from .call import call_nodes, registration_nodes
from .directives import WorkshopDirective, doc_link, external, joined, not_on_paper, on_the_site, paragraph
from .inline_nodes import deleted_node
from .timeline import edition_state


class EditionsDirective(WorkshopDirective):
    """Every edition, newest first: date, format, host and where to go."""

    def run(self) -> list[nodes.Node]:
        self.uses(*(("edition-facts", e.year) for e in self.workshop.editions), ("editions",))
        self.uses(*(("clock", e.year) for e in self.workshop.editions))
        self.uses(*(("dates", e.year) for e in self.workshop.editions))
        listing = nodes.bullet_list(classes=["ws-editions"])
        for edition in self.editions_here():
            entry = nodes.list_item()
            entry += paragraph(nodes.strong("", "", doc_link(edition.home, edition.acronym)))
            entry += paragraph(nodes.Text(edition_status.edition_line(edition) + " "), edition_state(edition))
            call = call_nodes(edition)
            if call:
                entry += paragraph(doc_link(edition.cfp_page, "Call for papers"), nodes.Text(": "), *call)
            links = [
                doc_link(edition.programme_page, "programme"),
                doc_link(f"{edition.folder}/papers/index", "papers"),
                doc_link(f"{edition.folder}/cfp", "call for papers"),
                doc_link(edition.committee_page, "committees"),
                *registration_nodes(edition),
            ]
            entry += paragraph(*joined(links, " · "), classes=["ws-edition-links"])
            listing += entry
        return [listing]


class EditionFactsDirective(WorkshopDirective):
    """The page's edition in a few facts, all from its file."""

    def run(self) -> list[nodes.Node]:
        edition = self.page_edition()
        if edition is None:
            return []
        timed = [i for i in edition.items if i.start]
        self.uses(
            ("edition-facts", edition.year), *(("item", i.id) for i in timed[:1] + timed[-1:]), ("timed", edition.year)
        )
        facts = nodes.field_list(classes=["ws-facts"])
        self.uses(("clock", edition.year), ("book", edition.year), ("dates", edition.year))
        rows = [("When", [*self.dates_of(edition), nodes.Text(" "), edition_state(edition)])]
        notice = edition_status.notice(edition)
        if notice:
            rows.append(("Status", [nodes.strong(notice, notice)]))
        if timed and edition_status.counts_down(edition):  # (no times for an edition not held on its dates)
            first, last = timed[0], timed[-1]
            begin = first.starts_at(edition.zone)
            text = (
                f"from {begin:%H:%M %Z} ({when.offset(begin)}); the last item, "
                f"{self.workshop.item_title(last)}, {'started' if timeline.edition_over(edition) else 'starts'}"
                f" at {last.start:%H:%M}"
            )  # (in the past once the edition is over: a book is read long after)
            rows.append(("Times", [nodes.Text(text)]))
        rows.append(
            ("Format", [nodes.Text(f"{edition.format}, held with "), external(edition.host.url, edition.host.name)])
        )
        if places.meets_in_person(edition) and edition.venue:
            venue = edition.venue
            rows.append(("Venue", [external(venue.url, venue.words) if venue.url else nodes.Text(venue.words)]))
        if places.meets_online(edition) and edition.online:
            online = edition.online
            body = [nodes.Text(online.platform or "")]
            if online.url:
                body += [nodes.Text(": " if online.platform else ""), external(online.url, online.url)]
            rows.append(("Online", body))
        if edition.host.start and edition.host.end:
            host_dates = when.span(edition.host.start, edition.host.end)
            note = f"{edition.host.short}: {host_dates}" + (f", {edition.host.note}" if edition.host.note else "")
            rows.append(("Host", [nodes.Text(note)]))
        call = call_nodes(edition)
        if call:
            see = [nodes.Text(" ("), doc_link(edition.cfp_page, "the call"), nodes.Text(")")]
            rows.append(("Call for papers", [*call, *see]))
        registration = registration_nodes(edition)
        if registration:
            rows.append(("Registration", registration))
        whole = f"Add {edition.acronym} to your calendar (event.ics)"
        rows.append(("Calendar", [self.download(event_calendar_path(edition), whole)]))
        if books.made_book(self.config, self.env.srcdir, edition) is not None:
            name = f"{edition.acronym} as a PDF book: programme, talks and papers"
            rows.append(("Book", [self.download(books.published_path(edition), name)]))
        contact = self.workshop.series.contact
        rows.append(("Contact", [nodes.reference(contact, contact, refuri=f"mailto:{contact}")]))
        for name, body in rows:  # (the Book row on the site only: a book never links itself)
            field = nodes.field()
            field += nodes.field_name(name, name)
            field += nodes.field_body("", paragraph(*body))
            facts.append(on_the_site(field) if name == "Book" else not_on_paper(field) if name == "Calendar" else field)
        return [facts]

    @staticmethod
    def dates_of(edition) -> list[nodes.Node]:
        """Its dates; where they changed, the dates it had struck through, as a deadline's are."""
        before = edition_status.previous_dates(edition)
        if not edition.dates_announced:
            return [nodes.Text("new dates to be announced; was "), deleted_node("", "", nodes.Text(when.days(edition)))]
        if before is None:
            return [nodes.Text(when.days(edition))]
        return [nodes.Text(when.days(edition) + "; was "), deleted_node("", "", nodes.Text(when.span(*before)))]
