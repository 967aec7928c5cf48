"""Pages about editions as a whole: the series' list of editions, and an
edition's facts at the top of its home page.

{editions}       the editions, newest first (the series home)
{edition-facts}  date, times, format, host and contact of the page's edition
"""

from __future__ import annotations

from docutils import nodes

from ..data import places, when
from ..exports import books
from .directives import WorkshopDirective, doc_link, external, joined, on_the_site, paragraph
from .timeline import edition_state


class EditionsDirective(WorkshopDirective):
    """Every edition, newest first: date, format, host and where to go."""

    def run(self) -> list[nodes.Node]:
        self.uses(*(("edition-facts", e.year) for e in self.workshop.editions), ("editions",))
        self.uses(*(("clock", e.year) for e in self.workshop.editions))
        listing = nodes.bullet_list(classes=["ws-editions"])
        for edition in self.editions_here():
            entry = nodes.list_item()
            entry += paragraph(nodes.strong("", "", doc_link(edition.home, edition.acronym)))
            entry += paragraph(nodes.Text(when.edition_line(edition) + " "), edition_state(edition))
            links = [
                doc_link(edition.programme_page, "programme"),
                doc_link(f"{edition.folder}/papers/index", "papers"),
                doc_link(f"{edition.folder}/cfp", "call for papers"),
                doc_link(edition.committee_page, "committees"),
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
        self.uses(("clock", edition.year), ("book", edition.year))
        rows = [("When", [nodes.Text(when.days(edition) + " "), edition_state(edition)])]
        if timed:
            first, last = timed[0], timed[-1]
            begin = first.starts_at(edition.zone)
            text = (
                f"from {begin:%H:%M %Z} ({when.offset(begin)}); the last item, "
                f"{self.workshop.item_title(last)}, starts at {last.start:%H:%M}"
            )
            rows.append(("Times", [nodes.Text(text)]))
        rows.append(
            ("Format", [nodes.Text(f"{edition.format}, held with "), external(edition.host.url, edition.host.name)])
        )
        if places.meets_in_person(edition) and edition.venue:
            rows.append(("Venue", [nodes.Text(edition.venue.words)]))
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
        if books.made_book(self.config, self.env.srcdir, edition) is not None:
            name = f"{edition.acronym} as a PDF book: programme, talks and papers"
            rows.append(("Book", [self.download(books.published_path(edition), name)]))
        contact = self.workshop.series.contact
        rows.append(("Contact", [nodes.reference(contact, contact, refuri=f"mailto:{contact}")]))
        for name, body in rows:  # (the Book row on the site only: a book never links itself)
            field = nodes.field()
            field += nodes.field_name(name, name)
            field += nodes.field_body("", paragraph(*body))
            facts.append(on_the_site(field) if name == "Book" else field)
        return [facts]
