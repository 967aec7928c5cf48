"""Machine-readable metadata in each page's <head>.

Paper pages: Highwire `citation_*` tags (Google Scholar, Zotero), one per
author (MyST front matter would keep only the last of repeated keys), and
schema.org ScholarlyArticle JSON-LD. The series home: schema.org EventSeries;
each edition's home: an Event in that series, within its host conference.
"""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from ..data import edition_status, places
from ..data.editions import Edition, host_of
from ..data.papers import Paper
from ..data.workshop import Workshop
from . import notice_in_time
from .site import builds_the_site, feed_path


def meta(name: str, content: str) -> str:
    return f'<meta name="{escape(name)}" content="{escape(content)}">'


def json_ld(data: dict) -> str:
    # No "<", ">" or "&" inside the <script> element, whatever the data holds: a
    # "</script" or "<!--" in a string would end or confuse the element.
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def citation_tags(workshop: Workshop, paper: Paper, url: str) -> list[str]:
    proceedings = workshop.volume_of(workshop.edition_of_paper(paper.key))
    tags = [meta("citation_title", paper.title)]
    tags += [meta("citation_author", name) for name in paper.authors_bibtex]
    tags += [
        meta("citation_publication_date", paper.year),
        meta("citation_conference_title", paper.booktitle),
    ]
    if paper.volume:
        tags.append(meta("citation_volume", paper.volume))
    if paper.page_range:
        tags += [meta("citation_firstpage", paper.page_range[0]), meta("citation_lastpage", paper.page_range[1])]
    if paper.doi:
        tags.append(meta("citation_doi", paper.doi))
    if proceedings and proceedings.isbn:
        tags.append(meta("citation_isbn", proceedings.isbn))
    if paper.publisher:
        tags.append(meta("citation_publisher", paper.publisher))
    tags.append(meta("citation_abstract_html_url", url))
    return tags


def scholarly_article(workshop: Workshop, paper: Paper, url: str) -> dict:
    proceedings = workshop.volume_of(workshop.edition_of_paper(paper.key))
    article = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": paper.title,
        "name": paper.title,
        "author": [{"@type": "Person", "name": name} for name in paper.authors],
        "url": url,
        "isPartOf": {
            "@type": "Book",
            "name": paper.booktitle,
            **({"isbn": proceedings.isbn} if proceedings and proceedings.isbn else {}),
            **({"publisher": {"@type": "Organization", "name": paper.publisher}} if paper.publisher else {}),
        },
    }
    if proceedings:
        article["datePublished"] = paper.year
    else:  # accepted, to appear: not published yet
        article["creativeWorkStatus"] = "Accepted"
    if paper.page_range:
        article["pageStart"], article["pageEnd"] = paper.page_range
    if paper.doi:
        article["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi}
        article["sameAs"] = f"https://doi.org/{paper.doi}"
    return article


def series_ref(workshop: Workshop) -> dict:
    series = workshop.series
    return {"@type": "EventSeries", "@id": f"{series.url}#series", "name": f"{series.name} ({series.acronym})"}


def start_date(edition: Edition) -> str:
    """The first item's start where it was timed; else the first day (no time is invented)."""
    first_day = sorted((i for i in edition.items if i.date == edition.start), key=lambda i: i.start or dt.time())
    begin = first_day[0].starts_at(edition.zone) if first_day and all(i.start for i in first_day) else None
    return begin.isoformat(timespec="minutes") if begin else edition.start.isoformat()


def registration_offer(edition: Edition) -> dict:
    """schema.org's place for where to register is the Event's `offers`: an Offer
    with its URL, valid until the edition ends. (schema.org has no place for a
    call for papers: the submission link is on the pages only.)"""
    if not edition.registration:
        return {}
    ends = dt.datetime.combine(edition.end + dt.timedelta(days=1), dt.time(), tzinfo=edition.zone)
    return {"offers": {"@type": "Offer", "url": edition.registration, "validThrough": ends.isoformat()}}


def previous_start(edition: Edition) -> dict:
    """schema.org's previousStartDate, for an edition whose dates changed or are to be announced
    (its startDate then stays the date it had, as search engines ask of a postponed event)."""
    before = edition_status.previous_dates(edition)
    return {"previousStartDate": before[0].isoformat()} if before else {}


def event_data(workshop: Workshop, edition: Edition) -> dict:
    url = workshop.page_url(edition.home).removesuffix("index.html")
    host = edition.host
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": f"{url}#event",
        "name": f"{workshop.series.name} ({edition.acronym})",
        "startDate": start_date(edition),
        "endDate": edition.end.isoformat(),
        "eventStatus": f"https://schema.org/{edition.status}",
        **previous_start(edition),
        "eventAttendanceMode": places.attendance_mode(edition),
        "location": places.json_ld_location(edition, url),
        **registration_offer(edition),
        "url": url,
        "image": f"{workshop.series.url}_static/mlhpcs-social.jpg",
        "organizer": {
            "@type": "Organization",
            "name": f"{edition.acronym} organizing committee",
            "email": workshop.series.contact,
            "url": url,
        },
        "superEvent": [
            series_ref(workshop),
            {
                "@type": "Event",
                "name": host.name,
                "url": host.url,
                **({"startDate": host.start.isoformat()} if host.start else {}),
                **({"endDate": host.end.isoformat()} if host.end else {}),
            },
        ],
    }


