"""Fixes to the HTML the theme generates itself, found by axe-core."""

from __future__ import annotations

import re
from html import escape, unescape

from docutils import nodes
from sphinx.application import Sphinx

# pydata-sphinx-theme renders each collapsible navigation section as
# <a ...>Title</a><details><summary>(icon only)</summary>: a control with no name.
UNNAMED_SUMMARY = re.compile(r"(<a [^>]*>([^<]*)</a>\s*<details[^>]*>)\s*<summary>")


def name_summaries(html: str) -> str:
    def named(match: re.Match) -> str:
        title = escape(unescape(match.group(2).strip()))
        return f'{match.group(1)}<summary aria-label="{title}: show or hide its pages">'

    return UNNAMED_SUMMARY.sub(named, html)


def name_navigation_toggles(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Wraps the theme's toctree function (runs after the theme's own handler)."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def generate_named(*args, **kwargs):
        return name_summaries(str(generate(*args, **kwargs)))

    context["generate_toctree_html"] = generate_named


# Font Awesome's CSS inside the theme's stylesheet: one rule per icon, about
# 2,000 of them, 19 KiB compressed on every page. The icons the site shows
# come from _static/icons.css instead.
ICON_RULE = re.compile(r'(?:\.fa-[\w-]+,?)+\{--fa:"[^"]*"(?:;--fa--fa:"[^"]*")?\}')
THEME_CSS = "_static/styles/pydata-sphinx-theme.css"


def drop_icon_rules(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    path = app.outdir / THEME_CSS
    css = path.read_text(encoding="utf-8")
    path.write_text(ICON_RULE.sub("", css), encoding="utf-8")


# Assets that only pages with a code block use.
CODE_ASSETS = ("copybutton.js", "clipboard.min.js", "copybutton.css", "pygments.css")


def drop_code_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None and next(doctree.findall(nodes.literal_block), None) is not None:
        return
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not str(a.filename).endswith(CODE_ASSETS)]
