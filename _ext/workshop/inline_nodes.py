"""The workshop's own inline nodes, and how each is written in HTML.

A time, a struck-through earlier value, and a state for the reader's clock:
each wraps ordinary text, so a builder without a rendering of its own can
show that text.
"""

from __future__ import annotations

from docutils import nodes


class time_node(nodes.Inline, nodes.TextElement):
    """<time datetime="..."> around the words of a date or time."""


def visit_time(self, node):
    attributes = {"datetime": node["datetime"], "class": "ws-time"}
    if node.get("end"):  # (the programme's "now" and "next" need the end too)
        attributes["data-end"] = node["end"]
    self.body.append(self.starttag(node, "time", "", **attributes))


def depart_time(self, node):
    self.body.append("</time>")


class deleted_node(nodes.Inline, nodes.TextElement):
    """A value that no longer holds: <del> in HTML."""


def visit_deleted(self, node):
    self.body.append(self.starttag(node, "del", ""))


def depart_deleted(self, node):
    self.body.append("</del>")


class state_node(nodes.Inline, nodes.TextElement):
    """A state that the reader's clock decides: its text is what was settled at
    build time (or nothing); `data-*` attributes tell workshop.js the rest."""


def visit_state(self, node):
    attributes = {f"data-{name}": value for name, value in node["data"].items()}
    self.body.append(self.starttag(node, "span", "", CLASS="ws-state", **attributes))


def depart_state(self, node):
    self.body.append("</span>")


HTML = {
    time_node: (visit_time, depart_time),
    deleted_node: (visit_deleted, depart_deleted),
    state_node: (visit_state, depart_state),
}
