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
from .directives import WorkshopDirective, doc_link, flat, joined, paragraph
from .person_links import person_with_affiliation


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
            entry += paragraph(*person_with_affiliation(self.env, person, False))
            listing += entry
        if members:
            section += person_entries(self.spelled([p.name for p in members]), section["ids"][0])
            section += listing
        elif not intro:
            section += paragraph(nodes.Text("To be announced."))
        return section


class PeopleDirective(WorkshopDirective):
    """Everyone the series names, once each, under the first letter of their
    family name (an index of those letters first), with their roles grouped
    by edition, newest first."""

    def run(self) -> list[nodes.Node]:
        self.uses(("all",))
        by_letter: dict[str, list[people.Entry]] = {}
        for entry in people.index(self.workshop):
            by_letter.setdefault(people.initial(entry.name), []).append(entry)
        letters = nodes.paragraph(classes=["ws-letters"])
        letters += nodes.Text("Family names by first letter: ")
        letters.extend(joined([self.anchor_link(self.env.docname, f"people-{c.lower()}", c) for c in by_letter], " · "))
        out: list[nodes.Node] = [letters]
        for letter, entries in by_letter.items():
            group = self.section(letter, f"people-{letter.lower()}")
            listing = nodes.bullet_list(classes=["ws-people"])
            listing.extend(self.person(entry) for entry in entries)
            group += listing
            out.append(group)
        return out

    def person(self, entry: people.Entry) -> nodes.list_item:
        item = nodes.list_item(ids=[entry.anchor])
        item += paragraph(nodes.strong(text=entry.name))
        item += search.person_entries([entry.name])
        editions = nodes.bullet_list()
        for year in sorted({role.year for role in entry.roles}, reverse=True):
            roles = [role for role in entry.roles if role.year == year]
            edition = self.workshop.edition(year)
            # One affiliation for the edition where all its roles share it; else each role's own.
            affiliations = {role.affiliation for role in roles}
            shared = affiliations.pop() if len(affiliations) == 1 else None
            line = [doc_link(edition.home, edition.acronym), nodes.Text(f" ({shared}): " if shared else ": ")]
            line += joined([self.role(role, with_affiliation=shared is None) for role in roles], "; ")
            editions += nodes.list_item("", paragraph(*flat(line)))
        item += editions
        return item

    def role(self, role: people.Role, with_affiliation: bool) -> list[nodes.Node]:
        """'keynote: <its title, linked>', or a committee's name linked to its list."""
        page, _, anchor = role.target.partition("#")
        if role.title is None:
            out = [self.anchor_link(page, anchor, role.what) if anchor else doc_link(page, role.what)]
        else:
            title = self.anchor_link(page, anchor, role.title) if anchor else doc_link(page, role.title)
            out = [nodes.Text(f"{role.what}: "), title]
        if with_affiliation and role.affiliation:
            out.append(nodes.Text(f" ({role.affiliation})"))
        return out
