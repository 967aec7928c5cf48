"""The programme page on paper: printing an edition's programme gives one
clean sheet (one per day for an edition of several days).

The page carries, hidden on screen and shown only by the print stylesheet
(`_static/programme-print.css`, loaded by pages with a programme table, for
print only): the edition's name and date, each item's clock time alone (the
zone is said once, above the table, by the page itself) with its day where
a new day starts, and the site's short address. A day after the first starts
a new sheet. Nothing here is in the e-book or the PDF book, which have their
own layout.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx

from ..data import edition_status, timeline, when
from ..data.editions import Edition
from ..data.programme import Item
from ..data.workshop import Workshop
from .directives import on_the_site

STYLESHEET = "programme-print.css"
DAY_START = "ws-day-start"  # a programme row that starts a day after the first: a new sheet


def add_stylesheet(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None or app.builder.name == "epub":
        return
    if any("ws-schedule" in table["classes"] for table in doctree.findall(nodes.table)):
        app.add_css_file(STYLESHEET, media="print", priority=800)


def printed_only(html: str) -> nodes.Node:
    """Markup that only the printed page shows (hidden on screen and to
    assistive technology there, like any element with `hidden`)."""
    return on_the_site(nodes.raw("", html, format="html"))


def head(workshop: Workshop, edition: Edition) -> nodes.Node:
    """The edition's name and date, at the top of the sheet."""
    return printed_only(
        f'<div class="ws-print-head" hidden><p><strong>{escape(edition.acronym)}</strong>: '
        f"{escape(workshop.series.name)}</p><p>{escape(edition_status.edition_line(edition))}</p></div>"
    )


def short_address(workshop: Workshop, docname: str) -> str:
    """'mlhpcs.org/2021/program/': the page's address, as a person types it."""
    site = workshop.series.url.split("://", 1)[-1].rstrip("/")
    page = docname.removesuffix("index") if docname == "index" or docname.endswith("/index") else f"{docname}.html"
    return f"{site}/{page}"


def address(workshop: Workshop, docname: str) -> nodes.Node:
    return printed_only(f'<p class="ws-print-address" hidden>{escape(short_address(workshop, docname))}</p>')


def several_days(edition: Edition) -> bool:
    return len({item.date for item in edition.items}) > 1


def clock(edition: Edition, item: Item, new_day: bool) -> nodes.Node:
    """What the sheet says of the item's time: '14:00–14:15' or '18:15, end not
    announced' (the zone is said above the table), with the day where one
    starts in an edition of several."""
    begin, end = item.starts_at(edition.zone), item.ends_at(edition.zone)
    day = f'<strong class="ws-print-day">{escape(when.day(item.date))}</strong> ' if new_day else ""
    if item.status == "on-demand" or begin is None:
        words, _ = when.describe(item, edition.zone, over=timeline.edition_over(edition))
        return printed_only(f'<span class="ws-print-clock" hidden>{escape(words)}</span>')
    span = f'<span class="ws-print-span">{begin:%H:%M}' + (f"–{end:%H:%M}</span>" if end else "</span>")
    open_end = "" if end else ", end not announced"
    return printed_only(f'<span class="ws-print-clock" hidden>{day}{span}{open_end}</span>')
