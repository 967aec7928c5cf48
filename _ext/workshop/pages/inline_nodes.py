"""The workshop's own inline nodes, and how each builder writes them.

A time, a struck-through earlier value, a state for the reader's clock and a
link to a file published beside the pages: each has a rendering for every
builder Sphinx ships (HTML and EPUB, LaTeX, plain text, manual pages,
Texinfo), after `sphinx.ext.todo`'s model. In print a time is its words (the
event's zone and offset are in them), a download is a link to the published
file.
"""

from __future__ import annotations

import posixpath
from html import escape

from docutils import nodes
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title


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
    """A value that no longer holds: <del> in HTML, struck through in LaTeX."""


def visit_deleted(self, node):
    self.body.append(self.starttag(node, "del", ""))


def depart_deleted(self, node):
    self.body.append("</del>")


def visit_deleted_latex(self, node):
    self.body.append(r"\sout{")


def depart_deleted_latex(self, node):
    self.body.append("}")


class state_node(nodes.Inline, nodes.TextElement):
    """A state that the reader's clock decides: its text is what was settled at
    build time (or nothing); `data-*` attributes tell workshop.js the rest."""


def visit_state(self, node):
    attributes = {f"data-{name}": value for name, value in node["data"].items()}
    self.body.append(self.starttag(node, "span", "", CLASS="ws-state", **attributes))
    if self.builder.name == "epub" and node.astext():  # (the site separates it with CSS; an e-book has none)
        self.body.append("(")


def depart_state(self, node):
    if self.builder.name == "epub" and node.astext():
        self.body.append(")")
    self.body.append("</span>")


class download_node(nodes.Inline, nodes.TextElement):
    """A file published beside the pages (a calendar, a schedule, BibTeX):
    `target` is its path from the site's root. A relative link with the
    `download` attribute on the site; the published file's address in an
    e-book or on paper, which do not carry it."""


def published_url(self, node) -> str:
    return self.builder.config.html_baseurl + node["target"]


def visit_download(self, node):
    if self.builder.name == "epub":
        href = published_url(self, node)
        self.body.append(f'<a class="reference external" href="{escape(href)}">')
        return
    page = self.builder.get_target_uri(self.builder.current_docname)
    href = posixpath.relpath(node["target"], posixpath.dirname(page) or ".")
    self.body.append(f'<a class="reference download" href="{escape(href)}" download="">')


def depart_download(self, node):
    self.body.append("</a>")


def visit_download_latex(self, node):
    self.body.append(rf"\href{{{self.encode_uri(published_url(self, node))}}}{{")


def depart_download_latex(self, node):
    self.body.append("}")


def depart_download_text(self, node):
    self.add_text(f" <{published_url(self, node)}>")


def visit_state_latex(self, node):
    """Left out: "over" or "closed" is true of the day the book was made, and
    a book is read long after."""
    raise nodes.SkipNode


def depart_state_latex(self, node):
    pass


def visit_state_text(self, node):
    if node.astext():
        self.add_text(" (")


def depart_state_text(self, node):
    if node.astext():
        self.add_text(")")


def visit_text_only(self, node):
    """The node's words, as any text."""


def depart_nothing(self, node):
    pass


HTML = {
    time_node: (visit_time, depart_time),
    deleted_node: (visit_deleted, depart_deleted),
    state_node: (visit_state, depart_state),
    download_node: (visit_download, depart_download),
}
WORDS = (visit_text_only, depart_nothing)


def renderings(node) -> dict:
    """Keyword arguments of `app.add_node` for the node: every builder."""
    latex = {
        deleted_node: (visit_deleted_latex, depart_deleted_latex),
        download_node: (visit_download_latex, depart_download_latex),
        state_node: (visit_state_latex, depart_state_latex),
    }.get(node, WORDS)
    text = {
        download_node: (visit_text_only, depart_download_text),
        state_node: (visit_state_text, depart_state_text),
    }.get(node, WORDS)
    return {"html": HTML[node], "latex": latex, "text": text, "man": WORDS, "texinfo": WORDS}


class PublishedFileRole(SphinxRole):
    """``{published}`references.bib <../references.bib>` ``: a link, from a page's
    prose, to a file published beside the pages (a path from the page)."""

    def run(self) -> tuple[list[nodes.Node], list]:
        has_title, title, path = split_explicit_title(self.text)
        folder = posixpath.dirname(self.env.docname)
        target = posixpath.normpath(posixpath.join(folder, path))
        return [download_node(self.rawtext, title, target=target)], []
