"""An e-book's pages (Sphinx's epub builder): the language on every page, and
a few rules of the e-book's own, where Sphinx's epub theme and the HTML it is
given disagree.

- Sphinx's EPUB 3 builder writes its own `<html>` tag, with no `lang` or
  `xml:lang` (epubcheck's HTM-020 and HTM-021): the project's language is added.
- docutils writes a field name's colon in the markup, and the epub theme's
  stylesheet adds a second one ("Presenter::"): the stylesheet's is taken away.
- Code blocks (BibTeX entries) and tables wrap on a narrow screen instead of
  being cut off at its edge (an e-book reader has no sideways scroll).
"""

from __future__ import annotations

from sphinx.application import Sphinx

EBOOK_RULES = (
    "dl.field-list > dt:after { content: none; }\n"
    "pre { white-space: pre-wrap; overflow-wrap: anywhere; }\n"
    "table.docutils td, table.docutils th { overflow-wrap: break-word; }\n"
    # On a phone, each row of a table reads as a list entry (its cells one under another).
    "@media (max-width: 30em) {\n"
    "  table.docutils thead { display: none; }\n"
    "  table.docutils, table.docutils tbody, table.docutils tr, table.docutils td { display: block; }\n"
    "  table.docutils tr { margin-bottom: 0.8em; border-bottom: 1px solid #aaa; }\n"
    "  table.docutils td { padding: 0.1em 0; border: 0; }\n"
    "  table.docutils td p { margin: 0; }\n"
    "}\n"
)


def language_and_rules(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name != "epub":
        return
    language = app.config.language
    tag = context.get("html_tag", "")
    if language and tag.startswith("<html ") and " lang=" not in tag:
        context["html_tag"] = tag.replace("<html ", f'<html lang="{language}" xml:lang="{language}" ', 1)
    context["ebook_rules"] = EBOOK_RULES
