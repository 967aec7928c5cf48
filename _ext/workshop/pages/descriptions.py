"""What a talk or paper page says of itself to search engines and link previews: one sentence.

"Keynote by Daniel Soudry (Technion) at MLHPCS 2021, 2 July 2021: Observations
from ...". Without it, sphinxext-opengraph makes the description from the
page's first words, which on these pages are the facts' labels and values
run together ("Keynote Speaker, Daniel Soudry (Technion),, When, ...").

The sentence reaches both tags through documented means: a docutils `meta`
node (what `.. meta::` and MyST's `html_meta` make) writes `<meta
name="description">`, which sphinxext-opengraph then leaves alone
(`ogp_enable_meta_description`), and the page's `og:description` field is
sphinxext-opengraph's per-page override.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.environment import BuildEnvironment

from ..data.editions import Edition
from ..data.programme import Item

#: About what a search result shows; longer text is cut at a word, with "…".
LENGTH = 200
#: A lead names every speaker with their affiliation up to this many; more are named only.
WITH_AFFILIATIONS = 2
#: A lead names up to this many people; more are the first "et al.".
MOST_NAMED = 4


def listed(words: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'; more than MOST_NAMED: 'A et al.' (as a citation
    shortens them), so that the page's own words still fit."""
    if len(words) > MOST_NAMED:
        return f"{words[0]} et al."
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def when_held(item: Item) -> str:
    date = f"{item.date.day} {item.date:%B %Y}"
    if item.status == "on-demand":
        return f"on demand from {date}"
    return date + (" (cancelled)" if item.status == "cancelled" else "")


def lead(what: str, names: list[str], edition: Edition, item: Item) -> str:
    """'Keynote by Daniel Soudry (Technion) at MLHPCS 2021, 2 July 2021'."""
    by = f" by {listed(names)}" if names else ""
    return f"{what}{by} at {edition.acronym}, {when_held(item)}"


def speakers(item: Item) -> list[str]:
    if len(item.speakers) > WITH_AFFILIATIONS:
        return [p.name for p in item.speakers]
    return [f"{p.name} ({p.affiliation})" for p in item.speakers]


def sentence(first: str, body: str) -> str:
    """The lead, then as much of the page's own words as fits."""
    text = " ".join(body.split())
    whole = f"{first}: {text}" if text else f"{first}."
    if len(whole) <= LENGTH:
        return whole
    cut = whole[: LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def describe(env: BuildEnvironment, text: str) -> nodes.meta:
    """The page's description: a `meta` node for its place in the page, and the
    page's og:description field (written as sphinxext-opengraph writes a
    description it made: escaped, its quotes left to it)."""
    env.metadata[env.docname]["og:description"] = escape(text, quote=False)
    return nodes.meta(name="description", content=text)
