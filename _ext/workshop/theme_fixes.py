"""Fixes to the HTML the theme generates itself, found by axe-core."""

from __future__ import annotations

import re
from html import escape, unescape
from pathlib import Path

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
    if not path.is_file():  # another theme
        return
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


# Sphinx compares the configuration of the last build, saved after the theme
# and sphinx-copybutton appended their folders to these lists, with a fresh one
# read before they do: so every rebuild said "The configuration has changed"
# and rewrote every page. Adding the folders up front (and dropping the copies
# appended later) makes both the same.
APPENDED_LATER = ("templates_path", "html_static_path")


def theme_folders() -> dict[str, list[str]]:
    import pydata_sphinx_theme
    import sphinx_book_theme
    import sphinx_copybutton

    return {
        "templates_path": [
            str(Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme" / "components"),
            str(Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "components"),
        ],
        "html_static_path": [str((Path(sphinx_copybutton.__file__).parent / "_static").absolute())],
    }


def add_theme_folders(app: Sphinx, config) -> None:
    for name, folders in theme_folders().items():
        setattr(config, name, list(dict.fromkeys([*config[name], *folders])))


def drop_appended_copies(app: Sphinx) -> None:
    for name in APPENDED_LATER:
        setattr(app.config, name, list(dict.fromkeys(app.config[name])))


# sphinx-notfound-page makes the theme's links on the 404 page absolute, but
# not the links in the page's own text: at /2020/a/b/missing.html a relative
# "program/index.html" would point to /2020/a/b/program/index.html.
RELATIVE_HREF = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|/|#)([^"]*)"')


def absolute_links_on_404(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "notfound.extension" not in app.extensions or pagename != app.config.notfound_pagename:
        return
    prefix = app.config.notfound_urls_prefix or "/"
    context["body"] = RELATIVE_HREF.sub(lambda m: f'href="{prefix}{m.group(1)}"', context["body"])
