"""Pages of people: committees, and the index of everyone the series names.

{committees}     the page's edition's committees; outside an edition, every edition's
{people}         everyone the series names, with every role in every edition
"""

from __future__ import annotations

from docutils import nodes

from ..data import people
from ..data.editions import Edition
from . import search
from .book import person_entries
from .directives import WorkshopDirective, doc_link, paragraph


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
            section += person_entries([p.name for p in members], section["ids"][0])
            section += listing
        elif not intro:
            section += paragraph(nodes.Text("To be announced."))
        return section


class PeopleDirective(WorkshopDirective):
    """Everyone the series names, once each, with every role per edition."""

    def run(self) -> list[nodes.Node]:
        self.uses(("all",))
        listing = nodes.bullet_list(classes=["ws-people"])
        for entry in people.index(self.workshop):
            item = nodes.list_item(ids=[entry.anchor])
            item += paragraph(nodes.strong(text=entry.name))
            item += search.person_entries([entry.name])
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
