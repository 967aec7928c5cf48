"""A person's name wherever a page shows one, linked to their entry in the people index.

The index ({people}, on the series' page `people`) gives every person one
anchor, made from the two words that identify them (data/people.py); a name
spelled with a middle initial elsewhere finds the same entry. A site without
that page shows the names as text.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.environment import BuildEnvironment

from ..data import people
from ..data.programme import Person

#: The page that holds the {people} index.
PEOPLE_PAGE = "people"


def person_link(env: BuildEnvironment, name: str) -> nodes.Node:
    """The name, as a link to its entry (an address AnchorLinks writes for each builder)."""
    if PEOPLE_PAGE not in env.found_docs or env.docname == PEOPLE_PAGE:
        return nodes.Text(name)
    return nodes.reference(
        name, name, internal=True, ws_target=PEOPLE_PAGE, ws_anchor=people.anchor(name), classes=["ws-person"]
    )


def person_with_affiliation(env: BuildEnvironment, person: Person, mark_presenter: bool) -> list[nodes.Node]:
    """'Daniel Soudry (Technion)', the name linked; ', presenter' where asked and marked."""
    mark = ", presenter" if mark_presenter and person.presenter else ""
    return [person_link(env, person.name), nodes.Text(f" ({person.affiliation}{mark})")]


def names_linked(env: BuildEnvironment, names, separator: str = ", ") -> list[nodes.Node]:
    """Several names, each linked, with `separator` between them."""
    out: list[nodes.Node] = []
    for i, name in enumerate(names):
        if i:
            out.append(nodes.Text(separator))
        out.append(person_link(env, name))
    return out
