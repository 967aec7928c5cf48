"""Fixes to the HTML that the theme and sphinx-notfound-page generate themselves
(found by axe-core and by following the 404 page's links from a nested URL)."""

from __future__ import annotations

import functools
import re
from html import escape, unescape

from markupsafe import escape as escape_once
from sphinx.application import Sphinx


def escape_print_title(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """sphinx-book-theme prints the page title in its print-only header as
    `{{ pagetitle }}`, set to the title's plain text (`astext()`) and written
    unescaped: a title holding markup ran as markup. Runs after the theme's
    handler (priority 500); Markup is never escaped twice."""
    if "pagetitle" in context:
        context["pagetitle"] = escape_once(context["pagetitle"])


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

    @functools.cache  # (the theme renders each sidebar twice: once to see if it is empty)
    def generate_named(*args, **kwargs):
        return name_summaries(str(generate(*args, **kwargs)))

    context["generate_toctree_html"] = generate_named


# sphinx-notfound-page makes the theme's links on the 404 page absolute, but
# not the links in the page's own text: at /2020/a/b/missing.html a relative
# "program/index.html" would point to /2020/a/b/program/index.html.
RELATIVE_HREF = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|/|#)([^"]*)"')


def absolute_links_on_404(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "notfound.extension" not in app.extensions or pagename != app.config.notfound_pagename:
        return
    prefix = app.config.notfound_urls_prefix or "/"
    context["body"] = RELATIVE_HREF.sub(lambda m: f'href="{prefix}{m.group(1)}"', context["body"])