def series_data(workshop: Workshop) -> dict:
    series = workshop.series
    return {
        "@context": "https://schema.org",
        **series_ref(workshop),
        "url": series.url,
        "organizer": {
            "@type": "Organization",
            "name": f"{series.acronym} organizing committee",
            "email": series.contact,
        },
        "subEvent": [
            {
                "@type": "Event",
                "@id": f"{series.url}{e.folder}/#event",
                "name": f"{series.name} ({e.acronym})",
                "url": f"{series.url}{e.folder}/",
                "startDate": start_date(e),
                "endDate": e.end.isoformat(),
                "eventStatus": f"https://schema.org/{e.status}",
                **previous_start(e),
                "eventAttendanceMode": places.attendance_mode(e),
            }
            for e in sorted(workshop.editions, key=lambda e: -e.year)
        ],
    }


def add_to_head(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if not builds_the_site(app):  # (an e-book's pages carry no scripts, and are found by no crawler)
        return
    workshop: Workshop = app.workshop_data
    tags = []
    paper_key = next((k for k, doc in workshop.paper_pages.items() if doc == pagename), None)
    if paper_key in workshop.papers:
        url = workshop.page_url(pagename)
        paper = workshop.papers[paper_key]
        tags += citation_tags(workshop, paper, url)
        tags.append(json_ld(scholarly_article(workshop, paper, url)))
    if pagename == app.config.root_doc:
        tags.append(json_ld(series_data(workshop)))
    edition = next((e for e in workshop.editions if e.home == pagename), None)
    if edition is not None:
        tags.append(json_ld(event_data(workshop, edition)))
    if tags:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags)


def edition_notice(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The theme's announcement bar shows an edition's status (where it is not
    scheduled) and notice on that edition's pages only. Plain text, escaped;
    wrapped so that it never starts with "http" (the theme would fetch such an
    announcement from that address)."""
    edition = app.workshop_data.edition_of_doc(pagename)
    status = edition_status.notice(edition) if edition else None  # (its status first, then the organizers' notice)
    said = f"<span>{escape(status)}</span> " if status else ""
    context["theme_announcement"] = said + (notice_in_time.notice_html(edition) if edition else "")


def offer_frame_sources(app: Sphinx, config) -> None:
    """At config-inited, once every extension has registered its events."""
    try:
        app.connect("csp-frame-sources", recording_origins)
    except ExtensionError:  # no extension asks for frame sources
        pass


def recording_origins(app: Sphinx) -> list[str]:
    """Where the click-to-load recording players come from."""
    return sorted(
        {f"{urlsplit(i.recording).scheme}://{host_of(i.recording)}" for i in app.workshop_data.items if i.recording}
    )


def feed_link(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Feed readers find the page's feed from any page: an edition's pages
    name the edition's, the series' pages the series'."""
    if not builds_the_site(app):
        return
    workshop: Workshop = app.workshop_data
    edition = workshop.edition_of_doc(pagename)
    title = f"{edition.acronym if edition else workshop.series.acronym} announcements"
    href = context["pathto"](feed_path(edition), 1)
    link = f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" href="{escape(href)}">'
    context["metatags"] = context.get("metatags", "") + "\n" + link
