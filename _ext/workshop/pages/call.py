"""Links that hold only for a while: the call for papers' "open until <next
deadline>" with its submission link, and the registration link.

Without JavaScript a page says what was true when it was built: the link
while the call (or the edition) was still open, nothing once it had closed;
the first build after the day takes the link away. In the browser,
workshop.js reads the steps from `data-steps` and the reader's clock: the
next deadline still open, or the closed text with the link taken away.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from docutils import nodes

from ..data import edition_status, timeline
from ..data.dates import KeyDate
from ..data.editions import Edition
from .directives import external
from .inline_nodes import time_node


class expiring_node(nodes.Inline, nodes.TextElement):
    """Words and a link that hold until the last of `steps` ([instant, words]);
    `closed` replaces them afterwards (in the reader's clock)."""


def visit_expiring(self, node):
    data = {"data-steps": json.dumps(node["steps"]), "data-closed": node["closed"]}
    self.body.append(self.starttag(node, "span", "", CLASS="ws-expiring", **data))


def depart_expiring(self, node):
    self.body.append("</span>")


def visit_words(self, node):
    """Other builders: what was true at build time, as text."""


def depart_nothing(self, node):
    pass


RENDERINGS = {
    "html": (visit_expiring, depart_expiring),
    "latex": (visit_words, depart_nothing),
    "text": (visit_words, depart_nothing),
    "man": (visit_words, depart_nothing),
    "texinfo": (visit_words, depart_nothing),
}


def open_deadlines(edition: Edition) -> list[KeyDate]:
    """The edition's deadlines (not its milestones) still open at build time, soonest first."""
    now = timeline.build_time()
    open_ones = [d for d in edition.dates if d.kind == "deadline" and timeline.over_everywhere(d.moment) > now]
    return sorted(open_ones, key=lambda d: timeline.over_everywhere(d.moment))


def link_words(url: str, what: str) -> str:
    """'submit on cmt3.research.microsoft.com': the reader sees where the link goes."""
    return f"{what} on {urlsplit(url).netloc}"


def deadline_time(deadline: KeyDate) -> time_node:
    text = timeline.words(deadline.moment)
    return time_node(text, text, datetime=timeline.machine_value(deadline.moment))


def step_words(deadline: KeyDate) -> str:
    return f"{timeline.words(deadline.moment)} ({deadline.title})"


def call_nodes(edition: Edition) -> list[nodes.Node]:
    """'open until Fri 15 March 2027, end of day AoE (UTC-12:00): submit on
    example.org'; [] when no deadline was open at build time."""
    deadlines = open_deadlines(edition) if edition_status.counts_down(edition) else []  # (none for one not held)
    if not deadlines:
        return []
    first = deadlines[0]
    steps = [[timeline.over_everywhere(d.moment).isoformat(), step_words(d)] for d in deadlines]
    node = expiring_node("", "", steps=steps, closed="closed", classes=["ws-call"])
    node += [nodes.Text("open until "), nodes.inline("", "", deadline_time(first), nodes.Text(f" ({first.title})"))]
    if edition.submission:
        node += [nodes.Text("; "), external(edition.submission, link_words(edition.submission, "submit"))]
    return [node]


def registration_nodes(edition: Edition) -> list[nodes.Node]:
    """The registration link while the edition was not over at build time; [] after, or without one."""
    if not edition.registration or timeline.edition_over(edition) or not edition_status.counts_down(edition):
        return []
    _, end = timeline.edition_bounds(edition)
    node = expiring_node(
        "", "", steps=[[end.isoformat(), ""]], closed="registration closed", classes=["ws-registration"]
    )
    node += external(edition.registration, link_words(edition.registration, "register"))
    return [node]
