"""Machine-readable metadata in each page's <head>.

Paper pages: Highwire `citation_*` tags (Google Scholar, Zotero), one per
author (MyST front matter would keep only the last of repeated keys), and
schema.org ScholarlyArticle JSON-LD. Home page: schema.org Event JSON-LD.
"""

from __future__ import annotations

import datetime as dt
import json
from html import escape

from sphinx.application import Sphinx

from .model import Paper, Workshop


def meta(name: str, content: str) -> str:
    return f'<meta name="{escape(name)}" content="{escape(content)}">'


def json_ld(data: dict) -> str:
    # "</" inside a JSON string must not end the <script> element.
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def citation_tags(workshop: Workshop, paper: Paper, url: str) -> list[str]:
    proceedings = workshop.proceedings
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
    if proceedings.isbn:
        tags.append(meta("citation_isbn", proceedings.isbn))
    if paper.publisher:
        tags.append(meta("citation_publisher", paper.publisher))
    tags.append(meta("citation_abstract_html_url", url))
    return tags


def scholarly_article(workshop: Workshop, paper: Paper, url: str) -> dict:
    proceedings = workshop.proceedings
    article = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": paper.title,
        "name": paper.title,
        "author": [{"@type": "Person", "name": name} for name in paper.authors],
        "datePublished": paper.year,
        "url": url,
        "isPartOf": {
            "@type": "Book",
            "name": paper.booktitle,
            **({"isbn": proceedings.isbn} if proceedings.isbn else {}),
            **({"publisher": {"@type": "Organization", "name": paper.publisher}} if paper.publisher else {}),
        },
    }
    if paper.page_range:
        article["pageStart"], article["pageEnd"] = paper.page_range
    if paper.doi:
        article["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi}
        article["sameAs"] = f"https://doi.org/{paper.doi}"
    return article


def event_data(workshop: Workshop) -> dict:
    event = workshop.event
    zone = event.zone
    start = dt.datetime.combine(event.start, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(event.end, dt.time(23, 59), tzinfo=zone)
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": f"{event.name} ({event.acronym})",
        "startDate": start.isoformat(timespec="minutes"),
        "endDate": end.isoformat(timespec="minutes"),
        "eventStatus": f"https://schema.org/{event.status}",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": event.url},
        "url": event.url,
        "image": f"{event.url}_static/mlhpcs-social.jpg",
        "organizer": {
            "@type": "Organization",
            "name": f"{event.acronym} organizing committee",
            "email": event.contact,
            "url": event.url,
        },
        "superEvent": {"@type": "Event", "name": event.host_event, "url": event.host_url},
    }


def add_to_head(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    workshop: Workshop = app.workshop_data
    tags = []
    paper_key = next((k for k, doc in workshop.paper_pages.items() if doc == pagename), None)
    if paper_key in workshop.papers:
        url = workshop.page_url(pagename)
        paper = workshop.papers[paper_key]
        tags += citation_tags(workshop, paper, url)
        tags.append(json_ld(scholarly_article(workshop, paper, url)))
    if pagename == app.config.root_doc:
        tags.append(json_ld(event_data(workshop)))
    if tags:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags)
